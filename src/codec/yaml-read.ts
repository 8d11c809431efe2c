/**
 * YAML input the way helm reads it: sigs.k8s.io/yaml's Unmarshal = go-yaml v2 (YAML 1.1 typing) →
 * JSON-compatible conversion (non-string keys stringified) → JSON → encoding/json into the target, so
 * every number becomes float64 and errors carry sigs.k8s.io/yaml's wrapping texts.
 */
import { appended } from '../gotemplate/capacity.js';
import { goTrimSpace, stringToBytes } from '../gotemplate/gostring.js';
import { formatFloat } from '../gotemplate/strconv.js';
import type { GoMap, GoValue } from '../gotemplate/value.js';
import { JsonError, type JsonTarget, jsonFloat, toValidUTF8 } from './json.js';
import { GoYamlError, goSharpV, YInt, type YValue, yamlV2Unmarshal } from './yaml-decode.js';

export { GoYamlError, type YValue, yamlV2Unmarshal };

/** An error with the exact text helm reports (after its own prefix such as `cannot load values.yaml: `). */
export class YamlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlReadError';
  }
}

/** strconv.FormatFloat(f, 'g', -1, 32): shortest digits that identify the float32 nearest to f. */
export function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  const x = Math.fround(f);
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = x.toExponential(p - 1);
    if (Math.fround(Number(s)) === x) {
      const [m, e] = s.split('e');
      digits = m!.replace('.', '').replace('-', '');
      exp = Number(e);
      break;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  // Reuse the float64 %g layout on the decimal we found (it round-trips as float64 too).
  const sign = x < 0 ? '-' : '';
  const value = Number(`${digits[0]}.${digits.slice(1) || '0'}e${exp}`);
  const g = formatFloat(value, 'g', -1);
  return sign + g;
}

/** A map key as sigs.k8s.io/yaml turns it into a JSON key, or undefined for keys it refuses (null, uint64). */
export function jsonKeyOf(k: YValue): string | undefined {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'number') {
    const s = formatFloat32(k);
    return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
  }
  if (k instanceof YInt && !k.unsigned) return k.v.toString();
  return undefined;
}

/** sigs.k8s.io/yaml's text (after `error converting YAML to JSON: `) for a key {@link jsonKeyOf} refuses. */
export function unsupportedKeyText(k: YValue, v: YValue): string {
  const typeName = k === null ? '%!s(<nil>)' : k instanceof YInt ? 'uint64' : 'unknown';
  return `unsupported map key of type: ${typeName}, key: ${goSharpV(k)}, value: ${goSharpV(v)}`;
}

function keyString(k: YValue, v: YValue): string {
  const key = jsonKeyOf(k);
  if (key !== undefined) return key;
  throw new YamlReadError(`error converting YAML to JSON: ${unsupportedKeyText(k, v)}`);
}

/**
 * sigs.k8s.io/yaml's convertToJSONableObject + json.Marshal + json.Unmarshal into `interface {}`,
 * done directly: keys stringified, invalid UTF-8 replaced, numbers to float64 (±Inf/NaN are left
 * for {@link yamlUnmarshal} to reject).
 */
export function yamlToGo(v: YValue): GoValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return toValidUTF8(v);
  if (typeof v === 'number') return v;
  if (v instanceof YInt) return Number(v.v);
  // encoding/json appends a decoded array's elements one by one: Go's capacity follows.
  if (Array.isArray(v)) return appended(v.map(yamlToGo));
  const m: GoMap = new Map();
  for (const { key, value } of v.entries.values()) {
    // Duplicate string forms (e.g. `1` and "1") collide; go's result is random, last one wins here.
    const k = toValidUTF8(keyString(key, value));
    m.delete(k);
    m.set(k, yamlToGo(value));
  }
  return m;
}

function hasNonFinite(v: GoValue): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (v instanceof Map) for (const e of v.values()) if (hasNonFinite(e)) return true;
  return false;
}

/** json.Marshal's failure for ±Inf/NaN, found in the order json.Marshal walks (keys in byte order). */
function checkFinite(v: GoValue): void {
  if (!hasNonFinite(v)) return;
  if (typeof v === 'number') {
    jsonFloat(v);
    return;
  }
  if (Array.isArray(v)) for (const e of v) checkFinite(e);
  else if (v instanceof Map) {
    const keys = [...v.keys()].sort((x, y) =>
      Buffer.compare(Buffer.from(stringToBytes(x)), Buffer.from(stringToBytes(y))),
    );
    for (const k of keys) checkFinite(v.get(k));
  }
}

function jsonKind(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/**
 * sigs.k8s.io/yaml.Unmarshal(text, &target): the first YAML document as a Go value. For a `map`
 * target a null/empty document gives an empty map; for `slice` an empty list; `interface` gives null.
 * Throws {@link YamlReadError} with the sigs.k8s.io/yaml text (`error converting YAML to JSON: …`,
 * `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal …`).
 */
export function yamlUnmarshal(text: string, target: JsonTarget = 'interface'): GoValue {
  let y: YValue | undefined;
  try {
    y = yamlV2Unmarshal(text);
  } catch (e) {
    if (e instanceof GoYamlError) throw new YamlReadError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  const v = y === undefined ? null : yamlToGo(y);
  try {
    checkFinite(v);
  } catch (e) {
    if (e instanceof JsonError) throw new YamlReadError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  if (v === null) return target === 'map' ? new Map() : target === 'slice' ? [] : null;
  if ((target === 'map' && !(v instanceof Map)) || (target === 'slice' && !Array.isArray(v))) {
    const type = target === 'map' ? 'map[string]interface {}' : '[]interface {}';
    throw new YamlReadError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${type}`,
    );
  }
  return v;
}

/** Helm's `fromYaml`: the map, or a map holding only `Error` with the message. */
export function fromYaml(text: string): GoMap {
  try {
    return yamlUnmarshal(text, 'map') as GoMap;
  } catch (e) {
    if (e instanceof YamlReadError) return new Map([['Error', e.message]]);
    throw e;
  }
}

/** Helm's `fromYamlArray`: the list, or a one-element list holding the error message. */
export function fromYamlArray(text: string): GoValue[] {
  try {
    return yamlUnmarshal(text, 'slice') as GoValue[];
  } catch (e) {
    if (e instanceof YamlReadError) return [e.message];
    throw e;
  }
}

/**
 * Splits a values file into documents the way k8s.io/apimachinery's YAMLReader does for helm 4:
 * a line starting with `---` ends a document (and is kept as the first line of a document it
 * starts); text after `---` other than spaces and a comment is an error (`invalid Yaml document
 * separator: …`).
 */
export function splitYamlDocuments(text: string): string[] {
  return [...yamlDocuments(text)];
}

/** {@link splitYamlDocuments} one document at a time: a bad separator fails when it is reached. */
function* yamlDocuments(text: string): Generator<string> {
  // Most files have no separator and no CR: then the only change is the final line break.
  if (text === '') return;
  if (!text.includes('\r') && !text.startsWith('---') && !text.includes('\n---')) {
    yield text.endsWith('\n') ? text : `${text}\n`;
    return;
  }
  let buf = '';
  for (const raw of text.split(/(?<=\n)/)) {
    if (raw === '') continue;
    // LineReader (bufio ReadLine) drops "\n" or "\r\n" and appends one "\n" to every line, the last
    // one included: a `|` block scalar ending the file without a newline keeps its line break.
    const line = `${raw.endsWith('\r\n') ? raw.slice(0, -2) : raw.endsWith('\n') ? raw.slice(0, -1) : raw}\n`;
    if (line.startsWith('---')) {
      const rest = goTrimSpace(line.slice(3)); // not String.trim: Go trims U+0085 but not U+FEFF
      if (rest.length > 0 && rest[0] !== '#') {
        throw new YamlReadError(`error reading yaml document: invalid Yaml document separator: ${rest}`);
      }
      // A separator ends a document; one that starts a document stays in it (YAMLReader writes the
      // line when its buffer is empty), so go-yaml reads it as a document start.
      if (buf.length > 0) {
        yield buf;
        buf = '';
        continue;
      }
    }
    buf += line;
  }
  if (buf.length > 0) yield buf;
}

function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = new Map(a);
  for (const [k, v] of b) {
    const av = out.get(k);
    if (v instanceof Map && av instanceof Map) out.set(k, mergeMaps(av, v));
    else out.set(k, v);
  }
  return out;
}

/**
 * Reads a values file (values.yaml, `-f` files) like helm: H3 takes the first document only
 * (chartutil.ReadValues); H4 merges every document (loader.LoadValues) and prefixes errors with
 * `cannot unmarshal yaml document: `. The result is always a map.
 */
export function readValuesFile(text: string, compat: 'helm3' | 'helm4'): GoMap {
  if (compat === 'helm3') return yamlUnmarshal(text, 'map') as GoMap;
  let values: GoMap = new Map();
  // Each document is decoded before the next is split off, so the first failure wins.
  for (const doc of yamlDocuments(text)) {
    let m: GoMap;
    try {
      m = yamlUnmarshal(doc, 'map') as GoMap;
    } catch (e) {
      if (e instanceof YamlReadError) throw new YamlReadError(`cannot unmarshal yaml document: ${e.message}`);
      throw e;
    }
    values = mergeMaps(values, m);
  }
  return values;
}
