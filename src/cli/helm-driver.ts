/**
 * `$HELM_DRIVER`: before running a command helm sets up its release storage with the named driver
 * and stops with a log line (log.Fatal: helm 3's `helm.go:N:` prefix, helm 4's slog INFO record)
 * when it cannot. `helm template` keeps no releases, so a driver that sets up has no effect on the
 * render; what helmless reproduces is the failures.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { YamlReadError, yamlUnmarshal } from '../codec/yaml-read.js';
import { goReadFileError } from '../go-errors.js';
import { decodeInput } from '../gotemplate/gostring.js';
import { quote } from '../gotemplate/strconv.js';
import { HelmLog } from '../helm/helm-log.js';
import type { Compat } from '../helm/objects.js';
import { CliError, type CliIO } from './io.js';

/** Drivers that set up without touching anything (secrets and config maps are reached lazily). */
const LAZY_DRIVERS = ['', 'secret', 'secrets', 'configmap', 'configmaps'];

/** Sets up the release storage as helm does at start-up; throws helm's fatal line as a bare CliError. */
export function initReleaseStorage(io: CliIO, compat: Compat): void {
  const driver = io.env.HELM_DRIVER ?? '';
  if (LAZY_DRIVERS.includes(driver)) return;
  if (driver === 'memory') loadMemoryDriverData(io, compat);
  else if (driver === 'sql') {
    throw new CliError(
      'HELM_DRIVER=sql is not supported by helmless: helm connects to the PostgreSQL server of $HELM_DRIVER_SQL_CONNECTION_STRING and sets up its tables before rendering',
    );
  } else fatal(compat, 78, `unknown driver ${quote(driver)}`);
}

/**
 * helm's loadReleasesInMemory: each file of `$HELM_MEMORY_DRIVER_DATA` (a `:` list) is read and
 * decoded as a YAML list of releases. Release entries themselves are not decoded here (see README).
 */
function loadMemoryDriverData(io: CliIO, compat: Compat): void {
  const releaseType = compat === 'helm3' ? 'release.Release' : 'v1.Release';
  for (const path of (io.env.HELM_MEMORY_DRIVER_DATA ?? '').split(':')) {
    let text: string;
    try {
      // os.ReadFile("") opens nothing (resolving '' would read the working directory).
      if (path === '') throw Object.assign(new Error(), { code: 'ENOENT' });
      text = decodeInput(readFileSync(resolve(io.cwd, path)));
    } catch (e) {
      // log.Fatal("…data", err): Print puts no space after a string operand.
      fatal(compat, 116, `Unable to read memory driver data${goReadFileError(path, e)}`);
    }
    const unmarshalError = releaseListError(text, releaseType);
    if (unmarshalError) fatal(compat, 121, `Unable to unmarshal memory driver data: ${unmarshalError}`);
  }
}

/**
 * sigs.k8s.io/yaml's error for the file decoded into `[]*Release`, as far as it does not depend on
 * the release fields: YAML errors, a document that is no list, and a first entry that is no object.
 */
function releaseListError(text: string, releaseType: string): string | undefined {
  let doc: unknown;
  try {
    doc = yamlUnmarshal(text);
  } catch (e) {
    if (e instanceof YamlReadError) return e.message;
    throw e;
  }
  const cannot = (v: unknown, type: string) =>
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${type}`;
  if (doc === null) return undefined;
  if (!Array.isArray(doc)) return cannot(doc, `[]*${releaseType}`);
  for (const entry of doc) {
    if (entry === null) continue;
    // An object's own errors come first, and they depend on the release fields.
    if (entry instanceof Map) return undefined;
    return cannot(entry, releaseType);
  }
  return undefined;
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'object';
  return 'number';
}

/** log.Fatal at `helm.go:<line>` (helm 3), an INFO record (helm 4); exit status 1. */
function fatal(compat: Compat, line: number, msg: string): never {
  const log = new HelmLog(compat);
  log.printf('helm.go', line, msg);
  throw new CliError(log.lines.join('\n'), 1, true);
}
