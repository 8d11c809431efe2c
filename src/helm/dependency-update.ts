/**
 * `helm template --dependency-update`: when Chart.yaml lists dependencies that charts/ lacks, helm
 * runs its dependency manager's Update on the chart directory before rendering. It downloads the
 * repositories' indexes, picks for each dependency the newest version its constraint admits (from
 * the index, the registry's tags, or the `file://` directory's chart), saves the archives into
 * charts/ (deleting every other archive there), writes Chart.lock, and prints its progress on
 * standard output, ahead of the rendered manifests.
 *
 * helmless reproduces that, with helm's texts, as helm runs it without a repositories.yaml (helmless
 * never reads helm's: every repository is "unmanaged"). Repositories named `@name` or `alias:name`
 * need that file, and fail before anything is printed or written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { jsonString, marshalJSON } from '../codec/json.js';
import { marshalYamlV2 } from '../codec/yaml-write-v2.js';
import { quote } from '../gotemplate/strconv.js';
import type { GoValue } from '../gotemplate/value.js';
import { mkdirAll } from '../mkdir-all.js';
import { parseConstraint, SemverError, tryParseVersion } from '../sprig/semver.js';
import { readChartMetadata } from './archive.js';
import type { Chart, ChartDependency } from './chart.js';
import {
  FetchError,
  listChartVersions,
  ociPullMessage,
  type PullOptions,
  pullChart,
  pullRepositoryIndex,
  type RepoIndex,
  resolveChartUrl,
  skippedEntryMessage,
} from './fetch/index.js';
import { helmRepositoryCache } from './helm-paths.js';
import { ChartLoadError, loadChart } from './load.js';
import type { Compat } from './objects.js';
import { dependencyValue, saveChartArchive } from './save.js';

/** A dependency update that failed; the message is helm's. */
export class DependencyUpdateError extends Error {
  override name = 'DependencyUpdateError';
}

export interface DependencyUpdateOptions {
  /** Which helm to reproduce (default helm4). */
  compat?: Compat;
  /** The chart as already loaded from the directory (loaded here when absent). */
  chart?: Chart;
  /** Where helm's dependency manager prints its progress (helm: standard output; default: nowhere). */
  out?: (text: string) => void;
  /** Where OCI pulls report `Pulled:` and `Digest:` (helm: standard error; default: nowhere). */
  log?: (text: string) => void;
  /** Receives the messages of the DEBUG records helm 4 logs under `--debug` (default: nowhere). */
  debug?: (msg: string) => void;
  /**
   * helm's `--debug` for its dependency manager: the progress also names each `file://` repository
   * as it is found and each chart archived from one.
   */
  verbose?: boolean;
  /** How indexes and archives are fetched from chart repositories (cache, offline, environment). */
  pull?: PullOptions;
  /** How charts are pulled from OCI registries (plain HTTP, TLS and credentials besides `pull`'s). */
  registry?: PullOptions;
  /** helm's repository cache, which its "no cached repository" error names (default: helm's). */
  helmRepositoryCache?: string;
}

/** The options with their defaults. */
type Settings = Required<Omit<DependencyUpdateOptions, 'chart'>>;

/**
 * Brings the charts/ of the chart directory `chartDir` in line with its Chart.yaml, as
 * `helm template --dependency-update` does when a dependency is missing (helm's chart path is
 * absolute, and so are the paths in its messages). Reload the chart afterwards.
 *
 * ```ts
 * await updateDependencies(resolve('./mychart'), { out: (t) => process.stdout.write(t) });
 * const chart = await loadChart('./mychart');
 * ```
 * @throws DependencyUpdateError, with helm's message
 */
export async function updateDependencies(chartDir: string, options: DependencyUpdateOptions = {}): Promise<void> {
  const compat = options.compat ?? 'helm4';
  const settings: Settings = {
    compat,
    out: options.out ?? (() => {}),
    log: options.log ?? (() => {}),
    debug: options.debug ?? (() => {}),
    verbose: options.verbose ?? false,
    pull: { compat, ...options.pull },
    registry: options.registry ?? {},
    helmRepositoryCache: options.helmRepositoryCache ?? helmRepositoryCache(options.pull?.env ?? process.env),
  };
  const info = await stat(chartDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
    throw new DependencyUpdateError(`could not find ${chartDir}: stat ${chartDir}: no such file or directory`);
  });
  if (!info.isDirectory()) throw new DependencyUpdateError('only unpacked charts can be updated');
  const chart = options.chart ?? (await loadLocal(chartDir, compat));
  const requested = chart.metadata.dependencies;
  if (requested === undefined || requested.length === 0) return;
  for (const d of requested) checkSupportedRepository(d);
  // helm looks for the file:// directories before it downloads or resolves anything.
  for (const d of requested) {
    if (!d.repository?.startsWith('file://')) continue;
    await localPath(d.repository, chartDir);
    if (settings.verbose) settings.out(`Repository from local path: ${d.repository}\n`);
  }

  const indexes = await updateRepositoryIndexes(requested, settings);
  const locked = await resolveVersions(chartDir, requested, indexes, settings);
  await downloadAll(chartDir, locked, indexes, settings);

  const digest = hashRequirements(requested, locked);
  const legacy = chart.metadata.apiVersion === 'v1';
  const lockFile = join(chartDir, legacy ? 'requirements.lock' : 'Chart.lock');
  if ((await existingLockDigest(lockFile)) === digest) return;
  const lock = new Map<string, GoValue>([
    ['generated', goTimeNow()],
    ['digest', digest],
    ['dependencies', locked.map(dependencyValue)],
  ]);
  await writeFile(lockFile, marshalYamlV2(lock), { mode: 0o644 });
}

/** A dependency as the lock records it: helm's chart.Dependency with name, repository and version. */
interface LockedDependency {
  name: string;
  repository: string;
  version: string;
}

const REMOTE_REPOSITORY = /^https?:\/\//i;

/** Dependencies kept in charts/ (no repository) or in a local directory (`file://`) are not fetched. */
const isLocal = (d: ChartDependency) => !d.repository || d.repository.startsWith('file://');

const isOci = (d: ChartDependency) => (d.repository ?? '').startsWith('oci://');

function checkSupportedRepository(d: ChartDependency): void {
  const repository = d.repository ?? '';
  if (isLocal(d) || isOci(d) || REMOTE_REPOSITORY.test(repository)) return;
  const form =
    repository.startsWith('@') || repository.startsWith('alias:')
      ? "a repository named in helm's repositories.yaml"
      : 'this repository form';
  throw new DependencyUpdateError(
    `--dependency-update: dependency ${quote(d.name)} is in ${form} (repository ${quote(repository)}); helmless updates dependencies in http(s) chart repositories, OCI registries, file:// directories and charts/`,
  );
}

/**
 * helm's ensureMissingRepos: every repository is downloaded afresh, each reported on its own line.
 * helm 3 downloads once per dependency name, from the first dependency of that name; helm 4 once per
 * repository (a trailing slash ignored), under the spelling of the last dependency that names it.
 * Returns the indexes by their exact spelling.
 */
async function updateRepositoryIndexes(
  requested: ChartDependency[],
  options: Settings,
): Promise<Map<string, RepoIndex>> {
  const remote = requested.filter((d) => !isLocal(d) && !isOci(d));
  let urls: string[];
  if (options.compat === 'helm3') {
    const byName = new Map<string, string>();
    for (const d of remote) if (!byName.has(d.name)) byName.set(d.name, d.repository!);
    urls = [...byName.values()];
  } else {
    urls = remote.map((d) => d.repository!);
    const bySite = new Map<string, string>();
    for (const u of urls) {
      const site = u.replace(/\/$/, '');
      bySite.delete(site);
      bySite.set(site, u);
    }
    urls = [...bySite.values()];
  }
  if (urls.length === 0) return new Map();
  options.out('Getting updates for unmanaged Helm repositories...\n');
  // helm downloads them in parallel and prints each line as its download ends; here, in order.
  // helm keeps these indexes in its repository cache, not as the random copies of `--repo` pulls.
  const pull = { ...options.pull, helmRepositoryCache: undefined };
  const results = await Promise.allSettled(urls.map((u) => pullRepositoryIndex(u, pull)));
  const indexes = new Map<string, RepoIndex>();
  results.forEach((r, i) => {
    const url = urls[i]!;
    if (r.status === 'fulfilled') {
      indexes.set(url, r.value);
      options.out(`...Successfully got an update from the ${quote(url)} chart repository\n`);
    } else {
      if (!(r.reason instanceof FetchError)) throw r.reason;
      options.out(
        `...Unable to get an update from the ${quote(url)} chart repository:\n\t${indexDownloadText(r.reason, url)}\n`,
      );
    }
  });
  return indexes;
}

function helmText(e: FetchError): string {
  return e.details.helmText ?? e.message;
}

/** The index download's own error: what `--repo` pulls wrap in "looks like … cannot be reached". */
function indexDownloadText(e: FetchError, repoUrl: string): string {
  const wrapper = `looks like ${quote(repoUrl)} is not a valid chart repository or cannot be reached: `;
  const text = helmText(e);
  return text.startsWith(wrapper) ? text.slice(wrapper.length) : text;
}

/**
 * helm's resolver: for a repository, the newest loadable version the constraint admits, in the
 * index's order; for a `file://` directory, its chart's version if the constraint admits it; a
 * dependency kept in charts/ is locked with its constraint.
 */
async function resolveVersions(
  chartDir: string,
  requested: ChartDependency[],
  indexes: Map<string, RepoIndex>,
  options: Settings,
): Promise<LockedDependency[]> {
  const locked: LockedDependency[] = [];
  const missing: string[] = [];
  for (const d of requested) {
    const repository = d.repository ?? '';
    let constraint: ReturnType<typeof parseConstraint>;
    try {
      constraint = parseConstraint(d.version ?? '', { compat: options.compat });
    } catch (e) {
      if (!(e instanceof SemverError)) throw e;
      throw new DependencyUpdateError(
        `dependency ${quote(d.name)} has an invalid version/constraint format: ${e.message}`,
      );
    }
    const missingText = `${quote(d.name)} (repository ${quote(repository)}, version ${quote(d.version ?? '')})`;
    if (repository === '') {
      await localPath(join('charts', d.name), chartDir);
      locked.push({ name: d.name, repository, version: d.version ?? '' });
      continue;
    }
    if (repository.startsWith('file://')) {
      const local = await loadLocalChart(repository, chartDir, options);
      const v = tryParseVersion(local.metadata.version, { compat: options.compat });
      if (v === undefined) {
        throw new DependencyUpdateError(
          `dependency ${quote(d.name)}: the chart in ${repository} has version ${quote(local.metadata.version)}, which is not a semantic version`,
        );
      }
      if (constraint.check(v)) locked.push({ name: d.name, repository, version: local.metadata.version });
      else missing.push(missingText);
      continue;
    }
    if (isOci(d)) {
      locked.push({ name: d.name, repository, version: await ociVersion(d, constraint, options) });
      continue;
    }
    // helm 3 knows each dependency's repository by the dependency's name: the first one's.
    const indexed = options.compat === 'helm3' ? requested.find((r) => r.name === d.name)!.repository! : repository;
    const index = indexes.get(indexed);
    const name = `helm-manager-${createHash('sha256').update(indexed).digest('hex')}`;
    const file = posix.join(options.helmRepositoryCache, `${name}-index.yaml`);
    if (index === undefined) {
      throw new DependencyUpdateError(
        `no cached repository for ${name} found. (try 'helm repo update'): open ${file}: no such file or directory`,
      );
    }
    // helm reads the index again from its repository cache, and logs the entries it skips again.
    for (const skipped of index.skipped) {
      options.pull.onWarning?.(skippedEntryMessage(skipped, file), {
        kind: 'skipped-index-entry',
        emptyEntry: skipped.version === undefined,
      });
    }
    const versions = index.charts.get(d.name);
    if (versions === undefined) throw new DependencyUpdateError(`${d.name} chart not found in repo ${repository}`);
    const chosen = versions.find((e) => {
      if (e === null || e.urls.length === 0) return false;
      const v = tryParseVersion(e.version, { compat: options.compat });
      return v !== undefined && constraint.check(v);
    });
    if (chosen === undefined || chosen === null) {
      missing.push(missingText);
      continue;
    }
    locked.push({ name: d.name, repository, version: chosen.version });
  }
  if (missing.length > 0) {
    throw new DependencyUpdateError(
      `can't get a valid version for ${missing.length} subchart(s): ${missing.join(', ')}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml`,
    );
  }
  return locked;
}

/**
 * The version of an OCI dependency: an exact version as written (the registry is not asked), else the
 * newest tag the constraint admits. When none does, helm keeps the constraint, and pulling fails.
 */
async function ociVersion(
  d: ChartDependency,
  constraint: ReturnType<typeof parseConstraint>,
  options: Settings,
): Promise<string> {
  const written = d.version ?? '';
  let candidates = [written];
  if (tryParseVersion(written, { compat: options.compat }) === undefined) {
    try {
      candidates = await listChartVersions(`${d.repository}/${d.name}`, { ...options.pull, ...options.registry });
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      throw new DependencyUpdateError(`could not retrieve list of tags for repository ${d.repository}: ${helmText(e)}`);
    }
  }
  const found = candidates.find((c) => {
    const v = tryParseVersion(c, { compat: options.compat });
    return v !== undefined && constraint.check(v);
  });
  return found ?? written;
}

/** helm's GetLocalPath: a `file://` path (or `charts/<name>`) against the chart directory; it must exist. */
async function localPath(repository: string, chartDir: string): Promise<string> {
  const p = repository.replace(/^file:\/\//, '');
  const path = p.startsWith('/') ? resolve(p) : join(chartDir, p);
  try {
    await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DependencyUpdateError(`directory ${path} not found`);
    throw e;
  }
  return path;
}

/** The chart of a `file://` dependency, loaded like the chart itself. */
async function loadLocalChart(repository: string, chartDir: string, options: Settings): Promise<Chart> {
  return loadLocal(await localPath(repository, chartDir), options.compat);
}

async function loadLocal(dir: string, compat: Compat): Promise<Chart> {
  try {
    return await loadChart(dir, { compat });
  } catch (e) {
    if (e instanceof ChartLoadError) throw new DependencyUpdateError(e.message);
    throw e;
  }
}

/**
 * helm's downloadAll: every archive is downloaded first (a chart URL once, however many dependencies
 * name it); only when all arrived are they moved into charts/, and every other chart archive there is
 * deleted, except those of dependencies kept in charts/ without a repository.
 */
async function downloadAll(
  chartDir: string,
  locked: LockedDependency[],
  indexes: Map<string, RepoIndex>,
  options: Settings,
) {
  const chartsDir = join(chartDir, 'charts');
  const existing = await stat(chartsDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing === undefined) await mkdirAll(chartsDir, 0o755);
  else if (!existing.isDirectory()) throw new DependencyUpdateError(`${quote(chartsDir)} is not a directory`);

  options.out(`Saving ${locked.length} charts\n`);
  // By file name in charts/. Names come from Chart.yaml, indexes and registries: only their last
  // segment names a file, so nothing is written outside charts/.
  const downloaded = new Map<string, Uint8Array>();
  const keep = (fileName: string, bytes: Uint8Array) => downloaded.set(posix.basename(fileName), bytes);
  const chartUrls = new Set<string>();
  for (const d of locked) {
    if (d.repository === '') {
      options.out(`Dependency ${d.name} did not declare a repository. Assuming it exists in the charts directory\n`);
      const unmet = await unmetLocalConstraint(d, chartsDir, options);
      if (unmet === undefined) continue;
      options.out(`Save error occurred:  ${unmet}\n`);
      throw new DependencyUpdateError(unmet);
    }
    if (d.repository.startsWith('file://')) {
      if (options.verbose) options.out(`Archiving ${d.name} from repo ${d.repository}\n`);
      const saved = await saveChartArchive(await loadLocalChart(d.repository, chartDir, options));
      keep(saved.fileName, saved.bytes);
      continue;
    }
    // helm names an OCI chart without its tag here.
    const chartUrl = isOci(d) ? `${d.repository}/${d.name}` : chartUrlOf(d, indexes.get(d.repository)!);
    // Only archives from chart repositories are downloaded once: OCI pulls always happen.
    if (!isOci(d) && chartUrls.has(chartUrl)) {
      options.out(`Already downloaded ${d.name} from repo ${d.repository}\n`);
      continue;
    }
    options.out(`Downloading ${d.name} from repo ${d.repository}\n`);
    options.debug('set up default downloader cache');
    try {
      if (isOci(d)) {
        const pulled = await pullChart(`${d.repository}/${d.name}`, {
          ...options.pull,
          ...options.registry,
          version: d.version,
        });
        options.log(ociPullMessage(pulled));
        keep(`${d.name}-${d.version}.tgz`, pulled.bytes);
      } else {
        const pulled = await pullChart(d.name, { ...options.pull, repo: d.repository, version: d.version });
        keep(pulled.fileName, pulled.bytes);
      }
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      const error = `could not download ${chartUrl}: ${helmText(e)}`;
      options.out(`Save error occurred:  ${error}\n`);
      throw new DependencyUpdateError(error);
    }
    chartUrls.add(chartUrl);
  }

  const before = (await readdir(chartsDir, { withFileTypes: true })).filter((e) => !e.isDirectory()).map((e) => e.name);
  for (const [fileName, bytes] of downloaded) await writeFileAtomically(join(chartsDir, fileName), bytes);
  options.out('Deleting outdated charts\n');
  for (const name of before.sort()) {
    if (downloaded.has(name)) continue;
    const file = join(chartsDir, name);
    let chartOfFile: string;
    try {
      chartOfFile = (await readChartMetadata(await readFile(file))).name;
    } catch (e) {
      options.out(`Could not verify ${file} for deletion: ${(e as Error).message} (Skipping)\n`);
      continue;
    }
    if (!locked.some((d) => d.repository === '' && d.name === chartOfFile)) await rm(file, { force: true });
  }
}

/**
 * For a dependency kept in charts/: why its chart there does not satisfy the constraint (helm's
 * save error), or undefined when it does. A chart that does not load fails at once.
 */
async function unmetLocalConstraint(
  d: LockedDependency,
  chartsDir: string,
  options: Settings,
): Promise<string | undefined> {
  let chart: Chart;
  try {
    chart = await loadChart(join(chartsDir, d.name), { compat: options.compat });
  } catch (e) {
    if (e instanceof ChartLoadError) throw new DependencyUpdateError(`unable to load chart: ${e.message}`);
    throw e;
  }
  const constraint = parseConstraint(d.version, { compat: options.compat });
  const v = tryParseVersion(chart.metadata.version, { compat: options.compat });
  if (v === undefined) {
    throw new DependencyUpdateError(`invalid version ${d.version} for dependency ${d.name}: Invalid Semantic Version`);
  }
  if (constraint.check(v)) return undefined;
  return `dependency ${d.name} at version ${chart.metadata.version} does not satisfy the constraint ${d.version}`;
}

/** The archive URL the index lists for a locked dependency (helm's findChartURL). */
function chartUrlOf(d: LockedDependency, index: RepoIndex): string {
  const entry = index.charts.get(d.name)?.find((e) => e !== null && e.version === d.version);
  return entry ? resolveChartUrl(d.repository, entry.urls[0]!) : d.repository;
}

/** Writes through a temporary file and a rename, so charts/ never holds a partial archive. */
async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes, { mode: 0o644 });
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true }).catch(() => {});
  }
}

/** The digest of an existing lock file, or undefined. */
async function existingLockDigest(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^digest:\s*["']?([^"'\s]+)/m.exec(text);
  return m?.[1];
}

/**
 * helm's resolver.HashReq: the SHA-256 of the JSON of the requested and the locked dependencies
 * (chart.Dependency's fields in Go's order, empty ones omitted but `repository`).
 */
export function hashRequirements(requested: ChartDependency[], locked: LockedDependency[]): string {
  const json = `[[${requested.map(dependencyJson).join(',')}],[${locked.map(dependencyJson).join(',')}]]`;
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}

/** The dependency as json.Marshal writes the struct: its fields in declaration order. */
function dependencyJson(d: ChartDependency): string {
  const fields = [...dependencyValue(d)].map(([k, v]) => `${jsonString(k, true)}:${marshalJSON(v)}`);
  return `{${fields.join(',')}}`;
}

/** Go's time.Now() as JSON writes it (RFC 3339 with the fraction's trailing zeros dropped, local zone). */
function goTimeNow(): string {
  const nowNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  const ms = Number(nowNs / 1_000_000n);
  const date = new Date(ms);
  const offsetMin = -date.getTimezoneOffset();
  const local = new Date(ms + offsetMin * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const fraction = String(nowNs % 1_000_000_000n)
    .padStart(9, '0')
    .replace(/0+$/, '');
  const zone =
    offsetMin === 0
      ? 'Z'
      : `${offsetMin > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${fraction === '' ? '' : `.${fraction}`}${zone}`
  );
}
