/**
 * Reading a chart repository's `index.yaml` and choosing a chart version the way helm does
 * (repo.IndexFile.Get): entries sorted newest first, an exact version string wins, otherwise the
 * newest version satisfying the constraint (`*` when none is given).
 *
 * Large indexes: only the block of the wanted chart is parsed. helm writes indexes in a fixed
 * layout (`entries:` at column 0, chart names at two spaces), so the block is located by scanning
 * lines; anything unusual (JSON, anchors, other indentation) falls back to a full parse.
 */
import { parse } from 'yaml';
import { parseConstraint, type SemverCompat, SemverError, tryParseVersion } from '../../sprig/semver.js';
import { FetchError } from './errors.js';

/** One version of a chart as listed in an index (the fields helmless uses; `raw` has the rest). */
export interface IndexEntry {
  name: string;
  version: string;
  urls: string[];
  /** Hex sha256 of the archive, when the index lists one. */
  digest?: string;
  raw: Record<string, unknown>;
}

/** The parsed part of an index that concerns one chart. */
export interface ChartIndex {
  apiVersion: string;
  /** The chart's versions, newest first (helm's SortEntries), or undefined when the chart is absent. */
  entries: IndexEntry[] | undefined;
}

const PARSE_OPTIONS = { maxAliasCount: 1000, uniqueKeys: false, prettyErrors: false } as const;

/** Extracts one chart's entries from index bytes. `source` names the index in messages. */
export function readChartIndex(
  bytes: Uint8Array,
  chartName: string,
  source: string,
  warn: (m: string) => void,
  compat: SemverCompat,
): ChartIndex {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const fast = fastPath(text, chartName);
  let apiVersion: unknown;
  let rawEntries: unknown;
  if (fast) {
    apiVersion = fast.apiVersion;
    rawEntries = fast.entries;
  } else {
    let doc: unknown;
    try {
      // JSON is YAML too, and JSON.parse is far faster for JSON-form indexes.
      doc = text.trimStart().startsWith('{') ? parseJsonOrYaml(text) : parse(text, PARSE_OPTIONS);
    } catch (err) {
      throw new FetchError(`error converting YAML to JSON: ${(err as Error).message}`, 'invalid-index', {
        url: source,
        cause: err,
      });
    }
    if (!isRecord(doc))
      throw new FetchError(`${source}: index is not a YAML mapping`, 'invalid-index', { url: source });
    apiVersion = doc.apiVersion;
    const entries = doc.entries;
    rawEntries = isRecord(entries) ? entries[chartName] : undefined;
  }
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') {
    throw new FetchError('no API version specified', 'invalid-index', { url: source });
  }
  if (rawEntries === undefined || rawEntries === null) return { apiVersion: String(apiVersion), entries: undefined };
  if (!Array.isArray(rawEntries)) {
    throw new FetchError(`${source}: entries.${chartName} is not a list`, 'invalid-index', { url: source });
  }
  const entries: IndexEntry[] = [];
  for (const item of rawEntries) {
    const entry = toEntry(item, compat);
    if (typeof entry === 'string')
      warn(`skipping loading invalid entry for chart "${chartName}" from ${source}: ${entry}`);
    else entries.push(entry);
  }
  return { apiVersion: String(apiVersion), entries: sortNewestFirst(entries, compat) };
}

function toEntry(item: unknown, compat: SemverCompat): IndexEntry | string {
  if (!isRecord(item)) return 'entry is empty';
  const version = typeof item.version === 'string' ? item.version : item.version == null ? '' : String(item.version);
  const name = typeof item.name === 'string' ? item.name : '';
  if (name === '') return 'validation: chart.metadata.name is required';
  if (version === '') return 'validation: chart.metadata.version is required';
  if (!tryParseVersion(version, { compat })) return `validation: chart.metadata.version "${version}" is invalid`;
  const urls = Array.isArray(item.urls) ? item.urls.filter((u): u is string => typeof u === 'string') : [];
  const digest = typeof item.digest === 'string' && item.digest !== '' ? item.digest : undefined;
  return { name, version, urls, digest, raw: item };
}

/** Descending semver order; stable so equal versions keep index order. */
function sortNewestFirst(entries: IndexEntry[], compat: SemverCompat): IndexEntry[] {
  const keyed = entries.map((e) => ({ e, v: tryParseVersion(e.version, { compat }) }));
  keyed.sort((a, b) => {
    if (!a.v) return b.v ? 1 : 0;
    if (!b.v) return -1;
    return b.v.compare(a.v);
  });
  return keyed.map((k) => k.e);
}

/**
 * helm's IndexFile.Get: the exact version string first, then the newest entry whose version
 * satisfies the constraint. Returns undefined when none does; throws SemverError for a bad constraint.
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

/** Like selectVersion but maps a bad constraint to "no match" (helm reports both as not found). */
export function selectVersionOrNone(
  entries: IndexEntry[],
  version: string,
  compat: SemverCompat,
): IndexEntry | undefined {
  try {
    return selectVersion(entries, version, compat);
  } catch (err) {
    if (err instanceof SemverError) return undefined;
    throw err;
  }
}

function parseJsonOrYaml(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parse(text, PARSE_OPTIONS);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// --- fast path ------------------------------------------------------------------------------

const TOP_API_VERSION = /^apiVersion:[ \t]*(.*?)[ \t]*\r?$/m;
const ENTRIES_LINE = /^entries:[ \t]*\r?$/m;

function fastPath(text: string, chartName: string): { apiVersion: string; entries: unknown } | undefined {
  const first = text.trimStart()[0];
  if (first === '{' || first === '%') return undefined;
  const api = TOP_API_VERSION.exec(text);
  const entriesAt = ENTRIES_LINE.exec(text);
  if (!api || !entriesAt) return undefined;
  const apiVersion = unquote(api[1]!);
  if (apiVersion === undefined) return undefined;
  const rest = text.slice(entriesAt.index);
  // The chart's key line, two spaces in (quoted or not), somewhere after `entries:`.
  const name = escapeRegExp(chartName);
  const key = new RegExp(`^  (?:${name}|"${name}"|'${name}'):[ \\t]*\\r?$`, 'm').exec(rest);
  if (!key) {
    // In helm's layout (the first entry line is a two-space key) a missing key means a missing chart.
    return HELM_LAYOUT_FIRST_KEY.test(rest) ? { apiVersion, entries: undefined } : undefined;
  }
  // Nothing at column 0 between `entries:` and the key: the key really is a child of entries.
  if (/\n[^ \r\n#]/.test(rest.slice(0, key.index))) return undefined;
  const start = entriesAt.index + key.index;
  // The block ends at the next line starting with at most two spaces and not a list dash.
  const after = text.slice(start + key[0].length);
  const end = /\n(?: {0,2})[^ \-\r\n#]/.exec(after);
  const block = text.slice(start, start + key[0].length + (end ? end.index + 1 : after.length));
  try {
    const doc = parse(block, PARSE_OPTIONS) as unknown;
    // An alias to an anchor outside the block fails to parse and takes the full path.
    if (!isRecord(doc) || !(chartName in doc)) return undefined;
    return { apiVersion, entries: doc[chartName] };
  } catch {
    return undefined;
  }
}

// `entries:` followed (after blank or comment lines) by a plain two-space key line.
const HELM_LAYOUT_FIRST_KEY = /^entries:[ \t]*\r?\n(?:[ \t]*(?:#.*)?\r?\n)* {2}[a-z0-9][a-z0-9._-]*:[ \t]*\r?\n/;

function unquote(s: string): string | undefined {
  if (s === '') return '';
  if (/^"[^"\\]*"$/.test(s) || /^'[^']*'$/.test(s)) return s.slice(1, -1);
  if (/^[A-Za-z0-9._/-]+$/.test(s)) return s;
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
