/**
 * The flags `helm template` takes from `helm install` and from helm's global flags, which a render
 * without a cluster ignores: waiting, timeouts, labels, Kubernetes connection settings and so on.
 * helm accepts them, checks their values and renders; so does helmless, with helm's messages. Each
 * helm version has its own set (helm 4 renamed and added some, and deprecated `--atomic`/`--force`).
 */

import { quote } from '../gotemplate/strconv.js';
import type { Compat } from '../helm/objects.js';
import { type FlagSpec, type ParsedFlags, parseGoBool } from './flags.js';
import { CliError, type CliIO } from './io.js';

interface InstallFlag extends FlagSpec {
  /** Only this helm knows the flag; the other reports it unknown. */
  only?: Compat;
}

/** helm 4 prints `Flag --x has been deprecated, <why>` for each of these it is given. */
const DEPRECATED_IN_HELM4: Record<string, string> = {
  atomic: 'use --rollback-on-failure instead',
  force: 'use --force-replace instead',
  validate: "use '--dry-run=server' instead",
};

const IGNORED = 'accepted for helm compatibility; no effect without a cluster';

const WAIT_STRATEGIES = ['watcher', 'hookOnly', 'legacy'];

export const INSTALL_FLAGS: readonly InstallFlag[] = [
  { name: 'atomic', type: 'bool', help: IGNORED },
  { name: 'burst-limit', type: 'int', help: IGNORED },
  { name: 'color', type: 'string', help: IGNORED, only: 'helm4' },
  { name: 'colour', type: 'string', help: IGNORED, only: 'helm4' },
  { name: 'content-cache', type: 'string', help: IGNORED, only: 'helm4' },
  { name: 'create-namespace', type: 'bool', help: IGNORED },
  { name: 'description', type: 'string', help: IGNORED },
  { name: 'disable-openapi-validation', type: 'bool', help: IGNORED },
  { name: 'dry-run', type: 'string', help: 'accepted for helm compatibility ("client"; "server" needs a cluster)' },
  { name: 'enable-dns', type: 'bool', help: IGNORED },
  { name: 'force', type: 'bool', help: IGNORED },
  { name: 'force-conflicts', type: 'bool', help: IGNORED, only: 'helm4' },
  { name: 'force-replace', type: 'bool', help: IGNORED, only: 'helm4' },
  { name: 'hide-notes', type: 'bool', help: IGNORED },
  { name: 'kube-apiserver', type: 'string', help: IGNORED },
  { name: 'kube-as-group', type: 'stringArray', help: IGNORED },
  { name: 'kube-as-user', type: 'string', help: IGNORED },
  { name: 'kube-ca-file', type: 'string', help: IGNORED },
  { name: 'kube-context', type: 'string', help: 'kubeconfig context whose namespace is the default namespace' },
  { name: 'kube-insecure-skip-tls-verify', type: 'bool', help: IGNORED },
  { name: 'kube-tls-server-name', type: 'string', help: IGNORED },
  { name: 'kube-token', type: 'string', help: IGNORED },
  { name: 'kubeconfig', type: 'string', help: 'kubeconfig file whose context namespace is the default namespace' },
  { name: 'labels', short: 'l', type: 'stringToString', help: IGNORED },
  { name: 'post-renderer-args', type: 'stringArray', help: IGNORED },
  { name: 'qps', type: 'float32', help: IGNORED },
  { name: 'registry-config', type: 'string', help: 'path to the registry config file (OCI registry credentials)' },
  { name: 'render-subchart-notes', type: 'bool', help: IGNORED },
  { name: 'replace', type: 'bool', help: IGNORED },
  { name: 'repository-cache', type: 'string', help: IGNORED },
  { name: 'repository-config', type: 'string', help: IGNORED },
  { name: 'rollback-on-failure', type: 'bool', help: IGNORED, only: 'helm4' },
  { name: 'server-side', type: 'bool', help: IGNORED, only: 'helm4' },
  { name: 'take-ownership', type: 'bool', help: IGNORED },
  { name: 'timeout', type: 'duration', help: IGNORED },
  { name: 'wait', type: 'string', help: IGNORED },
  { name: 'wait-for-jobs', type: 'bool', help: IGNORED },
];

/**
 * The flags' specs for the parser, for one helm: the other helm's own flags are left out, so they
 * are unknown flags as there. `--wait` and `--dry-run` take an optional value whose meaning
 * depends on the helm; {@link checkParsedFlagValues} and {@link checkDryRun} check them.
 */
export function installFlagSpecs(compat: Compat): FlagSpec[] {
  return INSTALL_FLAGS.filter((f) => f.only === undefined || f.only === compat).map((f) =>
    f.name === 'dry-run' || f.name === 'wait' ? { ...f, noOptValue: '' } : f,
  );
}

/** helm's global flags among them: every helm command takes these (`pull` too). */
const GLOBAL_FLAGS = new Set([
  'burst-limit',
  'color',
  'colour',
  'content-cache',
  'kube-apiserver',
  'kube-as-group',
  'kube-as-user',
  'kube-ca-file',
  'kube-context',
  'kube-insecure-skip-tls-verify',
  'kube-tls-server-name',
  'kube-token',
  'kubeconfig',
  'qps',
  'registry-config',
  'repository-cache',
  'repository-config',
]);

/** The specs of helm's global flags for one helm (`--debug` and `-n` aside, which commands own). */
export function globalFlagSpecs(compat: Compat): FlagSpec[] {
  return installFlagSpecs(compat).filter((f) => GLOBAL_FLAGS.has(f.name));
}

/** helm 4's deprecation notices for the flags given, in their order (printed as flags are parsed). */
export function printDeprecations(flags: ParsedFlags, compat: Compat, io: CliIO): void {
  if (compat !== 'helm4') return;
  for (const name of flags.seen) {
    const why = DEPRECATED_IN_HELM4[name];
    if (why !== undefined) io.stderr(`Flag --${name} has been deprecated, ${why}\n`);
  }
}

/**
 * helm's own checks of these flags for `compat` made while it parses them (before it sets up the
 * release storage), printing its warnings on stderr. Throws CliError where helm fails.
 */
export function checkParsedFlagValues(flags: ParsedFlags, compat: Compat, io: CliIO): void {
  if (compat === 'helm4') {
    for (const name of ['color', 'colour']) {
      const mode = flags.strings.get(name);
      if (mode !== undefined && !['never', 'auto', 'always'].includes(mode)) {
        const error = `invalid color mode ${quote(mode)}: must be one of: never, auto, always`;
        throw new CliError(`level=WARN msg="command failed" error=${quote(error)}`, 1, true);
      }
    }
  }
  const wait = flags.strings.get('wait');
  if (wait !== undefined) checkWait(wait, compat, io);
}

/** helm 4's mutually exclusive flags (cobra checks them before the command runs). */
export function checkFlagGroups(flags: ParsedFlags, compat: Compat): void {
  if (compat !== 'helm4') return;
  const both = ['force-conflicts', 'force-replace'].filter((n) => flags.bools.has(n));
  if (both.length === 2) {
    throw new CliError(
      `if any flags in the group [force-replace force-conflicts] are set none of the others can be; [${both.sort().join(' ')}] were all set`,
    );
  }
}

/** `--dry-run`'s value, checked when the command runs (helm 4 early, helm 3 once the chart is loaded). */
export function checkDryRun(flags: ParsedFlags, compat: Compat, io: CliIO): void {
  const dryRun = flags.strings.get('dry-run');
  if (dryRun !== undefined) checkDryRunValue(dryRun, compat, io);
}

/** helm 3's `--wait` is a bool; helm 4's a strategy, `watcher` when bare. */
function checkWait(value: string, compat: Compat, io: CliIO): void {
  const display = '"--wait"';
  if (compat === 'helm3') {
    if (value === '' || parseGoBool(value) !== undefined) return;
    throw new CliError(
      `invalid argument ${quote(value)} for ${display} flag: strconv.ParseBool: parsing ${quote(value)}: invalid syntax`,
    );
  }
  if (value === '' || WAIT_STRATEGIES.includes(value)) return;
  if (value === 'true' || value === 'false') {
    const strategy = value === 'true' ? 'watcher' : 'hookOnly';
    io.stderr(
      `level=WARN msg="--wait=${value} is deprecated (boolean value) and can be replaced with --wait=${strategy}"\n`,
    );
    return;
  }
  throw new CliError(
    `invalid argument ${quote(value)} for ${display} flag: invalid wait input ${quote(value)}. Valid inputs are watcher, hookOnly, and legacy`,
  );
}

/** `--dry-run`: a bare flag means "client" in helm 3 and is deprecated in helm 4. */
function checkDryRunValue(value: string, compat: Compat, io: CliIO): void {
  if (compat === 'helm3') {
    if (['', 'false', 'true', 'none', 'client', 'server'].includes(value)) return;
    throw new CliError('Invalid dry-run flag. Flag must one of the following: false, true, none, client, server');
  }
  if (value === '') {
    io.stderr(`level=WARN msg="--dry-run is deprecated and should be replaced with '--dry-run=client'"\n`);
  } else if (value === 'true') {
    io.stderr(
      `level=WARN msg="boolean '--dry-run=true' flag is deprecated and must be replaced with '--dry-run=client'"\n`,
    );
  } else if (value === 'server') {
    throw new CliError('--dry-run=server needs a Kubernetes cluster and is not supported by helmless');
  } else if (value === 'none' || value === 'false') {
    throw new CliError(`invalid dry-run value (${quote(value)}). Must be "server" or "client"`);
  } else if (value !== 'client') {
    throw new CliError(`invalid dry-run value (${quote(value)}). Must be "none", "server", or "client"`);
  }
}
