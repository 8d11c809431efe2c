/**
 * Renders template text through helmless with the Sprig functions under test (plus the list, dict
 * and encoding functions the test templates use), the way helm executes a template file.
 */

import type { FuncDef } from '../../../src/gotemplate/funcs.js';
import { renderTemplateString } from '../../../src/gotemplate/index.js';
import type { GoValue } from '../../../src/gotemplate/value.js';
import { conversionFunctions } from '../../../src/sprig/conversion.js';
import { defaultsFunctions } from '../../../src/sprig/defaults.js';
import { dictFunctions } from '../../../src/sprig/dicts.js';
import { encodingFunctions } from '../../../src/sprig/encoding.js';
import { listFunctions } from '../../../src/sprig/lists.js';
import { mathFunctions } from '../../../src/sprig/math.js';
import { reflectionFunctions } from '../../../src/sprig/reflection.js';
import { stringFunctions } from '../../../src/sprig/strings.js';

export const FUNCS: Record<string, FuncDef> = {
  ...listFunctions,
  ...dictFunctions,
  ...encodingFunctions,
  ...stringFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...reflectionFunctions,
  ...defaultsFunctions,
};

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
