/**
 * What sigs.k8s.io/yaml's YAML-to-JSON conversion refuses (helm decodes rendered manifests,
 * Chart.yaml, requirements.yaml and the lock files through it): null and uint64 map keys, then, when
 * encoding/json marshals the result, non-finite floats.
 */
import { YInt, YMap, type YValue } from '../codec/yaml-decode.js';
import { formatFloat32, jsonKeyOf, unsupportedKeyText } from '../codec/yaml-read.js';
import { compareGoStrings } from '../gotemplate/value.js';

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
 * as the strings sigs.k8s.io/yaml makes of them. Keys themselves are never numbers by then. (For a
 * document decoded into a struct, where floats bound for string fields become strings first, see
 * go-struct.ts's structConversionError.)
 */
export function firstNonFinite(v: YValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : v;
  const children = Array.isArray(v)
    ? v
    : v instanceof YMap
      ? [...v.entries.values()]
          .map((e) => ({ key: jsonKeyOf(e.key) ?? '', value: e.value }))
          .sort((a, b) => compareGoStrings(a.key, b.key))
          .map((e) => e.value)
      : [];
  for (const c of children) {
    const found = firstNonFinite(c);
    if (found !== undefined) return found;
  }
  return undefined;
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

/** The conversion's error text after `error converting YAML to JSON: `, or undefined. */
export function jsonConversionError(v: YValue): string | undefined {
  const key = unsupportedKey(v);
  if (key !== undefined) return key;
  const n = firstNonFinite(v);
  return n === undefined ? undefined : unsupportedValueText(n);
}

/** encoding/json's refusal of a non-finite float. */
export function unsupportedValueText(n: number): string {
  return `json: unsupported value: ${Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'}`;
}
