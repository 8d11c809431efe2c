/**
 * Go `error` values that templates can hold: a method whose one result is an `error` (semver's
 * `Scan`, `UnmarshalJSON`) returns it as a value rather than failing the call. text/template prints
 * a nil error as `<nil>` and any other through its Error method; `%T`, `%#v`, `toJson` and field
 * access see its dynamic type: `*errors.errorString`, or encoding/json's `*json.SyntaxError` and
 * `*json.UnmarshalTypeError`.
 */
import { type FuncDef, fn } from './funcs.js';
import { type GoType, T_ERROR, T_INT64, T_INTERFACE, T_STRING } from './types.js';

export { T_ERROR } from './types.js';

/**
 * A nil `error` as a method returned it: it prints `<nil>` and is false, and becomes a plain nil
 * when passed on as an `interface {}` (the executor converts it).
 */
class NilError extends GoStruct {
  readonly goType = T_ERROR;
}
export const NIL_ERROR: GoStruct = new NilError();

import { GoStruct, goIntOf } from './value.js';

/** A Go error value: a pointer to a struct whose Error method returns `message`. */
export abstract class GoError extends GoStruct {
  constructor(readonly message: string) {
    super();
  }
}

const errorMethods = new Map<string, FuncDef>([['Error', fn([], T_STRING, (e: GoError) => e.message)]]);

function errorPointer(elem: GoType): GoType {
  return { kind: 'ptr', name: `*${elem.name}`, elem, methods: errorMethods, stringer: (e: GoError) => e.message };
}

/** `*errors.errorString`: what `errors.New` returns; its one field is unexported. */
const T_ERROR_STRING_PTR = errorPointer({
  kind: 'struct',
  name: 'errors.errorString',
  fields: [],
  fmtFields: (e: GoErrorString) => [{ name: 's', type: T_STRING, value: e.message }],
});

export class GoErrorString extends GoError {
  readonly goType = T_ERROR_STRING_PTR;
}

/** `*json.SyntaxError`: the message (unexported) and the byte offset after which the error occurred. */
const T_JSON_SYNTAX_ERROR_PTR = errorPointer({
  kind: 'struct',
  name: 'json.SyntaxError',
  fields: [{ name: 'Offset', type: T_INT64 }],
  fmtFields: (e: GoJsonSyntaxError) => [
    { name: 'msg', type: T_STRING, value: e.message },
    { name: 'Offset', type: T_INT64, value: e.Offset },
  ],
});

export class GoJsonSyntaxError extends GoError {
  readonly goType = T_JSON_SYNTAX_ERROR_PTR;
  readonly Offset;

  constructor(message: string, offset: number) {
    super(message);
    this.Offset = goIntOf(T_INT64, offset);
  }
}

/** A `reflect.Type` (`*reflect.rtype`): prints as the type's name; JSON sees no exported fields. */
const T_RTYPE: GoType = {
  kind: 'ptr',
  name: '*reflect.rtype',
  elem: { kind: 'struct', name: 'reflect.rtype', fields: [] },
  stringer: (t: ReflectType) => t.typeName,
};

/** Where the `string` type descriptor is in the helm 3.17.3 and 4.1.4 linux/amd64 release binaries. */
const STRING_RTYPE_ADDRESS = { helm3: 0x1ea5320, helm4: 0x21265c0 };

class ReflectType extends GoStruct {
  readonly goType = T_RTYPE;

  constructor(
    readonly typeName: 'string',
    private readonly compat: 'helm3' | 'helm4',
  ) {
    super();
  }

  override get staticAddress(): number {
    return STRING_RTYPE_ADDRESS[this.compat];
  }
}

/** `*json.UnmarshalTypeError` (for a string destination): a JSON value of another kind. */
const T_JSON_TYPE_ERROR_PTR = errorPointer({
  kind: 'struct',
  name: 'json.UnmarshalTypeError',
  fields: [
    { name: 'Value', type: T_STRING },
    { name: 'Type', type: T_INTERFACE },
    { name: 'Offset', type: T_INT64 },
    { name: 'Struct', type: T_STRING },
    { name: 'Field', type: T_STRING },
  ],
});

export class GoJsonUnmarshalTypeError extends GoError {
  readonly goType = T_JSON_TYPE_ERROR_PTR;
  readonly Value: string;
  readonly Type: ReflectType;
  readonly Offset;
  readonly Struct = '';
  readonly Field = '';

  /** A JSON `value` (`number`, `array`…) met at `offset` where a Go string was decoded. */
  constructor(value: string, offset: number, compat: 'helm3' | 'helm4') {
    super(`json: cannot unmarshal ${value} into Go value of type string`);
    this.Value = value;
    this.Type = new ReflectType('string', compat);
    this.Offset = goIntOf(T_INT64, offset);
  }
}
