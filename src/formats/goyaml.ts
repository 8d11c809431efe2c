/**
 * A YAML emitter that prints plain data exactly as Go's gopkg.in/yaml.v3 encoder does with
 * `SetIndent(2)` (what AICR uses for every mirror output): the same choice between plain, single-
 * quoted, double-quoted and literal scalars, the same escapes, block collections with sequences
 * indented under their key, `[]`/`{}` for empty collections, no line folding.
 *
 * Only what the mirror outputs need: mappings with string keys (in the given order), sequences,
 * strings, booleans and integers.
 */
import { parseGoFloat, parseGoInt, parseGoUint } from '../gotemplate/strconv.js';

/** An ordered mapping: entries print in array order. */
export type YamlMap = { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [string, YamlValue]> };
export type YamlValue = string | boolean | number | readonly YamlValue[] | YamlMap;

/** Builds an ordered mapping, dropping entries whose value is `undefined` (Go's `omitempty`). */
export function ymap(entries: ReadonlyArray<readonly [string, YamlValue | undefined]>): YamlMap {
  return { kind: 'map', entries: entries.filter((e): e is readonly [string, YamlValue] => e[1] !== undefined) };
}

const BEST_INDENT = 2;

// ---- resolve: would the plain text read back as something other than a string? (yaml.v3 resolve.go)

const NON_STRING_WORDS = new Set([
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
]);
/** yaml.v3's YAML 1.1 booleans, still quoted on output for older readers. */
const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function succeeds(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** yaml.v3's timestamp formats (Go `time.Parse` layouts `2006-1-2`, `…T15:4:5.999999999Z07:00`, …). */
function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [, y, mo, d, t, space, h, mi, sec, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, Number(y))) return false;
  if (h === undefined) return true;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return false;
  // The T/t layouts require a zone; the space layout has none.
  if (t !== undefined) return zone !== undefined && (zone === 'Z' || Number(zone.slice(1, 3)) <= 23);
  return space !== undefined && zone === undefined;
}

/** Whether `s`, written plain, would decode as a non-string (null, bool, number, timestamp). */
function resolvesToNonString(s: string): boolean {
  const c = s.charCodeAt(0);
  const isDigit = c >= 48 && c <= 57;
  const hint =
    s === ''
      ? 'N'
      : isDigit
        ? 'D'
        : s[0] === '+' || s[0] === '-'
          ? 'S'
          : 'yYnNtTfFoO~'.includes(s[0]!)
            ? 'M'
            : s[0] === '.'
              ? '.'
              : '';
  if (hint === '') return false;
  if (NON_STRING_WORDS.has(s)) return true;
  if (hint === 'M' || hint === 'N') return false;
  if (hint === '.') return succeeds(() => parseGoFloat(s));
  if (isTimestamp(s)) return true;
  const plain = s.replaceAll('_', '');
  if (succeeds(() => parseGoInt(plain, 0, 64)) || succeeds(() => parseGoUint(plain, 0, 64))) return true;
  if (YAML_STYLE_FLOAT.test(plain) && succeeds(() => parseGoFloat(plain))) return true;
  if (plain.startsWith('0b')) return succeeds(() => parseGoInt(plain.slice(2), 2, 64));
  if (plain.startsWith('-0b')) return succeeds(() => parseGoInt(`-${plain.slice(3)}`, 2, 64));
  if (plain.startsWith('0o')) return succeeds(() => parseGoInt(plain.slice(2), 8, 64));
  if (plain.startsWith('-0o')) return succeeds(() => parseGoInt(`-${plain.slice(3)}`, 8, 64));
  return false;
}

// ---- scalar analysis (yaml.v3 emitterc.go yaml_emitter_analyze_scalar)

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}
function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}
function isBlank(cp: number | undefined): boolean {
  return cp === 0x20 || cp === 0x09;
}
function isBlankOrBreak(cp: number): boolean {
  return isBlank(cp) || isBreak(cp);
}

interface Analysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(value: string): Analysis {
  if (value === '') return { blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const cps = Array.from(value, (ch) => ch.codePointAt(0)!);
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let specialCharacters = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const ch = String.fromCodePoint(cp);
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true;
    else if (ch === '#' && precededByWhitespace) blockIndicators = true;
    if (!isPrintable(cp)) specialCharacters = true;
    const last = i === cps.length - 1;
    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrBreak(cp);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

// ---- scalar writers

type Style = 'plain' | 'single' | 'double' | 'literal';

function selectStyle(value: string, simpleKey: boolean): Style {
  let style: Style;
  if (value.includes('\n')) style = 'literal';
  else if (!resolvesToNonString(value) && !BASE60_FLOAT.test(value) && !OLD_BOOLS.has(value)) style = 'plain';
  else style = 'double';
  const a = analyze(value);
  if (style === 'plain' && (!a.blockPlainAllowed || (value === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

const ESCAPES: Record<number, string> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  34: '"',
  92: '\\',
  133: 'N',
  160: '_',
  8232: 'L',
  8233: 'P',
};

function doubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (!isPrintable(cp) || cp === 0xfeff || isBreak(cp) || cp === 0x22 || cp === 0x5c) {
      const named = ESCAPES[cp];
      if (named !== undefined) out += `\\${named}`;
      else if (cp <= 0xff) out += `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/**
 * A single-quoted scalar. The only line breaks that can reach it are U+2028/U+2029 (others force
 * double quotes); yaml.v3 writes them raw and indents the text that follows to the node's column.
 */
function singleQuoted(value: string, indent: number): string {
  let out = "'";
  let afterBreak = false;
  for (const ch of value) {
    if (isBreak(ch.codePointAt(0)!)) {
      out += ch;
      afterBreak = true;
      continue;
    }
    if (afterBreak) out += ' '.repeat(indent);
    afterBreak = false;
    out += ch === "'" ? "''" : ch;
  }
  return `${out}'`;
}

/** A literal block scalar: header (`|`, `|-`, `|+`, with `2` when it starts with a space/break) and lines. */
function literal(value: string, indent: number): string {
  let header = '|';
  const first = value.codePointAt(0)!;
  if (first === 0x20 || isBreak(first)) header += String(BEST_INDENT);
  const cps = Array.from(value, (ch) => ch.codePointAt(0)!);
  if (!isBreak(cps[cps.length - 1]!)) header += '-';
  else if (cps.length === 1 || isBreak(cps[cps.length - 2]!)) header += '+';
  // Like yaml.v3: breaks are copied, and indentation goes before the next non-break character.
  let out = `${header}\n`;
  let afterBreak = true;
  for (const ch of value) {
    if (isBreak(ch.codePointAt(0)!)) {
      out += ch;
      afterBreak = true;
    } else {
      if (afterBreak) out += ' '.repeat(indent);
      afterBreak = false;
      out += ch;
    }
  }
  return out;
}

/**
 * Prints a scalar. `indent` is the column block-scalar content would start at. Returns the text and
 * whether it already ends with a line break (a literal `|`/`|+` block does).
 */
function scalar(value: string | boolean | number, indent: number, simpleKey = false): { text: string; ended: boolean } {
  if (typeof value === 'boolean') return { text: String(value), ended: false };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`cannot print non-integer number ${value} as YAML`);
    return { text: String(value), ended: false };
  }
  switch (selectStyle(value, simpleKey)) {
    case 'plain':
      return { text: value, ended: false };
    case 'single':
      return { text: singleQuoted(value, indent), ended: false };
    case 'double':
      return { text: doubleQuoted(value), ended: false };
    case 'literal': {
      const text = literal(value, indent);
      return { text, ended: isBreak(text.codePointAt(text.length - 1)!) };
    }
  }
}

function isEmptyCollection(v: YamlValue): string | undefined {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (typeof v === 'object' && (v as YamlMap).kind === 'map')
    return (v as YamlMap).entries.length === 0 ? '{}' : undefined;
  return undefined;
}

/**
 * Appends `value` as a block node. `indent` is the column of the node's own entries; `inline` is
 * true when the first line continues a `- ` already written on the current line.
 */
function emitNode(out: string[], value: YamlValue, indent: number, inline: boolean): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    value.forEach((item: YamlValue, i: number) => {
      out.push(i === 0 && inline ? '- ' : `${pad}- `);
      emitChild(out, item, indent + BEST_INDENT, true);
    });
    return;
  }
  const map = value as YamlMap;
  map.entries.forEach(([key, v], i) => {
    const k = scalar(key, indent + BEST_INDENT, true).text;
    out.push(i === 0 && inline ? `${k}:` : `${pad}${k}:`);
    const empty = isEmptyCollection(v);
    if (empty !== undefined) out.push(` ${empty}\n`);
    else if (Array.isArray(v) || typeof v === 'object') {
      out.push('\n');
      emitNode(out, v, indent + BEST_INDENT, false);
    } else emitChild(out, v, indent + BEST_INDENT, false, ' ');
  });
}

/** A value after `- ` or `key:`: scalars and empty collections stay on the line, others continue. */
function emitChild(out: string[], v: YamlValue, childIndent: number, afterDash: boolean, lead = ''): void {
  const empty = isEmptyCollection(v);
  if (empty !== undefined) {
    out.push(`${lead}${empty}\n`);
    return;
  }
  if (Array.isArray(v) || typeof v === 'object') {
    emitNode(out, v, childIndent, afterDash);
    return;
  }
  const s = scalar(v, childIndent);
  out.push(`${lead}${s.text}${s.ended ? '' : '\n'}`);
}

/** Prints one YAML document (no `---`), ending with a newline, as yaml.v3 with indent 2 does. */
export function emitYaml(value: YamlValue): string {
  const out: string[] = [];
  const empty = isEmptyCollection(value);
  if (empty !== undefined) return `${empty}\n`;
  if (Array.isArray(value) || typeof value === 'object') emitNode(out, value, 0, false);
  else out.push(`${scalar(value, BEST_INDENT).text}\n`);
  return out.join('');
}

/** Sorts mapping keys byte-wise at every depth (AICR's `MarshalYAMLDeterministic`); lists keep order. */
export function sortKeysDeep(value: YamlValue): YamlValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object') {
    const entries = [...(value as YamlMap).entries].map(([k, v]) => [k, sortKeysDeep(v)] as const);
    // A stable sort, like Go's sort.SliceStable over key strings.
    entries.sort((a, b) => (a[0] === b[0] ? 0 : Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0]))));
    return { kind: 'map', entries };
  }
  return value;
}
