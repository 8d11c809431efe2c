/**
 * Helm's `toYamlPretty`: a go-yaml v3 Encoder with SetIndent(2) over the Go value itself (no JSON
 * step): float64 printed with %g (`1e+06`), lists indented under keys, no line folding, struct fields
 * named by their lower-cased Go names, invalid UTF-8 strings as `!!binary`.
 */
import { isValidUTF8String, stringToBytes } from '../gotemplate/gostring.js';
import { formatFloat } from '../gotemplate/strconv.js';
import { GoComplex, GoInt, GoNamed, GoStruct, type GoValue, isExported, structType } from '../gotemplate/value.js';
import { formatTime, GoTime } from '../sprig/time.js';
import { type ENode, emitDocument } from './yaml-emitter.js';
import { isBase60Float, isOldBool, resolvePlain, STR_TAG } from './yaml-resolve.js';
import { naturalSort } from './yaml-sort.js';
import { YamlWriteError } from './yaml-write-v2.js';

/** go-yaml's encodeBase64: base64 broken into 70-character lines when longer than one line. */
function encodeBase64(b: Uint8Array): string {
  const enc = Buffer.from(b).toString('base64');
  if (enc.length <= 70) return enc;
  const lines: string[] = [];
  for (let i = 0; i < enc.length; i += 70) lines.push(enc.slice(i, i + 70));
  return `${lines.join('\n')}\n`;
}

/** A string as go-yaml v3 encodes it: plain when it reads back as a string, else quoted; `|` if multi-line. */
export function stringNodeV3(s: string): ENode {
  if (!isValidUTF8String(s)) {
    const b64 = encodeBase64(stringToBytes(s));
    return {
      kind: 'scalar',
      value: b64,
      style: b64.includes('\n') ? 'literal' : 'plain',
      tag: { handle: '!!', suffix: 'binary' },
    };
  }
  const canUsePlain = resolveV3(s) === STR_TAG && !(isBase60Float(s) || isOldBool(s));
  const style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  return { kind: 'scalar', value: s, style };
}

/** go-yaml v3's resolve for quoting decisions: YAML 1.2 booleans only (old ones handled by isOldBool). */
function resolveV3(s: string): string {
  if (isOldBool(s)) return STR_TAG;
  return resolvePlain(s)[0];
}

const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

function plain(value: string): ENode {
  return { kind: 'scalar', value, style: 'plain' };
}

function node(v: GoValue, depth: number): ENode {
  if (depth > 10000) throw new YamlWriteError('yaml: exceeded max depth');
  if (v === null || v === undefined) return plain('null');
  switch (typeof v) {
    case 'string':
      return stringNodeV3(v);
    case 'boolean':
      return plain(v ? 'true' : 'false');
    case 'number': {
      if (Number.isNaN(v)) return plain('.nan');
      if (!Number.isFinite(v)) return plain(v > 0 ? '.inf' : '-.inf');
      return plain(formatFloat(v, 'g', -1));
    }
  }
  if (v instanceof GoInt) {
    // go-yaml v3 writes a time.Duration as its String() text
    if (v.type.name === 'time.Duration' && v.type.stringer) return stringNodeV3(v.type.stringer(v));
    return plain(v.v.toString());
  }
  if (v instanceof GoNamed) return node(v.value, depth);
  if (v instanceof Map) {
    const keys = naturalSort([...v.keys()], 'v3');
    return { kind: 'map', pairs: keys.map((k) => [stringNodeV3(k), node(v.get(k), depth + 1)] as [ENode, ENode]) };
  }
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((e) => node(e, depth + 1)) };
  if (v instanceof Uint8Array) return { kind: 'seq', items: [...v].map((b) => plain(String(b))) };
  // time.Time is a plain RFC 3339 timestamp (Format never fails, unlike MarshalJSON); other
  // encoding.TextMarshalers (semver) are written as their text, quoted like any string.
  if (v instanceof GoTime) return plain(formatTime(v, RFC3339_NANO));
  if (v instanceof GoStruct && v.goType.marshalText) return stringNodeV3(v.goType.marshalText(v));
  if (v instanceof GoStruct) {
    const pairs: [ENode, ENode][] = [];
    for (const f of structType(v).fields ?? []) {
      if (!isExported(f.name)) continue;
      pairs.push([stringNodeV3(f.name.toLowerCase()), node((v as any)[f.name], depth + 1)]);
    }
    return { kind: 'map', pairs };
  }
  if (v instanceof GoComplex) throw new YamlWriteError('cannot marshal type: complex128');
  throw new YamlWriteError(`cannot marshal type: ${typeof v}`);
}

/** go-yaml v3 Encoder (indent 2) output for one value, ending in a newline; throws {@link YamlWriteError}. */
export function marshalYamlV3(v: GoValue): string {
  return emitDocument(node(v, 0), { flavor: 'v3', indent: 2 });
}

/** Helm's `toYamlPretty`: marshalYamlV3 without the final newline, or "" on error. */
export function toYamlPretty(v: GoValue): string {
  try {
    return marshalYamlV3(v).replace(/\n$/, '');
  } catch (e) {
    if (e instanceof YamlWriteError) return '';
    throw e;
  }
}
