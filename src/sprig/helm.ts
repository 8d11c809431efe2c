/**
 * Helm's own template functions that need the engine: `include` (with helm's nesting guard),
 * `tpl`, `required`, `fail` and `lookup` (an empty map, as in `helm template`).
 */
import { type CallContext, type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { T_INTERFACE, T_MAP, T_STRING } from '../gotemplate/types.js';
import type { GoValue } from '../gotemplate/value.js';

/** Markers helm wraps around `required`/`fail` messages so the CLI can print them alone. */
export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';

/** helm's recursionMaxNums: how deep one name may be nested through `include`. */
export const INCLUDE_RECURSION_LIMIT = 1000;

function warnWrap(message: string): string {
  return WARN_START + message + WARN_END;
}

/**
 * The per-render state `include` and `tpl` share (helm's includedNames map). The engine creates one
 * per render and exposes it through the call context.
 */
export interface HelmRenderState {
  includedNames: Map<string, number>;
}

export interface HelmCallContext extends CallContext {
  host: unknown;
}

/** The render's shared include counters; a bare template execution gets its own on first use. */
function renderState(ctx: HelmCallContext): HelmRenderState {
  let host = ctx.host as HelmRenderState | undefined;
  if (!host?.includedNames) {
    host = { includedNames: new Map() };
    ctx.host = host;
  }
  return host;
}

export const helmFunctions: Record<string, FuncDef> = {
  include: fn(
    [T_STRING, T_INTERFACE],
    T_STRING,
    (ctx: HelmCallContext, name: string, data: GoValue) => {
      const counts = renderState(ctx).includedNames;
      const n = counts.get(name);
      if (n !== undefined) {
        if (n > INCLUDE_RECURSION_LIMIT) {
          throw new FuncError(`rendering template has a nested reference name: ${name}: unable to execute template`);
        }
        counts.set(name, n + 1);
      } else counts.set(name, 1);
      try {
        return ctx.includeTemplate(name, data);
      } finally {
        counts.set(name, counts.get(name)! - 1);
      }
    },
    { context: true },
  ),
  tpl: fn(
    [T_STRING, T_INTERFACE],
    T_STRING,
    (ctx: HelmCallContext, text: string, data: GoValue) => ctx.evalText('gotpl', text, data),
    { context: true },
  ),
  required: fn([T_STRING, T_INTERFACE], T_INTERFACE, (warn: string, val: GoValue) => {
    if (val === null || val === undefined || val === '') throw new FuncError(warnWrap(warn));
    return val;
  }),
  fail: fn([T_STRING], T_STRING, (msg: string) => {
    throw new FuncError(warnWrap(msg));
  }),
  lookup: fn([T_STRING, T_STRING, T_STRING, T_STRING], T_MAP, () => new Map()),
};
