/**
 * Sprig v3.3.0 type inspection: kindOf/kindIs (reflect.Kind names, `invalid` for nil), typeOf/typeIs
 * (fmt's `%T`), typeIsLike (the type or a pointer to it) and deepEqual (reflect.DeepEqual).
 */
import { type FuncDef, fn } from '../gotemplate/funcs.js';
import { T_BOOL, T_INTERFACE, T_STRING } from '../gotemplate/types.js';
import { type GoValue, kindOf, typeName } from '../gotemplate/value.js';
import { deepEqual } from './conv.js';

export const reflectionFunctions: Record<string, FuncDef> = {
  kindOf: fn([T_INTERFACE], T_STRING, (v: GoValue) => kindOf(v ?? null)),
  kindIs: fn([T_STRING, T_INTERFACE], T_BOOL, (target: string, v: GoValue) => target === kindOf(v ?? null)),
  typeOf: fn([T_INTERFACE], T_STRING, (v: GoValue) => typeName(v ?? null)),
  typeIs: fn([T_STRING, T_INTERFACE], T_BOOL, (target: string, v: GoValue) => target === typeName(v ?? null)),
  typeIsLike: fn([T_STRING, T_INTERFACE], T_BOOL, (target: string, v: GoValue) => {
    const t = typeName(v ?? null);
    return target === t || `*${target}` === t;
  }),
  deepEqual: fn([T_INTERFACE, T_INTERFACE], T_BOOL, (a: GoValue, b: GoValue) => deepEqual(a, b)),
};
