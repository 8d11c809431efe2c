/**
 * How template functions are declared. Every function carries its Go signature so the executor can
 * reproduce Go's argument checking and messages exactly ("wrong number of args for trunc: want 2 got
 * 1", "expected string; found 3", "wrong type for value; expected string; got float64").
 *
 * What `impl` receives for each declared parameter type (conversion done by the executor):
 *   string            → JS string
 *   bool              → boolean
 *   int, int64, uint… → JS number, or a bigint when beyond ±2^53 (so values stay exact)
 *   float64           → JS number
 *   interface {}      → the GoValue as is (nil and "no value" both arrive as `null`)
 *   map/slice/pointer → the GoValue (a named value such as chartutil.Values is unwrapped to its Map
 *                       when passed to an unnamed map type, like Go's assignability); nil → `null`
 * Results: return the Go value. For a declared integer result type a JS number or bigint is wrapped
 * into a GoInt of that type. Return `null` for nil. Throw {@link FuncError} to return a Go error;
 * the executor reports it as `error calling NAME: MESSAGE`.
 */
import type { GoType } from './types.js';
import type { GoValue } from './value.js';

export interface FuncDef {
  /** Declared types of the fixed parameters. */
  readonly params: readonly GoType[];
  /** Element type of a final `...T` parameter, when the function is variadic. */
  readonly variadic?: GoType;
  /** Declared type of the first result (T_INTERFACE for `interface {}`). */
  readonly result: GoType;
  /** When true, `impl` receives the {@link CallContext} as its first argument. */
  readonly context?: boolean;
  readonly impl: (...args: any[]) => GoValue;
  /**
   * A method text/template cannot call (results other than one value or a value and an error):
   * Go's goodFunc error, reported after the argument count is checked.
   */
  readonly badSignature?: string;
  /** A method only helm 4's Go has (time.Time's AppendText, from go1.24): absent in helm 3 mode. */
  readonly helm4Only?: boolean;
}

export type FuncMap = ReadonlyMap<string, FuncDef>;

/** A Go `error` returned by a function (or a recovered panic). */
export class FuncError extends Error {
  override name = 'FuncError';
}

/**
 * Engine services available to functions that declare `context: true` (Helm's `include`, `tpl`,
 * `required`, `fail`). Implemented by the executor.
 */
export interface CallContext {
  /** Executes a defined template by name with `data` as dot and returns its output (`include`). */
  includeTemplate(name: string, data: GoValue): string;
  /**
   * Parses `text` as a new template named `name` in the current namespace (so it sees every define
   * and may add new ones) and executes it with `data` (`tpl`). Errors are thrown as engine errors.
   */
  evalText(name: string, text: string, data: GoValue): string;
  /** The compatibility mode of the render (`helm3` | `helm4`): some functions differ. */
  readonly compat: 'helm3' | 'helm4';
}

/** Convenience constructor that keeps function tables short and typed. */
export function fn(
  params: readonly GoType[],
  result: GoType,
  impl: (...args: any[]) => GoValue,
  options?: { variadic?: GoType; context?: boolean },
): FuncDef {
  return { params, result, impl, variadic: options?.variadic, context: options?.context };
}
