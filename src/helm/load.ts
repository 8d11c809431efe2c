/**
 * Chart loading as helm's pkg/chart/loader does it: from a directory (with .helmignore) or a .tgz,
 * Chart.yaml (apiVersion v1/v2, v1 requirements.yaml), values.yaml, templates, other files and
 * subcharts in charts/ (directories and tarballs, nested to any depth).
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GoYamlError } from '../codec/yaml-decode.js';
import { readValuesFile, YamlReadError } from '../codec/yaml-read.js';
import { goPathError, goReadFileError } from '../go-errors.js';
import { bytesToString } from '../gotemplate/gostring.js';
import { compareGoStrings, type GoMap } from '../gotemplate/value.js';
import { parseVersion } from '../sprig/semver.js';
import { readChartArchive } from './archive.js';
import type { Chart, ChartFile, ChartMetadata } from './chart.js';
import { ChartYamlError, chartBaseApiVersion, checkLock, parseMetadata } from './chart-yaml.js';
import { EvalSymlinksError, evalSymlinks } from './eval-symlinks.js';
import type { HelmLog } from './helm-log.js';
import { IgnoreRules } from './ignore.js';

/** helm's MaxDecompressedFileSize. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * Bounds of a chart directory walk, as archives have theirs. helm walks a linked directory under the
 * link's own path, so a link loop reads the chart's files ~40 times before the kernel refuses the
 * path; an untrusted directory must not make that gigabytes.
 */
const DEFAULT_WALK_LIMITS = { entries: 100_000, bytes: 100 * 1024 * 1024 };

interface WalkBudget {
  entries: number;
  bytes: number;
  readonly limits: { entries: number; bytes: number };
}

export interface LoadOptions {
  compat?: 'helm3' | 'helm4';
  /** Receives the loader's log lines (deprecation warnings for v2 charts). */
  log?: HelmLog;
  /** Bounds of a directory walk: entries listed and bytes read (defaults: 100 000 and 100 MiB). */
  walkLimits?: { entries?: number; bytes?: number };
}

/** A chart that cannot be loaded; `message` is helm's text (printed after `Error: `). */
export class ChartLoadError extends Error {
  constructor(
    message: string,
    /** The archive itself could not be read (as opposed to the chart in it). */
    readonly fromArchive = false,
  ) {
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
  ensureArchive(source, bytes);
  try {
    return await loadArchive(bytes, options);
  } catch (e) {
    // helm 4 reports any failure to read a root chart archive (not its contents) in one line.
    if (options.compat === 'helm4' && e instanceof ChartLoadError && e.fromArchive) {
      throw new ChartLoadError('unable to load chart archive');
    }
    throw e;
  }
}

/**
 * helm's loader.ensureArchive: a chart file must start like gzip; otherwise the error names the
 * file and what http.DetectContentType makes of its first 512 bytes.
 */
export function ensureArchive(name: string, bytes: Uint8Array): void {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08) return;
  if (name.endsWith('.yml') || name.endsWith('.yaml')) {
    throw new ChartLoadError(`file '${name}' seems to be a YAML file, but expected a gzipped archive`);
  }
  throw new ChartLoadError(`file '${name}' does not appear to be a gzipped archive; got '${sniffContentType(bytes)}'`);
}

/**
 * http.DetectContentType over a 512-byte buffer (zero-padded, as helm reads it), for what a chart
 * URL may serve instead of an archive: HTML (an error or login page), XML, documents, images, other
 * archives, text or anything else; the rarer media signatures are left out.
 */
function sniffContentType(bytes: Uint8Array): string {
  const head = new Uint8Array(512);
  head.set(bytes.subarray(0, 512));
  const text = Buffer.from(head).toString('latin1');
  const firstNonSpace = text.search(/[^\t\n\x0c\r ]/);
  const rest = firstNonSpace < 0 ? '' : text.slice(firstNonSpace);
  for (const tag of HTML_TAGS) {
    const next = rest[tag.length];
    if (rest.slice(0, tag.length).toUpperCase() === tag && (next === ' ' || next === '>')) {
      return 'text/html; charset=utf-8';
    }
  }
  if (rest.startsWith('<?xml')) return 'text/xml; charset=utf-8';
  for (const [signature, type] of EXACT_SIGNATURES) if (text.startsWith(signature)) return type;
  if (text.startsWith('RIFF') && text.slice(8, 14) === 'WEBPVP') return 'image/webp';
  const binary = head
    .subarray(Math.max(firstNonSpace, 0))
    .some((b) => b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f));
  return binary ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}

/** The tags Go's sniffer takes for HTML (any case, after blanks, then a space or `>`). */
const HTML_TAGS = [
  '<!DOCTYPE HTML',
  '<HTML',
  '<HEAD',
  '<SCRIPT',
  '<IFRAME',
  '<H1',
  '<DIV',
  '<FONT',
  '<TABLE',
  '<A',
  '<STYLE',
  '<TITLE',
  '<B',
  '<BODY',
  '<BR',
  '<P',
  '<!--',
];

/** Go's exact signatures, in its order (the gzip one never reaches here). */
const EXACT_SIGNATURES: Array<[string, string]> = [
  ['%PDF-', 'application/pdf'],
  ['%!PS-Adobe-', 'application/postscript'],
  ['\xfe\xff', 'text/plain; charset=utf-16be'],
  ['\xff\xfe', 'text/plain; charset=utf-16le'],
  ['\xef\xbb\xbf', 'text/plain; charset=utf-8'],
  ['\x00\x00\x01\x00', 'image/x-icon'],
  ['\x00\x00\x02\x00', 'image/x-icon'],
  ['BM', 'image/bmp'],
  ['GIF87a', 'image/gif'],
  ['GIF89a', 'image/gif'],
  ['\x89PNG\r\n\x1a\n', 'image/png'],
  ['\xff\xd8\xff', 'image/jpeg'],
  ['PK\x03\x04', 'application/zip'],
  ['Rar!\x1a\x07\x00', 'application/x-rar-compressed'],
  ['Rar!\x1a\x07\x01\x00', 'application/x-rar-compressed'],
  ['\x00asm', 'application/wasm'],
];

/** Loads a chart archive held in memory. */
export async function loadArchive(bytes: Uint8Array, options: LoadOptions = {}): Promise<Chart> {
  const files = await archiveFiles(bytes);
  if (options.compat === 'helm4') {
    const chartYaml = files.find((f) => f.name === 'Chart.yaml');
    if (!chartYaml) throw new ChartLoadError('unable to detect chart version, no Chart.yaml found');
    detectChartVersion(decode(chartYaml.data));
  }
  return loadFiles(files, options);
}

async function archiveFiles(bytes: Uint8Array): Promise<ChartFile[]> {
  try {
    return (await readChartArchive(bytes)).map((f) => ({ name: f.path, data: f.data }));
  } catch (e) {
    throw new ChartLoadError((e as Error).message, true);
  }
}

/**
 * helm 4 reads a root chart's apiVersion first to pick its loader (v1/v2, v3); any other is
 * refused before the chart is read. Subcharts are not checked.
 */
function detectChartVersion(chartYaml: string): void {
  const apiVersion = decodeFile('Chart.yaml', () => chartBaseApiVersion(chartYaml));
  if (!['', 'v1', 'v2', 'v3'].includes(apiVersion)) throw new ChartLoadError('unsupported chart version');
}

/** helm 4's os.ReadFile of a directory's Chart.yaml, with Go's error texts. */
async function readRootChartYaml(dir: string): Promise<string> {
  const name = join(resolve(dir), 'Chart.yaml');
  try {
    return bytesToString(await readFile(name));
  } catch (e) {
    throw new ChartLoadError(`unable to detect chart at ${name}: ${goReadFileError(name, e)}`);
  }
}

/** Loads an unpacked chart directory, honouring its .helmignore. */
export async function loadDir(dir: string, options: LoadOptions = {}): Promise<Chart> {
  if (options.compat === 'helm4') detectChartVersion(await readRootChartYaml(dir));
  // helm walks the chart directory as named (a link to it is followed, and not reported).
  const top = resolve(dir);
  let rules = IgnoreRules.empty();
  try {
    const text = await readFile(join(top, '.helmignore'), 'utf8');
    rules = IgnoreRules.parse(text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ChartLoadError((e as Error).message);
  }
  rules.addDefaults();
  const files: ChartFile[] = [];
  const limits = { ...DEFAULT_WALK_LIMITS, ...options.walkLimits };
  await walk(top, '', rules, files, options.log, { entries: 0, bytes: 0, limits });
  return loadFiles(files, options);
}

/**
 * sympath.Walk at a symlink: filepath.EvalSymlinks, then helm's log line. Returns the resolved path.
 */
async function followSymlink(path: string, log: HelmLog | undefined): Promise<string> {
  let target: string;
  try {
    target = await evalSymlinks(path);
  } catch (e) {
    if (!(e instanceof EvalSymlinksError)) throw e;
    throw new ChartLoadError(`error evaluating symlink ${path}: ${e.message}`);
  }
  log?.info(
    {
      file: 'walk.go',
      line: 75,
      msg: `found symbolic link in path: ${path} resolves to ${target}. Contents of linked file included and used`,
    },
    {
      msg: 'found symbolic link in path. Contents of linked file included and used',
      attrs: [
        ['path', path],
        ['resolved', target],
      ],
    },
  );
  return target;
}

/**
 * helm's sympath.Walk with the loader's callback. A linked directory is walked under its link's
 * path, as helm does: a link loop only ends when the kernel refuses a path through too many links
 * (ELOOP, after 40) or too long, with Go's error for the failing call.
 */
async function walk(
  abs: string,
  rel: string,
  rules: IgnoreRules,
  out: ChartFile[],
  log: HelmLog | undefined,
  budget: WalkBudget,
): Promise<void> {
  let entries: string[];
  try {
    entries = (await readdir(abs)).sort(compareGoStrings);
  } catch (e) {
    throw new ChartLoadError(goPathError('open', abs, e));
  }
  budget.entries += entries.length;
  if (budget.entries > budget.limits.entries) {
    throw new ChartLoadError(`chart directory has more than ${budget.limits.entries} entries to walk (at ${abs})`);
  }
  for (const name of entries) {
    const path = join(abs, name);
    const relPath = rel ? `${rel}/${name}` : name;
    let info: Stats;
    try {
      info = await lstat(path);
    } catch (e) {
      throw new ChartLoadError(goPathError('lstat', path, e));
    }
    // A symlink is logged (ignored or not) and stands for what it resolves to.
    if (info.isSymbolicLink()) info = await lstat(await followSymlink(path, log));
    if (info.isDirectory()) {
      if (rules.ignores(relPath, true)) continue;
      await walk(path, relPath, rules, out, log, budget);
      continue;
    }
    if (rules.ignores(relPath, false)) continue;
    if (!info.isFile())
      throw new ChartLoadError(`cannot load irregular file ${path} as it has file mode type bits set`);
    if (info.size > MAX_FILE_BYTES) {
      throw new ChartLoadError(`chart file "${name}" is larger than the maximum file size ${MAX_FILE_BYTES}`);
    }
    budget.bytes += info.size;
    if (budget.bytes > budget.limits.bytes) {
      throw new ChartLoadError(`chart directory files are larger than the maximum total size ${budget.limits.bytes}`);
    }
    let data: Uint8Array;
    try {
      data = await readFile(path);
    } catch (e) {
      throw new ChartLoadError(`error reading ${relPath}: ${goReadFileError(path, e)}`);
    }
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    out.push({ name: relPath, data });
  }
}

/** A chart file's bytes as a Go string (bytes that are not UTF-8 are kept: go-yaml rejects them). */
function decode(b: Uint8Array): string {
  return bytesToString(b);
}

/** helm's loader.LoadFiles: builds a chart from its files (names relative to the chart root). */
export function loadFiles(files: ChartFile[], options: LoadOptions = {}): Promise<Chart> {
  return loadChartFiles(files, options, true);
}

async function loadChartFiles(files: ChartFile[], options: LoadOptions, root: boolean): Promise<Chart> {
  const compat = options.compat ?? 'helm4';
  let metadata: ChartMetadata | undefined;
  for (const f of files) {
    if (f.name === 'Chart.yaml') {
      metadata = decodeFile('Chart.yaml', () => parseMetadata(decode(f.data), compat, metadata));
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
    if (name === 'Chart.lock') {
      decodeFile(name, () => checkLock(decode(f.data), compat));
      continue;
    }
    if (name === 'requirements.lock') {
      decodeFile(name, () => checkLock(decode(f.data), compat));
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
      const base = chart.metadata;
      chart.metadata = decodeFile('requirements.yaml', () => parseMetadata(decode(f.data), compat, base));
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
  // helm 4 renders only v1/v2 root charts (a v3 one loads, then is refused).
  if (root && compat === 'helm4' && chart.metadata.apiVersion !== 'v1' && chart.metadata.apiVersion !== 'v2') {
    throw new ChartLoadError('invalid chart apiVersion');
  }
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
        sub = await loadChartFiles(await archiveFiles(archive.data), options, false);
      } else {
        const inner: ChartFile[] = [];
        for (const f of subFiles) {
          const slash = f.name.indexOf('/');
          if (slash < 0) continue;
          inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        sub = await loadChartFiles(inner, options, false);
      }
    } catch (e) {
      throw new ChartLoadError(`error unpacking subchart ${n} in ${chart.metadata.name}: ${(e as Error).message}`);
    }
    sub.parent = chart;
    chart.dependencies.push(sub);
  }
  return chart;
}

/** Runs a decoder of chart `file`, giving its errors helm's `cannot load <file>: ` prefix. */
function decodeFile<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ChartYamlError) throw new ChartLoadError(`cannot load ${file}: ${e.message}`);
    throw e;
  }
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

/** Text sanitize leaves alone (the common case, checked at once). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** unicode.IsSpace → ' ', non-printable removed (helm's sanitizeString). */
function sanitize(s: string | undefined): string | undefined {
  if (s === undefined || PRINTABLE_ASCII.test(s)) return s;
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

/** Go's filepath.Base on a non-empty name: the last element, trailing slashes dropped (`/` stays). */
function goBase(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * chart.Metadata.Validate (helm 4 also refuses the names `.` and `..`); also run on every entry of
 * a repository index. Sanitizes the strings in place.
 */
export function validateMetadata(md: ChartMetadata, compat: 'helm3' | 'helm4' = 'helm3'): void {
  for (const k of ['name', 'description', 'home', 'icon', 'condition', 'tags', 'appVersion', 'kubeVersion'] as const) {
    if (md[k] !== undefined) (md as any)[k] = sanitize(md[k] as string);
  }
  if (md.sources) md.sources = md.sources.map((s) => sanitize(s)!);
  if (md.keywords) md.keywords = md.keywords.map((s) => sanitize(s)!);
  if (!md.apiVersion) throw new ValidationError('chart.metadata.apiVersion is required');
  if (!md.name) throw new ValidationError('chart.metadata.name is required');
  if (compat === 'helm4' && (md.name === '.' || md.name === '..')) {
    throw new ValidationError(`chart.metadata.name "${md.name}" is not allowed`);
  }
  if (md.name !== goBase(md.name)) throw new ValidationError(`chart.metadata.name "${md.name}" is invalid`);
  if (!md.version) throw new ValidationError('chart.metadata.version is required');
  try {
    parseVersion(md.version, { compat });
  } catch {
    throw new ValidationError(`chart.metadata.version "${md.version}" is invalid`);
  }
  if (md.type && md.type !== 'application' && md.type !== 'library') {
    throw new ValidationError('chart.metadata.type must be application or library');
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
