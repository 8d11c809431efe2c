/**
 * Container image extraction from YAML (spec §8, upstream `ExtractImagesFromYAML`): runs over every
 * rendered chart and every raw manifest of a recipe. It strips Helm directives (§8.1), parses every
 * document (§8.2), walks every node for `image` keys, CRD-style sibling groups and structured
 * descriptors (§8.3–§8.5), keeps likely images (§8.6), never normalises (§8.7), and returns the
 * exact-string deduplicated, byte-wise sorted list plus where each reference was found.
 *
 * The input is untrusted: total size, document count and nesting depth are bounded, and aliases are
 * walked once per anchored node, so alias "bombs" cost linear time.
 */
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { sortedUnique } from '../formats/bytewise.js';
import type { ImageOccurrence } from '../formats/model.js';

export type { ImageOccurrence } from '../formats/model.js';

/** One YAML text to scan: a rendered template (path as in `# Source:`) or a raw manifest file. */
export interface ManifestText {
  path: string;
  content: string;
}

/** Limits and switches for {@link extractImages}; every field is optional. */
export interface ExtractOptions {
  /**
   * Apply the §8.1 Helm-directive pre-pass before parsing (default true). Upstream runs it on rendered
   * charts too, where it is harmless; it lets `{{ … }}`-shaped raw manifests parse.
   */
  stripTemplateDirectives?: boolean;
  /** Parse YAML embedded in ConfigMap `data` string values (default true, upstream PR #2647). */
  embeddedConfigMaps?: boolean;
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

/**
 * A recognised `image:`/`scalingPodImage:` mapping that cannot be turned into a reference (spec §8.4).
 * Fatal upstream: dropping it would silently leave an image out of the air-gap set. The message is
 * the spec's `field "<f>" at line L, column C <reason>`; line and column count from 1 in the text
 * named by `path` (or, when `embeddedIn` is set, in the ConfigMap value at that YAML path).
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
/** ConfigMap values are searched for YAML at most this many levels deep (ConfigMap in ConfigMap …). */
const MAX_EMBEDDING = 3;

const DIRECTIVE = /\{\{[^{}]*\}\}/g;
const CONTAINER_SHA = /^sha256:[a-f0-9]{64}$/;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SOURCE_COMMENT = /^[ \t]*#[ \t]*Source:[ \t]*(\S.*?)[ \t]*$/gm;

/** Go's `unicode.IsSpace`, which `strings.TrimSpace` uses (JavaScript's `trim` also strips U+FEFF). */
function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Go's `strings.TrimSpace`. */
function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

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
    if (trimSpace(line.replace(DIRECTIVE, '')) === '') lines[i] = '';
    else lines[i] = line.replace(DIRECTIVE, TEMPLATE_PLACEHOLDER);
  }
  return lines.join('\n');
}

/** A registry host is a first path segment containing `.` or `:`, or `localhost` (spec §8.5). */
function isRegistryHost(segment: string): boolean {
  return segment === 'localhost' || segment.includes('.') || segment.includes(':');
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

/** Appends a sibling `containerSHA` as `@<sha>` (spec §8.3 step 3). */
function appendContainerSHA(ref: string, sha: string, where: () => string, path: string): string {
  if (sha === '' || ref.includes('@')) return ref;
  if (!CONTAINER_SHA.test(sha)) {
    throw new ImageExtractionError(
      `invalid containerSHA ${JSON.stringify(sha)} for image ${JSON.stringify(ref)}: expected sha256:<64 lowercase hex chars> (${where()})`,
      path,
    );
  }
  return `${ref}@${sha}`;
}

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

/** The string form of a scalar as written (numbers keep their spelling, like yaml.v3's `Value`). */
function scalarText(node: Scalar): string {
  if (typeof node.source === 'string') return node.source;
  return node.value === null || node.value === undefined ? '' : String(node.value);
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? scalarText(key) : undefined;
}

function pathSegment(key: string | undefined): string {
  if (key === undefined) return '[?]';
  return PLAIN_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function joinPath(segments: readonly string[]): string {
  const joined = segments.join('');
  return joined.startsWith('.') ? joined.slice(1) : joined;
}

/** The text of one parse: the anchors seen in it, for alias resolution in linear time. */
class ParsedText {
  private anchors?: Map<string, Array<{ start: number; node: Node }>>;

  constructor(
    readonly text: string,
    readonly doc: Document.Parsed,
  ) {}

  /** The node an alias points at: the closest anchor of that name defined before it. */
  resolve(alias: Node): Node | undefined {
    if (!isAlias(alias)) return alias;
    if (!this.anchors) this.anchors = this.indexAnchors();
    const candidates = this.anchors.get(alias.source);
    const at = alias.range?.[0] ?? Number.POSITIVE_INFINITY;
    let found: Node | undefined;
    for (const c of candidates ?? []) if (c.start < at) found = c.node;
    return found;
  }

  private indexAnchors(): Map<string, Array<{ start: number; node: Node }>> {
    const anchors = new Map<string, Array<{ start: number; node: Node }>>();
    const stack: unknown[] = [this.doc.contents];
    while (stack.length > 0) {
      const n = stack.pop();
      if (isPair(n)) {
        stack.push(n.value, n.key);
        continue;
      }
      if (!n || isAlias(n) || !(isScalar(n) || isCollection(n))) continue;
      if (n.anchor) {
        const list = anchors.get(n.anchor) ?? [];
        list.push({ start: n.range?.[0] ?? 0, node: n });
        anchors.set(n.anchor, list);
      }
      if (isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    }
    for (const list of anchors.values()) list.sort((a, b) => a.start - b.start);
    return anchors;
  }
}

/** Mutable state of one {@link extractImages} call. */
interface Run {
  readonly embedded: boolean;
  readonly maxDocuments: number;
  readonly maxDepth: number;
  documents: number;
  readonly occurrences: ImageOccurrence[];
}

/** Where the walk is: the input, the document, and the YAML path so far. */
interface Place {
  readonly run: Run;
  readonly parsed: ParsedText;
  readonly path: string;
  readonly documentIndex: number;
  readonly kind?: string;
  readonly name?: string;
  /** For embedded YAML: the outer YAML path plus ` > `, prefixed to every inner path. */
  readonly prefix: string;
  readonly embeddedIn?: string;
  readonly embedding: number;
  readonly segments: string[];
  /** Anchored nodes already walked: an alias to one adds nothing new. */
  readonly walked: Set<Node>;
}

function record(place: Place, image: string, keySegment: string): void {
  place.segments.push(keySegment);
  place.run.occurrences.push({
    image,
    path: place.path,
    documentIndex: place.documentIndex,
    ...(place.kind !== undefined ? { kind: place.kind } : {}),
    ...(place.name !== undefined ? { name: place.name } : {}),
    yamlPath: place.prefix + joinPath(place.segments),
  });
  place.segments.pop();
}

function descriptorError(place: Place, field: string, at: Node | undefined, fallback: number, reason: string): never {
  const { line, column } = lineColumn(place.parsed.text, at?.range?.[0] ?? fallback);
  throw new InvalidImageDescriptorError(field, line, column, reason, place.path, place.documentIndex, place.embeddedIn);
}

/**
 * The reference of a structured `image:`/`scalingPodImage:` mapping (spec §8.4), or `undefined`
 * when it names nothing. Throws {@link InvalidImageDescriptorError} for the fatal shapes.
 */
function descriptorReference(place: Place, map: YAMLMap): string | undefined {
  let name = '';
  let repository = '';
  let tag = '';
  let namePresent = false;
  for (const pair of map.items) {
    const key = keyText(pair.key);
    if (key !== 'name' && key !== 'repository' && key !== 'tag') {
      if (key === 'registry' || key === 'digest') {
        descriptorError(
          place,
          key,
          pair.key as Node,
          0,
          'is not combined into the extracted reference; fold it into repository or tag',
        );
      }
      continue;
    }
    const value = pair.value === null ? undefined : place.parsed.resolve(pair.value as Node);
    const text = isScalar(value) && value.value !== null ? trimSpace(scalarText(value)) : '';
    if (text === '') {
      // `tag: ""` / `tag: null` is Helm's "default to appVersion" idiom: treat as absent.
      if (key === 'tag' && (value === undefined || isScalar(value))) continue;
      const keyEnd = (pair.key as Node | null)?.range?.[1] ?? 0;
      descriptorError(place, key, value, keyEnd, 'must be a non-null, non-empty scalar');
    }
    if (key === 'name') {
      name = text;
      namePresent = true;
    } else if (key === 'repository') repository = text;
    else tag = text;
  }
  if (!namePresent) {
    name = repository.replace(/\/+$/, '');
    repository = '';
  }
  return name === '' ? undefined : combineImageReference(name, repository, tag);
}

/** Sibling scalars of one mapping that form an image reference (spec §8.3 step 1). */
interface Siblings {
  image?: string;
  imageKey?: string;
  repository?: string;
  version?: string;
  containerSHA?: string;
}

const SIBLING_KEYS = new Set(['image', 'repository', 'version', 'containerSHA']);

/**
 * Sibling scalars merged in through `<<` (YAML merge keys): fill only keys the mapping does not set
 * itself, earlier merge sources first, the way a YAML 1.1 loader builds the mapping.
 */
function mergedSiblings(place: Place, source: Node | undefined, into: Siblings, depth: number): void {
  const node = source === undefined ? undefined : place.parsed.resolve(source);
  if (depth > 64) return;
  if (isSeq(node)) {
    for (const item of node.items) mergedSiblings(place, item as Node, into, depth + 1);
    return;
  }
  if (!isMap(node)) return;
  const local: Siblings = {};
  const nested: Node[] = [];
  for (const pair of node.items) {
    const key = keyText(pair.key);
    if (key === '<<') nested.push(pair.value as Node);
    else if (key !== undefined && SIBLING_KEYS.has(key)) {
      const value = pair.value === null ? undefined : place.parsed.resolve(pair.value as Node);
      if (isScalar(value)) local[key as keyof Siblings] = trimSpace(scalarText(value));
    }
  }
  for (const n of nested) mergedSiblings(place, n, local, depth + 1);
  for (const key of SIBLING_KEYS) {
    const k = key as keyof Siblings;
    if (into[k] === undefined && local[k] !== undefined) into[k] = local[k];
  }
}

function walk(place: Place, node: unknown, depth: number): void {
  if (depth > place.run.maxDepth) {
    throw new ImageExtractionError(
      `YAML nesting deeper than ${place.run.maxDepth} levels at ${place.prefix}${joinPath(place.segments)} (document ${place.documentIndex})`,
      place.path,
    );
  }
  let target = node as Node | null | undefined;
  if (isAlias(target)) target = place.parsed.resolve(target);
  if (!target || !isCollection(target)) return;
  if (target.anchor) {
    if (place.walked.has(target)) return;
    place.walked.add(target);
  }
  if (isSeq(target)) {
    for (let i = 0; i < target.items.length; i++) {
      place.segments.push(`[${i}]`);
      walk(place, target.items[i], depth + 1);
      place.segments.pop();
    }
    return;
  }
  if (!isMap(target)) return;
  scanMapping(place, target);
  for (const pair of target.items) {
    place.segments.push(pathSegment(keyText(pair.key)));
    walk(place, pair.value, depth + 1);
    place.segments.pop();
  }
}

/** Spec §8.3 steps 1–3 for one mapping, plus the ConfigMap embedded-YAML search. */
function scanMapping(place: Place, map: YAMLMap): void {
  const siblings: Siblings = {};
  const merges: Node[] = [];
  const descriptors: Array<{ map: YAMLMap; segment: string }> = [];
  let kind: string | undefined;
  let data: YAMLMap | undefined;
  for (const pair of map.items) {
    const key = keyText(pair.key);
    if (key === undefined) continue;
    if (key === '<<') {
      merges.push(pair.value as Node);
      continue;
    }
    const value = pair.value === null ? undefined : place.parsed.resolve(pair.value as Node);
    if ((key === 'image' || key === 'scalingPodImage') && isMap(value)) {
      descriptors.push({ map: value, segment: pathSegment(key) });
      continue;
    }
    if (isScalar(value)) {
      if (SIBLING_KEYS.has(key)) {
        siblings[key as keyof Siblings] = trimSpace(scalarText(value));
        if (key === 'image') siblings.imageKey = pathSegment(key);
      } else if (key === 'kind') kind = scalarText(value);
    } else if (key === 'data' && isMap(value)) data = value;
  }
  if (merges.length > 0) {
    const merged: Siblings = {};
    for (const m of merges) mergedSiblings(place, m, merged, 0);
    for (const key of SIBLING_KEYS) {
      const k = key as keyof Siblings;
      if (siblings[k] === undefined && merged[k] !== undefined) {
        siblings[k] = merged[k];
        if (k === 'image') siblings.imageKey = pathSegment('image');
      }
    }
  }
  for (const d of descriptors) {
    const ref = descriptorReference(place, d.map);
    if (ref !== undefined && isLikelyImage(ref)) record(place, ref, d.segment);
  }
  if (siblings.image) {
    const combined = combineImageReference(siblings.image, siblings.repository ?? '', siblings.version ?? '');
    const where = () => `${place.path}: ${place.prefix}${joinPath([...place.segments, siblings.imageKey ?? '.image'])}`;
    const ref = appendContainerSHA(combined, siblings.containerSHA ?? '', where, place.path);
    if (isLikelyImage(ref)) record(place, ref, siblings.imageKey ?? '.image');
  }
  if (kind === 'ConfigMap' && data && place.run.embedded && place.embedding < MAX_EMBEDDING) {
    scanConfigMapData(place, data);
  }
}

/** Parses ConfigMap `data` values that may hold YAML; values that are not YAML are skipped silently. */
function scanConfigMapData(place: Place, data: YAMLMap): void {
  for (const pair of data.items) {
    const value = pair.value === null ? undefined : place.parsed.resolve(pair.value as Node);
    if (!isScalar(value) || typeof value.value !== 'string') continue;
    const text = value.value;
    // Only `image`/`scalingPodImage` keys yield images: skip the (often large) values without them.
    if (!text.includes('image') && !text.includes('scalingPodImage')) continue;
    const outer = `${place.prefix}${joinPath([...place.segments, '.data', pathSegment(keyText(pair.key))])}`;
    let docs: Document.Parsed[];
    try {
      docs = parseAllDocuments(text, PARSE_OPTIONS) as Document.Parsed[];
    } catch {
      continue;
    }
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) continue;
    const several = docs.length > 1;
    docs.forEach((doc, i) => {
      countDocument(place.run, place.path);
      const inner: Place = {
        ...place,
        parsed: new ParsedText(text, doc),
        prefix: `${outer} > ${several ? `[doc ${i}] ` : ''}`,
        embeddedIn: several ? `${outer} document ${i}` : outer,
        embedding: place.embedding + 1,
        segments: [],
        walked: new Set(),
      };
      walk(inner, doc.contents, 0);
    });
  }
}

const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false } as const;

function countDocument(run: Run, path: string): void {
  run.documents++;
  if (run.documents > run.maxDocuments) {
    throw new ImageExtractionError(`more than ${run.maxDocuments} YAML documents (limit reached in ${path})`, path);
  }
}

/** `kind` and `metadata.name` of a top-level document, when they are scalars. */
function identify(parsed: ParsedText): { kind?: string; name?: string } {
  const root = parsed.doc.contents;
  if (!isMap(root)) return {};
  const out: { kind?: string; name?: string } = {};
  for (const pair of root.items) {
    const key = keyText(pair.key);
    const value = pair.value === null ? undefined : parsed.resolve(pair.value as Node);
    if (key === 'kind' && isScalar(value) && value.value !== null) out.kind = scalarText(value);
    if (key === 'metadata' && isMap(value)) {
      for (const p of value.items) {
        const v = p.value === null ? undefined : parsed.resolve(p.value as Node);
        if (keyText(p.key) === 'name' && isScalar(v) && v.value !== null) out.name = scalarText(v);
      }
    }
  }
  return out;
}

/**
 * The template path from helm's `# Source: <path>` comment above a document (between the previous
 * document's content and this one's), if any.
 */
function sourceComment(text: string, from: number, doc: Document.Parsed): string | undefined {
  const to = doc.contents?.range?.[0] ?? doc.range?.[1] ?? from;
  let found: string | undefined;
  for (const m of text.slice(from, to).matchAll(SOURCE_COMMENT)) found = m[1];
  return found;
}

function decodeError(path: string, text: string, error: { message: string; pos: [number, number] }): never {
  const { line, column } = lineColumn(text, error.pos[0]);
  const reason = /call stack/i.test(error.message) ? 'YAML nesting too deep' : error.message;
  throw new ImageExtractionError(`decode yaml ${path}: line ${line}, column ${column}: ${reason}`, path, line, column);
}

function scanText(run: Run, input: ManifestText, strip: boolean): void {
  const text = strip ? stripTemplateDirectives(input.content) : input.content;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, PARSE_OPTIONS) as Document.Parsed[];
  } catch (err) {
    throw new ImageExtractionError(`decode yaml ${input.path}: ${(err as Error).message}`, input.path);
  }
  if (!Array.isArray(docs)) return; // an empty stream
  let previousEnd = 0;
  docs.forEach((doc, documentIndex) => {
    const from = previousEnd;
    previousEnd = doc.contents?.range?.[1] ?? doc.range?.[1] ?? previousEnd;
    // Documents are checked in order, like a streaming decoder: a fatal descriptor in document 1
    // wins over a syntax error in document 2.
    const firstError = doc.errors[0];
    if (firstError) decodeError(input.path, text, firstError);
    countDocument(run, input.path);
    if (doc.contents === null) return;
    const parsed = new ParsedText(text, doc);
    const place: Place = {
      run,
      parsed,
      path: sourceComment(text, from, doc) ?? input.path,
      documentIndex,
      ...identify(parsed),
      prefix: '',
      embedding: 0,
      segments: [],
      walked: new Set(),
    };
    walk(place, doc.contents, 0);
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
      throw new ImageExtractionError(`YAML input larger than ${maxBytes} bytes (limit reached in ${m.path})`, m.path);
    }
  }
  const run: Run = {
    embedded: options.embeddedConfigMaps ?? true,
    maxDocuments: options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    documents: 0,
    occurrences: [],
  };
  const strip = options.stripTemplateDirectives ?? true;
  for (const m of manifests) scanText(run, m, strip);
  return { images: sortedUnique(run.occurrences.map((o) => o.image)), occurrences: run.occurrences };
}

/** Spec §8 `ExtractImagesFromYAML`: the sorted, deduplicated images of one YAML text. */
export function extractImagesFromYAML(text: string, options: ExtractOptions = {}): string[] {
  return extractImages([{ path: '<input>', content: text }], options).images;
}
