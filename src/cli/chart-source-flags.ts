/**
 * What `template`, `images` and `pull` share to find and fetch a chart: the `--compat` choice, helm's
 * chart-location flags (its ChartPathOptions, with helm's help texts) plus helmless's cache flags,
 * and how their values become pull options and helm's log lines.
 */
import { resolve } from 'node:path';
import type { PullOptions, WarningDetail } from '../helm/fetch/index.js';
import { HelmLog } from '../helm/helm-log.js';
import type { Compat } from '../helm/objects.js';
import { defaultKeyring } from '../helm/provenance.js';
import type { FlagSpec, ParsedFlags } from './flags.js';
import { CliError, type CliIO } from './io.js';

export const COMPAT_FLAG: FlagSpec = {
  name: 'compat',
  type: 'string',
  help: 'which helm to reproduce: helm4 (4.1) or helm3 (3.17)',
  defaultText: '"helm4"',
};

export const CHART_SOURCE_FLAGS: readonly FlagSpec[] = [
  { name: 'ca-file', type: 'string', help: 'verify certificates of HTTPS-enabled servers using this CA bundle' },
  { name: 'cache-dir', type: 'string', help: 'chart cache directory (default $HELMLESS_CACHE or ~/.cache/helmless)' },
  { name: 'cert-file', type: 'string', help: 'identify HTTPS client using this SSL certificate file' },
  {
    name: 'devel',
    type: 'bool',
    help: "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored.",
  },
  { name: 'insecure-skip-tls-verify', type: 'bool', help: 'skip tls certificate checks for the chart download' },
  { name: 'key-file', type: 'string', help: 'identify HTTPS client using this SSL key file' },
  {
    name: 'keyring',
    type: 'string',
    help: 'location of public keys used for verification',
    defaultText: '"~/.gnupg/pubring.gpg"',
  },
  { name: 'offline', type: 'bool', help: 'use only the cache; never touch the network' },
  { name: 'pass-credentials', type: 'bool', help: 'pass credentials to all domains' },
  { name: 'password', type: 'string', help: 'chart repository password where to locate the requested chart' },
  { name: 'plain-http', type: 'bool', help: 'use insecure HTTP connections for the chart download' },
  { name: 'repo', type: 'string', help: 'chart repository url where to locate the requested chart' },
  { name: 'username', type: 'string', help: 'chart repository username where to locate the requested chart' },
  { name: 'verify', type: 'bool', help: 'verify the package before using it' },
  {
    name: 'version',
    type: 'string',
    help:
      'specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) ' +
      'or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used',
  },
];

/**
 * The last `--compat` value before any `--` (default helm4). It decides which flags exist, so it is
 * read before the flags are parsed.
 */
export function compatOf(args: string[]): Compat {
  let compat = 'helm4';
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--compat' && i + 1 < args.length) compat = args[++i]!;
    else if (args[i]!.startsWith('--compat=')) compat = args[i]!.slice('--compat='.length);
  }
  if (compat !== 'helm3' && compat !== 'helm4') {
    throw new CliError(`invalid argument "${compat}" for "--compat" flag: must be helm3 or helm4`);
  }
  return compat;
}

/** The credential, TLS, plain-HTTP and registry-config flags as pull options. */
export function connectionOptions(flags: ParsedFlags, io: CliIO): PullOptions {
  const username = flags.strings.get('username');
  const password = flags.strings.get('password');
  const registryConfig = flags.strings.get('registry-config');
  return {
    // helm sends credentials only when both are given (its getters and registry client check both).
    auth: username && password ? { username, password } : undefined,
    caFile: flags.strings.get('ca-file'),
    certFile: flags.strings.get('cert-file'),
    keyFile: flags.strings.get('key-file'),
    insecureSkipTlsVerify: flags.bools.get('insecure-skip-tls-verify'),
    plainHttp: flags.bools.get('plain-http'),
    passCredentials: flags.bools.get('pass-credentials'),
    registryConfig: registryConfig === undefined ? undefined : resolve(io.cwd, registryConfig),
  };
}

/** `--keyring`, or gpg's default public keyring. */
export function keyringOf(flags: ParsedFlags, io: CliIO): string {
  const given = flags.strings.get('keyring');
  return given === undefined ? defaultKeyring(io.env) : resolve(io.cwd, given);
}

/** A fetch warning printed as helm logs it (helm 3: Go's `log` with file:line; helm 4: slog). */
export function logFetchWarning(message: string, detail: WarningDetail | undefined, compat: Compat, io: CliIO): void {
  const log = new HelmLog(compat);
  if (detail?.kind === 'skipped-index-entry') {
    log.warn({ file: 'index.go', line: detail.emptyEntry ? 359 : 370, msg: message }, { msg: message, attrs: [] });
  } else if (detail?.kind === 'version-fallback') {
    log.warn({ file: 'index.go', line: 0, msg: message }, { msg: message, attrs: detail.attrs });
  }
  for (const l of log.lines) io.stderr(`${l}\n`);
}
