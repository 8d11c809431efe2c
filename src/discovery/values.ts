/**
 * Operations on values trees: deep copy, the two deep merges AICR uses (recipe overlay merge keeps
 * nulls; values hydration deletes on null, spec §6.1), dotted-path lookup and Go type names for
 * error messages.
 */

import type { Value, ValueMap } from './types.js';
import { newMap } from './yamlv3.js';

/** Whether a value is a map (not a list, not null). */
export function isValueMap(v: unknown): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own keys of a values map (maps are null-prototype objects, so `in`/`hasOwn` are exact). */
export function hasKey(m: ValueMap, key: string): boolean {
  return Object.hasOwn(m, key);
}

/** An independent copy of a values tree. */
export function deepCopy<T extends Value>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  if (isValueMap(v)) {
    const out = newMap();
    for (const k of Object.keys(v)) out[k] = deepCopy(v[k]!);
    return out as T;
  }
  return v;
}

/**
 * Values hydration merge (spec §6.1), in place on `dst`: a `null` in `src` deletes the key; map
 * onto map recurses; anything else replaces with a deep copy. Lists are never concatenated.
 */
export function mergeValues(dst: ValueMap, src: ValueMap): void {
  for (const k of Object.keys(src)) {
    const sv = src[k]!;
    if (sv === null) {
      delete dst[k];
      continue;
    }
    const dv = hasKey(dst, k) ? dst[k] : undefined;
    if (isValueMap(sv) && isValueMap(dv)) {
      mergeValues(dv, sv);
      continue;
    }
    dst[k] = deepCopy(sv);
  }
}

/**
 * Recipe overlay merge of `overrides` (spec §4.2), in place on `dst`: map onto map recurses,
 * anything else (including `null`) replaces, so an overlay's `key: null` survives to delete the
 * key from the values file at hydration time.
 */
export function mergeOverrides(dst: ValueMap, src: ValueMap): void {
  for (const k of Object.keys(src)) {
    const sv = src[k]!;
    const dv = hasKey(dst, k) ? dst[k] : undefined;
    if (isValueMap(sv) && isValueMap(dv)) {
      mergeOverrides(dv, sv);
      continue;
    }
    dst[k] = deepCopy(sv);
  }
}

/** Three-valued observation of a dotted path (the profile lock needs "blocked" apart from "absent"). */
export type PathState =
  | { state: 'present'; value: Value }
  | { state: 'absent' }
  | { state: 'blocked'; segment: string; blocker: Value };

/** Looks up a dotted path without creating anything. */
export function observePath(values: ValueMap, path: string): PathState {
  const parts = path.split('.');
  let current: ValueMap = values;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!hasKey(current, part)) return { state: 'absent' };
    const v = current[part]!;
    if (i === parts.length - 1) return { state: 'present', value: v };
    if (!isValueMap(v)) return { state: 'blocked', segment: part, blocker: v };
    current = v;
  }
  return { state: 'absent' };
}

/** The Go type name AICR's messages print for a decoded value (`%T`). */
export function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Structural equality of two values trees (NaN equals NaN, like a serialised comparison). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || a === b;
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i]!));
  }
  if (isValueMap(a) && isValueMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasKey(b, k) && valuesEqual(a[k]!, b[k]!));
  }
  return false;
}
