/**
 * Container image extraction from YAML (spec §8, upstream `ExtractImagesFromYAML`): runs over every
 * rendered chart and every raw manifest of a recipe. It strips Helm directives (§8.1), parses every
 * document (§8.2), walks every node for `image` keys, CRD-style sibling groups and structured
 * descriptors (§8.3–§8.5), keeps likely images (§8.6), never normalises (§8.7), and returns the
 * exact-string deduplicated, byte-wise sorted list plus where each reference was found.
 *
 * Rendered documents usually come parsed already: helmless's renderer keeps the plain tree of the
 * parse helm's YAML check makes of each one (`ManifestText.tree`). Other documents are loaded with
 * js-yaml (several times faster than the `yaml` library on large renders); whatever js-yaml rejects
 * goes to the `yaml` library, which locates errors; what both reject is malformed unless helmless's
 * go-yaml parser reads it (simple documents only, see {@link goYamlTree}). The walk
 * sees what upstream's walk over yaml.v3 nodes sees: scalars keep their source spelling (`1.10`
 * stays `1.10`, as `Node.Value`), `<<` merge keys are not applied (the merged mapping is searched
 * on its own), and every pair of a mapping that repeats a key is visited.
 *
 * The input is untrusted: total size, document count and nesting depth are bounded, and aliases are
 * walked once per anchored node, so alias "bombs" cost linear time.
 */

import jsyaml from 'js-yaml';
import {
  type Document,
  type DocumentOptions,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type ParseOptions,
  parseAllDocuments,
  type Scalar,
  type ScalarTag,
  type SchemaOptions,
} from 'yaml';
import { yamlV2Unmarshal } from '../codec/yaml-decode.js';
import { PlainTreeBuilder, type PlainYaml, YamlNull } from '../codec/yaml-plain.js';
import { sortedUnique } from '../formats/bytewise.js';
import type { ImageOccurrence } from '../formats/model.js';
import { goTrimSpace } from '../gotemplate/gostring.js';
import { quote as goQuote } from '../gotemplate/strconv.js';
import { isStackOverflow } from '../stack-overflow.js';
import { normalizedOccurrence } from './normalize.js';
import { isRegistryHost } from './reference-grammar.js';
import { findStringReferences } from './string-references.js';

export type { ImageOccurrence } from '../formats/model.js';

/** One YAML text to scan: a rendered template (path as in `# Source:`) or a raw manifest file. */
export interface ManifestText {
  path: string;
  content: string;
  /**
   * `content` already parsed, as helmless's renderer leaves it on the documents it parsed for helm's
   * YAML check (`RenderOptions.documentTrees`). It gives what loading `content` gives (texts
   * go-yaml accepts and js-yaml and the `yaml` library reject, like `\'` escapes, are read with
   * go-yaml either way).
   */
  tree?: PlainYaml;
}

/** Limits and switches for {@link extractImages}; every field is optional. */
export interface ExtractOptions {
  /**
   * Apply the §8.1 Helm-directive pre-pass before parsing (default true). Upstream runs it on rendered
   * charts too, where it is harmless; it lets `{{ … }}`-shaped raw manifests parse.
   */
  stripTemplateDirectives?: boolean;
  /**
   * Parse every multi-line string value as YAML too and walk what it holds (default true, upstream
   * PR #2647: KAI ships its Config CR inside a ConfigMap value).
   */
  embeddedYaml?: boolean;
  /**
   * Parse only the documents whose text could spell an image key (`image`/`scalingPodImage`),
   * default false. Faster on large renders (CRDs, dashboards), but a syntax error in a skipped
   * document goes unnoticed, so use it only for chart renders, whose every document the renderer
   * has already parsed (helm fails a render on invalid YAML); raw manifests need the full parse of
   * spec §8.2.
   */
  skipDocumentsWithoutImageKeys?: boolean;
  /**
   * Beyond upstream (default false): also take the fully qualified references written inside other
   * string values (container args, env values, scripts; see `string-references.ts`), the images
   * operators start at run time. References an `image` key already yields are not repeated; the
   * others are marked `inString` in the occurrences. Every document is parsed, whatever
   * `skipDocumentsWithoutImageKeys` says.
   */
  scanStrings?: boolean;
  /**
   * Beyond upstream (default false), which keeps references as written (spec §8.7): give every
   * reference Docker's normalised name (`docker.io/library/busybox:1.36` for `busybox:1.36`; see
   * `normalize.ts`), so spellings of one image become one entry. Occurrences whose reference
   * changed keep the original in `asWritten`.
   */
  normalize?: boolean;
  /**
   * Load every document with the `yaml` library only (default false): slower, but the reference the
   * js-yaml fast path is tested against; both give the same results on YAML they both accept.
   */
  referenceParser?: boolean;
  /** Largest total input, in UTF-16 code units (default 100 MiB, upstream's helm output cap). */
  maxBytes?: number;
  /** Most YAML documents across all inputs, embedded ones included (default 50 000). */
  maxDocuments?: number;
  /** Deepest node nesting walked (default 1000). */
  maxDepth?: number;
}

/** What {@link extractImages} found. */
export interface ExtractionResult {
  /** Distinct references, byte-wise sorted. */
  images: string[];
  /** Every place a reference was found, in input and document order. */
  occurrences: ImageOccurrence[];
}

/**
 * A non-fatal extraction failure (malformed YAML, bad `containerSHA`, a limit exceeded). Upstream
 * turns it into a component warning and drops every image of the failing input.
 */
export class ImageExtractionError extends Error {
  constructor(
    message: string,
    /** The input that failed. */
    readonly path: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ImageExtractionError';
  }
}

/** A size, document-count or depth limit exceeded: never tolerated, not even inside embedded YAML. */
class ExtractionLimitError extends ImageExtractionError {}

/**
 * A recognised `image:`/`scalingPodImage:` mapping that cannot be turned into a reference (spec §8.4).
 * Fatal upstream: dropping it would silently leave an image out of the air-gap set. The message is
 * the spec's `field "<f>" at line L, column C <reason>`; line and column count from 1 in the text
 * named by `path` (or, when `embeddedIn` is set, in the string value at that YAML path).
 */
export class InvalidImageDescriptorError extends Error {
  constructor(
    readonly field: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly path: string,
    readonly documentIndex: number,
    readonly embeddedIn?: string,
  ) {
    super(
      `field "${field}" at line ${line}, column ${column} ${reason}` +
        (embeddedIn ? ` (in YAML embedded at ${embeddedIn})` : ''),
    );
    this.name = 'InvalidImageDescriptorError';
  }
}

/** The placeholder that replaces inline Helm directives (spec §8.1); never part of an image. */
export const TEMPLATE_PLACEHOLDER = '_aicr_helm_template_';

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
const DEFAULT_MAX_DOCUMENTS = 50_000;
const DEFAULT_MAX_DEPTH = 1000;
/** YAML embedded in string values is searched at most this many levels deep (upstream: no bound). */
const MAX_EMBEDDING = 8;

const DIRECTIVE = /\{\{[^{}]*\}\}/g;
const CONTAINER_SHA = /^sha256:[a-f0-9]{64}$/;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SOURCE_COMMENT = /^[ \t]*#[ \t]*Source:[ \t]*(\S.*?)[ \t]*$/gm;

// ---- §8.1, §8.5, §8.6: text rules

/**
 * The §8.1 pre-pass: a line that is only Helm directives (and whitespace) becomes empty, so line
 * numbers still match the file; other directives become {@link TEMPLATE_PLACEHOLDER}.
 */
export function stripTemplateDirectives(text: string): string {
  if (!text.includes('{{')) return text;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('{{')) continue;
    if (goTrimSpace(line.replace(DIRECTIVE, '')) === '') lines[i] = '';
    else lines[i] = line.replace(DIRECTIVE, TEMPLATE_PLACEHOLDER);
  }
  return lines.join('\n');
}

/** Whether a `:tag` follows the last `/`. */
function hasTag(ref: string): boolean {
  const colon = ref.lastIndexOf(':');
  return colon >= 0 && !ref.includes('/', colon + 1);
}

/**
 * `combine(image, repository, version)` of spec §8.5: prefix the repository unless the image is
 * already registry-qualified, then append `:version` when there is neither a tag nor a digest.
 */
export function combineImageReference(image: string, repository: string, version: string): string {
  let out = image;
  if (repository !== '') {
    const slash = image.indexOf('/');
    if (slash < 0 || !isRegistryHost(image.slice(0, slash))) {
      out = repository.replace(/\/+$/, '') + '/' + image.replace(/^\/+/, '');
    }
  }
  if (version !== '' && !hasTag(out) && !out.includes('@')) out = `${out}:${version}`;
  return out;
}

/** The §8.6 "likely image" filter. */
export function isLikelyImage(ref: string): boolean {
  if (ref === '' || ref === 'null') return false;
  const lower = ref.toLowerCase();
  if (lower === 'true' || lower === 'false') return false;
  if (ref.includes('{{') || ref.includes('}}') || ref.includes(TEMPLATE_PLACEHOLDER)) return false;
  if (ref.startsWith('/') || ref.startsWith('./')) return false;
  if (ref.includes('@') || hasTag(ref)) return true;
  const slash = ref.indexOf('/');
  return isRegistryHost(slash < 0 ? ref : ref.slice(0, slash));
}

/** Escapes of a double-quoted YAML scalar that can stand for letters (`\x69`, `\u0069`) or join lines. */
const LETTER_ESCAPE = /\\[xuU\r\n]/;

/**
 * Whether YAML text could spell an `image`/`scalingPodImage` key at all. Such a key is in the text
 * as written (both names contain `mage`; anchors, aliases and merges only reuse text of the same
 * document; line folding inserts a space), or built from escapes of a double-quoted scalar.
 */
export function mayHoldImageKey(text: string): boolean {
  return text.includes('mage') || LETTER_ESCAPE.test(text);
}

// ---- loading YAML into plain values

/**
 * A mapping that repeats a key. Upstream decodes into yaml.v3 nodes, which keep every pair without
 * complaint (yaml.v3's `mapping key … already defined` check applies only to Go maps and structs),
 * and walks them all; so does the walk here.
 */
class RepeatedKeys {
  constructor(readonly pairs: ReadonlyArray<readonly [string, unknown]>) {}
}

type Mapping = Record<string, unknown> | RepeatedKeys;

function isMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof YamlNull);
}

function pairsOf(map: Mapping): ReadonlyArray<readonly [string, unknown]> {
  return map instanceof RepeatedKeys ? map.pairs : Object.entries(map);
}

/** The last value of `key` (what a Go map decode would keep). */
function lookup(map: Mapping, key: string): unknown {
  return map instanceof RepeatedKeys ? map.pairs.findLast(([k]) => k === key)?.[1] : map[key];
}

/** A scalar's text as written: strings as is, nulls by spelling (raw `null` = empty value). */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return v === null ? '' : undefined;
  if (v instanceof YamlNull) return v.source;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function isNullish(v: unknown): boolean {
  return v === null || v === undefined || v instanceof YamlNull;
}

const NULL_TAG = 'tag:yaml.org,2002:null';
const NULL_SPELLINGS = new Set(['', '~', 'null', 'Null', 'NULL']);
/**
 * Plain scalars stay strings except nulls; explicit tags keep their text, and an explicit `!!null`
 * makes a null of any text (yaml.v3 goes by the node's tag: `tag: !!null v1` is an absent tag).
 */
const jsNull = (resolve: (d: string | null) => boolean) =>
  new jsyaml.Type(NULL_TAG, { kind: 'scalar', resolve, construct: (d: string | null) => new YamlNull(d ?? '') });
const textOf = (tag: string, kind: 'scalar' | 'sequence' | 'mapping') =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, { kind, construct: (d: unknown) => d });
/**
 * No merge type, as yaml.v3 nodes apply no merge: `<<` is a key whose value the walk searches like
 * any other. A repeated key throws, which hands the document to the `yaml` library (see
 * {@link RepeatedKeys}).
 */
const JS_YAML_OPTIONS: jsyaml.LoadOptions = {
  json: false,
  schema: jsyaml.FAILSAFE_SCHEMA.extend({
    implicit: [jsNull((d) => d === null || NULL_SPELLINGS.has(d))],
    explicit: [
      jsNull(() => true),
      ...['bool', 'int', 'float', 'timestamp', 'binary'].map((t) => textOf(t, 'scalar')),
      textOf('omap', 'sequence'),
      textOf('pairs', 'sequence'),
      textOf('set', 'mapping'),
    ],
  }),
};

const yamlNullTag: ScalarTag = {
  tag: NULL_TAG,
  default: true,
  test: /^(?:~|[Nn]ull|NULL)?$/,
  resolve: (s: string) => new YamlNull(s),
};
const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  uniqueKeys: false,
  prettyErrors: false,
  schema: 'failsafe',
  customTags: [yamlNullTag],
  merge: false,
};

/** One parsed document, or where and why it is malformed. */
type Loaded = { value: unknown } | { error: string; offset: number };

/** Loads a one-document YAML text; js-yaml first, the `yaml` library for anything it rejects. */
function loadDocument(text: string, reference: boolean): Loaded {
  try {
    if (reference) throw new Error('reference parser requested');
    return { value: jsyaml.load(text, JS_YAML_OPTIONS) };
  } catch (err) {
    isStackOverflow(err); // counted: the reference parser may then decide differently
    const docs = parseAllDocuments(text, YAML_OPTIONS) as Document.Parsed[];
    const doc = Array.isArray(docs) ? docs[0] : undefined;
    if (!doc) return { value: undefined };
    const first = doc.errors[0];
    if (first) return goYamlTree(text) ?? { error: first.message, offset: first.pos[0] };
    if (docs.length > 1) return { error: 'unexpected second document', offset: docs[1]!.range[0] };
    return plainOf(doc);
  }
}

/**
 * What go-yaml reads of a document the loaders here reject (a `\'` escape, a flow collection
 * indented less than its block): upstream parses with go-yaml, so such a document is walked, not
 * malformed. Only documents simple enough for a {@link PlainTreeBuilder} are read this way.
 */
function goYamlTree(text: string): Loaded | undefined {
  const tree = new PlainTreeBuilder(text);
  try {
    yamlV2Unmarshal(text, tree);
  } catch {
    return undefined;
  }
  const value = tree.result();
  return value === undefined ? undefined : { value };
}

/** Loads every document of a stream with the `yaml` library (streams with `...` or directives). */
function loadStream(text: string): Loaded[] {
  const docs = parseAllDocuments(text, YAML_OPTIONS) as Document.Parsed[];
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    const first = doc.errors[0];
    return first ? { error: first.message, offset: first.pos[0] } : plainOf(doc);
  });
}

/** A parsed document as plain values: an alias shares its anchor's value, repeated keys keep every pair. */
function plainOf(doc: Document.Parsed): Loaded {
  const done = new Map<unknown, unknown>();
  const scalar = (n: Scalar): unknown => {
    if (n.value instanceof YamlNull) return n.value;
    const text = typeof n.value === 'string' ? n.value : (n.source ?? String(n.value));
    return n.tag === NULL_TAG ? new YamlNull(text) : text;
  };
  const keyText = (n: unknown): string => {
    const k = isAlias(n) ? n.resolve(doc) : n;
    if (!isScalar(k)) return '';
    const v = scalar(k);
    return v instanceof YamlNull ? v.source : String(v);
  };
  const convert = (n: unknown): unknown => {
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (target === undefined) throw new Error(`unknown anchor '${n.source}' referenced`);
      return convert(target);
    }
    if (isScalar(n)) return scalar(n);
    if (done.has(n)) return done.get(n);
    if (isSeq(n)) {
      const out: unknown[] = [];
      done.set(n, out);
      for (const item of n.items) out.push(convert(item));
      return out;
    }
    if (!isMap(n)) return null;
    const keys = n.items.map((p) => keyText(p.key));
    if (new Set(keys).size < keys.length) {
      const pairs: Array<[string, unknown]> = [];
      done.set(n, new RepeatedKeys(pairs));
      n.items.forEach((p, i) => {
        pairs.push([keys[i]!, convert(p.value)]);
      });
      return done.get(n);
    }
    const out: Record<string, unknown> = Object.create(null);
    done.set(n, out);
    n.items.forEach((p, i) => {
      out[keys[i]!] = convert(p.value);
    });
    return out;
  };
  try {
    return { value: convert(doc.contents) };
  } catch (err) {
    isStackOverflow(err);
    return { error: (err as Error).message, offset: doc.range[0] };
  }
}

// ---- where things are

/** 1-based line and column (in characters) of a UTF-16 offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: [...text.slice(lineStart, offset)].length + 1 };
}

type Key = string | number;

/** A readable YAML path: `spec.containers[0].image`, keys that are not identifiers quoted (`data["a.yaml"]`). */
export function formatPath(keys: readonly Key[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += PLAIN_KEY.test(k) ? `${out === '' ? '' : '.'}${k}` : `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** The YAML a document was loaded from, for locating nodes when an error needs line and column. */
interface Origin {
  /** The text line numbers refer to (the whole input, or an embedded string value). */
  readonly text: string;
  /** Where the parsed document text starts in `text`. */
  readonly start: number;
  readonly end: number;
  /** Which document of that slice. */
  readonly doc: number;
}

/**
 * Finds the key or value node of the `steps` pairs below the mapping at `keys`, to report its
 * position; a step names a key and which of its occurrences (keys may repeat).
 */
function locate(
  origin: Origin,
  keys: readonly Key[],
  steps: ReadonlyArray<readonly [string, number]>,
  part: 'key' | 'value',
): number {
  const docs = parseAllDocuments(origin.text.slice(origin.start, origin.end), YAML_OPTIONS) as Document.Parsed[];
  const doc = Array.isArray(docs) ? docs[origin.doc] : undefined;
  if (!doc) return origin.start;
  const resolve = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  // The last occurrence by default: where the walk went is not recorded for repeated keys above.
  const pairOf = (map: unknown, key: Key, nth = -1): { key: Node; value: Node | null } | undefined => {
    const m = resolve(map);
    if (!isMap(m)) return undefined;
    const found = m.items.filter((p) => isScalar(p.key) && String(p.key.source ?? p.key.value) === String(key));
    return found.at(nth) as never;
  };
  let node: unknown = doc.contents;
  for (const k of keys) {
    const n = resolve(node);
    node = typeof k === 'number' && isSeq(n) ? n.items[k] : pairOf(n, k)?.value;
  }
  let pair: { key: Node; value: Node | null } | undefined;
  for (const [key, nth] of steps) {
    pair = pairOf(node, key, nth);
    node = pair?.value;
  }
  const at = part === 'key' ? pair?.key.range?.[0] : (pair?.value?.range?.[0] ?? pair?.key.range?.[1]);
  return withProperties(origin.text, origin.start + (at ?? 0));
}

/** yaml.v3 places a node at its first property (`&anchor`, `!tag`), the `yaml` library at its content. */
function withProperties(text: string, offset: number): number {
  for (;;) {
    let end = offset;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    let start = end;
    while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
    if (start === end || (text[start] !== '&' && text[start] !== '!')) return offset;
    offset = start;
  }
}

// ---- §8.3, §8.4: the walk

/** Mutable state of one {@link extractImages} call. */
interface Run {
  readonly embedded: boolean;
  readonly scanStrings: boolean;
  readonly strip: boolean;
  readonly reference: boolean;
  readonly maxDocuments: number;
  readonly maxDepth: number;
  documents: number;
  readonly occurrences: ImageOccurrence[];
}

/** Where the walk is: the input, the document, and the YAML path so far. */
interface Place {
  readonly run: Run;
  readonly origin: Origin;
  readonly path: string;
  readonly documentIndex: number;
  readonly kind?: string;
  readonly name?: string;
  /** For embedded YAML: the outer YAML path plus ` > `, prefixed to every inner path. */
  readonly prefix: string;
  readonly embeddedIn?: string;
  readonly embedding: number;
  readonly keys: Key[];
  /** Collections already walked: aliases share them, so each is walked once. */
  readonly seen: Set<object>;
}

function yamlPath(place: Place, last?: Key): string {
  return place.prefix + formatPath(last === undefined ? place.keys : [...place.keys, last]);
}

function record(place: Place, image: string, key: string | undefined, inString = false): void {
  place.run.occurrences.push({
    image,
    path: place.path,
    documentIndex: place.documentIndex,
    ...(place.kind !== undefined ? { kind: place.kind } : {}),
    ...(place.name !== undefined ? { name: place.name } : {}),
    yamlPath: yamlPath(place, key),
    ...(inString ? { inString: true } : {}),
  });
}

/** Which occurrence of each key a walk over a mapping's pairs is at. */
function occurrenceCounter(): (key: string) => number {
  const counts = new Map<string, number>();
  return (key) => {
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return n;
  };
}

function descriptorError(
  place: Place,
  descriptor: readonly [string, number],
  field: readonly [string, number],
  part: 'key' | 'value',
  reason: string,
): never {
  const offset = locate(place.origin, place.keys, [descriptor, field], part);
  const { line, column } = lineColumn(place.origin.text, offset);
  throw new InvalidImageDescriptorError(
    field[0],
    line,
    column,
    reason,
    place.path,
    place.documentIndex,
    place.embeddedIn,
  );
}

/**
 * The reference of a structured `image:`/`scalingPodImage:` mapping (spec §8.4), or `undefined`
 * when it names nothing. Throws {@link InvalidImageDescriptorError} for the fatal shapes.
 */
function descriptorReference(place: Place, key: readonly [string, number], map: Mapping): string | undefined {
  let name = '';
  let repository = '';
  let tag = '';
  let namePresent = false;
  const occurrence = occurrenceCounter();
  for (const [field, value] of pairsOf(map)) {
    const at = [field, occurrence(field)] as const;
    if (field === 'registry' || field === 'digest') {
      const reason = 'is not combined into the extracted reference; fold it into repository or tag';
      descriptorError(place, key, at, 'key', reason);
    }
    if (field !== 'name' && field !== 'repository' && field !== 'tag') continue;
    const raw = isNullish(value) ? undefined : scalarText(value);
    const text = raw === undefined ? '' : goTrimSpace(raw);
    if (text === '') {
      // `tag: ""` / `tag: null` is Helm's "default to appVersion" idiom: treat as absent.
      if (field === 'tag' && (isNullish(value) || raw !== undefined)) continue;
      descriptorError(place, key, at, 'value', 'must be a non-null, non-empty scalar');
    }
    if (field === 'name') {
      name = text;
      namePresent = true;
    } else if (field === 'repository') repository = text;
    else tag = text;
  }
  if (!namePresent) {
    name = repository.replace(/\/+$/, '');
    repository = '';
  }
  return name === '' ? undefined : combineImageReference(name, repository, tag);
}

/** Appends a sibling `containerSHA` as `@<sha>` (spec §8.3 step 3). */
function appendContainerSHA(place: Place, ref: string, sha: string): string {
  if (sha === '' || ref.includes('@')) return ref;
  if (!CONTAINER_SHA.test(sha)) {
    throw new ImageExtractionError(
      `invalid containerSHA ${goQuote(sha)} for image ${goQuote(ref)}: expected sha256:<64 lowercase hex chars> (${place.path}: ${yamlPath(place, 'image')})`,
      place.path,
    );
  }
  return `${ref}@${sha}`;
}

/** Spec §8.3 steps 1–3 for one mapping. */
function scanMapping(place: Place, map: Mapping): void {
  let image = '';
  let repository = '';
  let version = '';
  let containerSHA = '';
  const occurrence = occurrenceCounter();
  for (const [key, value] of pairsOf(map)) {
    if (key === 'image' || key === 'scalingPodImage') {
      const at = [key, occurrence(key)] as const;
      if (isMapping(value)) {
        const ref = descriptorReference(place, at, value);
        if (ref !== undefined && isLikelyImage(ref)) record(place, ref, key);
        continue;
      }
    }
    if (key !== 'image' && key !== 'repository' && key !== 'version' && key !== 'containerSHA') continue;
    const text = scalarText(value);
    if (text === undefined) continue;
    if (key === 'image') image = goTrimSpace(text);
    else if (key === 'repository') repository = goTrimSpace(text);
    else if (key === 'version') version = goTrimSpace(text);
    else containerSHA = goTrimSpace(text);
  }
  if (image !== '') {
    const ref = appendContainerSHA(place, combineImageReference(image, repository, version), containerSHA);
    if (isLikelyImage(ref)) record(place, ref, 'image');
  }
}

function walk(place: Place, value: unknown, depth: number): void {
  if (typeof value === 'string') {
    scanString(place, value);
    scanEmbedded(place, value);
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof YamlNull) return;
  if (place.seen.has(value)) return;
  if (depth > place.run.maxDepth) {
    throw new ExtractionLimitError(
      `YAML nesting deeper than ${place.run.maxDepth} levels at ${yamlPath(place)} (${place.path}, document ${place.documentIndex})`,
      place.path,
    );
  }
  place.seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      place.keys.push(i);
      walk(place, value[i], depth + 1);
      place.keys.pop();
    }
    return;
  }
  const map = value as Mapping;
  scanMapping(place, map);
  for (const [key, item] of pairsOf(map)) {
    place.keys.push(key);
    walk(place, item, depth + 1);
    place.keys.pop();
  }
}

/** Keys whose string value the §8.3 rules read; the string scan leaves them to those rules. */
const IMAGE_KEYS = new Set(['image', 'scalingPodImage']);

/**
 * The string scan ({@link ExtractOptions.scanStrings}) of one string value. Strings inside YAML
 * embedded in a string are not scanned again: the outer string was, whole.
 */
function scanString(place: Place, value: string): void {
  if (!place.run.scanStrings || place.embedding > 0) return;
  const key = place.keys[place.keys.length - 1];
  if (typeof key === 'string' && IMAGE_KEYS.has(key)) return;
  for (const ref of findStringReferences(value)) record(place, ref, undefined, true);
}

/**
 * What the string scan adds to the §8.3 occurrences: each reference no rule found, once per place.
 */
function withoutRepeatedStringReferences(occurrences: ImageOccurrence[]): ImageOccurrence[] {
  if (!occurrences.some((o) => o.inString)) return occurrences;
  const byRules = new Set(occurrences.filter((o) => !o.inString).map((o) => o.image));
  const places = new Set<string>();
  return occurrences.filter((o) => {
    if (!o.inString) return true;
    if (byRules.has(o.image)) return false;
    const place = JSON.stringify([o.image, o.path, o.documentIndex, o.yamlPath]);
    if (places.has(place)) return false;
    places.add(place);
    return true;
  });
}

/**
 * Upstream hands every multi-line string value (a ConfigMap's embedded manifest, a script, prose)
 * back to `ExtractImagesFromYAML`: directives are stripped, each document is parsed and walked in
 * turn, and the value's images are kept only when all of it goes through. An invalid descriptor is
 * fatal as anywhere else; anything else that fails (text that is not YAML, a bad `containerSHA`)
 * drops the value's images silently.
 */
function scanEmbedded(place: Place, value: string): void {
  const run = place.run;
  if (!run.embedded || place.embedding >= MAX_EMBEDDING || !value.includes('\n')) return;
  // Only `image`/`scalingPodImage` keys yield images or errors: skip the (often large) values without them.
  if (!mayHoldImageKey(value)) return;
  const text = run.strip ? stripTemplateDirectives(value) : value;
  const outer = yamlPath(place);
  const docs = COMPLEX_STREAM.test(text)
    ? loadStream(text).map((loaded, doc) => ({ loaded: () => loaded, start: 0, end: text.length, doc }))
    : documentSlices(text).map((s) => ({
        loaded: () => loadDocument(text.slice(s.start, s.end), run.reference),
        ...s,
        doc: 0,
      }));
  const several = docs.length > 1;
  const kept = run.occurrences.length;
  try {
    docs.forEach((d, i) => {
      const loaded = d.loaded();
      if ('error' in loaded) throw new ImageExtractionError(loaded.error, place.path);
      countDocument(run, place.path);
      walk(
        {
          ...place,
          origin: { text, start: d.start, end: d.end, doc: d.doc },
          prefix: `${outer} > ${several ? `[doc ${i}] ` : ''}`,
          embeddedIn: several ? `${outer} document ${i}` : outer,
          embedding: place.embedding + 1,
          keys: [],
          seen: new Set(),
        },
        loaded.value,
        0,
      );
    });
  } catch (err) {
    if (!(err instanceof ImageExtractionError) || err instanceof ExtractionLimitError) throw err;
    run.occurrences.length = kept;
  }
}

// ---- documents

function countDocument(run: Run, path: string): void {
  run.documents++;
  if (run.documents > run.maxDocuments) {
    throw new ExtractionLimitError(`more than ${run.maxDocuments} YAML documents (limit reached in ${path})`, path);
  }
}

/** A `---` document marker line. */
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
/** Document-end markers and directives change how a stream splits: such streams are parsed whole. */
const COMPLEX_STREAM = /^(?:\.\.\.(?=[ \t\r\n]|$)|%)/m;
/** A line with content (not blank, not a comment): text before the first `---` forms a document. */
const CONTENT_LINE = /^[ \t]*[^\s#]/m;
/** The first content line of a document (neither a comment nor the `---` marker). */
const FIRST_CONTENT = /^(?!---(?:[ \t\r]|$))[ \t]*[^\s#]/m;

/** The document slices of a stream, split at `---` lines (anchors never cross documents). */
function documentSlices(text: string): Array<{ start: number; end: number }> {
  const starts: number[] = [];
  for (const m of text.matchAll(DOCUMENT_START)) starts.push(m.index);
  const slices: Array<{ start: number; end: number }> = [];
  const first = starts[0] ?? text.length;
  if (CONTENT_LINE.test(text.slice(0, first))) slices.push({ start: 0, end: first });
  for (let i = 0; i < starts.length; i++) slices.push({ start: starts[i]!, end: starts[i + 1] ?? text.length });
  return slices;
}

/** The template path from helm's `# Source: <path>` comment in a document's leading comments. */
function sourceComment(slice: string): string | undefined {
  const content = FIRST_CONTENT.exec(slice);
  let found: string | undefined;
  for (const m of slice.slice(0, content ? content.index : slice.length).matchAll(SOURCE_COMMENT)) found = m[1];
  return found;
}

/** `kind` and `metadata.name` of a top-level document, when they are strings. */
function identify(root: unknown): { kind?: string; name?: string } {
  if (!isMapping(root)) return {};
  const out: { kind?: string; name?: string } = {};
  const kind = lookup(root, 'kind');
  if (typeof kind === 'string') out.kind = kind;
  const metadata = lookup(root, 'metadata');
  const name = isMapping(metadata) ? lookup(metadata, 'name') : undefined;
  if (typeof name === 'string') out.name = name;
  return out;
}

function decodeError(path: string, text: string, message: string, offset: number): never {
  const { line, column } = lineColumn(text, offset);
  const reason = /call stack/i.test(message) ? 'YAML nesting too deep' : message;
  throw new ImageExtractionError(`decode yaml ${path}: line ${line}, column ${column}: ${reason}`, path, line, column);
}

/**
 * Walks one loaded document. Documents are handled in order, like a streaming decoder: a fatal
 * descriptor in document 1 wins over a syntax error in document 2.
 */
function scanDocument(
  run: Run,
  input: ManifestText,
  origin: Origin,
  loaded: Loaded,
  documentIndex: number,
  source: string | undefined,
): void {
  if ('error' in loaded) decodeError(input.path, origin.text, loaded.error, origin.start + loaded.offset);
  countDocument(run, input.path);
  if (loaded.value === null || loaded.value === undefined) return;
  walk(
    {
      run,
      origin,
      path: source ?? input.path,
      documentIndex,
      ...identify(loaded.value),
      prefix: '',
      embedding: 0,
      keys: [],
      seen: new Set(),
    },
    loaded.value,
    0,
  );
}

function scanText(run: Run, input: ManifestText, skipImageless: boolean): void {
  const text = run.strip ? stripTemplateDirectives(input.content) : input.content;
  if (COMPLEX_STREAM.test(text)) {
    const source = sourceComment(text);
    loadStream(text).forEach((loaded, i) => {
      scanDocument(run, input, { text, start: 0, end: text.length, doc: i }, loaded, i, i === 0 ? source : undefined);
    });
    return;
  }
  // helm heads every document with `# Source: <template>`; a template that itself starts with
  // `---` leaves that comment in an empty document, so the latest one applies until the next.
  let source: string | undefined;
  const slices = documentSlices(text);
  // A tree the renderer parsed stands for the text as given: one document, nothing stripped.
  const tree = input.tree !== undefined && text === input.content && slices.length === 1 ? input.tree : undefined;
  slices.forEach(({ start, end }, documentIndex) => {
    const slice = text.slice(start, end);
    source = sourceComment(slice) ?? source;
    if (skipImageless && !mayHoldImageKey(slice)) {
      countDocument(run, input.path);
      return;
    }
    const loaded = tree !== undefined && !run.reference ? { value: tree } : loadDocument(slice, run.reference);
    scanDocument(run, input, { text, start, end, doc: 0 }, loaded, documentIndex, source);
  });
}

/**
 * Extracts image references from YAML texts (rendered templates or raw manifests).
 *
 * Throws {@link InvalidImageDescriptorError} for an invalid structured descriptor (fatal upstream)
 * and {@link ImageExtractionError} for anything else that goes wrong (malformed YAML, invalid
 * `containerSHA`, limits); upstream then drops every image of the call, so callers should pass one
 * render (or one manifest file) per call.
 */
export function extractImages(manifests: readonly ManifestText[], options: ExtractOptions = {}): ExtractionResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let total = 0;
  for (const m of manifests) {
    total += m.content.length;
    if (total > maxBytes) {
      throw new ExtractionLimitError(`YAML input larger than ${maxBytes} bytes (limit reached in ${m.path})`, m.path);
    }
  }
  const scanStrings = options.scanStrings ?? false;
  const run: Run = {
    embedded: options.embeddedYaml ?? true,
    scanStrings,
    strip: options.stripTemplateDirectives ?? true,
    reference: options.referenceParser ?? false,
    maxDocuments: options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    documents: 0,
    occurrences: [],
  };
  const skip = !scanStrings && (options.skipDocumentsWithoutImageKeys ?? false);
  for (const m of manifests) scanText(run, m, skip);
  const found = options.normalize ? run.occurrences.map(normalizedOccurrence) : run.occurrences;
  const occurrences = withoutRepeatedStringReferences(found);
  return { images: sortedUnique(occurrences.map((o) => o.image)), occurrences };
}

/** Spec §8 `ExtractImagesFromYAML`: the sorted, deduplicated images of one YAML text. */
export function extractImagesFromYAML(text: string, options: ExtractOptions = {}): string[] {
  return extractImages([{ path: '<input>', content: text }], options).images;
}
