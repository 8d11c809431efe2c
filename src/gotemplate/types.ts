/**
 * Go type descriptors: just enough of `reflect.Type` to reproduce what Go's text/template,
 * fmt and Sprig print and check (`%T`, `typeOf`, `kindOf`, "wrong type for value; expected X; got Y").
 */
import type { FuncDef } from './funcs.js';

export type Kind =
  | 'bool'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'complex128'
  | 'string'
  | 'map'
  | 'slice'
  | 'array'
  | 'struct'
  | 'ptr'
  | 'interface'
  | 'func';

/** One exported struct field, in declaration order (fmt prints fields in this order). */
export interface FieldDef {
  readonly name: string;
  readonly type: GoType;
  /** encoding/json tag: the JSON name (undefined = field name), omitempty, or `-` to skip. */
  readonly json?: { readonly name?: string; readonly omitempty?: boolean; readonly skip?: boolean };
  /** An embedded struct: its fields are promoted (`.Chart.Name` on `struct { chart.Metadata; … }`). */
  readonly embedded?: boolean;
}

export interface GoType {
  readonly kind: Kind;
  /** What reflect.Type.String() returns, e.g. `map[string]interface {}` or `*chartutil.Capabilities`. */
  readonly name: string;
  /** Element type of slices, arrays, maps and pointers. */
  readonly elem?: GoType;
  /** Key type of maps. */
  readonly key?: GoType;
  /** Fields of a struct type (for pointer types, see elem). */
  readonly fields?: readonly FieldDef[];
  /**
   * Methods callable from templates (`.Capabilities.APIVersions.Has "x"`). The receiver is passed as
   * the first argument of `impl`; `params` exclude the receiver.
   */
  readonly methods?: ReadonlyMap<string, FuncDef>;
  /** fmt.Stringer: used by `%v`, `%s` and template printing. */
  readonly stringer?: (receiver: any) => string;
  /**
   * The String method (and every other method) has a pointer receiver: fmt uses it only for pointers,
   * while template printing and method calls reach it on addressable values (the struct field
   * `.Capabilities.KubeVersion`), not on the copies functions receive and return ({@link interfaceCopy}).
   */
  readonly stringerOnPtr?: boolean;
  /** A named type whose underlying type is unnamed (`chartutil.Values` over `map[string]interface {}`). */
  readonly underlying?: GoType;
  /**
   * Go's `==` for a comparable struct type whose fields are not modelled (time.Time compares its
   * wall clock, monotonic reading and location pointer). Used by `eq`.
   */
  readonly equal?: (a: any, b: any) => boolean;
  /** reflect.DeepEqual for such a type (time.Time: like `==` but locations compared by content). */
  readonly deepEqual?: (a: any, b: any) => boolean;
  /** fmt.GoStringer: what `%#v` prints (time.Time's `time.Date(2024, time.March, …)`). */
  readonly goStringer?: (receiver: any) => string;
  /** json.Marshaler / encoding.TextMarshaler: the JSON text for a value of this type (time.Time, semver). */
  readonly marshalJSON?: (receiver: any) => string;
  /**
   * encoding.TextMarshaler (semver versions): the text go-yaml v3 (`toYamlPretty`) and BurntSushi/toml
   * (`toToml`) write as a string instead of encoding the value as a struct.
   */
  readonly marshalText?: (receiver: any) => string;
  /**
   * Every field in declaration order, unexported ones included: what fmt prints (`%#v` shows
   * `&json.SyntaxError{msg:"…", Offset:5}`, `%d` formats each field). Templates and encoders see
   * only {@link fields}.
   */
  readonly fmtFields?: (receiver: any) => ReadonlyArray<{ name: string; type: GoType; value: unknown }>;
}

function basic(kind: Kind, name: string = kind): GoType {
  return { kind, name };
}

export const T_BOOL = basic('bool');
export const T_INT = basic('int');
export const T_INT8 = basic('int8');
export const T_INT16 = basic('int16');
export const T_INT32 = basic('int32');
export const T_INT64 = basic('int64');
export const T_UINT = basic('uint');
export const T_UINT8 = basic('uint8');
export const T_UINT16 = basic('uint16');
export const T_UINT32 = basic('uint32');
export const T_UINT64 = basic('uint64');
export const T_FLOAT32 = basic('float32');
export const T_FLOAT64 = basic('float64');
export const T_COMPLEX128 = basic('complex128');
export const T_STRING = basic('string');
/** The empty interface, `interface {}` (Go prints it with a space). */
export const T_INTERFACE: GoType = { kind: 'interface', name: 'interface {}' };
/**
 * The interface `error`, as a declared result: unlike `interface {}`, text/template's pipeline does
 * not unwrap it, so a nil error prints `<nil>` (see goerror.ts for the values).
 */
export const T_ERROR: GoType = { kind: 'interface', name: 'error', stringer: () => '<nil>' };

export function sliceOf(elem: GoType): GoType {
  return { kind: 'slice', name: `[]${elem.name}`, elem };
}

export function mapOf(key: GoType, elem: GoType): GoType {
  return { kind: 'map', name: `map[${key.name}]${elem.name}`, key, elem };
}

export function ptrTo(elem: GoType): GoType {
  return { kind: 'ptr', name: `*${elem.name}`, elem, methods: elem.methods, stringer: elem.stringer };
}

/** `[]interface {}`: what YAML/JSON lists and `list` produce. */
export const T_SLICE = sliceOf(T_INTERFACE);
/** `map[string]interface {}`: what YAML/JSON maps and `dict` produce. */
export const T_MAP = mapOf(T_STRING, T_INTERFACE);
export const T_SLICE_STRING = sliceOf(T_STRING);
export const T_SLICE_INT = sliceOf(T_INT);
export const T_BYTES = sliceOf(T_UINT8);
export const T_MAP_STRING_STRING = mapOf(T_STRING, T_STRING);

export function isIntKind(kind: Kind): boolean {
  return (
    kind === 'int' ||
    kind === 'int64' ||
    kind === 'int32' ||
    kind === 'int16' ||
    kind === 'int8' ||
    kind === 'uint' ||
    kind === 'uint64' ||
    kind === 'uint32' ||
    kind === 'uint16' ||
    kind === 'uint8'
  );
}

export function isSignedIntKind(kind: Kind): boolean {
  return kind === 'int' || kind === 'int64' || kind === 'int32' || kind === 'int16' || kind === 'int8';
}

export function isUintKind(kind: Kind): boolean {
  return kind === 'uint' || kind === 'uint64' || kind === 'uint32' || kind === 'uint16' || kind === 'uint8';
}

export function isFloatKind(kind: Kind): boolean {
  return kind === 'float64' || kind === 'float32';
}

/** Go's assignability for the cases templates meet: identical types, named↔unnamed with the same underlying type, anything → interface {}. */
export function assignableTo(from: GoType, to: GoType): boolean {
  if (from === to || from.name === to.name) return true;
  if (to.kind === 'interface') return true;
  const fromU = from.underlying;
  const toU = to.underlying;
  // Assignable when the underlying types are identical and at least one of them is unnamed.
  if (fromU && !toU) return fromU.name === to.name;
  if (toU && !fromU) return toU.name === from.name;
  return false;
}
