/**
 * `helmless pull`: downloads charts like `helm pull` — from a chart repository (`--repo`), an OCI
 * registry (`oci://`) or an archive URL — into a directory, optionally unpacked (`--untar`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { ArchiveError, extractChartArchive } from '../helm/archive.js';
import {
  closeSharedDispatchers,
  FetchError,
  ociPullMessage,
  type PullOptions,
  pullChart,
} from '../helm/fetch/index.js';
import { GO_PANIC_EXIT_CODE, GoPanic } from '../helm/go-panic.js';
import { defaultKeyring, ProvenanceError, type ProvenanceVerification, verifyProvenance } from '../helm/provenance.js';
import { CliError, type CliIO, type Command } from './io.js';

const USAGE = `Retrieve a package from a package repository, and download it locally.

This is useful for fetching packages to inspect, modify, or repackage. Downloads
go through a verified cache, so repeated pulls and --offline need no network.

There are options for unpacking the chart after download. This will create a
directory for the chart and uncompress into that directory.

Usage:
  helmless pull [chart URL | oci://REGISTRY/PATH/NAME | NAME --repo URL] [...] [flags]

Flags:
      --ca-file string             verify certificates of HTTPS-enabled servers using this CA bundle
      --cache-dir string           chart cache directory (default $HELMLESS_CACHE or ~/.cache/helmless)
      --cert-file string           identify HTTPS client using this SSL certificate file
  -d, --destination string         location to write the chart. If this and untardir are specified, untardir is appended to this (default ".")
      --devel                      use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored.
  -h, --help                       help for pull
      --insecure-skip-tls-verify   skip tls certificate checks for the chart download
      --key-file string            identify HTTPS client using this SSL key file
      --keyring string             location of public keys used for verification (default "~/.gnupg/pubring.gpg")
      --offline                    use only the cache; never touch the network
      --pass-credentials           pass credentials to all domains
      --password string            chart repository password where to locate the requested chart
      --plain-http                 use insecure HTTP connections for the chart download
      --repo string                chart repository url where to locate the requested chart
      --untar                      if set to true, will untar the chart after downloading it
      --untardir string            if untar is specified, this flag specifies the name of the directory into which the chart is expanded (default ".")
      --username string            chart repository username where to locate the requested chart
      --verify                     verify the package before using it
      --version string             specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used
`;

const BOOLEAN_FLAGS = new Set([
  'devel',
  'untar',
  'insecure-skip-tls-verify',
  'plain-http',
  'pass-credentials',
  'offline',
  'verify',
  'help',
]);
const STRING_FLAGS = new Set([
  'repo',
  'version',
  'destination',
  'untardir',
  'username',
  'password',
  'ca-file',
  'cert-file',
  'key-file',
  'keyring',
  'cache-dir',
]);
const SHORT: Record<string, string> = { d: 'destination', h: 'help' };

interface ParsedArgs {
  refs: string[];
  flags: Map<string, string | boolean>;
}

/** Parses `--flag value`, `--flag=value`, `-d value` and boolean flags (cobra's rules, simplified). */
function parseArgs(args: string[]): ParsedArgs {
  const refs: string[] = [];
  const flags = new Map<string, string | boolean>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      refs.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      refs.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const body = arg.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    let name = eq >= 0 ? body.slice(0, eq) : body;
    if (!long) {
      const full = SHORT[name];
      if (!full) throw new CliError(`unknown shorthand flag: '${name[0]}' in ${arg}`);
      name = full;
    }
    if (BOOLEAN_FLAGS.has(name)) {
      const value = eq >= 0 ? body.slice(eq + 1) : 'true';
      if (value !== 'true' && value !== 'false') {
        throw new CliError(
          `invalid argument "${value}" for "--${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
        );
      }
      flags.set(name, value === 'true');
    } else if (STRING_FLAGS.has(name)) {
      let value: string | undefined;
      if (eq >= 0) value = body.slice(eq + 1);
      else value = args[++i];
      if (value === undefined) throw new CliError(`flag needs an argument: --${name}`);
      flags.set(name, value);
    } else {
      throw new CliError(long ? `unknown flag: --${name}` : `unknown shorthand flag: '${name}' in ${arg}`);
    }
  }
  return { refs, flags };
}

export const pullCommand: Command = async (args: string[], io: CliIO): Promise<number> => {
  const { refs, flags } = parseArgs(args);
  if (flags.get('help')) {
    io.stdout(USAGE);
    return 0;
  }
  if (refs.length === 0) {
    throw new CliError(
      '"helmless pull" requires at least 1 argument\n\nUsage:  helmless pull [chart URL | oci://REGISTRY/PATH/NAME | NAME --repo URL] [...] [flags]',
    );
  }
  const str = (name: string) => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const bool = (name: string) => flags.get(name) === true;
  const username = str('username');
  const password = str('password');
  const destination = str('destination') ?? '.';
  const untardir = str('untardir') ?? '.';
  const options: PullOptions = {
    repo: str('repo'),
    version: str('version'),
    devel: bool('devel'),
    auth: username && password ? { username, password } : undefined,
    passCredentials: bool('pass-credentials'),
    caFile: str('ca-file') === undefined ? undefined : resolve(io.cwd, str('ca-file')!),
    certFile: str('cert-file') === undefined ? undefined : resolve(io.cwd, str('cert-file')!),
    keyFile: str('key-file') === undefined ? undefined : resolve(io.cwd, str('key-file')!),
    insecureSkipTlsVerify: bool('insecure-skip-tls-verify'),
    plainHttp: bool('plain-http'),
    cacheDir: str('cache-dir') === undefined ? undefined : resolve(io.cwd, str('cache-dir')!),
    offline: bool('offline'),
    env: io.env,
    onWarning: (m) => io.stderr(`Warning: ${m}\n`),
    provenance: bool('verify'),
  };
  const keyring = str('keyring') === undefined ? defaultKeyring(io.env) : resolve(io.cwd, str('keyring')!);

  try {
    for (const ref of refs) {
      let pulled: Awaited<ReturnType<typeof pullChart>>;
      try {
        pulled = await pullChart(ref, options);
      } catch (err) {
        if (err instanceof FetchError) {
          // helm reports an OCI chart's pull before failing to find its provenance.
          if (err.details.chart?.manifestDigest) io.stderr(ociPullMessage(err.details.chart));
          // helm's words, but for the versions a repository has, which pull lists and helm does not.
          throw new CliError(err.details.availableVersions ? err.message : (err.details.helmText ?? err.message));
        }
        // helm 3 dies of a null entry in an index; the pull follows helm 3's index rules.
        if (err instanceof GoPanic) throw new CliError(err.report().replace(/\n$/, ''), GO_PANIC_EXIT_CODE, true);
        throw err;
      }
      if (pulled.manifestDigest) io.stderr(ociPullMessage(pulled, options.provenance));
      // Verified before anything is written: a chart that fails verification leaves no file.
      let verified: ProvenanceVerification | undefined;
      if (options.provenance) {
        try {
          verified = await verifyProvenance(pulled.bytes, pulled.fileName, pulled.provenance!, keyring, 'helm4');
        } catch (err) {
          if (err instanceof ProvenanceError) throw new CliError(err.message);
          throw err;
        }
      }
      if (bool('untar')) {
        await untar(pulled.bytes, pulled.name, destination, untardir, io.cwd);
      } else {
        const path = join(resolve(io.cwd, destination), pulled.fileName);
        const shown = posix.join(destination, pulled.fileName);
        await saveArchive(pulled.bytes, path, shown);
        // helm keeps the provenance file beside the archive.
        if (verified) await saveArchive(Buffer.from(pulled.provenance!, 'utf8'), `${path}.prov`, `${shown}.prov`);
      }
      if (verified) {
        for (const identity of verified.signedBy) io.stdout(`Signed by: ${identity}\n`);
        io.stdout(`Using Key With Fingerprint: ${verified.fingerprint}\n`);
        io.stdout(`Chart Hash Verified: ${verified.fileHash}\n`);
      }
    }
  } finally {
    // Idle keep-alive sockets would otherwise hold the process open for seconds after the pull.
    await closeSharedDispatchers();
  }
  return 0;
};

/** Writes atomically (temp file + rename) like helm, so a failed pull leaves nothing behind. */
async function saveArchive(bytes: Uint8Array, path: string, shown: string): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { mode: 0o644 });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`open ${shown}: no such file or directory`);
    if (code === 'EACCES') throw new CliError(`open ${shown}: permission denied`);
    throw new CliError(`open ${shown}: ${(err as Error).message}`);
  }
}

/** helm 4's --untar: `<destination>/<untardir>/<chart>`, refusing to overwrite an existing one. */
async function untar(
  bytes: Uint8Array,
  chartName: string,
  destination: string,
  untardir: string,
  cwd: string,
): Promise<void> {
  const ud = isAbsolute(untardir) ? untardir : posix.join(destination, untardir);
  const check = posix.join(ud, chartName);
  if (existsSync(resolve(cwd, check))) {
    throw new CliError(`failed to untar: a file or directory with the name ${check} already exists`);
  }
  try {
    await extractChartArchive(bytes, resolve(cwd, ud));
  } catch (err) {
    if (err instanceof ArchiveError) throw new CliError(`failed to untar: ${err.message}`);
    throw err;
  }
}
