/**
 * Go text/template for TypeScript, with the Go value model and fmt. See value.ts for how Go values
 * are represented.
 */
import type { FuncDef, FuncMap } from './funcs.js';
import { type ExecuteOptions, TemplateSet } from './template.js';
import type { GoValue } from './value.js';

export { Budget, DEFAULT_LIMITS, type EngineHooks, ExecError, type ExecLimits, LimitError, State } from './exec.js';
export { formatValue, sprint, sprintf, sprintln } from './fmt.js';
export { type CallContext, type FuncDef, FuncError, type FuncMap, fn } from './funcs.js';
export { ParseError, type Tree } from './parser.js';
export { behaviourFor, defaultHooks, type ExecuteOptions, makeBudget, TemplateSet } from './template.js';
export * from './types.js';
export * from './value.js';

export interface RenderStringOptions extends ExecuteOptions {
  /** Dot for the template. */
  data?: GoValue;
  /** Functions available to the template (e.g. Sprig and Helm's). */
  funcs?: FuncMap | Record<string, FuncDef>;
  /** Template name used in error messages (helm's `tpl` uses "gotpl"). */
  name?: string;
  /** Delete every `<no value>` from the output, as helm does (default true). */
  scrubNoValue?: boolean;
}

/**
 * Parses and executes one template text the way helm executes a template file: `<no value>` is
 * removed from the output unless `scrubNoValue` is false. Throws ParseError or ExecError with Go's text.
 */
export function renderTemplateString(text: string, options: RenderStringOptions = {}): string {
  const funcs = options.funcs instanceof Map ? options.funcs : new Map(Object.entries(options.funcs ?? {}));
  const name = options.name ?? 'gotpl';
  const set = new TemplateSet(funcs, name, undefined, options.compat);
  set.parse(name, text);
  const out = set.execute(name, options.data ?? null, options);
  return options.scrubNoValue === false ? out : out.replaceAll('<no value>', '');
}
