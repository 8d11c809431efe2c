/**
 * The mirror outputs' YAML: plain data printed exactly as Go's gopkg.in/yaml.v3 Encoder does with
 * `SetIndent(2)` (what AICR uses for every mirror output), through the codec's go-yaml emitter (the
 * one behind `toYamlPretty`). Only what the outputs need: mappings with string keys in the given
 * order, sequences, strings, booleans and integers.
 */
import { type ENode, emitDocument } from '../codec/yaml-emitter.js';
import { stringNodeV3 } from '../codec/yaml-write-v3.js';

/** An ordered mapping: entries print in array order. */
export type YamlMap = { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [string, YamlValue]> };
export type YamlValue = string | boolean | number | readonly YamlValue[] | YamlMap;

/** Builds an ordered mapping, dropping entries whose value is `undefined` (Go's `omitempty`). */
export function ymap(entries: ReadonlyArray<readonly [string, YamlValue | undefined]>): YamlMap {
  return { kind: 'map', entries: entries.filter((e): e is readonly [string, YamlValue] => e[1] !== undefined) };
}

function toNode(value: YamlValue): ENode {
  if (typeof value === 'string') return stringNodeV3(value);
  if (typeof value === 'boolean') return { kind: 'scalar', value: String(value), style: 'plain' };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`cannot print non-integer number ${value} as YAML`);
    return { kind: 'scalar', value: String(value), style: 'plain' };
  }
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(toNode) };
  const map = value as YamlMap;
  return { kind: 'map', pairs: map.entries.map(([k, v]) => [stringNodeV3(k), toNode(v)] as [ENode, ENode]) };
}

/** The document yaml.v3's Encoder with SetIndent(2) prints for `value` (the codec's emitter). */
export function emitYaml(value: YamlValue): string {
  return emitDocument(toNode(value), { flavor: 'v3', indent: 2 });
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
