/**
 * A chart repository's `index.yaml` read the way helm reads it (repo.loadIndex), then asked for one
 * chart version (repo.IndexFile.Get).
 *
 * Loading: empty bytes fail; a text that is valid JSON is decoded by encoding/json (lenient: unknown
 * fields are ignored); anything else goes through sigs.k8s.io/yaml.UnmarshalStrict — go-yaml in
 * strict mode (a key set twice fails), the YAML-to-JSON conversion, then encoding/json with unknown
 * fields refused — into helm's IndexFile struct, `generated` and each `created` parsed as RFC 3339.
 * Every entry of every chart is then validated like Chart.yaml metadata (invalid ones are skipped
 * with a warning), each chart's versions sorted newest first, and a missing apiVersion refused.
 *
 * The whole index is read even when one chart is wanted (helm refuses an index for a problem in any
 * entry). A loaded index is kept per process, keyed by its bytes, so looking up many charts in one
 * index (`mirror list`) parses it once.
 */
import { createHash } from 'node:crypto';
import { JsonError, parseJSONTreeWithLiterals } from '../../codec/json.js';
import { goQuote, type YValue } from '../../codec/yaml-decode.js';
import { decodeInput } from '../../gotemplate/gostring.js';
import { parseConstraint, type SemverCompat, SemverError, tryParseVersion } from '../../sprig/semver.js';
import type { ChartMetadata } from '../chart.js';
import { metadataStruct, toMetadata } from '../chart-yaml.js';
import { type GoPanic, nilDereferencePanic } from '../go-panic.js';
import { goReleaseOf, goSort } from '../go-sort.js';
import {
  decodeStruct,
  fromJsonTree,
  GoDecodeError,
  type GoStruct,
  type GoType,
  YamlUnmarshalError,
  yamlUnmarshalStruct,
} from '../go-struct.js';
import { ChartLoadError, validateMetadata } from '../load.js';

/** One version of a chart as listed in an index (the fields helmless uses; `raw` has the rest). */
export interface IndexEntry {
  name: string;
  version: string;
  urls: string[];
  /** Hex sha256 of the archive, when the index lists one. */
  digest?: string;
  /** The decoded entry (chart.Metadata's fields, sanitized, and urls, created, removed, digest…). */
  raw: Readonly<Record<string, unknown>>;
}

/** An entry helm skips while loading, with the reason it logs. */
export interface SkippedEntry {
  /** The chart's key under `entries`. */
  chart: string;
  /** The entry's version; undefined for an empty (null) entry. */
  version?: string;
  /** `empty entry` or the validation error (`validation: …`). */
  reason: string;
}

/** An index as helm loads it. Shared between lookups: never modified. */
export interface RepoIndex {
  /** Entries skipped while loading, in the order helm logs them. */
  readonly skipped: readonly SkippedEntry[];
  /**
   * Why helm refuses the index: the text after `looks like "…" is not a valid chart repository or
   * cannot be reached: `, or the panic helm 3 dies of (a null entry among others).
   */
  readonly failure?: string | (() => GoPanic);
  /** Each chart's loadable versions, newest first (helm 3 keeps null entries: looking at one panics). */
  readonly charts: ReadonlyMap<string, ReadonlyArray<IndexEntry | null>>;
}

/** helm's text for a skipped entry (`source` is the repository URL or the index file path). */
export function skippedEntryMessage(s: SkippedEntry, source: string): string {
  return s.version === undefined
    ? `skipping loading invalid entry for chart ${goQuote(s.chart)} from ${source}: ${s.reason}`
    : `skipping loading invalid entry for chart ${goQuote(s.chart)} ${goQuote(s.version)} from ${source}: ${s.reason}`;
}

// --- the IndexFile struct ---------------------------------------------------------------------

function indexStruct(compat: SemverCompat): GoStruct {
  const stringList: GoType = { slice: 'string', name: '[]string' };
  const chartVersion: GoStruct = {
    struct: 'repo.ChartVersion',
    embedded: { name: 'Metadata', struct: metadataStruct(compat) },
    fields: {
      urls: stringList,
      created: 'time',
      removed: 'bool',
      digest: 'string',
      // Deprecated fields helm keeps so that strict decoding accepts old indexes.
      checksum: 'string',
      engine: 'string',
      tillerVersion: 'string',
      url: 'string',
    },
  };
  return {
    struct: 'repo.IndexFile',
    fields: {
      serverInfo: { map: 'any', name: 'map[string]interface {}' },
      apiVersion: 'string',
      generated: 'time',
      entries: {
        map: { slice: chartVersion, name: 'repo.ChartVersions' },
        name: 'map[string]repo.ChartVersions',
      },
      publicKeys: stringList,
      annotations: { map: 'string', name: 'map[string]string' },
    },
  };
}

const INDEX_STRUCTS: Record<SemverCompat, GoStruct> = { helm3: indexStruct('helm3'), helm4: indexStruct('helm4') };

// --- loading ----------------------------------------------------------------------------------

/** A refusal of the whole index (message after helm's `looks like … cannot be reached: `). */
class IndexRefused extends Error {}

/** The JSON whitespace json.Valid skips before a value. */
const JSON_START = /^[ \t\r\n]*[{["\-0-9tfn]/;

/** sigs.k8s.io/yaml's UnmarshalStrict (or, for JSON, json.Unmarshal) of index bytes into IndexFile. */
function decodeIndex(bytes: Uint8Array, compat: SemverCompat): Record<string, unknown> | undefined {
  // Invalid UTF-8 stays as bytes: go-yaml refuses it, encoding/json replaces it.
  const text = decodeInput(bytes);
  const t = INDEX_STRUCTS[compat];
  const embeddedInPath = compat === 'helm4';
  try {
    if (JSON_START.test(text)) {
      let doc: YValue | undefined;
      try {
        const { tree, literal } = parseJSONTreeWithLiterals(text);
        doc = fromJsonTree(tree, literal);
      } catch (e) {
        if (!(e instanceof JsonError)) throw e;
      }
      if (doc !== undefined) return decodeStruct(doc, t, undefined, { json: true, embeddedInPath });
    }
    return yamlUnmarshalStruct(text, t, undefined, { strict: true, embeddedInPath });
  } catch (e) {
    if (e instanceof GoDecodeError || e instanceof YamlUnmarshalError) throw new IndexRefused(e.message);
    throw e;
  }
}

/** A decoded entry checked like helm's ChartVersion.Validate; returns the entry or the reason it is skipped. */
function checkEntry(e: Record<string, unknown>, compat: SemverCompat): IndexEntry | SkippedEntry {
  // The decoded entry is this function's own: validation sanitizes it in place, as helm does.
  const md = (e.dependencies === undefined ? e : toMetadata(e)) as unknown as ChartMetadata;
  if (!md.apiVersion) md.apiVersion = 'v1';
  try {
    validateMetadata(md, compat);
  } catch (err) {
    if (!(err instanceof ChartLoadError)) throw err;
    // JFrog repositories strip dependency aliases: helm accepts those entries anyway.
    if (!err.message.startsWith('validation: more than one dependency with name or alias')) {
      return { chart: '', version: md.version ?? '', reason: err.message };
    }
  }
  const urls = Array.isArray(e.urls) ? (e.urls as string[]) : [];
  const digest = typeof e.digest === 'string' && e.digest !== '' ? e.digest : undefined;
  return { name: md.name, version: md.version, urls, digest, raw: md as unknown as Record<string, unknown> };
}

/** helm 3.17.3's program counters for the nil dereferences of a null entry (linux/amd64 release binary). */
const PC = {
  lessFirst: '0x1ce895c',
  lessSecond: '0x1ce8993',
  getExact: '0x1ce971c',
  getRange: '0x1ce9645',
};

/** A nil dereference in ChartVersions.Less, at this program counter of helm 3.17.3. */
class NilEntryPanic {
  constructor(readonly pc: string) {}
}

/**
 * helm's SortEntries: `sort.Sort(sort.Reverse(versions))`, newest first, in place. Go's sort is not
 * stable: versions that compare equal (`1.0.0`, `1.0.0+b`) end where Go's pdqsort leaves them, and
 * that decides which of them a constraint picks. A null entry (helm 3 keeps them) throws
 * NilEntryPanic at the comparison where helm 3 dereferences it.
 */
function sortNewestFirst(list: Array<IndexEntry | null>, compat: SemverCompat): void {
  const versions = list.map((e) => (e === null ? undefined : tryParseVersion(e.version, { compat })));
  // ChartVersions.Less(a, b): reads entry a's version first; one that does not parse sorts first.
  const chartVersionsLess = (a: number, b: number): boolean => {
    if (list[a] === null) throw new NilEntryPanic(PC.lessFirst);
    const va = versions[a];
    if (!va) return true;
    if (list[b] === null) throw new NilEntryPanic(PC.lessSecond);
    const vb = versions[b];
    if (!vb) return false;
    return va.compare(vb) < 0;
  };
  goSort(
    list.length,
    (i, j) => chartVersionsLess(j, i),
    (i, j) => {
      [list[i], list[j]] = [list[j]!, list[i]!];
      [versions[i], versions[j]] = [versions[j], versions[i]];
    },
    goReleaseOf(compat),
  );
}

/** repo.loadIndex, without the memo. */
function load(bytes: Uint8Array, compat: SemverCompat): RepoIndex {
  const skipped: SkippedEntry[] = [];
  const charts = new Map<string, Array<IndexEntry | null>>();
  if (bytes.byteLength === 0) return { skipped, charts, failure: 'empty index.yaml file' };
  let decoded: Record<string, unknown> | undefined;
  try {
    decoded = decodeIndex(bytes, compat);
  } catch (e) {
    if (e instanceof IndexRefused) return { skipped, charts, failure: e.message };
    throw e;
  }
  const entries = (decoded?.entries ?? {}) as Record<string, Array<Record<string, unknown> | null> | undefined>;
  // Go visits the charts in random order; here in the decoded order.
  for (const [chart, list] of Object.entries(entries)) {
    const kept: Array<IndexEntry | null> = [];
    // Last entry first, as helm walks them.
    for (let i = (list?.length ?? 0) - 1; i >= 0; i--) {
      const raw = list![i]!;
      if (raw === null) {
        skipped.push({ chart, reason: 'empty entry' });
        // helm 3 logs a null entry and keeps it; helm 4 drops it.
        if (compat === 'helm3') kept.unshift(null);
        continue;
      }
      const checked = checkEntry(raw, compat);
      if ('reason' in checked) skipped.push({ ...checked, chart });
      else kept.unshift(checked);
    }
    charts.set(chart, kept);
  }
  let failure: RepoIndex['failure'];
  for (const list of charts.values()) {
    try {
      sortNewestFirst(list, compat);
    } catch (e) {
      if (!(e instanceof NilEntryPanic)) throw e;
      const { pc } = e;
      failure ??= () => nilDereferencePanic('helm.sh/helm/v3/pkg/repo.ChartVersions.Less', pc);
    }
  }
  if (failure === undefined && !decoded?.apiVersion) failure = 'no API version specified';
  return { skipped, charts, failure };
}

// --- the memo ---------------------------------------------------------------------------------

const MEMO_SIZE = 8;
/** Loaded indexes by content (most recent last). */
const byContent = new Map<string, RepoIndex>();
/** The same, by bytes object (no hashing for the same buffer). */
const byBytes = new WeakMap<Uint8Array, Partial<Record<SemverCompat, RepoIndex>>>();

/**
 * Loads index bytes like helm (see the module comment), once per content and mode in this process:
 * later calls with the same bytes return the same (read-only) result.
 */
export function loadRepoIndex(bytes: Uint8Array, compat: SemverCompat): RepoIndex {
  let perBytes = byBytes.get(bytes);
  const known = perBytes?.[compat];
  if (known) return known;
  const key = `${compat}:${createHash('sha256').update(bytes).digest('hex')}`;
  let index = byContent.get(key);
  if (index) byContent.delete(key);
  else index = load(bytes, compat);
  byContent.set(key, index);
  if (byContent.size > MEMO_SIZE) byContent.delete(byContent.keys().next().value!);
  if (!perBytes) byBytes.set(bytes, (perBytes = {}));
  perBytes[compat] = index;
  return index;
}

// --- choosing a version -----------------------------------------------------------------------

/** What {@link getChartVersion} found. */
export interface Found {
  entry: IndexEntry;
  /** Whether a version was asked for and no entry had exactly that version string. */
  fellBack: boolean;
}

/**
 * helm's IndexFile.Get on a chart's list: the exact version string first, then the newest entry
 * satisfying the constraint (`*` when none is given). Undefined when none does or the constraint is
 * invalid (helm reports both as "not found"). Throws helm 3's panic when it reaches a null entry.
 */
export function getChartVersion(
  list: ReadonlyArray<IndexEntry | null>,
  version: string,
  compat: SemverCompat,
): Found | undefined {
  let constraint: ReturnType<typeof parseConstraint>;
  try {
    constraint = parseConstraint(version === '' ? '*' : version, { compat });
  } catch (err) {
    if (err instanceof SemverError) return undefined;
    throw err;
  }
  const get = 'helm.sh/helm/v3/pkg/repo.IndexFile.Get';
  if (version !== '') {
    for (const e of list) {
      if (e === null) throw nilDereferencePanic(get, PC.getExact);
      if (e.version === version) return { entry: e, fellBack: false };
    }
  }
  for (const e of list) {
    if (e === null) throw nilDereferencePanic(get, PC.getRange);
    const v = tryParseVersion(e.version, { compat });
    if (v && constraint.check(v)) return { entry: e, fellBack: version !== '' };
  }
  return undefined;
}

/**
 * The version helm would pick from loadable entries (no nulls), or undefined.
 * @throws SemverError for a bad constraint
 */
export function selectVersion(entries: IndexEntry[], version: string, compat: SemverCompat): IndexEntry | undefined {
  const constraint = parseConstraint(version === '' ? '*' : version, { compat });
  if (version !== '') {
    const exact = entries.find((e) => e.version === version);
    if (exact) return exact;
  }
  for (const e of entries) {
    const v = tryParseVersion(e.version, { compat });
    if (v && constraint.check(v)) return e;
  }
  return undefined;
}
