/**
 * Renders template text through helmless with helm's function map, the way helm executes a
 * template file.
 */

import type { FuncMap } from '../../../src/gotemplate/funcs.js';
import { renderTemplateString } from '../../../src/gotemplate/index.js';
import type { GoValue } from '../../../src/gotemplate/value.js';
import { helmFuncMap } from '../../../src/sprig/index.js';

/** helm's whole function map, so the tests also see which definition wins for every name. */
export const FUNCS: FuncMap = helmFuncMap('helm3');

/** A JSON-like JS value as the Go value helm loads from values.yaml (numbers are float64). */
export function goValue(v: unknown): GoValue {
  if (Array.isArray(v)) return v.map(goValue);
  if (v !== null && typeof v === 'object' && !(v instanceof Map) && !(v instanceof Uint8Array)) {
    return new Map(Object.entries(v).map(([k, x]) => [k, goValue(x)]));
  }
  return v === undefined ? null : (v as GoValue);
}

/** Renders `text` with `.Values` = values; an execution error is returned as `ERROR: <helm's text>`. */
export function render(text: string, values: unknown = {}): string {
  const data = new Map<string, GoValue>([['Values', goValue(values)]]);
  try {
    return renderTemplateString(text, { data, funcs: FUNCS });
  } catch (e) {
    return `ERROR: ${(e as Error).message}`;
  }
}

/** The part of an execution error after `error calling NAME: ` (or after `at <…>: `). */
export function errorText(message: string): string {
  const called = /error calling \w+: ([\s\S]*)$/.exec(message);
  if (called) return called[1]!;
  const at = /at <[^\n]*?>: ([\s\S]*)$/.exec(message);
  return at ? at[1]! : message;
}
