/**
 * Sprig's dictionary functions (dict.go in Masterminds/sprig v3.3.0): `dict`, `set`, `unset`, `get`,
 * `hasKey`, `pluck`, `pick`, `omit`, `keys`, `values`, `dig`, `merge`/`mergeOverwrite` (dario.cat/mergo
 * v1.0.1 rules) and `deepCopy` (mitchellh/copystructure).
 *
 * Maps are shared by reference exactly like Go maps: `set`, `unset`, `merge` and `mergeOverwrite`
 * mutate their first argument, and the change is visible through every other reference to it
 * (including `.Values`).
 *
 * `keys` and `values` follow Go map iteration, which is random in helm; helmless returns key order
 * (byte-wise sorted) so renders are reproducible. Templates, and tests, should `sortAlpha` them.
 */
import { appended, capacityOf, withCapacity } from '../gotemplate/capacity.js';
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { type GoType, T_BOOL, T_INTERFACE, T_MAP, T_SLICE, T_SLICE_STRING, T_STRING } from '../gotemplate/types.js';
import {
  asMap,
  GO_TYPE,
  GoComplex,
  GoInt,
  type GoMap,
  GoNamed,
  GoStruct,
  type GoValue,
  isExported,
  isNilContainer,
  isPlainMap,
  kindOf,
  nilMap,
  nilSlice,
  sortedKeys,
  stringSlice,
  structType,
  typeName,
} from '../gotemplate/value.js';
import { strval } from './conv.js';

/** Deepest map nesting merge and deepCopy follow (Go would overflow its stack on cycles). */
export const MAX_MERGE_DEPTH = 1000;

function dict(...v: GoValue[]): GoMap {
  const d: GoMap = new Map();
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i]);
    d.set(key, i + 1 < v.length ? v[i + 1] : '');
  }
  return d;
}

function get(d: GoMap | null, key: string): GoValue {
  if (d?.has(key)) return d.get(key);
  return '';
}

function set(d: GoMap | null, key: string, value: GoValue): GoMap {
  if (d === null || isNilContainer(d)) throw new FuncError('assignment to entry in nil map');
  d.set(key, value);
  return d;
}

function unset(d: GoMap | null, key: string): GoMap {
  if (d === null) return nilMap();
  d.delete(key);
  return d;
}

function hasKey(d: GoMap | null, key: string): boolean {
  return d?.has(key) ?? false;
}

function pluck(key: string, ...dicts: (GoMap | null)[]): GoValue[] {
  const res: GoValue[] = [];
  for (const d of dicts) if (d?.has(key)) res.push(d.get(key));
  return appended(res);
}

/** Keys of all maps; each map's keys in sorted order (Go: random order). */
function keys(...dicts: (GoMap | null)[]): string[] {
  const k: string[] = [];
  for (const d of dicts) if (d) k.push(...sortedKeys(d));
  return appended(stringSlice(k), 'string');
}

/** Values in key order (Go: random order). */
function values(d: GoMap | null): GoValue[] {
  if (!d) return [];
  return appended(sortedKeys(d).map((k) => d.get(k)));
}

function pick(d: GoMap | null, ...keys: string[]): GoMap {
  const res: GoMap = new Map();
  for (const k of keys) if (d?.has(k)) res.set(k, d.get(k));
  return res;
}

function omit(d: GoMap | null, ...keys: string[]): GoMap {
  const res: GoMap = new Map();
  if (!d) return res;
  const drop = new Set(keys);
  for (const [k, v] of d) if (!drop.has(k)) res.set(k, v);
  return res;
}

/** Go's message for a failed `x.(T)` type assertion on an `interface {}`. */
function assertionError(v: GoValue, want: string): FuncError {
  const have = v === null || v === undefined ? 'nil' : typeName(v);
  return new FuncError(`interface conversion: interface {} is ${have}, not ${want}`);
}

function dig(...ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new FuncError('dig needs at least three arguments');
  const last = ps[ps.length - 1];
  if (!isPlainMap(last)) throw assertionError(last, 'map[string]interface {}');
  const def = ps[ps.length - 2];
  const ks: string[] = [];
  for (let i = 0; i < ps.length - 2; i++) {
    const k = ps[i];
    if (typeof k !== 'string') throw assertionError(k, 'string');
    ks.push(k);
  }
  let d: GoMap = last;
  for (let i = 0; ; i++) {
    const k = ks[i]!;
    if (!d.has(k)) return def;
    const step = d.get(k);
    if (i === ks.length - 1) return step;
    if (!isPlainMap(step)) throw assertionError(step, 'map[string]interface {}');
    d = step;
  }
}

// ----- merge (dario.cat/mergo v1.0.1) ---------------------------------------------------------------

/** mergo's isEmptyValue with dereferencing: interfaces and pointers are looked through. */
function mergoEmpty(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoInt) return v.v === 0n;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoNamed) return mergoEmpty(v.value);
  if (v instanceof GoComplex) return false; // mergo has no case for complex kinds
  return false; // structs, and pointers to structs
}

const ERR_DIFFERENT_TYPES = 'src and dst must be of same type';

/**
 * mergo's deepMerge for one map: walks src's keys and updates dst in place. `merge` keeps non-empty
 * dst values (empty ones — "", 0, false, nil, empty lists and maps — are replaced), recursing into
 * map pairs; `mergeOverwrite` lets src values win, but still merges map pairs key by key. Lists are
 * never merged element-wise. Map values from src are stored by reference, as in Go.
 */
function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean, depth: number): void {
  if (depth > MAX_MERGE_DEPTH) throw new FuncError(`merge: maps nested deeper than ${MAX_MERGE_DEPTH} levels`);
  for (const [key, srcElem] of [...src]) {
    const dstValid = dst.has(key);
    const dstElem = dst.get(key);
    if (srcElem === null || srcElem === undefined) {
      if (overwrite) dst.set(key, null);
      continue;
    }
    const srcKind = kindOf(srcElem);
    if (srcKind === 'map' || srcKind === 'ptr' || srcKind === 'struct') {
      if (dstValid) mergeElement(dstElem, srcElem, overwrite, depth + 1);
    } else if (srcKind === 'slice') {
      // mergo stores either dst's slice or (when overwriting) src's; an absent or nil dst is
      // replaced by src below, so only the overwrite case is visible here.
      if (overwrite) dst.set(key, srcElem);
    }
    if (dstValid && !mergoEmpty(dstElem)) {
      if (srcKind === 'slice') continue;
      if (srcKind === 'map' && kindOf(dstElem) === 'map') continue;
    }
    if (overwrite || !dstValid || mergoEmpty(dstElem)) dst.set(key, srcElem);
  }
}

/** deepMerge of a dst map element with a map, struct or pointer from src (dst is not settable). */
function mergeElement(dstElem: GoValue, srcElem: GoValue, overwrite: boolean, depth: number): void {
  if (dstElem === null || dstElem === undefined) return;
  const dstKind = kindOf(dstElem);
  if (dstKind === 'map') {
    const d = asMap(dstElem);
    const s = asMap(srcElem);
    // A nil dst map cannot be filled in place (mergo replaces its local copy); typed maps other
    // than map[string]interface {} do not occur in templates.
    if (d && s && !isNilContainer(d) && (d as any)[GO_TYPE] === (s as any)[GO_TYPE]) mergeMaps(d, s, overwrite, depth);
    return;
  }
  if (dstKind === 'ptr' && dstElem instanceof GoStruct) {
    const srcKind = kindOf(srcElem);
    if (overwrite || srcKind === 'ptr') return; // struct fields of helm's pointer types are not merged
    const same = srcElem instanceof GoStruct && structType(dstElem).name === structType(srcElem).name;
    if (!same) throw new FuncError(ERR_DIFFERENT_TYPES);
  }
}

function mergeAll(dst: GoMap | null, srcs: (GoMap | null)[], overwrite: boolean): GoMap {
  let d = dst;
  for (const src of srcs) {
    // mergo makes a nil dst map before filling it (Sprig then returns that new map).
    if (d === null && src !== null) d = new Map();
    if (d !== null && src !== null) mergeMaps(d, src, overwrite, 0);
  }
  return d ?? nilMap();
}

/** `merge`/`mergeOverwrite` swallow mergo errors and return "" instead of the map. */
function mergeSwallowing(overwrite: boolean) {
  return (dst: GoMap | null, ...srcs: (GoMap | null)[]): GoValue => {
    try {
      return mergeAll(dst, srcs, overwrite);
    } catch (e) {
      if (e instanceof FuncError && e.message === ERR_DIFFERENT_TYPES) return '';
      throw e;
    }
  };
}

// ----- deepCopy (mitchellh/copystructure) ------------------------------------------------------------

function copyValue(v: GoValue, depth: number): GoValue {
  if (depth > MAX_MERGE_DEPTH) throw new FuncError(`deepCopy: value nested deeper than ${MAX_MERGE_DEPTH} levels`);
  if (v instanceof Map) {
    const out: GoMap = isNilContainer(v) ? nilMap() : new Map();
    for (const [k, e] of v) out.set(k, copyValue(e, depth + 1));
    const t = (v as any)[GO_TYPE];
    if (t) (out as any)[GO_TYPE] = t;
    return out;
  }
  if (Array.isArray(v)) {
    const out: GoValue[] = isNilContainer(v) ? nilSlice() : [];
    for (const e of v) out.push(copyValue(e, depth + 1));
    const t = (v as any)[GO_TYPE];
    if (t) (out as any)[GO_TYPE] = t;
    // copystructure makes the copy with the original's capacity, and copies only its elements.
    return withCapacity(out, capacityOf(v));
  }
  if (v instanceof Uint8Array) return v.slice();
  if (v instanceof GoNamed) return new GoNamed(v.type, copyValue(v.value, depth + 1) as GoMap | GoValue[]);
  // copystructure copies exported fields only: a struct type can say what that leaves (semver's
  // Version has no exported fields, so its copy is the zero version).
  if (v instanceof GoStruct && typeof (v as any).deepCopy === 'function') return (v as any).deepCopy();
  if (v instanceof GoStruct) return copyStruct(v);
  // Scalars are immutable.
  return v;
}

/** Whether copystructure's copy of a struct type differs: it has unexported fields, maybe nested. */
function hasUnexported(t: GoType): boolean {
  const st = t.kind === 'ptr' ? t.elem! : t;
  return (st.fields ?? []).some(
    (f) => !isExported(f.name) || ((f.type.kind === 'struct' || f.type.kind === 'ptr') && hasUnexported(f.type)),
  );
}

/**
 * copystructure copies exported fields only: unexported ones are zero in the copy (helm 4's
 * KubeVersion.normalizedVersion). Struct values without any (times, certificates) cannot be changed
 * by templates, so sharing them is indistinguishable from copying.
 */
function copyStruct(v: GoStruct): GoStruct {
  // A pointer's copy is a new pointer (`eq .Capabilities (deepCopy .Capabilities)` is false).
  const newPointer = v.goType.kind === 'ptr' && (structType(v).fields ?? []).length > 0;
  if (!newPointer && !hasUnexported(v.goType)) return v;
  const c = Object.assign(Object.create(Object.getPrototypeOf(v)), v);
  for (const f of structType(v).fields ?? []) {
    if (!isExported(f.name)) c[f.name] = f.type.kind === 'string' ? '' : f.type.kind === 'bool' ? false : null;
    else if (c[f.name] instanceof GoStruct) c[f.name] = copyStruct(c[f.name]);
  }
  return c;
}

function deepCopy(v: GoValue): GoValue {
  // copystructure asks reflect.ValueOf(nil).Type() for a typed nil result, which panics.
  if (v === null || v === undefined) throw new FuncError('reflect: call of reflect.Value.Type on zero Value');
  return copyValue(v, 0);
}

/** Sprig's dict functions, keyed by template function name. */
export const dictFunctions: Record<string, FuncDef> = {
  dict: fn([], T_MAP, dict, { variadic: T_INTERFACE }),
  get: fn([T_MAP, T_STRING], T_INTERFACE, get),
  set: fn([T_MAP, T_STRING, T_INTERFACE], T_MAP, set),
  unset: fn([T_MAP, T_STRING], T_MAP, unset),
  hasKey: fn([T_MAP, T_STRING], T_BOOL, hasKey),
  pluck: fn([T_STRING], T_SLICE, pluck, { variadic: T_MAP }),
  keys: fn([], T_SLICE_STRING, keys, { variadic: T_MAP }),
  values: fn([T_MAP], T_SLICE, values),
  pick: fn([T_MAP], T_MAP, pick, { variadic: T_STRING }),
  omit: fn([T_MAP], T_MAP, omit, { variadic: T_STRING }),
  dig: fn([], T_INTERFACE, dig, { variadic: T_INTERFACE }),
  merge: fn([T_MAP], T_INTERFACE, mergeSwallowing(false), { variadic: T_MAP }),
  mergeOverwrite: fn([T_MAP], T_INTERFACE, mergeSwallowing(true), { variadic: T_MAP }),
  mustMerge: fn([T_MAP], T_INTERFACE, (d: GoMap | null, ...s: (GoMap | null)[]) => mergeAll(d, s, false), {
    variadic: T_MAP,
  }),
  mustMergeOverwrite: fn([T_MAP], T_INTERFACE, (d: GoMap | null, ...s: (GoMap | null)[]) => mergeAll(d, s, true), {
    variadic: T_MAP,
  }),
  deepCopy: fn([T_INTERFACE], T_INTERFACE, deepCopy),
  mustDeepCopy: fn([T_INTERFACE], T_INTERFACE, deepCopy),
};
