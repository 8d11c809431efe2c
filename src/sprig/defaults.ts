/**
 * Sprig v3.3.0 defaults and flow helpers: default, empty, coalesce, ternary, all, any. "Empty" is
 * Sprig's reflect-based test: nil, false, zero numbers, and empty strings, slices and maps (a struct
 * is never empty). Helm's `fail` and `required` live with the engine, not here.
 */
import { type FuncDef, fn } from '../gotemplate/funcs.js';
import { T_BOOL, T_INTERFACE } from '../gotemplate/types.js';
import type { GoValue } from '../gotemplate/value.js';
import { isEmpty } from './conv.js';

export const defaultsFunctions: Record<string, FuncDef> = {
  default: fn(
    [T_INTERFACE],
    T_INTERFACE,
    (d: GoValue, ...given: GoValue[]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]),
    { variadic: T_INTERFACE },
  ),
  empty: fn([T_INTERFACE], T_BOOL, (v: GoValue) => isEmpty(v)),
  coalesce: fn([], T_INTERFACE, (...v: GoValue[]) => v.find((x) => !isEmpty(x)) ?? null, { variadic: T_INTERFACE }),
  ternary: fn([T_INTERFACE, T_INTERFACE, T_BOOL], T_INTERFACE, (vt: GoValue, vf: GoValue, v: boolean) => (v ? vt : vf)),
  all: fn([], T_BOOL, (...v: GoValue[]) => v.every((x) => !isEmpty(x)), { variadic: T_INTERFACE }),
  any: fn([], T_BOOL, (...v: GoValue[]) => v.some((x) => !isEmpty(x)), { variadic: T_INTERFACE }),
};
