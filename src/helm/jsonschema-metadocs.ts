/**
 * The metaschema documents santhosh-tekuri/jsonschema v6 (helm 4) embeds and loads by URL — for a
 * `$ref` to one, or a `$schema` it does not know outright — instead of fetching them: the draft-04,
 * -06 and -07 metaschemas, and the 2019-09 and 2020-12 metaschemas with their vocabulary documents
 * (`…/meta/core`, `…/meta/applicator`…).
 *
 * The vocabulary documents here are the ones jsonschema-draft2019.ts embeds in its `$defs`, made
 * standalone: their references to the draft's metaschema (which stand for the published documents'
 * `$recursiveRef`/`$dynamicRef`) point at the vocabulary itself, where dynamic resolution leads when
 * one is used on its own, and each names its own vocabulary in `$vocabulary`.
 */
import { SchemaLoadError } from './jsonschema-common.js';
import { DRAFT04_METASCHEMA } from './jsonschema-draft04.js';
import { DRAFT06_METASCHEMA, DRAFT07_METASCHEMA } from './jsonschema-draft07.js';
import { DRAFT2019_METASCHEMA, DRAFT2020_METASCHEMA } from './jsonschema-draft2019.js';

/** The URL of the metaschema the library makes of a dialect's vocabularies. */
export const VOCABULARY_METASCHEMA_URL = 'urn:mem:metaschema';

type Json = Record<string, unknown>;

interface DraftDocument {
  top: Json & { $id: string; allOf: unknown[] };
  /** Vocabulary documents by name (`core`, `meta-data`, `format-annotation`…), as embedded in `$defs`. */
  vocabularies: Map<string, Json & { $id: string }>;
  /** The names the metaschema's `$vocabulary` lists (2020-12's `format-assertion` is not among them). */
  listed: string[];
}

const draftDocuments = new Map<number, DraftDocument>();

function draftDocument(version: 2019 | 2020): DraftDocument {
  let d = draftDocuments.get(version);
  if (d === undefined) {
    const top = JSON.parse(version === 2019 ? DRAFT2019_METASCHEMA : DRAFT2020_METASCHEMA) as DraftDocument['top'];
    const vocabularies = new Map<string, Json & { $id: string }>();
    for (const v of Object.values(top.$defs as Record<string, Json & { $id: string }>)) {
      vocabularies.set(v.$id.slice(v.$id.lastIndexOf('/') + 1), v);
    }
    const listed = [...vocabularies.keys()];
    const annotation = vocabularies.get('format-annotation');
    if (annotation) {
      // The assertion vocabulary's document has the annotation one's rule (`format` is a string).
      const $id = annotation.$id.replace(/format-annotation$/, 'format-assertion');
      vocabularies.set('format-assertion', { ...annotation, $id });
    }
    d = { top, vocabularies, listed };
    draftDocuments.set(version, d);
  }
  return d;
}

/** `https://json-schema.org/draft/2020-12/vocab/<name>` (2019-09 alike). */
export function vocabularyURL(version: 2019 | 2020, name: string): string {
  return `https://json-schema.org/draft/${version === 2019 ? '2019-09' : '2020-12'}/vocab/${name}`;
}

/** A value with every `{"$ref": from}` pointed at `to`. */
function retarget(v: unknown, from: string, to: string): unknown {
  if (Array.isArray(v)) return v.map((x) => retarget(x, from, to));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Json;
  if (o.$ref === from) return { ...o, $ref: to };
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, retarget(x, from, to)]));
}

/** The embedded documents by path below json-schema.org, built on first use. */
let documents: Map<string, string> | undefined;

function embeddedDocuments(): Map<string, string> {
  if (documents) return documents;
  documents = new Map([
    ['draft-04/schema', DRAFT04_METASCHEMA],
    ['draft-06/schema', DRAFT06_METASCHEMA],
    ['draft-07/schema', DRAFT07_METASCHEMA],
  ]);
  for (const version of [2019, 2020] as const) {
    const { top, vocabularies, listed } = draftDocument(version);
    const dir = `draft/${version === 2019 ? '2019-09' : '2020-12'}`;
    const $vocabulary = Object.fromEntries(listed.map((n) => [vocabularyURL(version, n), true]));
    documents.set(`${dir}/schema`, JSON.stringify({ ...top, $vocabulary }));
    for (const [name, vocab] of vocabularies) {
      const standalone = retarget(vocab, top.$id, vocab.$id) as Json;
      documents.set(
        `${dir}/meta/${name}`,
        JSON.stringify({ $schema: top.$id, ...standalone, $vocabulary: { [vocabularyURL(version, name)]: true } }),
      );
    }
  }
  return documents;
}

/** Directories of the library's embedded file system (reading one as a document fails). */
const DIRECTORIES = new Set([
  'draft-04',
  'draft-06',
  'draft-07',
  'draft',
  'draft/2019-09',
  'draft/2019-09/meta',
  'draft/2020-12',
  'draft/2020-12/meta',
]);

/**
 * The document the library loads for a URL from its embedded metaschemas (http or https on
 * json-schema.org; `/schema` is the latest draft), or undefined for a URL its loaders fetch.
 * @throws SchemaLoadError for a directory of the embedded file system, with the library's text
 */
export function embeddedMetaschema(url: string): string | undefined {
  const m = /^https?:\/\/json-schema\.org\/(.*)$/s.exec(url);
  if (!m) return undefined;
  const path = m[1] === 'schema' ? 'draft/2020-12/schema' : m[1]!;
  if (DIRECTORIES.has(path)) throw new SchemaLoadError(`read metaschemas/${path}/: is a directory`);
  return embeddedDocuments().get(path);
}

/** The name of one of a 2019-09 or 2020-12 vocabulary, by its URL (undefined for another URL). */
export function knownVocabulary(version: 2019 | 2020, url: string): string | undefined {
  for (const name of draftDocument(version).vocabularies.keys()) {
    if (vocabularyURL(version, name) === url) return name;
  }
  return undefined;
}

/**
 * The metaschema the library makes of a dialect's vocabularies (getSchema, when a loaded `$schema`
 * document lists them): `allOf` the vocabulary documents, without the draft metaschema's own
 * keywords. In 2020-12 the vocabularies check subschemas against this whole again (it carries the
 * `meta` dynamic anchor); in 2019-09 each checks them against itself (its `$recursiveAnchor`).
 */
export function vocabularyMetaschema(version: 2019 | 2020, names: readonly string[]): string {
  const { top, vocabularies } = draftDocument(version);
  const $defs = Object.fromEntries(
    names.map((n) => {
      const vocab = vocabularies.get(n)!;
      return [n, retarget(vocab, top.$id, version === 2020 ? VOCABULARY_METASCHEMA_URL : vocab.$id)];
    }),
  );
  return JSON.stringify({
    $schema: top.$id,
    allOf: names.map((n) => ({ $ref: vocabularies.get(n)!.$id })),
    $defs,
  });
}
