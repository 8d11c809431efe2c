/**
 * What sigs.k8s.io/yaml's YAML-to-JSON conversion refuses (helm decodes rendered manifests,
 * Chart.yaml, requirements.yaml and the lock files through it): null and uint64 map keys, then, when
 * encoding/json marshals the result, non-finite floats.
 */
import { YInt, YMap, type YValue } from '../codec/yaml-decode.js';
import { formatFloat32, jsonKeyOf, unsupportedKeyText } from '../codec/yaml-read.js';
import { compareGoStrings } from '../gotemplate/value.js';
import { fieldOf, type GoType } from './go-struct.js';

/** The string sigs.k8s.io/yaml makes of a scalar (undefined for null, lists and maps). */
export function scalarString(v: YValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatFloat32(v);
  if (v instanceof YInt) return v.v.toString();
  return undefined;
}

/**
 * The first non-finite value encoding/json meets (it refuses them), in its order: map keys sorted
 * as the strings sigs.k8s.io/yaml makes of them. Keys themselves are never numbers by then.
 *
 * `target` is the Go type the document is bound for, when the conversion follows one (helm 3's
 * sigs.k8s.io/yaml): a float bound for a string becomes a string first, so only floats elsewhere
 * (unknown keys, bool and time fields, `interface {}`) stay numbers. The target follows struct fields
 * (by encoding/json's name match), map elements and slice elements; anything else has none.
 */
export function firstNonFinite(v: YValue, target?: GoType): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) || target === 'string' ? undefined : v;
  let children: Array<{ value: YValue; target?: GoType }> = [];
  if (Array.isArray(v)) {
    const element = typeof target === 'object' && 'slice' in target ? target.slice : undefined;
    children = v.map((value) => ({ value, target: element }));
  } else if (v instanceof YMap) {
    children = [...v.entries.values()]
      .map((e) => ({ key: jsonKeyOf(e.key) ?? '', value: e.value }))
      .sort((a, b) => compareGoStrings(a.key, b.key))
      .map((e) => ({ value: e.value, target: elementTarget(target, e.key) }));
  }
  for (const c of children) {
    const found = firstNonFinite(c.value, c.target);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The target of a map entry: a struct's field of that name, a map's element type, else none. */
function elementTarget(target: GoType | undefined, key: string): GoType | undefined {
  if (typeof target !== 'object' || 'slice' in target) return undefined;
  if ('map' in target) return target.map;
  return fieldOf(target, key)?.type;
}

/**
 * sigs.k8s.io/yaml's key conversion: strings, ints, floats and bools become JSON keys; a null
 * key or a uint64 one (an integer past int64) fails with this text.
 */
export function unsupportedKey(v: YValue): string | undefined {
  if (Array.isArray(v)) {
    for (const e of v) {
      const problem = unsupportedKey(e);
      if (problem !== undefined) return problem;
    }
  } else if (v instanceof YMap) {
    for (const { key, value } of v.entries.values()) {
      if (jsonKeyOf(key) === undefined) return unsupportedKeyText(key, value);
      const problem = unsupportedKey(value);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/**
 * The conversion's error text after `error converting YAML to JSON: `, or undefined. `nonFinite`
 * says whether non-finite floats fail: everywhere (true), nowhere (false), or, given the Go type
 * the document is bound for, where they do not become strings (see {@link firstNonFinite}).
 */
export function jsonConversionError(v: YValue, nonFinite: boolean | GoType = true): string | undefined {
  const key = unsupportedKey(v);
  if (key !== undefined) return key;
  const n = nonFinite === false ? undefined : firstNonFinite(v, nonFinite === true ? undefined : nonFinite);
  if (n === undefined) return undefined;
  return `json: unsupported value: ${Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'}`;
}
