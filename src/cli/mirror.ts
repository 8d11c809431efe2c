/**
 * `helmless mirror list`: every container image and Helm chart a recipe needs, as YAML, JSON, a
 * Hauler manifest, a Zarf package config or a plain list (spec §1). Flags, aliases, the
 * single-value rule, early format validation and exit codes follow `aicr mirror list`; `--data`,
 * `--strict`, `--why`, `--provenance`, `--scan-strings`, `--declared-images`, `--normalize`,
 * `--resolve-digests`, `--add-image`, `--exclude-image`, `--repository-rewrite` and the `list` and `skopeo` formats go beyond it.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { loadMirrorConfig, type MirrorConfig } from '../discovery/aicr-config.js';
import { Catalog, noCatalogMessage } from '../discovery/catalog.js';
import { DIMENSIONS } from '../discovery/criteria.js';
import { digestPlatform, type ResolveDigest } from '../discovery/digests.js';
import { chartFetcher, defaultRenderer, imageDigestResolver } from '../discovery/engines.js';
import { errorMessage, invalid, MirrorError } from '../discovery/errors.js';
import { checkedExclusionPatterns, matchingPattern, parseImageAddition } from '../discovery/image-edits.js';
import { loadRecipe } from '../discovery/load.js';
import { parseSetFlag, type ValueOverride } from '../discovery/overrides.js';
import { mirrorList } from '../discovery/pipeline.js';
import { resolveRecipe } from '../discovery/resolve.js';
import { parseRepositoryRewrite } from '../discovery/rewrite.js';
import type { Criteria, FetchChart, RecipeResult, RenderChart } from '../discovery/types.js';
import {
  FormatError,
  type FormatOptions,
  formatMirrorList,
  formatWhy,
  type OutputFormat,
  parseOutputFormat,
} from '../formats/index.js';
import type { MirrorListResult } from '../formats/model.js';
import { listedImage } from '../formats/why.js';
import { goErrnoText } from '../go-errors.js';
import { goTrimSpace } from '../gotemplate/gostring.js';
import type { Platform, PullOptions } from '../helm/fetch/index.js';
import { formatPlatform } from '../helm/fetch/platform.js';
import { CliError, type CliIO, type Command } from './io.js';

/** The engines `mirror list` drives; injectable so the command can be tested in-process. */
export interface MirrorCommandDeps {
  /** The renderer (default: helmless's in-process one); without it, recipes with charts fail clearly. */
  renderChart?: RenderChart;
  /** Builds the chart fetcher from the fetch flags. */
  fetcher?: (options: PullOptions) => FetchChart;
  /** Builds the image digest lookup of `--resolve-digests` from the registry flags. */
  digestResolver?: (options: PullOptions, platform?: Platform) => ResolveDigest;
  /** `metadata.recipeVersion` (default: helmless's package version). */
  version?: string;
  /** Hooks process signals (SIGINT/SIGTERM → exit 9); tests pass a no-op. */
  onSignal?: (abort: () => void) => () => void;
}

const GROUP_USAGE = `Discover container images and Helm charts for air-gapped mirroring.

Usage:
  helmless mirror list [flags]

Commands:
  list        List all container images and Helm charts referenced by a recipe.

Run "helmless mirror list --help" for the flags.
`;

const LIST_USAGE = `List all container images and Helm charts referenced by a recipe.

Each enabled component's chart is rendered in-process with the recipe's values and your --set
overrides; its raw manifests are scanned too. Per-component problems are warnings (exit 0, or
non-zero with --strict).

Usage:
  helmless mirror list [flags]

Examples:
  helmless mirror list --data examples/catalog --service eks --accelerator h100 --intent training
  helmless mirror list --recipe recipe.yaml --data ./recipes --format hauler -o hauler-manifest.yaml
  helmless mirror list --recipe recipe.yaml --data ./recipes --set gpuoperator:driver.enabled=false
  helmless mirror list --recipe recipe.yaml --data ./recipes --why nvcr.io/nvidia/gpu-operator:v26.7.0

Recipe:
  -r, --recipe string            recipe file or http(s) URL (a RecipeResult, or a RecipeMetadata overlay to hydrate)
      --data stringArray         catalog directory (registry.yaml, overlays/, components/); repeatable, later layers shadow earlier ones
      --service string           criteria: eks, gke, aks, oke, ocp, kind, lke, bcm, metal3 (a catalog may add more)
      --accelerator string       criteria: h100, h200, gb200, gb300, b200, a100, l40, l40s, rtx-pro-6000 (alias --gpu)
      --intent string            criteria: training, inference
      --os string                criteria: ubuntu, rhel, cos, amazonlinux, ol, talos
      --platform string          criteria: dynamo, kubeflow, nim, runai, slurm
      --nodes int                criteria: number of worker nodes (advisory)
      --profile string           profile selection name=value (criteria resolution only)
      --criteria-strict          accept only the open-source criteria values
      --config string            AICRConfig file or URL (spec.recipe.criteria, profile, data); flags win
      --set stringArray          value override component:path=value (repeatable)

Output:
  -f, --format string            yaml, json, hauler, zarf, list or skopeo (default "yaml")
  -o, --output string            write to this file (atomically) instead of standard output
      --provenance               include where every image came from (yaml and json)
      --why string               print every place IMAGE came from instead of the list
      --strict                   fail (exit 1, nothing written) when any component has warnings
      --scan-strings             also list fully qualified images written inside strings (container
                                 args, env values, scripts): images operators start at run time
      --declared-images          also list the images charts declare in Chart.yaml annotations
                                 (helm.sh/images, artifacthub.io/images, Bitnami's images)
      --normalize                list images under Docker's full names (docker.io/library/busybox:1.36
                                 for busybox:1.36), so two spellings of one image are one entry
      --resolve-digests          pin every image to the digest its tag names now (name:tag@sha256:...),
                                 asking each image's registry (HEAD; Docker config credentials)
      --image-platform string    with --resolve-digests: pin multi-platform images to this platform's
                                 manifest (os/arch[/variant], e.g. linux/amd64)
      --add-image stringArray    list COMPONENT:IMAGE whatever the render shows (repeatable): images
                                 an operator pulls at run time; never excluded
      --exclude-image stringArray  leave out discovered images matching PATTERN (repeatable; * matches
                                 any characters, the whole listed reference must match)

Charts:
      --repository-rewrite stringArray   fetch charts from TO instead of FROM (FROM=TO, http(s):// or oci:// prefixes; longest wins)
      --plain-http               use plain HTTP for OCI registries
      --cache-dir string         chart cache directory (default $HELMLESS_CACHE or ~/.cache/helmless)
      --offline                  use only the chart cache; never touch the network
      --username string          chart repository / registry username
      --password string          chart repository / registry password
      --pass-credentials         send credentials to every host, not only the repository's
      --ca-file string           extra CA certificates (PEM) for HTTPS
      --cert-file string         TLS client certificate (PEM) for servers that ask for one
      --key-file string          private key (PEM) of --cert-file
      --insecure-skip-tls-verify skip TLS certificate verification
      --timeout duration         bound on the whole run, e.g. 10m (default 30m)

  -h, --help                     help for list

Exit codes: 0 success, 1 --strict with warnings, 2 invalid input, 3 not found, 5 timeout,
8 internal error, 9 aborted (SIGINT/SIGTERM).
`;

type FlagKind = 'string' | 'bool' | 'int' | 'array' | 'duration';

interface FlagSpec {
  kind: FlagKind;
  short?: string;
  /** Counted under this name for the single-value rule (aliases). */
  canonical?: string;
}

const FLAGS: Record<string, FlagSpec> = {
  recipe: { kind: 'string', short: 'r' },
  set: { kind: 'array' },
  format: { kind: 'string', short: 'f' },
  output: { kind: 'string', short: 'o' },
  service: { kind: 'string' },
  accelerator: { kind: 'string' },
  gpu: { kind: 'string', canonical: 'accelerator' },
  intent: { kind: 'string' },
  os: { kind: 'string' },
  platform: { kind: 'string' },
  nodes: { kind: 'int' },
  profile: { kind: 'string' },
  'slurm-accounting-mode': { kind: 'string' },
  snapshot: { kind: 'string', short: 's' },
  kubeconfig: { kind: 'string', short: 'k' },
  config: { kind: 'string' },
  data: { kind: 'array' },
  'criteria-strict': { kind: 'bool' },
  'gke-tcpxo-interfaces': { kind: 'string' },
  'inherit-from': { kind: 'string' },
  strict: { kind: 'bool' },
  why: { kind: 'string' },
  provenance: { kind: 'bool' },
  'scan-strings': { kind: 'bool' },
  normalize: { kind: 'bool' },
  'declared-images': { kind: 'bool' },
  'resolve-digests': { kind: 'bool' },
  'image-platform': { kind: 'string' },
  'add-image': { kind: 'array' },
  'exclude-image': { kind: 'array' },
  'repository-rewrite': { kind: 'array' },
  'plain-http': { kind: 'bool' },
  'cache-dir': { kind: 'string' },
  offline: { kind: 'bool' },
  username: { kind: 'string' },
  password: { kind: 'string' },
  'pass-credentials': { kind: 'bool' },
  'ca-file': { kind: 'string' },
  'cert-file': { kind: 'string' },
  'key-file': { kind: 'string' },
  'insecure-skip-tls-verify': { kind: 'bool' },
  timeout: { kind: 'duration' },
  help: { kind: 'bool', short: 'h' },
};
/** Flags given at most once (spec §1.2), in the order aicr checks them; then helmless's own. */
const SINGLE_VALUE_FLAGS = [
  'recipe',
  'service',
  'accelerator',
  'intent',
  'os',
  'platform',
  'profile',
  'snapshot',
  'config',
  'format',
  'output',
  'why',
  'image-platform',
];
const SHORTS = new Map(Object.entries(FLAGS).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));

interface Parsed {
  strings: Map<string, string>;
  arrays: Map<string, string[]>;
  bools: Set<string>;
  ints: Map<string, number>;
  positional: string[];
}

/** cobra-style parsing: `--f v`, `--f=v`, `-f v`, `-f=v`, `-fv`; the single-value rule (spec §1.2). */
function parseFlags(args: string[]): Parsed {
  const p: Parsed = { strings: new Map(), arrays: new Map(), bools: new Set(), ints: new Map(), positional: [] };
  const counts = new Map<string, number>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      p.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      p.positional.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      name = eq >= 0 ? body.slice(0, eq) : body;
      inline = eq >= 0 ? body.slice(eq + 1) : undefined;
      if (!FLAGS[name]) throw new CliError(`unknown flag: --${name}`, 2);
    } else {
      const full = SHORTS.get(arg[1]!);
      if (!full) throw new CliError(`unknown shorthand flag: '${arg[1]}' in ${arg}`, 2);
      name = full;
      const rest = arg.slice(2);
      if (rest !== '') inline = rest.startsWith('=') ? rest.slice(1) : rest;
    }
    const spec = FLAGS[name]!;
    const key = spec.canonical ?? name;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (spec.kind === 'bool') {
      const v = inline ?? 'true';
      if (v !== 'true' && v !== 'false')
        throw new CliError(`invalid argument "${v}" for "--${name}" flag: expected true or false`, 2);
      if (v === 'true') p.bools.add(key);
      else p.bools.delete(key);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new CliError(`flag needs an argument: --${name}`, 2);
    if (spec.kind === 'array') p.arrays.set(key, [...(p.arrays.get(key) ?? []), value]);
    else if (spec.kind === 'int') {
      if (!/^[+-]?\d+$/.test(value))
        throw new CliError(`invalid argument "${value}" for "--${name}" flag: not an integer`, 2);
      p.ints.set(key, Number(value));
    } else if (spec.kind === 'duration') {
      p.ints.set(key, parseDuration(value, name));
    } else p.strings.set(key, value);
  }
  // The single-value rule is checked once everything is parsed, flag by flag in aicr's order.
  for (const name of SINGLE_VALUE_FLAGS) {
    if ((counts.get(name) ?? 0) > 1) throw new CliError(`flag --${name} can only be specified once`, 2);
  }
  return p;
}

/** A Go duration (`90s`, `10m`, `1h30m`, `500ms`) in milliseconds. */
function parseDuration(s: string, flag: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(s)) {
    throw new CliError(`invalid argument "${s}" for "--${flag}" flag: expected a duration such as 90s or 10m`, 2);
  }
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) total += Number(m[1]) * units[m[2]!]!;
  if (total <= 0) throw new CliError(`invalid argument "${s}" for "--${flag}" flag: must be positive`, 2);
  return total;
}

function packageVersion(): string {
  try {
    return `v${(createRequire(import.meta.url)('../../package.json') as { version: string }).version}`;
  } catch {
    return '';
  }
}

function defaultDeps(): MirrorCommandDeps {
  return {
    renderChart: defaultRenderer(),
    fetcher: chartFetcher,
    digestResolver: imageDigestResolver,
    version: packageVersion(),
  };
}

/** Registers SIGINT/SIGTERM to abort the run; a second signal exits at once. */
function processSignals(abort: () => void): () => void {
  let seen = false;
  const handler = () => {
    if (seen) process.exit(9);
    seen = true;
    abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Builds the `mirror` command with the given engines. */
export function createMirrorCommand(deps: MirrorCommandDeps = defaultDeps()): Command {
  return async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(GROUP_USAGE);
      return sub === undefined ? 2 : 0;
    }
    if (sub !== 'list') {
      io.stderr(`Error: unknown command "${sub}" for "helmless mirror"\nRun 'helmless mirror --help' for usage.\n`);
      return 2;
    }
    try {
      return await listCommand(rest, io, deps);
    } catch (err) {
      if (err instanceof MirrorError || err instanceof FormatError || err instanceof CliError) {
        io.stderr(`Error: ${err.message}\n`);
        return err.exitCode;
      }
      throw err;
    }
  };
}

/** The `mirror` command with helmless's own fetcher and in-process renderer. */
export const mirrorCommand: Command = (args, io) => createMirrorCommand()(args, io);

async function listCommand(args: string[], io: CliIO, deps: MirrorCommandDeps): Promise<number> {
  // 1. Flags and the single-value rule.
  const f = parseFlags(args);
  if (f.bools.has('help')) {
    io.stdout(LIST_USAGE);
    return 0;
  }
  if (f.positional.length > 0)
    throw new CliError(`unexpected argument "${f.positional[0]}" for "helmless mirror list"`, 2);
  // 2. The format is checked before anything is read.
  const format = parseOutputFormat(f.strings.get('format') ?? 'yaml');
  if (f.bools.has('provenance') && format !== 'yaml' && format !== 'json') {
    throw invalid(`--provenance is only available with --format json or yaml, not ${format}`);
  }
  const platform = digestPlatform({
    resolveDigests: f.bools.has('resolve-digests'),
    offline: f.bools.has('offline'),
    imagePlatform: f.strings.get('image-platform'),
  });
  const additions = (f.arrays.get('add-image') ?? []).map(parseImageAddition);
  const exclusions = checkedExclusionPatterns(f.arrays.get('exclude-image') ?? []);
  const output = f.strings.get('output');
  if (output?.startsWith('cm://')) throw invalid('--output cannot be a ConfigMap URI (cm://); give a file path');
  // 3. The optional AICRConfig.
  const config = f.strings.has('config') ? await loadMirrorConfig(f.strings.get('config')!, io.cwd) : undefined;
  // 4. The catalog (--data layers).
  const dataDirs = f.arrays.get('data') ?? config?.data ?? [];
  const catalog = await Catalog.openDirectories(dataDirs.map((d) => resolve(io.cwd, d)));
  // 5. The recipe.
  const recipe = await obtainRecipe(f, config, catalog, io);
  // 6. --set and --repository-rewrite.
  // Like every urfave/cli slice flag, each --set value loses its surrounding whitespace first.
  const sets: ValueOverride[] = (f.arrays.get('set') ?? []).map((s) => {
    try {
      return parseSetFlag(goTrimSpace(s));
    } catch (err) {
      throw invalid(`invalid --set: ${errorMessage(err)}`);
    }
  });
  const rewrites = (f.arrays.get('repository-rewrite') ?? []).map(parseRepositoryRewrite);

  // 7–9. Discovery.
  const progress = io.stderrIsTTY;
  if (progress) io.stderr(`discovering images and charts components=${recipe.componentRefs.length}\n`);
  const controller = new AbortController();
  const unhook = (deps.onSignal ?? processSignals)(() => controller.abort());
  let result: MirrorListResult;
  try {
    const options: Parameters<typeof mirrorList>[1] = {
      catalog,
      set: sets,
      repositoryRewrites: rewrites,
      plainHttp: f.bools.has('plain-http'),
      signal: controller.signal,
      timeoutMs: f.ints.get('timeout') ?? 30 * 60_000,
      provenance: true,
      scanStrings: f.bools.has('scan-strings'),
      normalize: f.bools.has('normalize'),
      declaredImages: f.bools.has('declared-images'),
      addImages: additions,
      excludeImages: exclusions,
      onNotice: (m) => io.stderr(`warning: ${m}\n`),
    };
    if (deps.version) options.version = deps.version;
    if (deps.renderChart) options.renderChart = deps.renderChart;
    if (deps.fetcher) options.fetchChart = deps.fetcher(pullOptions(f, io));
    if (f.bools.has('resolve-digests')) {
      if (!deps.digestResolver) throw new CliError('--resolve-digests: no image digest lookup is available', 8);
      options.resolveDigest = deps.digestResolver(registryOptions(f, io), platform);
    }
    if (progress) {
      // Nothing to look up (every image already pinned): nothing to say.
      options.onDigestProgress = (p) => {
        if (p.total === 0) return;
        io.stderr(
          p.done === 0
            ? `resolving digests images=${p.total}\n`
            : `digests resolved pinned=${p.done - p.failed} failed=${p.failed}\n`,
        );
      };
      options.onProgress = (p) =>
        io.stderr(
          `  [${p.done}/${p.total}] ${p.component}: ${p.images} image${p.images === 1 ? '' : 's'}${p.warnings ? `, ${p.warnings} warning${p.warnings === 1 ? '' : 's'}` : ''}\n`,
        );
    }
    result = await mirrorList(recipe, options);
  } finally {
    unhook();
  }
  if (progress) {
    io.stderr(
      `discovery complete images=${result.images.length} charts=${result.charts.length} components=${result.components.length}\n`,
    );
  }

  // Warnings: always on stderr when the format cannot carry them, and fatal with --strict.
  const warned = result.components.filter((c) => (c.warnings ?? []).length > 0);
  const strict = f.bools.has('strict');
  if (warned.length > 0 && (strict || format === 'hauler' || format === 'zarf' || format === 'list')) {
    for (const c of warned) for (const w of c.warnings!) io.stderr(`warning: component ${c.component}: ${w}\n`);
  }
  if (strict && warned.length > 0) {
    io.stderr(
      `Error: --strict: ${warned.length} component${warned.length === 1 ? ' has' : 's have'} warnings, so the inventory would be incomplete; nothing was written\n`,
    );
    return 1;
  }

  // 10. Output.
  const why = f.strings.get('why');
  const excludedBy = why === undefined ? undefined : matchingPattern(exclusions, why);
  if (why !== undefined && excludedBy !== undefined && listedImage(result.images, why) === undefined) {
    throw new FormatError(
      `image ${JSON.stringify(why)} is not in the mirror list: --exclude-image ${excludedBy} leaves it out`,
      3,
    );
  }
  const text =
    why !== undefined
      ? formatWhy(result, why)
      : render(result, format, {
          provenance: f.bools.has('provenance'),
          ...(platform ? { platform: formatPlatform(platform) } : {}),
        });
  if (output === undefined) io.stdout(text);
  else await writeAtomically(resolve(io.cwd, output), text, output);
  return 0;
}

function render(result: MirrorListResult, format: OutputFormat, options: FormatOptions): string {
  const { provenance: _omit, ...withoutProvenance } = result;
  return formatMirrorList(options.provenance ? result : withoutProvenance, format, options);
}

/**
 * Options of the image registries `--resolve-digests` asks: TLS, proxies and plain HTTP as for
 * charts, but never the chart repository's `--username`/`--password` (credentials come from the
 * Docker config files, registry by registry).
 */
function registryOptions(f: Parsed, io: CliIO): PullOptions {
  const { auth: _chartAuth, passCredentials: _pass, cacheDir: _cache, ...registry } = pullOptions(f, io);
  if (f.bools.has('plain-http')) registry.plainHttp = true;
  return registry;
}

/** Fetch options from the chart flags. */
function pullOptions(f: Parsed, io: CliIO): PullOptions {
  const o: PullOptions = { env: io.env };
  const cacheDir = f.strings.get('cache-dir');
  if (cacheDir !== undefined) o.cacheDir = cacheDir;
  if (f.bools.has('offline')) o.offline = true;
  const caFile = f.strings.get('ca-file');
  if (caFile !== undefined) o.caFile = caFile;
  const certFile = f.strings.get('cert-file');
  const keyFile = f.strings.get('key-file');
  if (certFile !== undefined || keyFile !== undefined) {
    if (certFile === undefined || keyFile === undefined)
      throw invalid('--cert-file and --key-file must be given together');
    o.certFile = certFile;
    o.keyFile = keyFile;
  }
  if (f.bools.has('insecure-skip-tls-verify')) o.insecureSkipTlsVerify = true;
  if (f.bools.has('pass-credentials')) o.passCredentials = true;
  const username = f.strings.get('username');
  const password = f.strings.get('password');
  if (username !== undefined || password !== undefined) {
    if (username === undefined || password === undefined)
      throw invalid('--username and --password must be given together');
    o.auth = { username, password };
  }
  return o;
}

/** Step 5 (spec §1.3): `--recipe`, or criteria resolved against the catalog. */
async function obtainRecipe(
  f: Parsed,
  config: MirrorConfig | undefined,
  catalog: Catalog,
  io: CliIO,
): Promise<RecipeResult> {
  const recipePath = f.strings.get('recipe');
  if (f.strings.has('snapshot') || config?.snapshot) {
    throw invalid(
      '--snapshot is not supported by helmless: give the criteria flags (--service, --accelerator, …) or --recipe',
    );
  }
  if (recipePath !== undefined) {
    if (f.strings.has('profile') || config?.profile) {
      throw invalid(
        '--profile/spec.recipe.profile selects during criteria resolution and cannot be combined with --recipe',
      );
    }
    if (f.strings.has('gke-tcpxo-interfaces') || config?.gkeTcpxoInterfaces) {
      throw invalid(
        '--gke-tcpxo-interfaces/spec.recipe.configuration.gke.tcpxoInterfaces cannot be combined with --recipe',
      );
    }
    if (f.strings.has('inherit-from')) throw invalid('--inherit-from cannot be combined with --recipe');
    return loadRecipe(recipePath, catalog, io.cwd);
  }
  for (const flag of ['gke-tcpxo-interfaces', 'inherit-from']) {
    if (f.strings.has(flag)) throw invalid(`--${flag} is not supported by helmless's recipe resolver yet`);
  }
  const mode = f.strings.get('slurm-accounting-mode') ?? config?.slurmAccountingMode ?? 'disabled';
  if (!['disabled', 'customer-managed', 'aicr-provided'].includes(mode)) {
    throw invalid(`invalid --slurm-accounting-mode "${mode}": expected disabled, customer-managed or aicr-provided`);
  }
  if (mode !== 'disabled')
    throw invalid(`--slurm-accounting-mode ${mode} is not supported by helmless's recipe resolver yet`);
  const criteria: Criteria = { ...(config?.criteria ?? {}) };
  for (const dim of DIMENSIONS) {
    const v = f.strings.get(dim);
    if (v !== undefined) criteria[dim] = v;
  }
  const nodes = f.ints.get('nodes');
  if (nodes !== undefined) criteria.nodes = nodes;
  if (catalog.isEmpty) {
    const given = DIMENSIONS.some((d) => criteria[d] !== undefined) || criteria.nodes !== undefined;
    throw invalid(
      given
        ? `criteria need a recipe catalog: ${noCatalogMessage}`
        : 'no recipe given: pass --recipe FILE, or criteria flags (--service, --accelerator, --intent, --os, --platform) with --data DIR pointing at a recipe catalog',
    );
  }
  const options: Parameters<typeof resolveRecipe>[1] = {
    criteria,
    criteriaStrict: f.bools.has('criteria-strict') || (config?.criteriaStrict ?? false),
    requireCriteria: true,
  };
  const profile = f.strings.get('profile') ?? config?.profile;
  if (profile !== undefined) options.profile = profile;
  const recipe = await resolveRecipe(catalog, options);
  if (recipe.metadata.appliedOverlays?.length === 1 && io.stderrIsTTY) {
    io.stderr('note: no environment-specific overlays matched; using the base recipe only\n');
  }
  return recipe;
}

/** Writes the output file via a temporary file and a rename, so a failure leaves nothing behind. */
async function writeAtomically(target: string, text: string, shown: string): Promise<void> {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx', mode: 0o644 });
    await rename(tmp, target);
  } catch (err) {
    // Nothing to remove when the directory is missing or no directory.
    await rm(tmp, { force: true }).catch(() => {});
    throw new MirrorError('internal', `cannot write --output ${shown}: ${goErrnoText(err) ?? errorMessage(err)}`);
  }
}
