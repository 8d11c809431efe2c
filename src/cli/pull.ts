/**
 * `helmless pull`: downloads charts like `helm pull` — from a chart repository (`--repo`), an OCI
 * registry (`oci://`) or an archive URL — into a directory, optionally unpacked (`--untar`), with
 * helm 3's or helm 4's flags, output and errors (`--compat`, helm 4 by default).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, type Stats, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { goErrnoText, goPathError } from '../go-errors.js';
import { ArchiveError, extractChartArchive } from '../helm/archive.js';
import {
  closeSharedDispatchers,
  FetchError,
  ociPullMessage,
  type PulledChart,
  type PullOptions,
  pullChart,
} from '../helm/fetch/index.js';
import { GO_PANIC_EXIT_CODE, GoPanic } from '../helm/go-panic.js';
import { helmIndexCopyDir } from '../helm/helm-paths.js';
import type { Compat } from '../helm/objects.js';
import { ProvenanceError, type ProvenanceVerification, verifyProvenance } from '../helm/provenance.js';
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
import { type FlagSpec, flagHelp, parseFlags } from './flags.js';
import { checkParsedFlagValues, globalFlagSpecs } from './install-flags.js';
import { CliError, type CliIO, type Command } from './io.js';
import { checkTlsFiles } from './tls-files.js';

const USAGE = `Retrieve a package from a package repository, and download it locally.

This is useful for fetching packages to inspect, modify, or repackage. It can
also be used to perform cryptographic verification of a chart without installing
the chart. Downloads go through a verified cache, so repeated pulls and --offline
need no network.

There are options for unpacking the chart after download. This will create a
directory for the chart and uncompress into that directory.

If the --verify flag is specified, the requested chart MUST have a provenance
file, and MUST pass the verification process. Failure in any part of this will
result in an error, and the chart will not be saved locally.

Usage:
  helmless pull [chart URL | oci://REGISTRY/PATH/NAME | NAME --repo URL] [...] [flags]
`;

const PULL_FLAGS: FlagSpec[] = (
  [
    ...CHART_SOURCE_FLAGS,
    COMPAT_FLAG,
    {
      name: 'destination',
      short: 'd',
      type: 'string',
      help: 'location to write the chart. If this and untardir are specified, untardir is appended to this',
      defaultText: '"."',
    },
    { name: 'help', short: 'h', type: 'bool', help: 'help for pull' },
    { name: 'prov', type: 'bool', help: "fetch the provenance file, but don't perform verification" },
    { name: 'untar', type: 'bool', help: 'if set to true, will untar the chart after downloading it' },
    {
      name: 'untardir',
      type: 'string',
      help: 'if untar is specified, this flag specifies the name of the directory into which the chart is expanded',
      defaultText: '"."',
    },
  ] satisfies FlagSpec[]
).sort(byName);

/** helm's global flags: accepted (`--registry-config` names registry credentials, `--debug` logs). */
function globalFlags(compat: Compat): FlagSpec[] {
  const own: FlagSpec[] = [
    { name: 'debug', type: 'bool', help: 'enable verbose output' },
    { name: 'namespace', short: 'n', type: 'string', help: 'namespace scope for this request' },
  ];
  return [...own, ...globalFlagSpecs(compat)].sort(byName);
}

function byName(a: FlagSpec, b: FlagSpec): number {
  return a.name < b.name ? -1 : 1;
}

export const pullCommand: Command = async (args: string[], io: CliIO): Promise<number> => {
  const compat = compatOf(args);
  const flags = parseFlags(args, [...PULL_FLAGS, ...globalFlags(compat)]);
  if (flags.bools.get('help')) {
    io.stdout(`${USAGE}\nFlags:\n${flagHelp(PULL_FLAGS)}\n\nGlobal Flags:\n${flagHelp(globalFlags(compat))}\n`);
    return 0;
  }
  checkParsedFlagValues(flags, compat, io);
  if (flags.positional.length === 0) {
    throw new CliError(
      '"helmless pull" requires at least 1 argument\n\nUsage:  helmless pull [chart URL | oci://REGISTRY/PATH/NAME | NAME --repo URL] [...] [flags]',
    );
  }
  const debug = new DebugLog(io, compat, flags.bools.get('debug') === true);
  const version = flags.strings.get('version') ?? '';
  const devel = version === '' && flags.bools.get('devel') === true;
  if (devel) debug.pullDevelVersion();
  checkTlsFiles(flags, compat, io);

  const verify = flags.bools.get('verify') === true;
  const options: PullOptions = {
    ...connectionOptions(flags, io),
    // helm pull hands the credentials to the chart download wherever the chart is (its downloader
    // has no repository URL to hold the chart URL against); helm template does not.
    passCredentials: true,
    repo: flags.strings.get('repo'),
    version: devel ? '>0.0.0-0' : version || undefined,
    cacheDir: flags.strings.has('cache-dir') ? resolve(io.cwd, flags.strings.get('cache-dir')!) : undefined,
    offline: flags.bools.get('offline'),
    env: io.env,
    compat,
    // --verify needs the provenance file; --prov fetches it when there is one.
    provenance: verify ? true : flags.bools.get('prov') ? 'if-present' : false,
    onWarning: (message, detail) => logFetchWarning(message, detail, compat, io),
    onDownload: () => debug.downloaderCache(),
    helmRepositoryCache: helmIndexCopyDir(io.env),
  };
  const target: PullTarget = {
    destination: flags.strings.get('destination') ?? '.',
    untardir: flags.bools.get('untar') ? (flags.strings.get('untardir') ?? '.') : undefined,
    cwd: io.cwd,
    tempDir: io.env.TMPDIR || '/tmp',
  };
  try {
    for (const ref of flags.positional) {
      io.stdout(await pullOne(ref, options, target, compat, keyringOf(flags, io), io));
    }
  } finally {
    // Idle keep-alive sockets would otherwise hold the process open for seconds after the pull.
    await closeSharedDispatchers();
  }
  return 0;
};

/** Where a pull goes: the destination directory, and with `--untar` the directory to unpack in. */
interface PullTarget {
  destination: string;
  untardir?: string;
  cwd: string;
  /** Go's os.TempDir(), which helm's messages may name. */
  tempDir: string;
}

/**
 * One chart pulled as helm's Pull.Run does it; returns what helm prints on standard output after a
 * pull that succeeded (a failed one prints none of it).
 */
async function pullOne(
  ref: string,
  options: PullOptions,
  target: PullTarget,
  compat: Compat,
  keyring: string,
  io: CliIO,
): Promise<string> {
  let pulled: PulledChart;
  try {
    pulled = await pullChart(ref, options);
  } catch (err) {
    if (err instanceof FetchError) {
      // helm reports an OCI chart's pull before failing to find its provenance.
      if (err.details.chart?.manifestDigest) io.stderr(ociPullMessage(err.details.chart));
      // helm's words (the library's message also lists the versions a repository has).
      throw new CliError(err.details.helmText ?? err.message);
    }
    // helm 3 dies of a null entry in an index.
    if (err instanceof GoPanic) throw new CliError(err.report().replace(/\n$/, ''), GO_PANIC_EXIT_CODE, true);
    throw err;
  }
  if (pulled.manifestDigest) io.stderr(ociPullMessage(pulled, pulled.provenance !== undefined));
  let out = '';
  // Verified before anything is written: a chart that fails verification leaves no file.
  let verified: ProvenanceVerification | undefined;
  if (options.provenance === true) {
    try {
      verified = await verifyProvenance(pulled.bytes, pulled.fileName, pulled.provenance!, keyring, compat);
    } catch (err) {
      if (err instanceof ProvenanceError) throw new CliError(err.message);
      throw err;
    }
  }
  // The reference helm's downloader is given: the chart URL a repository lists, else the one typed.
  const downloaderRef = options.repo !== undefined && !ref.startsWith('oci://') ? pulled.sourceUrl : ref;
  if (pulled.provenanceMissing !== undefined) {
    out += `WARNING: Verification not found for ${downloaderRef}: ${pulled.provenanceMissing}\n`;
  }
  if (target.untardir !== undefined) {
    // helm names the directory it checks after the reference: helm 3 after the downloader's,
    // helm 4 after the one typed.
    const named = compat === 'helm3' ? downloaderRef : ref;
    // helm downloads to a temporary directory for --untar: the provenance file goes with it.
    await untar(pulled.bytes, pulled.name, goBase(named), target);
  } else {
    const path = join(resolve(target.cwd, target.destination), pulled.fileName);
    const shown = posix.join(target.destination, pulled.fileName);
    await saveFile(pulled.bytes, path, shown, target.tempDir);
    // helm keeps the provenance file beside the archive.
    if (pulled.provenance !== undefined) {
      await saveFile(Buffer.from(pulled.provenance, 'utf8'), `${path}.prov`, `${shown}.prov`, target.tempDir);
    }
  }
  if (verified) {
    for (const identity of verified.signedBy) out += `Signed by: ${identity}\n`;
    out += `Using Key With Fingerprint: ${verified.fingerprint}\n`;
    out += `Chart Hash Verified: ${verified.fileHash}\n`;
  }
  return out;
}

/** Go's filepath.Split's file part: everything after the last slash. */
function goBase(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Writes atomically (temp file + rename) like helm, so a failed pull leaves nothing behind. helm's
 * errors name its temporary file: the file's name and a random number, beside it, or in the system's
 * temporary directory for a bare name (Go's os.CreateTemp in the directory filepath.Split leaves).
 */
async function saveFile(bytes: Uint8Array, path: string, shown: string, tempDir: string): Promise<void> {
  const suffix = String(randomBytes(4).readUInt32BE());
  const tmp = `${path}${suffix}`;
  const shownTmp = posix.dirname(shown) === '.' ? `${tempDir}/${posix.basename(shown)}${suffix}` : `${shown}${suffix}`;
  try {
    await writeFile(tmp, bytes, { mode: 0o644, flag: 'wx' });
  } catch (err) {
    // Nothing to remove when the directory itself is missing or no directory.
    await rm(tmp, { force: true }).catch(() => {});
    throw new CliError(goPathError('open', shownTmp, err));
  }
  // Go's os.Rename refuses to replace a directory.
  const linkError = (why: string) =>
    new CliError(`link error: cannot rename ${shownTmp} to ${shown}: rename ${shownTmp} ${shown}: ${why}`);
  try {
    if (statOrUndefined(path)?.isDirectory()) throw linkError('file exists');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    if (err instanceof CliError) throw err;
    throw linkError(goErrnoText(err) ?? (err as Error).message);
  }
}

/**
 * helm's --untar: unpacks into `<destination>/<untardir>` (an absolute untardir alone). It first
 * makes the directory it checks, `<that>/<the reference's last element>`: the chart's own directory
 * when the reference ends in the chart name, and otherwise an empty directory helm leaves behind
 * (`grafana-12.3.3.tgz/` for an archive URL, `grafana:12.3.3/` for a tagged OCI reference). An
 * existing one stops the pull.
 */
async function untar(bytes: Uint8Array, chartName: string, checkedName: string, target: PullTarget): Promise<void> {
  const untardir = target.untardir!;
  const ud = isAbsolute(untardir) ? untardir : posix.join(target.destination, untardir);
  const check = ud === '.' ? checkedName : posix.join(ud, checkedName);
  const checkPath = resolve(target.cwd, check);
  if (existsSync(checkPath)) {
    throw new CliError(`failed to untar: a file or directory with the name ${check} already exists`);
  }
  try {
    await mkdirAll(checkPath, 0o755);
  } catch (err) {
    throw new CliError(`failed to untar (mkdir): ${goMkdirAllError(check, target.cwd, err)}`);
  }
  // helm's Expand makes the chart's directory next: a file of that name stops it.
  const chartDir = ud === '.' ? chartName : posix.join(ud, chartName);
  const existing = statOrUndefined(resolve(target.cwd, chartDir));
  if (existing && !existing.isDirectory()) throw new CliError(`mkdir ${chartDir}: not a directory`);
  try {
    await extractChartArchive(bytes, resolve(target.cwd, ud));
  } catch (err) {
    if (err instanceof ArchiveError) throw new CliError(`failed to untar: ${err.message}`);
    throw err;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
