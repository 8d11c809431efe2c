/**
 * Sprig's list functions (list.go in Masterminds/sprig v3.3.0): `list`, `append`, `first`, `uniq`,
 * `slice`, `sortAlpha`… and their `must*` variants.
 *
 * Sprig works on any slice or array through reflection, so `[]string` (from `splitList`,
 * `regexFindAll`), `[]byte` and named slice types are accepted too; results are `[]interface {}`
 * except `slice`, which keeps the input's type. The non-must variants panic where the must variants
 * return an error; text/template reports both the same way (`error calling NAME: MSG`), so both
 * throw {@link FuncError} with the same text. A nil list makes Sprig call `.Kind()` on a nil
 * reflect.Type, which Go reports as a nil pointer dereference.
 */
import { zeroValue } from '../gotemplate/builtins.js';
import { appendCapacity, appended, capacityOf, reslice, withCapacity } from '../gotemplate/capacity.js';
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { sliceOf, T_BOOL, T_INT, T_INTERFACE, T_SLICE, T_SLICE_STRING, T_UINT8 } from '../gotemplate/types.js';
import {
  compareGoStrings,
  float64ToInt64,
  GoNamed,
  type GoValue,
  goIntOf,
  isPlainSlice,
  kindOf,
  nilSlice,
  stringSlice,
  typeOf,
  withType,
} from '../gotemplate/value.js';
import { castToInt64, deepEqual, isEmpty, strval } from './conv.js';
import { checkListSize } from './limits.js';

/** What Go prints for a panic caused by a nil pointer (here: reflect.TypeOf(nil).Kind()). */
export const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';

/**
 * The elements of any Go slice value (plain, typed, named or `[]byte`), as reflect.Value.Index(i)
 * would return them; undefined when the value is not a slice.
 */
export function sliceElements(v: GoValue): GoValue[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof GoNamed) return sliceElements(v.value);
  if (v instanceof Uint8Array) return Array.from(v, (b) => goIntOf(T_UINT8, b));
  return undefined;
}

/**
 * The elements of `v` for a Sprig list function, or the Go error for a non-slice:
 * `Cannot <what> type <kind>` style messages are built by `message(kind)`.
 */
function requireList(v: GoValue, message: (kind: string) => string): GoValue[] {
  if (v === null || v === undefined) throw new FuncError(NIL_DEREFERENCE);
  const items = sliceElements(v);
  if (!items) throw new FuncError(message(kindOf(v)));
  return items;
}

function push(list: GoValue, v: GoValue): GoValue[] {
  const items = requireList(list, (k) => `Cannot push on type ${k}`);
  checkListSize(items.length + 1, 'append');
  // Go: append(make([]interface{}, len), v), so the copy grows once.
  return withCapacity([...items, v], appendCapacity(items.length, items.length + 1, 'interface'));
}

function prepend(list: GoValue, v: GoValue): GoValue[] {
  const items = requireList(list, (k) => `Cannot prepend on type ${k}`);
  checkListSize(items.length + 1, 'prepend');
  // Go: append([]interface{}{v}, list...), growing a one-element slice at most once.
  const out = [v, ...items];
  return items.length === 0 ? out : withCapacity(out, appendCapacity(1, out.length, 'interface'));
}

/** `[][]interface {}`, the result type of `chunk`. */
const T_SLICE_OF_SLICES = sliceOf(T_SLICE);

function chunk(size: number, list: GoValue): GoValue[][] {
  const items = requireList(list, (k) => `Cannot chunk type ${k}`);
  const l = items.length;
  // Sprig computes the chunk count in float64 and converts to int; 0 and negative sizes give
  // NaN/±Inf or negative counts, which make Go's make() panic.
  const cs = float64ToInt64(Math.floor((l - 1) / size) + 1);
  const makeslice = (n: bigint): number => {
    if (n < 0n) throw new FuncError('runtime error: makeslice: len out of range');
    return Number(n);
  };
  const count = makeslice(cs);
  checkListSize(count, 'chunk');
  const out: GoValue[][] = [];
  for (let i = 0; i < count; i++) {
    let clen = BigInt(size);
    if (i === count - 1) {
      clen = float64ToInt64(Math.floor(l % size));
      if (clen === 0n) clen = BigInt(size);
    }
    const n = makeslice(clen);
    if (i * size + n > l) throw new FuncError(`runtime error: index out of range [${l}] with length ${l}`);
    out.push(items.slice(i * size, i * size + n));
  }
  return withType(out, T_SLICE_OF_SLICES);
}

function last(list: GoValue): GoValue {
  const items = requireList(list, (k) => `Cannot find last on type ${k}`);
  return items.length === 0 ? null : items[items.length - 1];
}

function first(list: GoValue): GoValue {
  const items = requireList(list, (k) => `Cannot find first on type ${k}`);
  return items.length === 0 ? null : items[0];
}

function rest(list: GoValue): GoValue[] {
  const items = requireList(list, (k) => `Cannot find rest on type ${k}`);
  return items.length === 0 ? nilSlice() : items.slice(1);
}

function initial(list: GoValue): GoValue[] {
  const items = requireList(list, (k) => `Cannot find initial on type ${k}`);
  return items.length === 0 ? nilSlice() : items.slice(0, -1);
}

function reverse(list: GoValue): GoValue[] {
  const items = requireList(list, (k) => `Cannot find reverse on type ${k}`);
  return [...items].reverse();
}

function compact(list: GoValue): GoValue[] {
  const items = requireList(list, (k) => `Cannot compact on type ${k}`);
  return appended(items.filter((item) => !isEmpty(item)));
}

function inList(haystack: readonly GoValue[], needle: GoValue): boolean {
  for (const h of haystack) if (deepEqual(needle, h)) return true;
  return false;
}

function uniq(list: GoValue): GoValue[] {
  const items = requireList(list, (k) => `Cannot find uniq on type ${k}`);
  const dest: GoValue[] = [];
  for (const item of items) if (!inList(dest, item)) dest.push(item);
  return appended(dest);
}

function without(list: GoValue, ...omit: GoValue[]): GoValue[] {
  const items = requireList(list, (k) => `Cannot find without on type ${k}`);
  return appended(items.filter((item) => !inList(omit, item)));
}

function has(needle: GoValue, haystack: GoValue): boolean {
  if (haystack === null || haystack === undefined) return false;
  const items = requireList(haystack, (k) => `Cannot find has on type ${k}`);
  return inList(items, needle);
}

/** cast.ToInt as Sprig's toInt uses it: unparsable values become 0. */
function toInt(v: GoValue): bigint {
  return castToInt64(v) ?? 0n;
}

/**
 * Sprig's `slice` (it replaces Go's builtin): reflect.Value.Slice(start, end), so the result keeps
 * the input's type, and `end` may reach past the length up to the capacity. An empty input yields nil.
 */
function slice(list: GoValue, ...indices: GoValue[]): GoValue {
  if (list === null || list === undefined) throw new FuncError(NIL_DEREFERENCE);
  const items = sliceElements(list);
  if (!items) throw new FuncError(`list should be type of slice or array but ${kindOf(list)}`);
  const l = items.length;
  if (l === 0) return null;
  const cap = list instanceof Uint8Array ? l : capacityOf(items);
  const start = indices.length > 0 ? toInt(indices[0]) : 0n;
  const end = indices.length < 2 ? BigInt(l) : toInt(indices[1]);
  if (start < 0n || end < start || end > BigInt(cap)) {
    throw new FuncError('reflect.Value.Slice: slice index out of bounds');
  }
  return sliceLike(list, Number(start), Number(end));
}

/** `v[start:end]` keeping v's Go type (and the capacity beyond `end`). */
function sliceLike(v: GoValue, start: number, end: number): GoValue {
  if (v instanceof Uint8Array) return v.slice(start, end);
  if (v instanceof GoNamed) return new GoNamed(v.type, sliceLike(v.value, start, end) as GoValue[]);
  const arr = v as GoValue[];
  const type = typeOf(arr)!;
  const out = reslice(arr, start, end, capacityOf(arr), zeroValue(type.elem ?? T_INTERFACE));
  return isPlainSlice(arr) ? out : withType(out, type);
}

function concat(...lists: GoValue[]): GoValue {
  const res: GoValue[] = [];
  for (const list of lists) {
    if (list === null || list === undefined) throw new FuncError(NIL_DEREFERENCE);
    const items = sliceElements(list);
    if (!items) throw new FuncError(`Cannot concat type ${kindOf(list)} as list`);
    checkListSize(res.length + items.length, 'concat');
    for (const item of items) res.push(item);
  }
  // Go appends to a nil slice: with nothing appended the result stays nil.
  return res.length === 0 ? nilSlice() : appended(res);
}

/**
 * Sprig's strslice: `[]string` is used as is (so `sortAlpha` sorts it in place, like Go's
 * sort.Strings on the shared backing array), other slices are converted with strval and nil
 * elements dropped; a non-slice becomes a one-element list.
 */
function strslice(v: GoValue): string[] {
  if (Array.isArray(v) && typeOf(v)?.name === '[]string') return v as string[];
  const items = sliceElements(v);
  if (items) {
    const out: string[] = [];
    for (const item of items) if (item !== null && item !== undefined) out.push(strval(item));
    return out;
  }
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

function sortAlpha(list: GoValue): string[] {
  if (sliceElements(list)) {
    const a = strslice(list);
    a.sort(compareGoStrings);
    return typeOf(a)?.name === '[]string' ? a : stringSlice(a);
  }
  return stringSlice([strval(list)]);
}

const listFn = (impl: (list: GoValue) => GoValue, result = T_SLICE): FuncDef => fn([T_INTERFACE], result, impl);

/** Sprig's list functions, keyed by template function name. */
export const listFunctions: Record<string, FuncDef> = {
  list: fn([], T_SLICE, (...v: GoValue[]) => [...v], { variadic: T_INTERFACE }),
  tuple: fn([], T_SLICE, (...v: GoValue[]) => [...v], { variadic: T_INTERFACE }),
  append: fn([T_INTERFACE, T_INTERFACE], T_SLICE, push),
  push: fn([T_INTERFACE, T_INTERFACE], T_SLICE, push),
  mustAppend: fn([T_INTERFACE, T_INTERFACE], T_SLICE, push),
  mustPush: fn([T_INTERFACE, T_INTERFACE], T_SLICE, push),
  prepend: fn([T_INTERFACE, T_INTERFACE], T_SLICE, prepend),
  mustPrepend: fn([T_INTERFACE, T_INTERFACE], T_SLICE, prepend),
  first: listFn(first, T_INTERFACE),
  mustFirst: listFn(first, T_INTERFACE),
  last: listFn(last, T_INTERFACE),
  mustLast: listFn(last, T_INTERFACE),
  rest: listFn(rest),
  mustRest: listFn(rest),
  initial: listFn(initial),
  mustInitial: listFn(initial),
  reverse: listFn(reverse),
  mustReverse: listFn(reverse),
  uniq: listFn(uniq),
  mustUniq: listFn(uniq),
  compact: listFn(compact),
  mustCompact: listFn(compact),
  without: fn([T_INTERFACE], T_SLICE, without, { variadic: T_INTERFACE }),
  mustWithout: fn([T_INTERFACE], T_SLICE, without, { variadic: T_INTERFACE }),
  has: fn([T_INTERFACE, T_INTERFACE], T_BOOL, has),
  mustHas: fn([T_INTERFACE, T_INTERFACE], T_BOOL, has),
  chunk: fn([T_INT, T_INTERFACE], T_SLICE_OF_SLICES, chunk),
  mustChunk: fn([T_INT, T_INTERFACE], T_SLICE_OF_SLICES, chunk),
  slice: fn([T_INTERFACE], T_INTERFACE, slice, { variadic: T_INTERFACE }),
  mustSlice: fn([T_INTERFACE], T_INTERFACE, slice, { variadic: T_INTERFACE }),
  concat: fn([], T_INTERFACE, concat, { variadic: T_INTERFACE }),
  sortAlpha: fn([T_INTERFACE], T_SLICE_STRING, sortAlpha),
};
