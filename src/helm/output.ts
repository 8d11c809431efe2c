/**
 * From rendered files to `helm template`'s output: document splitting with helm's separator regex
 * (quirks included), the head parse (apiVersion/kind/metadata), hooks, kind ordering (helm 3 and helm
 * 4 lists), CRDs, `--show-only`, `--output-dir`, and the exact bytes helm prints.
 */
import { createHash } from 'node:crypto';
import { GoYamlError, type PartialDecode, YInt, YMap, type YValue, yamlV2Unmarshal } from '../codec/yaml-decode.js';
import { PlainTreeBuilder, type PlainYaml } from '../codec/yaml-plain.js';
import { decodeInput, goTrimSpace } from '../gotemplate/gostring.js';
import { quote } from '../gotemplate/strconv.js';
import { compareGoStrings } from '../gotemplate/value.js';
import { type Chart, chartFullPath, crdFiles } from './chart.js';
import { HelmError } from './engine.js';
import { slogValue } from './helm-log.js';
import { filepathMatch } from './match.js';
import type { Compat } from './objects.js';
import { jsonConversionError, scalarString } from './yaml-json.js';

/** One rendered YAML document, as helm's releaseutil sorts it. */
export interface Manifest {
  /** Template path, e.g. `mychart/templates/deployment.yaml`. */
  path: string;
  /** The document text, trimmed. */
  content: string;
  kind: string;
  name: string;
  /** Hook events (lower-cased) when the document carries `helm.sh/hook`. */
  hookEvents?: string[];
  /** The document as plain values, when asked for and simple enough (see `documentTrees`). */
  tree?: PlainYaml;
}

const INSTALL_ORDER = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

const ORDER: Record<Compat, Map<string, number>> = {
  helm3: new Map(INSTALL_ORDER.map((k, i) => [k, i])),
  helm4: new Map(
    [...INSTALL_ORDER, 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'].map((k, i) => [k, i]),
  ),
};

const HOOK_EVENTS = new Set([
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
]);

/** RE2's `\s`: [\t\n\f\r ]. */
function isRe2Space(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/**
 * The matches of helm's separator regex `(?:^|\s*\n)---\s*` (RE2, `\s` = [\t\n\f\r ]) as
 * [start, end) pairs, leftmost-first like RE2, found without regex backtracking costs.
 */
function separatorMatches(s: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let pos = 0;
  const extend = (i: number) => {
    while (i < s.length && isRe2Space(s.charCodeAt(i))) i++;
    return i;
  };
  if (s.startsWith('---')) {
    const end = extend(3);
    out.push([0, end]);
    pos = end;
  }
  for (;;) {
    const nl = s.indexOf('\n---', pos);
    if (nl < 0) break;
    let start = nl;
    while (start > pos && isRe2Space(s.charCodeAt(start - 1))) start--;
    const end = extend(nl + 4);
    out.push([start, end]);
    pos = end;
  }
  return out;
}

/** Go's regexp.Split(s, -1) for the separator above. */
function splitOnSeparator(s: string): string[] {
  if (s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const [mStart, mEnd] of separatorMatches(s)) {
    end = mStart;
    if (mEnd !== 0) out.push(s.slice(beg, end));
    beg = mEnd;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** releaseutil.SplitManifests: the non-empty trimmed documents of a file, in order. */
export function splitManifests(text: string): string[] {
  const docs: string[] = [];
  for (const d of splitOnSeparator(goTrimSpace(text))) {
    if (d === '') continue;
    docs.push(goTrimSpace(d));
  }
  return docs;
}

function kindName(v: YValue): string {
  if (Array.isArray(v)) return 'array';
  if (v instanceof YMap) return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'number';
}

function lookup(m: YMap, key: string): YValue | undefined {
  let found: YValue | undefined;
  for (const { key: k, value } of m.entries.values()) {
    if (k === key) return value;
    if (typeof k === 'string' && k.toLowerCase() === key.toLowerCase()) found = value;
  }
  return found;
}

interface Head {
  kind: string;
  name: string;
  annotations?: Map<string, string>;
}

/**
 * Heads already parsed, by helm version and SHA-256 of the document: of its Latin-1 bytes when it
 * has no wider characters (most do not), else of its UTF-16 units (injective either way, unlike
 * UTF-8 for texts holding raw bytes). Every document gets a full YAML parse (a syntax error anywhere
 * fails the render), which dominated warm re-renders, whose documents mostly repeat. Only
 * successful parses are kept (errors name the template); oldest entries go first.
 */
const headCache = new Map<string, Head>();
const WIDE_CHAR = /[^\u0000-\u00ff]/;
const HEAD_CACHE_ENTRIES = 8192;

function cachedHead(doc: string, path: string, compat: Compat, tree?: PlainTreeBuilder): Head {
  // Latin-1 bytes are injective for texts without wider characters (most), and four times cheaper.
  const wide = WIDE_CHAR.test(doc);
  const key =
    compat +
    (wide ? 'w' : 'n') +
    createHash('sha256')
      .update(doc, wide ? 'utf16le' : 'latin1')
      .digest('base64');
  let head = headCache.get(key);
  if (head !== undefined) {
    headCache.delete(key);
  } else {
    head = detachHead(parseHead(doc, path, compat, tree));
    if (headCache.size >= HEAD_CACHE_ENTRIES) headCache.delete(headCache.keys().next().value!);
  }
  headCache.set(key, head);
  return head;
}

/** The head with its own copies of the strings (slices of the document would keep it alive). */
function detachHead(h: Head): Head {
  const copy = (s: string) => (s.length < 13 ? s : ` ${s}`.slice(1));
  const out: Head = { kind: copy(h.kind), name: copy(h.name) };
  if (h.annotations) out.annotations = new Map([...h.annotations].map(([k, v]) => [copy(k), copy(v)]));
  return out;
}

/**
 * Only the head's entries of a document are built; the rest is decoded and checked for what the JSON
 * conversion rejects (a null or uint64 key, a non-finite float): any of those, and the whole document
 * is decoded for jsonConversionError (yaml-json.ts) to report the first one. Keys with
 * other than ASCII letters are kept, in case Go's case folding matches them to a head field.
 */
const HEAD_ONLY: PartialDecode = {
  keep: (key) => typeof key === 'string' && (HEAD_KEYS.test(key) || NON_ASCII.test(key)),
  droppable: (v, isKey) =>
    isKey ? v !== null && !(v instanceof YInt && v.unsigned) : !(typeof v === 'number' && !Number.isFinite(v)),
};
const HEAD_KEYS = /^(?:apiversion|kind|metadata)$/i;
const NON_ASCII = /[^\x00-\x7f]/;

/** Parses a document's head like helm's `yaml.Unmarshal(doc, &SimpleHead)`. */
function parseHead(doc: string, path: string, compat: Compat, tree?: PlainTreeBuilder): Head {
  const fail = (msg: string): never => {
    throw new HelmError(`YAML parse error on ${path}: ${msg}`, true);
  };
  let y: YValue | undefined;
  try {
    y = yamlV2Unmarshal(doc, tree, HEAD_ONLY);
  } catch (e) {
    if (e instanceof GoYamlError) fail(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  if (y === undefined || y === null) return { kind: '', name: '' };
  const conversion = jsonConversionError(y);
  if (conversion !== undefined) fail(`error converting YAML to JSON: ${conversion}`);
  const headType = compat === 'helm3' ? 'releaseutil.SimpleHead' : 'util.SimpleHead';
  if (!(y instanceof YMap)) {
    fail(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kindName(y)} into Go value of type ${headType}`,
    );
  }
  const m = y as YMap;
  const stringField = (v: YValue | undefined, field: string): string => {
    if (v === undefined || v === null) return '';
    const s = scalarString(v);
    if (s === undefined) {
      fail(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kindName(v)} into Go struct field ${field} of type string`,
      );
    }
    return s!;
  };
  stringField(lookup(m, 'apiVersion'), `${headType.split('.')[1]}.apiVersion`);
  const kind = stringField(lookup(m, 'kind'), `${headType.split('.')[1]}.kind`);
  const md = lookup(m, 'metadata');
  let name = '';
  let annotations: Map<string, string> | undefined;
  if (md !== undefined && md !== null) {
    if (!(md instanceof YMap)) {
      fail(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kindName(md)} into Go struct field ${headType.split('.')[1]}.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }`,
      );
    }
    name = stringField(lookup(md as YMap, 'name'), `${headType.split('.')[1]}.metadata.name`);
    const ann = lookup(md as YMap, 'annotations');
    if (ann instanceof YMap) {
      annotations = new Map();
      for (const { key, value } of ann.entries.values()) {
        const k = scalarString(key) ?? '';
        annotations.set(k, value === null ? '' : stringField(value, `${headType.split('.')[1]}.metadata.annotations`));
      }
    } else if (ann !== undefined && ann !== null) {
      fail(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kindName(ann)} into Go struct field ${headType.split('.')[1]}.metadata.annotations of type map[string]string`,
      );
    }
  }
  return { kind, name, annotations };
}

export interface SortResult {
  manifests: Manifest[];
  hooks: Manifest[];
  /** Lines helm logs to stderr (unknown hooks). */
  warnings: string[];
}

/**
 * releaseutil.SortManifests over the rendered files (NOTES.txt already removed). The documents
 * `documentTrees` picks keep their plain tree from the YAML check's parse (for image extraction).
 */
export function sortManifests(
  files: Map<string, string>,
  compat: Compat,
  documentTrees?: (doc: string) => boolean,
): SortResult {
  const manifests: Manifest[] = [];
  const hooks: Manifest[] = [];
  const warnings: string[] = [];
  const paths = [...files.keys()].sort(compareGoStrings);
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    const content = files.get(path)!;
    if (goTrimSpace(content) === '') continue;
    for (const doc of splitManifests(content)) {
      const tree = documentTrees?.(doc) ? new PlainTreeBuilder(doc) : undefined;
      const head = cachedHead(doc, path, compat, tree);
      const m: Manifest = { path, content: doc, kind: head.kind, name: head.name };
      const built = tree?.result();
      if (built !== undefined) m.tree = built;
      const hookTypes = head.annotations?.get('helm.sh/hook');
      if (!head.annotations || head.annotations.size === 0 || hookTypes === undefined) {
        manifests.push(m);
        continue;
      }
      const events: string[] = [];
      let unknown = false;
      for (const raw of hookTypes.split(',')) {
        const e = raw.trim().toLowerCase();
        if (!HOOK_EVENTS.has(e)) {
          unknown = true;
          break;
        }
        events.push(e);
      }
      if (unknown) {
        warnings.push(
          compat === 'helm3'
            ? `manifest_sorter.go:190: info: skipping unknown hook: ${quote(hookTypes)}`
            : `level=INFO msg="skipping unknown hooks" hookTypes=${slogValue(hookTypes)}`,
        );
        continue;
      }
      m.hookEvents = events;
      hooks.push(m);
    }
  }
  const order = ORDER[compat];
  const byKind = (a: Manifest, b: Manifest): number => {
    const ia = order.get(a.kind);
    const ib = order.get(b.kind);
    if (ia === undefined && ib === undefined) return compareGoStrings(a.kind, b.kind);
    if (ia === undefined) return 1;
    if (ib === undefined) return -1;
    return ia - ib;
  };
  // Array.prototype.sort is stable, like sort.SliceStable.
  manifests.sort(byKind);
  hooks.sort(byKind);
  return { manifests, hooks, warnings };
}

/** Every CRD of the chart and its (enabled) subcharts, in helm's CRDObjects order. */
export function crdObjects(chart: Chart): { filename: string; data: Uint8Array }[] {
  const out = crdFiles(chart).map((f) => ({ filename: `${chartFullPath(chart)}/${f.name}`, data: f.data }));
  for (const dep of chart.dependencies) out.push(...crdObjects(dep));
  return out;
}

export interface OutputOptions {
  includeCrds?: boolean;
  noHooks?: boolean;
  skipTests?: boolean;
  /** `-s/--show-only` patterns, in command-line order. */
  showOnly?: string[];
  /** `--output-dir`: the files to write are returned instead of printed. */
  outputDir?: string;
  /** `--release-name` with `--output-dir`: nest files under the release name. */
  useReleaseName?: boolean;
  releaseName?: string;
}

/** A file `--output-dir` writes (appending documents to the same file in order). */
export interface OutputFile {
  /** Path relative to the output directory (`<chart>/templates/x.yaml`, under the release name with it). */
  path: string;
  /** The template path (`# Source:`), i.e. `path` without the release-name directory. */
  name: string;
  /** Whether the file goes under `<output-dir>/<release name>` (`--release-name`; CRDs never do). */
  underRelease: boolean;
  /** A hook: helm appends it to a file that already exists, even one left by an earlier run. */
  hook: boolean;
  /** Whether to append to a file written earlier in the same run. */
  append: boolean;
  content: string;
}

export interface TemplateOutput {
  /** Exactly what `helm template` prints on stdout. */
  stdout: string;
  /** Files to write for `--output-dir`, in order. */
  files: OutputFile[];
}

function isTestHook(h: Manifest): boolean {
  return (h.hookEvents ?? []).some((e) => e === 'test' || e === 'test-success');
}

/** Assembles `helm template`'s stdout (and `--output-dir` files). */
export function formatOutput(chart: Chart, sorted: SortResult, options: OutputOptions): TemplateOutput {
  const files: OutputFile[] = [];
  const written = new Set<string>();
  const outDir = options.outputDir;
  const write = (dir: string, name: string, data: string, hook = false) => {
    const rel = dir ? `${dir}/${name}` : name;
    const content = `---\n# Source: ${name}\n${data}\n`;
    files.push({ path: rel, name, underRelease: dir !== '', hook, append: written.has(rel), content });
    written.add(rel);
  };
  const releaseDir = outDir && options.useReleaseName ? (options.releaseName ?? '') : '';
  // helm trims the CRD and manifest part as a whole. Every piece starts with "---", so only the
  // last piece's end can change: trimming just that keeps the rest a concatenation, which is only
  // flattened if someone reads it (for big charts, a fresh multi-MB string each render).
  let b = '';
  let last = '';
  const piece = (text: string) => {
    b += last;
    last = text;
  };
  if (options.includeCrds) {
    for (const crd of crdObjects(chart)) {
      // CRDs are printed as raw bytes: keep invalid UTF-8 as Go-string bytes (see gostring.ts).
      const data = decodeInput(crd.data);
      if (outDir === undefined) piece(`---\n# Source: ${crd.filename}\n${data}\n`);
      else write('', crd.filename, data);
    }
  }
  for (const m of sorted.manifests) {
    if (outDir === undefined) piece(`---\n# Source: ${m.path}\n${m.content}\n`);
    else write(releaseDir, m.path, m.content);
  }
  let out = `${b}${goTrimSpace(last)}\n`;
  if (!options.noHooks) {
    for (const h of sorted.hooks) {
      if (options.skipTests && isTestHook(h)) continue;
      if (outDir === undefined) out += `---\n# Source: ${h.path}\n${h.content}\n`;
      else write(releaseDir, h.path, h.content, true);
    }
  }
  if (options.showOnly && options.showOnly.length > 0) {
    const pieces = splitManifests(out);
    let selected = '';
    for (const pattern of options.showOnly) {
      let missing = true;
      for (const piece of pieces) {
        const m = /# Source: [^/]+\/([^\n]+)/.exec(piece);
        if (!m) continue;
        let ok = false;
        try {
          ok = filepathMatch(pattern, m[1]!);
        } catch {
          ok = false;
        }
        if (!ok) continue;
        selected += `---\n${piece}\n`;
        missing = false;
      }
      // With --output-dir the manifests went to files, so no pattern can match (helm's behaviour).
      if (missing) throw new HelmError(`could not find template ${pattern} in chart`);
    }
    return { stdout: selected, files };
  }
  return { stdout: out, files };
}
