/**
 * Serialises a component's values for the renderer, the way AICR writes its temporary values file
 * (yaml.v3 `Marshal`, spec §7.1): block style, 4-space indentation, keys sorted. Helm then
 * re-parses the file with YAML 1.1 rules, so every string that YAML 1.1 or 1.2 would read as
 * something else (`yes`, `on`, `null`, `1.0`, `0x10`, `2001-12-14`, …) is quoted, exactly the
 * strings yaml.v3 quotes; numbers, booleans and nulls come back as the same values helm sees for
 * AICR. The byte layout of quoted scalars may differ from yaml.v3, the parsed values do not.
 */

import type { Value, ValueMap } from './types.js';
import { isValueMap } from './values.js';

const INDENT = 4;

/** Serialises a values map; an empty map gives `{}\n`. */
export function valuesToYaml(values: ValueMap): string {
  const keys = sortedKeys(values);
  if (keys.length === 0) return '{}\n';
  const lines: string[] = [];
  emitMap(values, 0, lines);
  return `${lines.join('\n')}\n`;
}

function sortedKeys(m: ValueMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function emitMap(m: ValueMap, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  for (const key of sortedKeys(m)) {
    const v = m[key]!;
    const k = scalarString(key);
    if (isValueMap(v) && Object.keys(v).length > 0) {
      lines.push(`${pad}${k}:`);
      emitMap(v, indent + INDENT, lines);
    } else if (Array.isArray(v) && v.length > 0) {
      lines.push(`${pad}${k}:`);
      emitSeq(v, indent + INDENT, lines);
    } else {
      lines.push(`${pad}${k}: ${inline(v)}`);
    }
  }
}

function emitSeq(items: Value[], indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if ((isValueMap(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
      // Nested block: emit it two columns in, then put the dash on its first line.
      const nested: string[] = [];
      if (Array.isArray(item)) emitSeq(item, indent + 2, nested);
      else emitMap(item as ValueMap, indent + 2, nested);
      nested[0] = `${pad}- ${nested[0]!.slice(indent + 2)}`;
      lines.push(...nested);
    } else {
      lines.push(`${pad}- ${inline(item)}`);
    }
  }
}

function inline(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return scalarString(v);
  if (Array.isArray(v)) return '[]';
  return '{}';
}

/** Numbers in a form both YAML 1.1 and 1.2 read back as the same float64. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Number.POSITIVE_INFINITY) return '.inf';
  if (n === Number.NEGATIVE_INFINITY) return '-.inf';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

/** YAML 1.1 words that resolve to booleans or null, in any of their spellings (quoted by yaml.v3). */
const RESERVED = new Set(['y', 'yes', 'n', 'no', 'on', 'off', 'true', 'false', 'null']);

/** A string as a scalar: plain when unambiguous in YAML 1.1 and 1.2, double-quoted otherwise. */
export function scalarString(s: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(s) && !RESERVED.has(s.toLowerCase())) return s;
  return doubleQuoted(s);
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (
      c < 0x20 ||
      c === 0x7f ||
      (c >= 0x80 && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff ||
      c === 0xfffe ||
      c === 0xffff ||
      (c >= 0xd800 && c <= 0xdfff)
    ) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
