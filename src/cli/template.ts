/**
 * `helmless template [NAME] CHART [flags]`: renders a chart like `helm template`, with the same
 * flags, output bytes, stderr warnings, error texts and exit status.
 */
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, stat, writeFile } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import { goErrnoText, goPathError, goReadFileError } from '../go-errors.js';
import { decodeInput, encodeOutput, goTrimSpace } from '../gotemplate/gostring.js';
import { ExecError, ParseError } from '../gotemplate/index.js';
import type { Chart } from '../helm/chart.js';
import { checkDependencies, DependencyError } from '../helm/dependencies.js';
import { DependencyUpdateError, updateDependencies } from '../helm/dependency-update.js';
import { HelmError } from '../helm/engine.js';
import { sha256Digest } from '../helm/fetch/digest.js';
import { closeSharedDispatchers, FetchError, fetchValuesFile, ociPullMessage, pullChart } from '../helm/fetch/index.js';
import { GO_PANIC_EXIT_CODE, GoPanic } from '../helm/go-panic.js';
import { HelmLog } from '../helm/helm-log.js';
import { helmDownloadPath, helmIndexCopyDir, helmRepositoryCache } from '../helm/helm-paths.js';
import { parseKubeVersion } from '../helm/kubeversion.js';
import { ChartLoadError, ensureArchive, loadArchive, loadChart } from '../helm/load.js';
import type { Compat } from '../helm/objects.js';
import type { OutputFile } from '../helm/output.js';
import { ProvenanceError, verifyChartFile, verifyProvenance } from '../helm/provenance.js';
import { type RenderOptions, type RenderResult, renderChart } from '../helm/render.js';
import { mergeValueSources, ValuesError } from '../helm/strvals.js';
import { goMkdirAllError, mkdirAll } from '../mkdir-all.js';
import {
  CHART_SOURCE_FLAGS,
  COMPAT_FLAG,
  compatOf,
  connectionOptions,
  keyringOf,
  logFetchWarning,
} from './chart-source-flags.js';
import { DebugLog } from './debug-log.js';
import { type FlagSpec, flagHelp, type ParsedFlags, parseFlags } from './flags.js';
import { initReleaseStorage } from './helm-driver.js';
import {
  checkDryRun,
  checkFlagGroups,
  checkParsedFlagValues,
  installFlagSpecs,
  printDeprecations,
} from './install-flags.js';
import { CliError, type CliIO, type Command } from './io.js';
import { renderNamespace } from './kube-namespace.js';
import { executeNameTemplate } from './name-template.js';
import { checkTlsFiles } from './tls-files.js';

const FLAGS: FlagSpec[] = [
  {
    name: 'api-versions',
    short: 'a',
    type: 'strings',
    help: 'Kubernetes api versions used for Capabilities.APIVersions',
  },
  COMPAT_FLAG,
  { name: 'include-crds', type: 'bool', help: 'include CRDs in the templated output' },
  { name: 'is-upgrade', type: 'bool', help: 'set .Release.IsUpgrade instead of .Release.IsInstall' },
  { name: 'kube-version', type: 'string', help: 'Kubernetes version used for Capabilities.KubeVersion' },
  { name: 'namespace', short: 'n', type: 'string', help: 'namespace scope for this request' },
  { name: 'name-template', type: 'string', help: 'specify template used to name the release' },
  { name: 'generate-name', short: 'g', type: 'bool', help: 'generate the name (and omit the NAME parameter)' },
  { name: 'no-hooks', type: 'bool', help: 'prevent hooks from running during install' },
  {
    name: 'output-dir',
    type: 'string',
    help: 'writes the executed templates to files in output-dir instead of stdout',
  },
  { name: 'release-name', type: 'bool', help: 'use release name in the output-dir path.' },
  { name: 'set', type: 'stringArray', help: 'set values on the command line (key1=val1,key2=val2)' },
  { name: 'set-file', type: 'stringArray', help: 'set values from respective files specified via the command line' },
  { name: 'set-json', type: 'stringArray', help: 'set JSON values on the command line' },
  { name: 'set-literal', type: 'stringArray', help: 'set a literal STRING value on the command line' },
  { name: 'set-string', type: 'stringArray', help: 'set STRING values on the command line' },
  { name: 'show-only', short: 's', type: 'stringArray', help: 'only show manifests rendered from the given templates' },
  { name: 'skip-crds', type: 'bool', help: 'if set, no CRDs will be installed (no effect on template output)' },
  { name: 'skip-schema-validation', type: 'bool', help: 'if set, disables JSON schema validation' },
  { name: 'skip-tests', type: 'bool', help: 'skip tests from templated output' },
  {
    name: 'values',
    short: 'f',
    type: 'strings',
    help: 'specify values in a YAML file (can specify multiple; - for stdin)',
  },
  ...CHART_SOURCE_FLAGS,
  { name: 'debug', type: 'bool', help: 'enable verbose output' },
  {
    name: 'post-renderer',
    type: 'string',
    help: 'not supported: helmless renders in-process and runs no external programs',
    unsupported: '--post-renderer is not supported by helmless (it renders in-process and runs no external programs)',
  },
  {
    name: 'validate',
    type: 'bool',
    help: 'not supported: needs a cluster',
    unsupported: '--validate needs a Kubernetes cluster and is not supported by helmless',
  },
  {
    name: 'dependency-update',
    type: 'bool',
    help: 'update dependencies if they are missing before installing the chart',
  },
  { name: 'help', short: 'h', type: 'bool', help: 'help for template' },
];

const USAGE = `Render chart templates locally and display the output, exactly as 'helm template' does.

Usage:
  helmless template [NAME] [CHART] [flags]

Flags:
`;

/** Reads a `-f`/`--set-file` file as a Go string, with helm's error text (`-` is read beforehand). */
function readValueFile(path: string, io: CliIO): string {
  // Go's os.ReadFile("") opens nothing (resolving '' would read the working directory).
  if (path === '') throw new ValuesError('open : no such file or directory');
  try {
    return decodeInput(readFileSync(resolve(io.cwd, path)));
  } catch (e) {
    throw new ValuesError(goReadFileError(path, e));
  }
}

/**
 * The `-f` and `--set-file` paths that are http(s) URLs, fetched before the values are merged (the
 * merge reads files synchronously). A failure is kept and thrown when the merge reaches that file,
 * so errors come in helm's order.
 */
async function fetchRemoteValueFiles(
  valueFiles: string[],
  flags: ParsedFlags,
  io: CliIO,
): Promise<Map<string, Uint8Array | Error>> {
  const setFilePaths = (flags.lists.get('set-file') ?? []).flatMap((arg) =>
    arg.split(',').map((pair) => pair.slice(pair.indexOf('=') + 1)),
  );
  const urls = [...new Set([...valueFiles, ...setFilePaths])].filter((p) => /^https?:\/\//i.test(p));
  const out = new Map<string, Uint8Array | Error>();
  for (const url of urls) {
    try {
      out.set(url, await fetchValuesFile(url, { env: io.env }));
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      out.set(url, new ValuesError(e.message));
    }
  }
  return out;
}

/** A located chart: a local path, or the bytes of a downloaded archive (helm's LocateChart). */
type LocatedChart = { path: string } | { bytes: Uint8Array };

async function locateChart(
  ref: string,
  flags: ParsedFlags,
  io: CliIO,
  compat: Compat,
  debug: DebugLog,
): Promise<LocatedChart> {
  const repo = flags.strings.get('repo');
  const isRemote = repo !== undefined || ref.startsWith('oci://') || /^https?:\/\//.test(ref);
  if (!isRemote) {
    const path = resolve(io.cwd, ref);
    if (!existsSync(path)) {
      // helm's LocateChart: explicit paths fail as paths; other names are repository references.
      if (ref.startsWith('.') || ref.startsWith('/')) throw new ChartLoadError(`path "${ref}" not found`);
      if (!ref.includes('/')) {
        throw new ChartLoadError(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`);
      }
      // helmless keeps no repositories.yaml: every named repository is unknown.
      throw new ChartLoadError(`repo ${ref.split('/')[0]} not found`);
    }
    // helm's VerifyChart: only an archive with its `.prov` beside it can be verified.
    if (flags.bools.get('verify')) await verifyChartFile(path, keyringOf(flags, io), compat);
    debug.chartPath(path);
    return { path };
  }
  const verify = flags.bools.get('verify') === true;
  const versionFlag = flags.strings.get('version');
  let pulled: Awaited<ReturnType<typeof pullChart>>;
  try {
    pulled = await pullChart(ref, {
      repo,
      // helm's LocateChart trims the version (strings.TrimSpace).
      version: versionFlag === undefined ? undefined : goTrimSpace(versionFlag),
      devel: flags.bools.get('devel'),
      ...connectionOptions(flags, io),
      cacheDir: flags.strings.get('cache-dir') ?? io.env.HELMLESS_CACHE,
      offline: flags.bools.get('offline'),
      env: io.env,
      compat,
      provenance: verify,
      onWarning: (message, detail) => logFetchWarning(message, detail, compat, io),
      onDownload: (chartRef) => debug.downloadStarts(chartRef, downloadVersion(flags)),
      helmRepositoryCache: helmIndexCopyDir(io.env),
    });
  } catch (err) {
    // helm reports an OCI chart's pull before failing to find its provenance.
    const chart = err instanceof FetchError ? err.details.chart : undefined;
    if (chart?.manifestDigest) io.stderr(ociPullMessage(chart));
    // A URL that served no archive: helm refuses the file it saved, by its path.
    const download = err instanceof FetchError ? err.details.download : undefined;
    if (download) {
      const path = helmDownloadPath(compat, sha256Digest(download.bytes), download.fileName, io.env);
      ensureArchive(path, download.bytes);
    }
    throw err;
  }
  if (pulled.manifestDigest) io.stderr(ociPullMessage(pulled, verify));
  debug.downloaded(pulled.digest, pulled.fileName, io.env);
  // helm loads the download from its cache: a file that is no archive is named by that path.
  ensureArchive(helmDownloadPath(compat, pulled.digest, pulled.fileName, io.env), pulled.bytes);
  if (verify) {
    await verifyProvenance(pulled.bytes, pulled.fileName, pulled.provenance!, keyringOf(flags, io), compat);
  }
  return { bytes: pulled.bytes };
}

/** The version helm's downloader is asked for: `--version` trimmed, or any with `--devel`. */
function downloadVersion(flags: ParsedFlags): string {
  const version = goTrimSpace(flags.strings.get('version') ?? '');
  return version === '' && flags.bools.get('devel') ? '>0.0.0-0' : version;
}

/** Whether Chart.yaml names a dependency charts/ lacks (helm's CheckDependencies fails). */
function lacksDependencies(chart: Chart, compat: Compat): boolean {
  try {
    checkDependencies(chart, { compat });
    return false;
  } catch (e) {
    if (e instanceof DependencyError) return true;
    throw e;
  }
}

/** `--keyring`, relative to the working directory, or helm's default keyring. */
/** Loads the located chart; the loader's log lines go to stderr even when loading fails. */
async function loadLocated(located: LocatedChart, compat: Compat, io: CliIO): Promise<Chart> {
  const log = new HelmLog(compat);
  try {
    return 'path' in located
      ? await loadChart(located.path, { compat, log })
      : await loadArchive(located.bytes, { compat, log });
  } finally {
    for (const l of log.lines) io.stderr(`${l}\n`);
  }
}

/** A parsed `template`-style command line, ready to render. */
export interface TemplateInvocation {
  flags: ParsedFlags;
  compat: Compat;
  releaseName: string;
  chartRef: string;
  /** Where `--debug` lines go (nowhere without the flag). */
  debug: DebugLog;
}

/** Whether a flag is set to something other than its no-op value (false, or empty). */
function isActive(f: FlagSpec, flags: ParsedFlags): boolean {
  return f.type === 'bool' ? flags.bools.get(f.name) === true : (flags.strings.get(f.name) ?? '') !== '';
}

/** Parses template flags and positional arguments (shared with `helmless images`). */
export function parseTemplateArgs(
  args: string[],
  command: string,
  io: CliIO,
  extra: FlagSpec[] = [],
): TemplateInvocation | 'help' {
  // The helm to reproduce decides which flags exist, so it is read before the flags are parsed.
  const compat = compatOf(args);
  const flags = parseFlags(args, [...FLAGS, ...installFlagSpecs(compat), ...extra]);
  if (flags.bools.get('help')) return 'help';
  printDeprecations(flags, compat, io);
  for (const f of FLAGS) if (f.unsupported && isActive(f, flags)) throw new CliError(f.unsupported);
  checkParsedFlagValues(flags, compat, io);
  initReleaseStorage(io, compat);
  // cobra checks the argument count and flag groups before the command runs.
  const positional = flags.positional;
  if (positional.length === 0) {
    throw new CliError(
      `"helmless ${command}" requires at least 1 argument\n\nUsage:  helmless ${command} [NAME] [CHART] [flags]`,
    );
  }
  checkFlagGroups(flags, compat);
  // The command then checks --kube-version, and builds its registry client (reading TLS files).
  try {
    parseKubeVersion(flags.strings.get('kube-version'), compat);
  } catch (e) {
    if (e instanceof HelmError) throw new CliError(e.message);
    throw e;
  }
  checkTlsFiles(flags, compat, io);
  // helm 4 checks --dry-run next; helm 3 once the chart is loaded (see renderInvocation).
  if (compat === 'helm4') checkDryRun(flags, compat, io);
  let releaseName = 'release-name';
  let chartRef: string;
  // An empty --name-template is no template, as in helm.
  const nameTemplate = flags.strings.get('name-template') || undefined;
  // helm's runInstall logs the version asked for first, then names the release and the chart.
  const debug = new DebugLog(io, compat, flags.bools.get('debug') === true);
  debug.originalVersion(flags.strings.get('version') ?? '');
  if (!flags.strings.get('version') && flags.bools.get('devel')) debug.develVersion();
  if (positional.length >= 2) {
    // helm's Install.NameAndChart, in its order.
    if (flags.bools.get('generate-name')) throw new CliError('cannot set --generate-name and also specify a name');
    if (nameTemplate !== undefined) throw new CliError('cannot set --name-template and also specify a name');
  }
  if (positional.length > 2) {
    throw new CliError(`expected at most two arguments, unexpected arguments: ${positional.slice(2).join(', ')}`);
  }
  if (positional.length === 2) {
    releaseName = positional[0]!;
    chartRef = positional[1]!;
  } else chartRef = positional[0]!;
  if (nameTemplate !== undefined) {
    try {
      releaseName = executeNameTemplate(nameTemplate, compat, io.env);
    } catch (e) {
      if (e instanceof ParseError || e instanceof ExecError) throw new CliError(e.message);
      throw e;
    }
  }
  return { flags, compat, releaseName, chartRef, debug };
}

export interface RenderInvocationOptions {
  /** Which rendered documents keep the parse of helm's YAML check (see RenderOptions). */
  documentTrees?: RenderOptions['documentTrees'];
  /** Where `--dependency-update` prints its progress (default standard output, as helm does). */
  dependencyProgress?: (text: string) => void;
}

/**
 * Loads (or fetches) the chart, builds the values and renders. Errors are thrown as HelmError,
 * ChartLoadError or ValuesError; each may carry `warnings` printed before it.
 */
export async function renderInvocation(
  inv: TemplateInvocation,
  io: CliIO,
  options: RenderInvocationOptions = {},
): Promise<RenderResult> {
  const { flags, compat, debug } = inv;
  // helm's order: locate the chart, build the values, then load the chart.
  const located = await locateChart(inv.chartRef, flags, io, compat, debug);
  const valueFiles = flags.lists.get('values') ?? [];
  // helm reads standard input for a `-f` or `--set-file` path of `-` (the first read drains it).
  const wantsStdin =
    valueFiles.some((p) => p.trim() === '-') ||
    (flags.lists.get('set-file') ?? []).some((a) => /(?:^|,)[^=,]*=\s*-\s*(?:,|$)/.test(a));
  let stdin: Uint8Array | undefined = wantsStdin ? await io.readStdin() : undefined;
  const remote = await fetchRemoteValueFiles(valueFiles, flags, io);
  const readFile = (path: string): string => {
    const fetched = remote.get(path);
    if (fetched instanceof Error) throw fetched;
    if (fetched !== undefined) return decodeInput(fetched);
    if (path.trim() !== '-') return readValueFile(path, io);
    const bytes = stdin ?? new Uint8Array();
    stdin = new Uint8Array();
    return decodeInput(bytes);
  };
  const values = mergeValueSources(
    {
      valueFiles,
      setJSON: flags.lists.get('set-json'),
      set: flags.lists.get('set'),
      setString: flags.lists.get('set-string'),
      setFile: flags.lists.get('set-file'),
      setLiteral: flags.lists.get('set-literal'),
    },
    { compat, readFile },
  );
  let chart = await loadLocated(located, compat, io);
  if (flags.bools.get('dependency-update') && chart.metadata.type !== 'library' && lacksDependencies(chart, compat)) {
    // helm's chart path is absolute; a chart fetched from a repository is an archive in its cache.
    if (!('path' in located)) throw new DependencyUpdateError('only unpacked charts can be updated');
    await updateDependencies(located.path, {
      compat,
      chart,
      out: options.dependencyProgress ?? ((text) => io.stdout(text)),
      log: (text) => io.stderr(text),
      debug: (msg) => debug.log(undefined, { msg }),
      verbose: debug.enabled,
      // helm's registry client gets the TLS, plain-HTTP and credential flags; its chart repository
      // downloads do not.
      registry: connectionOptions(flags, io),
      pull: {
        cacheDir: flags.strings.get('cache-dir') ?? io.env.HELMLESS_CACHE,
        offline: flags.bools.get('offline'),
        env: io.env,
        compat,
        onWarning: (message, detail) => logFetchWarning(message, detail, compat, io),
        helmRepositoryCache: helmIndexCopyDir(io.env),
      },
      helmRepositoryCache: helmRepositoryCache(io.env),
    });
    chart = await loadLocated(located, compat, io);
  }
  return renderChart(chart, {
    // helm 3 checks --dry-run only here (helm 4 did before anything else; see parseTemplateArgs).
    afterChartChecks: compat === 'helm3' ? () => checkDryRun(flags, compat, io) : undefined,
    compat,
    releaseName: inv.releaseName,
    namespace: renderNamespace(flags, io),
    isUpgrade: flags.bools.get('is-upgrade'),
    kubeVersion: flags.strings.get('kube-version'),
    apiVersions: flags.lists.get('api-versions'),
    values,
    skipSchemaValidation: flags.bools.get('skip-schema-validation'),
    debug: debug.enabled,
    includeCrds: flags.bools.get('include-crds'),
    skipTests: flags.bools.get('skip-tests'),
    noHooks: flags.bools.get('no-hooks'),
    showOnly: flags.lists.get('show-only'),
    outputDir: outputDirOf(flags),
    useReleaseName: flags.bools.get('release-name'),
    documentTrees: options.documentTrees,
  });
}

/** `--output-dir`: helm takes an empty value for none (output goes to stdout). */
function outputDirOf(flags: ParsedFlags): string | undefined {
  return flags.strings.get('output-dir') || undefined;
}

/** Prints a render failure the way helm does and returns the exit code; rethrows anything else. */
export function reportRenderError(e: unknown, io: CliIO, debug = false): number {
  const lines = (e as { warnings?: string[] }).warnings;
  if (lines) for (const l of lines) io.stderr(`${l}\n`);
  if (e instanceof HelmError) {
    const files = (e as { renderedFiles?: Map<string, string> }).renderedFiles;
    if (debug && files) {
      // helm --debug prints every rendered file when the YAML is invalid (helm in Go map order,
      // helmless in path order).
      let dump = '';
      for (const [name, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (goTrimSpace(content) !== '') dump += `---\n# Source: ${name}\n${content}\n`;
      }
      io.stdout(encodeOutput(`${goTrimSpace(dump)}\n`));
    }
    const hint = e.renderPhase && !debug ? '\n\nUse --debug flag to render out invalid YAML' : '';
    io.stderr(`Error: ${e.message}${hint}\n`);
    return 1;
  }
  if (e instanceof GoPanic) {
    io.stderr(e.report());
    return GO_PANIC_EXIT_CODE;
  }
  if (
    e instanceof ChartLoadError ||
    e instanceof DependencyUpdateError ||
    e instanceof ValuesError ||
    e instanceof FetchError ||
    e instanceof ProvenanceError
  ) {
    // The fetch library lists the versions a repository has; helm does not.
    const text = e instanceof FetchError ? (e.details.helmText ?? e.message) : e.message;
    io.stderr(`Error: ${text}\n`);
    return 1;
  }
  throw e;
}

/**
 * Writes `--output-dir` files with helm's `wrote <dir>/<path>` lines: `<dir>` is the flag as given,
 * or filepath.Join(flag, release name) with `--release-name`; hooks append to existing files.
 */
async function writeOutputFiles(files: OutputFile[], outputDir: string, releaseName: string, io: CliIO) {
  for (const f of files) {
    const dir = f.underRelease ? posix.join(outputDir, releaseName) : outputDir;
    const file = `${dir}/${f.name}`;
    const target = resolve(io.cwd, file);
    // helm's ensureDirectoryForFile, then os.Create or (a hook into an existing file) an append;
    // a failure is a render failure with Go's path error text.
    const step = async (op: string, path: string, run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (e) {
        // helm adds its --debug hint to manifest failures, not to those of hooks (written later).
        if (goErrnoText(e) !== undefined) throw new HelmError(goPathError(op, path, e), !f.hook);
        throw e;
      }
    };
    const base = posix.dirname(file);
    await step('stat', base, () =>
      stat(dirname(target)).catch((e) => (e.code === 'ENOENT' ? undefined : Promise.reject(e))),
    );
    await step('mkdir', base, () =>
      mkdirAll(dirname(target)).catch((e) => {
        throw new HelmError(goMkdirAllError(base, io.cwd, e), !f.hook);
      }),
    );
    const append = f.hook ? existsSync(target) : f.append;
    if (append) await step('open', file, () => appendFile(target, encodeOutput(f.content)));
    else await step('open', file, () => writeFile(target, encodeOutput(f.content)));
    io.stdout(`wrote ${file}\n`);
  }
}

export const templateCommand: Command = async (args, io) => {
  const inv = parseTemplateArgs(args, 'template', io);
  if (inv === 'help') {
    io.stdout(`${USAGE}${flagHelp(TEMPLATE_FLAGS)}\n`);
    return 0;
  }
  const outputDir = outputDirOf(inv.flags);
  let result: RenderResult;
  try {
    result = await renderInvocation(inv, io);
  } catch (e) {
    // helm writes --output-dir files before a --show-only pattern fails; helmless writes nothing on
    // failure, so no partial output can be mistaken for a successful render.
    return reportRenderError(e, io, inv.flags.bools.get('debug'));
  } finally {
    await closeSharedDispatchers();
  }
  for (const l of result.warnings) io.stderr(`${l}\n`);
  if (outputDir !== undefined) {
    try {
      await writeOutputFiles(result.outputFiles, outputDir, inv.releaseName, io);
    } catch (e) {
      return reportRenderError(e, io, inv.flags.bools.get('debug'));
    }
  }
  // Rendered text is a Go string: raw (non-UTF-8) bytes go out as the bytes they stand for.
  io.stdout(encodeOutput(result.stdout));
  return 0;
};

/** The template flags, for commands that accept them too. */
export const TEMPLATE_FLAGS: readonly FlagSpec[] = [...FLAGS, ...installFlagSpecs('helm4')];
