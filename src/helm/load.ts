/**
 * Chart loading as helm's pkg/chart/loader does it: from a directory (with .helmignore) or a .tgz,
 * Chart.yaml (apiVersion v1/v2, v1 requirements.yaml), values.yaml, templates, other files and
 * subcharts in charts/ (directories and tarballs, nested to any depth).
 */
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GoYamlError, YInt, YMap, type YValue, yamlV2Unmarshal } from '../codec/yaml-decode.js';
import { formatFloat32, readValuesFile, YamlReadError } from '../codec/yaml-read.js';
import { compareGoStrings, type GoMap, type GoValue } from '../gotemplate/value.js';
import { parseVersion } from '../sprig/semver.js';
import { readChartArchive } from './archive.js';
import type { Chart, ChartDependency, ChartFile, ChartMetadata, Maintainer } from './chart.js';
import type { HelmLog } from './helm-log.js';
import { IgnoreRules } from './ignore.js';

/** helm's MaxDecompressedFileSize. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface LoadOptions {
  compat?: 'helm3' | 'helm4';
  /** Receives the loader's log lines (deprecation warnings for v2 charts). */
  log?: HelmLog;
}

/** A chart that cannot be loaded; `message` is helm's text (printed after `Error: `). */
export class ChartLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartLoadError';
  }
}

const REQUIREMENTS_WARNING =
  'Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.';
const LOCK_WARNING =
  'Warning: Dependency locking is handled in Chart.lock since apiVersion "v2". We recommend migrating to Chart.lock.';

/** Loads a chart from a directory path, a .tgz path, or .tgz bytes. */
export async function loadChart(source: string | Uint8Array, options: LoadOptions = {}): Promise<Chart> {
  if (typeof source !== 'string') return loadArchive(source, options);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(source);
  } catch {
    throw new ChartLoadError(`path "${source}" not found`);
  }
  if (info.isDirectory()) return loadDir(source, options);
  const bytes = await readFile(source);
  return loadArchive(bytes, options);
}

/** Loads a chart archive held in memory. */
export async function loadArchive(bytes: Uint8Array, options: LoadOptions = {}): Promise<Chart> {
  let files: { path: string; data: Uint8Array }[];
  try {
    files = await readChartArchive(bytes);
  } catch (e) {
    throw new ChartLoadError((e as Error).message);
  }
  return loadFiles(
    files.map((f) => ({ name: f.path, data: f.data })),
    options,
  );
}

/** Loads an unpacked chart directory, honouring its .helmignore. */
export async function loadDir(dir: string, options: LoadOptions = {}): Promise<Chart> {
  const top = await realpath(dir);
  let rules = IgnoreRules.empty();
  try {
    const text = await readFile(join(top, '.helmignore'), 'utf8');
    rules = IgnoreRules.parse(text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ChartLoadError((e as Error).message);
  }
  rules.addDefaults();
  const files: ChartFile[] = [];
  await walk(top, '', rules, files, new Set());
  return loadFiles(files, options);
}

async function walk(abs: string, rel: string, rules: IgnoreRules, out: ChartFile[], seen: Set<string>): Promise<void> {
  const entries = (await readdir(abs)).sort(compareGoStrings);
  for (const name of entries) {
    const path = join(abs, name);
    const relPath = rel ? `${rel}/${name}` : name;
    // Follow symlinks like helm's sympath.Walk, guarding against cycles.
    let info = await lstat(path);
    if (info.isSymbolicLink()) {
      const target = await realpath(path).catch(() => undefined);
      if (!target) throw new ChartLoadError(`error resolving symlink ${path}`);
      info = await stat(target);
      if (info.isDirectory()) {
        if (seen.has(target)) continue;
        seen.add(target);
      }
    }
    if (info.isDirectory()) {
      if (rules.ignores(relPath, true)) continue;
      await walk(path, relPath, rules, out, seen);
      continue;
    }
    if (rules.ignores(relPath, false)) continue;
    if (!info.isFile())
      throw new ChartLoadError(`cannot load irregular file ${path} as it has file mode type bits set`);
    if (info.size > MAX_FILE_BYTES) {
      throw new ChartLoadError(`chart file "${name}" is larger than the maximum file size ${MAX_FILE_BYTES}`);
    }
    let data: Uint8Array = await readFile(path);
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    out.push({ name: relPath, data });
  }
}

function decode(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
}

/** helm's loader.LoadFiles: builds a chart from its files (names relative to the chart root). */
export async function loadFiles(files: ChartFile[], options: LoadOptions = {}): Promise<Chart> {
  const compat = options.compat ?? 'helm4';
  let metadata: ChartMetadata | undefined;
  for (const f of files) {
    if (f.name === 'Chart.yaml') {
      metadata = parseMetadata(decode(f.data), 'Chart.yaml', metadata);
      if (!metadata.apiVersion) metadata.apiVersion = 'v1';
    }
  }
  const chart: Chart = {
    metadata: metadata ?? ({} as ChartMetadata),
    values: new Map(),
    templates: [],
    files: [],
    dependencies: [],
  };
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    const name = f.name;
    if (name === 'Chart.yaml') continue;
    if (name === 'Chart.lock') continue;
    if (name === 'requirements.lock') {
      if (!metadata) metadata = chart.metadata = {} as ChartMetadata;
      if (chart.metadata.apiVersion !== 'v1') options.log?.printf('load.go', 138, LOCK_WARNING);
      else chart.files.push(f);
      continue;
    }
    if (name === 'values.yaml') {
      chart.rawValues = f.data;
      chart.values = loadValuesFile(decode(f.data), compat, 'cannot load values.yaml: ');
      continue;
    }
    if (name === 'values.schema.json') {
      chart.schema = f.data;
      continue;
    }
    if (name === 'requirements.yaml') {
      if (!metadata) metadata = chart.metadata = {} as ChartMetadata;
      if (chart.metadata.apiVersion !== 'v1') options.log?.printf('load.go', 120, REQUIREMENTS_WARNING);
      chart.metadata = parseMetadata(decode(f.data), 'requirements.yaml', chart.metadata);
      if (chart.metadata.apiVersion === 'v1') chart.files.push(f);
      continue;
    }
    if (name.startsWith('templates/')) {
      chart.templates.push(f);
      continue;
    }
    if (name.startsWith('charts/')) {
      if (name.endsWith('.prov')) {
        chart.files.push(f);
        continue;
      }
      const rest = name.slice('charts/'.length);
      const cname = rest.split('/', 1)[0]!;
      let list = subcharts.get(cname);
      if (!list) subcharts.set(cname, (list = []));
      list.push({ name: rest, data: f.data });
      continue;
    }
    chart.files.push(f);
  }
  if (!metadata) throw new ChartLoadError('Chart.yaml file is missing');
  validateMetadata(chart.metadata, compat);
  for (const [n, subFiles] of [...subcharts].sort(([a], [b]) => compareGoStrings(a, b))) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    const archive = n.endsWith('.tgz') ? subFiles[0]! : undefined;
    if (archive !== undefined && archive.name !== n) {
      throw new ChartLoadError(
        `error unpacking subchart tar in ${chart.metadata.name}: expected ${n}, got ${archive.name}`,
      );
    }
    let sub: Chart;
    try {
      if (archive !== undefined) {
        sub = await loadArchive(archive.data, options);
      } else {
        const inner: ChartFile[] = [];
        for (const f of subFiles) {
          const slash = f.name.indexOf('/');
          if (slash < 0) continue;
          inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        sub = await loadFiles(inner, options);
      }
    } catch (e) {
      throw new ChartLoadError(`error unpacking subchart ${n} in ${chart.metadata.name}: ${(e as Error).message}`);
    }
    sub.parent = chart;
    chart.dependencies.push(sub);
  }
  return chart;
}

/** Parses a values file like helm (values.yaml, `-f` files); errors get helm's prefix. */
export function loadValuesFile(text: string, compat: 'helm3' | 'helm4', prefix: string): GoMap {
  try {
    return readValuesFile(text, compat);
  } catch (e) {
    if (e instanceof YamlReadError) throw new ChartLoadError(`${prefix}${e.message}`);
    if (e instanceof GoYamlError) throw new ChartLoadError(`${prefix}error reading yaml document: ${e.message}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Chart.yaml → chart.Metadata (sigs.k8s.io/yaml into a struct: scalars stringified for string fields)

function scalarToString(v: YValue, field: string, file: string): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatFloat32(v);
  if (v instanceof YInt) return v.v.toString();
  const kind = Array.isArray(v) ? 'array' : 'object';
  throw new ChartLoadError(
    `cannot load ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go struct field ${field} of type string`,
  );
}

function stringList(v: YValue, field: string, file: string): string[] | undefined {
  if (v === null) return undefined;
  if (!Array.isArray(v)) {
    throw new ChartLoadError(
      `cannot load ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${typeof v === 'string' ? 'string' : 'object'} into Go struct field ${field} of type []string`,
    );
  }
  return v.map((x) => scalarToString(x, field, file));
}

/** Looks a key up like encoding/json: exact match first, then case-insensitive. */
function entriesOf(m: YMap): Array<[string, YValue]> {
  const out: Array<[string, YValue]> = [];
  for (const { key, value } of m.entries.values()) {
    if (typeof key === 'string') out.push([key, value]);
    else if (key !== null && typeof key !== 'object') out.push([String(key), value]);
    else if (key instanceof YInt) out.push([key.v.toString(), value]);
  }
  return out;
}

function field(entries: Array<[string, YValue]>, name: string): YValue | undefined {
  let found: YValue | undefined;
  let exact = false;
  for (const [k, v] of entries) {
    if (k === name) {
      found = v;
      exact = true;
    } else if (!exact && k.toLowerCase() === name.toLowerCase()) found = v;
  }
  return found;
}

function yamlToGoLoose(v: YValue): GoValue {
  if (v instanceof YMap) {
    const m: GoMap = new Map();
    for (const [k, x] of entriesOf(v)) m.set(k, yamlToGoLoose(x));
    return m;
  }
  if (Array.isArray(v)) return v.map(yamlToGoLoose);
  if (v instanceof YInt) return Number(v.v);
  return v;
}

function parseDependencies(v: YValue, file: string): ChartDependency[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v)) return undefined;
  return v.map((d) => {
    if (!(d instanceof YMap)) return null as unknown as ChartDependency;
    const e = entriesOf(d);
    const s = (name: string) => {
      const x = field(e, name);
      return x === undefined ? undefined : scalarToString(x, `Dependency.${name}`, file);
    };
    const dep: ChartDependency = { name: s('name') ?? '' };
    const version = s('version');
    if (version !== undefined) dep.version = version;
    const repository = s('repository');
    if (repository !== undefined) dep.repository = repository;
    const condition = s('condition');
    if (condition !== undefined) dep.condition = condition;
    const tags = field(e, 'tags');
    if (tags !== undefined) dep.tags = stringList(tags, 'Dependency.tags', file);
    const enabled = field(e, 'enabled');
    if (typeof enabled === 'boolean') dep.enabled = enabled;
    const iv = field(e, 'import-values');
    if (Array.isArray(iv)) {
      dep.importValues = iv.map((x) => {
        if (x instanceof YMap) {
          const xe = entriesOf(x);
          const child = field(xe, 'child');
          const parent = field(xe, 'parent');
          return {
            child: child === undefined ? '' : scalarToString(child, 'child', file),
            parent: parent === undefined ? '' : scalarToString(parent, 'parent', file),
          };
        }
        return typeof x === 'string' ? x : (yamlToGoLoose(x) as string);
      });
    }
    const alias = s('alias');
    if (alias !== undefined) dep.alias = alias;
    return dep;
  });
}

/** Parses Chart.yaml (or requirements.yaml) into metadata, on top of `base` when given. */
export function parseMetadata(text: string, file: string, base?: ChartMetadata): ChartMetadata {
  let y: YValue | undefined;
  try {
    y = yamlV2Unmarshal(text);
  } catch (e) {
    if (e instanceof GoYamlError)
      throw new ChartLoadError(`cannot load ${file}: error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  const md: ChartMetadata = base ? { ...base } : ({} as ChartMetadata);
  if (y === undefined || y === null) return md;
  if (!(y instanceof YMap)) {
    const kind = Array.isArray(y)
      ? 'array'
      : typeof y === 'string'
        ? 'string'
        : typeof y === 'boolean'
          ? 'bool'
          : 'number';
    throw new ChartLoadError(
      `cannot load ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type chart.Metadata`,
    );
  }
  const e = entriesOf(y);
  const str = (name: keyof ChartMetadata, goName: string) => {
    const v = field(e, name);
    if (v !== undefined) (md as any)[name] = scalarToString(v, `Metadata.${goName}`, file);
  };
  str('name', 'name');
  str('home', 'home');
  str('version', 'version');
  str('description', 'description');
  str('icon', 'icon');
  str('apiVersion', 'apiVersion');
  str('condition', 'condition');
  str('tags', 'tags');
  str('appVersion', 'appVersion');
  str('kubeVersion', 'kubeVersion');
  str('type', 'type');
  const sources = field(e, 'sources');
  if (sources !== undefined) md.sources = stringList(sources, 'Metadata.sources', file);
  const keywords = field(e, 'keywords');
  if (keywords !== undefined) md.keywords = stringList(keywords, 'Metadata.keywords', file);
  const deprecated = field(e, 'deprecated');
  if (typeof deprecated === 'boolean') md.deprecated = deprecated;
  const annotations = field(e, 'annotations');
  if (annotations instanceof YMap) {
    md.annotations = {};
    for (const [k, v] of entriesOf(annotations)) md.annotations[k] = scalarToString(v, 'Metadata.annotations', file);
  }
  const maintainers = field(e, 'maintainers');
  if (Array.isArray(maintainers)) {
    md.maintainers = maintainers.map((m) => {
      if (!(m instanceof YMap)) return null as unknown as Maintainer;
      const me = entriesOf(m);
      const out: Maintainer = {};
      for (const k of ['name', 'email', 'url'] as const) {
        const v = field(me, k);
        if (v !== undefined) out[k] = scalarToString(v, `Maintainer.${k}`, file);
      }
      return out;
    });
  }
  const deps = field(e, 'dependencies');
  if (deps !== undefined) md.dependencies = parseDependencies(deps, file);
  return md;
}

/** unicode.IsSpace → ' ', non-printable removed (helm's sanitizeString). */
function sanitize(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  let out = '';
  for (const ch of s) {
    if (/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch)) out += ' ';
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
  }
  return out;
}

class ValidationError extends ChartLoadError {
  constructor(message: string) {
    super(`validation: ${message}`);
  }
}

/** chart.Metadata.Validate (and helm 4's apiVersion check). */
export function validateMetadata(md: ChartMetadata, compat: 'helm3' | 'helm4'): void {
  for (const k of ['name', 'description', 'home', 'icon', 'condition', 'tags', 'appVersion', 'kubeVersion'] as const) {
    if (md[k] !== undefined) (md as any)[k] = sanitize(md[k] as string);
  }
  if (md.sources) md.sources = md.sources.map((s) => sanitize(s)!);
  if (md.keywords) md.keywords = md.keywords.map((s) => sanitize(s)!);
  if (!md.apiVersion) throw new ValidationError('chart.metadata.apiVersion is required');
  if (!md.name) throw new ValidationError('chart.metadata.name is required');
  if (md.name !== md.name.slice(md.name.lastIndexOf('/') + 1) || md.name === '.' || md.name === '..') {
    throw new ValidationError(`chart.metadata.name "${md.name}" is invalid`);
  }
  if (!md.version) throw new ValidationError('chart.metadata.version is required');
  try {
    parseVersion(md.version);
  } catch {
    throw new ValidationError(`chart.metadata.version "${md.version}" is invalid`);
  }
  if (md.type && md.type !== 'application' && md.type !== 'library') {
    throw new ValidationError('chart.metadata.type must be application or library');
  }
  if (compat === 'helm4' && md.apiVersion !== 'v1' && md.apiVersion !== 'v2') {
    throw new ChartLoadError('invalid chart apiVersion');
  }
  for (const m of md.maintainers ?? []) {
    if (m === null) throw new ValidationError('maintainers must not contain empty or null nodes');
    m.name = sanitize(m.name);
    m.email = sanitize(m.email);
    m.url = sanitize(m.url);
  }
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    if (d === null) throw new ValidationError('dependencies must not contain empty or null nodes');
    d.name = sanitize(d.name) ?? '';
    if (d.version !== undefined) d.version = sanitize(d.version);
    if (d.repository !== undefined) d.repository = sanitize(d.repository);
    if (d.condition !== undefined) d.condition = sanitize(d.condition);
    if (d.tags) d.tags = d.tags.map((t) => sanitize(t)!);
    if (d.alias && !/^[a-zA-Z0-9_-]+$/.test(d.alias)) {
      throw new ValidationError(`dependency "${d.name}" has disallowed characters in the alias`);
    }
    const key = d.alias || d.name;
    if (seen.has(key)) throw new ValidationError(`more than one dependency with name or alias "${key}"`);
    seen.add(key);
  }
}
