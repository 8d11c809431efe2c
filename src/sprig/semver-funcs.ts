/**
 * Sprig's `semver` and `semverCompare` template functions over the Masterminds/semver v3 port in
 * semver.ts (v3.3.0 rules and messages for helm 3, v3.4.0 for helm 4).
 *
 * `semver` returns a `*semver.Version`: it prints as its String() (`1.2.0`), encodes to JSON as that
 * string, and offers the Go methods templates can call — Major Minor Patch Prerelease Metadata
 * Original String IncPatch IncMinor IncMajor SetPrerelease SetMetadata LessThan LessThanEqual
 * GreaterThan GreaterThanEqual Equal Compare MarshalJSON MarshalText Value, and Scan, UnmarshalText and
 * UnmarshalJSON, which replace the version and return an `error` value. The Inc… and Set… methods
 * return a `semver.Version` value, whose method set lacks the pointer-receiver methods (Original and
 * the comparisons), as in Go templates.
 */

import { JNum, JsonError, type JValue, parseJSONTree } from '../codec/json.js';
import { type CallContext, type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { GoErrorString, GoJsonSyntaxError, GoJsonUnmarshalTypeError, T_ERROR } from '../gotemplate/goerror.js';
import { bytesToString, stringToBytes } from '../gotemplate/gostring.js';
import { type GoType, T_BOOL, T_BYTES, T_INT, T_INTERFACE, T_STRING, T_UINT64 } from '../gotemplate/types.js';
import { GoStruct, type GoValue, goIntOf } from '../gotemplate/value.js';
import { NIL_DEREFERENCE } from './lists.js';
import { parseVersion, type SemverCompat, SemverError, semverCompare, Version } from './semver.js';

/** A Masterminds `semver.Version` (struct value) or `*semver.Version` (pointer). */
export class SemverVersion extends GoStruct {
  constructor(
    /** Replaced by the pointer methods that decode into the version (Scan, UnmarshalText…). */
    public version: Version,
    readonly compat: SemverCompat,
    readonly goType: GoType,
  ) {
    super();
  }

  /** copystructure copies only exported fields, and Version has none: Sprig's deepCopy zeroes it. */
  deepCopy(): SemverVersion {
    return new SemverVersion(new Version(0n, 0n, 0n, '', '', ''), this.compat, this.goType);
  }
}

const stringOf = (r: SemverVersion): string => r.version.toString();

/** reflect.DeepEqual compares every unexported field, the parsed text included (`v1.0.0` ≠ `1.0.0`). */
function sameVersion(a: SemverVersion, b: SemverVersion): boolean {
  const x = a.version;
  const y = b.version;
  return (
    x.major === y.major &&
    x.minor === y.minor &&
    x.patch === y.patch &&
    x.prerelease === y.prerelease &&
    x.metadata === y.metadata &&
    x.original() === y.original()
  );
}

// Methods with value receivers: on both semver.Version and *semver.Version.
const valueMethods = new Map<string, FuncDef>();
// Methods with pointer receivers: only on *semver.Version.
const pointerMethods = new Map<string, FuncDef>();

/** `semver.Version` (a struct with unexported fields only). */
export const T_SEMVER_VERSION: GoType = {
  kind: 'struct',
  name: 'semver.Version',
  fields: [],
  methods: valueMethods,
  stringer: stringOf,
  marshalJSON: (r: SemverVersion) => JSON.stringify(stringOf(r)),
  marshalText: stringOf,
  deepEqual: sameVersion,
  fmtFields: ({ version: v }: SemverVersion) => [
    { name: 'major', type: T_UINT64, value: goIntOf(T_UINT64, v.major) },
    { name: 'minor', type: T_UINT64, value: goIntOf(T_UINT64, v.minor) },
    { name: 'patch', type: T_UINT64, value: goIntOf(T_UINT64, v.patch) },
    { name: 'pre', type: T_STRING, value: v.prerelease },
    { name: 'metadata', type: T_STRING, value: v.metadata },
    { name: 'original', type: T_STRING, value: v.original() },
  ],
};

const allMethods = new Map<string, FuncDef>();

/** `*semver.Version`, what the `semver` function returns. */
export const T_SEMVER_VERSION_PTR: GoType = {
  kind: 'ptr',
  name: '*semver.Version',
  elem: T_SEMVER_VERSION,
  methods: allMethods,
  stringer: stringOf,
  marshalJSON: (r: SemverVersion) => JSON.stringify(stringOf(r)),
  marshalText: stringOf,
  deepEqual: sameVersion,
};

function versionValue(r: SemverVersion, v: Version): SemverVersion {
  return new SemverVersion(v, r.compat, T_SEMVER_VERSION);
}

/** originalVPrefix: `v` when the parsed text started with one. */
function vPrefix(v: Version): string {
  return v.original().startsWith('v') ? 'v' : '';
}

function withParts(v: Version, major: bigint, minor: bigint, patch: bigint, pre: string, meta: string): Version {
  const next = new Version(major, minor, patch, pre, meta, '');
  return new Version(major, minor, patch, pre, meta, vPrefix(v) + next.toString());
}

const wrapU64 = (n: bigint): bigint => BigInt.asUintN(64, n);

const NUM = /^[0-9]*$/;
const ALLOWED = /^[0-9A-Za-z-]*$/;

function messages(compat: SemverCompat) {
  return compat === 'helm4'
    ? { zero: 'version segment starts with 0', pre: 'invalid prerelease string', meta: 'invalid metadata string' }
    : { zero: 'Version segment starts with 0', pre: 'Invalid Prerelease string', meta: 'Invalid Metadata string' };
}

function other(o: GoValue): Version {
  if (!(o instanceof SemverVersion)) throw new FuncError(NIL_DEREFERENCE);
  return o.version;
}

function defineMethods(): void {
  const value = (name: string, params: GoType[], result: GoType, impl: (r: SemverVersion, ...a: any[]) => GoValue) =>
    valueMethods.set(name, fn(params, result, impl));
  const pointer = (name: string, params: GoType[], result: GoType, impl: (r: SemverVersion, ...a: any[]) => GoValue) =>
    pointerMethods.set(name, fn(params, result, impl));
  value('String', [], T_STRING, (r) => r.version.toString());
  value('Major', [], T_UINT64, (r) => r.version.major);
  value('Minor', [], T_UINT64, (r) => r.version.minor);
  value('Patch', [], T_UINT64, (r) => r.version.patch);
  value('Prerelease', [], T_STRING, (r) => r.version.prerelease);
  value('Metadata', [], T_STRING, (r) => r.version.metadata);
  value('IncPatch', [], T_SEMVER_VERSION, (r) => {
    const v = r.version;
    const patch = v.prerelease !== '' ? v.patch : wrapU64(v.patch + 1n);
    return versionValue(r, withParts(v, v.major, v.minor, patch, '', ''));
  });
  value('IncMinor', [], T_SEMVER_VERSION, (r) => {
    const v = r.version;
    return versionValue(r, withParts(v, v.major, wrapU64(v.minor + 1n), 0n, '', ''));
  });
  value('IncMajor', [], T_SEMVER_VERSION, (r) => {
    const v = r.version;
    return versionValue(r, withParts(v, wrapU64(v.major + 1n), 0n, 0n, '', ''));
  });
  value('SetPrerelease', [T_STRING], T_SEMVER_VERSION, (r, pre: string) => {
    const v = r.version;
    if (pre.length > 0) {
      for (const part of pre.split('.')) {
        // v3.4.0 (helm 4) also rejects empty identifiers.
        if (part === '' && r.compat === 'helm4') throw new FuncError(messages(r.compat).pre);
        if (NUM.test(part)) {
          if (part.length > 1 && part[0] === '0') throw new FuncError(messages(r.compat).zero);
        } else if (!ALLOWED.test(part)) throw new FuncError(messages(r.compat).pre);
      }
    }
    return versionValue(r, withParts(v, v.major, v.minor, v.patch, pre, v.metadata));
  });
  value('SetMetadata', [T_STRING], T_SEMVER_VERSION, (r, meta: string) => {
    const v = r.version;
    if (meta.length > 0) {
      for (const part of meta.split('.')) {
        if (!ALLOWED.test(part) || (part === '' && r.compat === 'helm4')) throw new FuncError(messages(r.compat).meta);
      }
    }
    return versionValue(r, withParts(v, v.major, v.minor, v.patch, v.prerelease, meta));
  });
  value('MarshalJSON', [], T_BYTES, (r) => stringToBytes(JSON.stringify(r.version.toString())));
  value('MarshalText', [], T_BYTES, (r) => stringToBytes(r.version.toString()));
  value('Value', [], T_INTERFACE, (r) => r.version.toString());
  pointer('Original', [], T_STRING, (r) => r.version.original());
  pointer('LessThan', [T_SEMVER_VERSION_PTR], T_BOOL, (r, o) => r.version.lessThan(other(o)));
  pointer('LessThanEqual', [T_SEMVER_VERSION_PTR], T_BOOL, (r, o) => r.version.lessThanOrEqual(other(o)));
  pointer('GreaterThan', [T_SEMVER_VERSION_PTR], T_BOOL, (r, o) => r.version.greaterThan(other(o)));
  pointer('GreaterThanEqual', [T_SEMVER_VERSION_PTR], T_BOOL, (r, o) => r.version.greaterThanOrEqual(other(o)));
  pointer('Equal', [T_SEMVER_VERSION_PTR], T_BOOL, (r, o) => r.version.equal(other(o)));
  pointer('Compare', [T_SEMVER_VERSION_PTR], T_INT, (r, o) => r.version.compare(other(o)));
  // Scan(interface{}) error: only a string is read; anything else is the empty string.
  pointer('Scan', [T_INTERFACE], T_ERROR, (r, v: GoValue) => decodeInto(r, typeof v === 'string' ? v : ''));
  pointer('UnmarshalText', [T_BYTES], T_ERROR, (r, text: Uint8Array | null) =>
    decodeInto(r, text === null ? '' : bytesToString(text)),
  );
  pointer('UnmarshalJSON', [T_BYTES], T_ERROR, (r, json: Uint8Array | null) => {
    const text = json === null ? '' : bytesToString(json);
    let tree: JValue;
    try {
      tree = parseJSONTree(text);
    } catch (e) {
      if (e instanceof JsonError) return new GoJsonSyntaxError(e.message, e.offset ?? 0);
      throw e;
    }
    // json.Unmarshal into a string: null leaves it empty, other kinds are type errors.
    if (tree !== null && typeof tree !== 'string') return jsonTypeError(json!, tree, r.compat);
    return decodeInto(r, tree ?? '');
  });
  for (const [k, v] of valueMethods) allMethods.set(k, v);
  for (const [k, v] of pointerMethods) allMethods.set(k, v);
}
defineMethods();

/** NewVersion(text) into the receiver: null (a nil error) on success, else the error, version unchanged. */
function decodeInto(r: SemverVersion, text: string): GoErrorString | null {
  try {
    r.version = parseVersion(text, { compat: r.compat });
    return null;
  } catch (e) {
    if (e instanceof SemverError) return new GoErrorString(e.message);
    throw e;
  }
}

/**
 * encoding/json's error for a document that is not a string, decoded into a string: its Offset is
 * just past the opening bracket of an array or object, and just past a number or boolean.
 */
function jsonTypeError(
  json: Uint8Array,
  tree: Exclude<JValue, null | string>,
  compat: SemverCompat,
): GoJsonUnmarshalTypeError {
  const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  let start = 0;
  while (isSpace(json[start])) start++;
  let end = json.length;
  while (end > start && isSpace(json[end - 1])) end--;
  if (typeof tree === 'boolean') return new GoJsonUnmarshalTypeError('bool', end, compat);
  if (tree instanceof JNum) return new GoJsonUnmarshalTypeError('number', end, compat);
  return new GoJsonUnmarshalTypeError(Array.isArray(tree) ? 'array' : 'object', start + 1, compat);
}

function semverFn(ctx: CallContext, version: string): SemverVersion {
  try {
    return new SemverVersion(parseVersion(version, { compat: ctx.compat }), ctx.compat, T_SEMVER_VERSION_PTR);
  } catch (e) {
    if (e instanceof SemverError) throw new FuncError(e.message);
    throw e;
  }
}

function semverCompareFn(ctx: CallContext, constraint: string, version: string): boolean {
  try {
    return semverCompare(constraint, version, ctx.compat);
  } catch (e) {
    if (e instanceof SemverError) throw new FuncError(e.message);
    throw e;
  }
}

/** Sprig's semver functions, keyed by template function name. */
export const semverFunctions: Record<string, FuncDef> = {
  semver: fn([T_STRING], T_SEMVER_VERSION_PTR, semverFn, { context: true }),
  semverCompare: fn([T_STRING, T_STRING], T_BOOL, semverCompareFn, { context: true }),
};
