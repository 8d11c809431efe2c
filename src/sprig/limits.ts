/**
 * Allocation bounds for functions whose result size is chosen by a template argument (`repeat`,
 * `until`, `seq`, `indent`, `randAlpha`…). Untrusted charts must not be able to exhaust memory before
 * the engine's output limit is even reached, so such functions check their planned size first.
 */
import { FuncError } from '../gotemplate/funcs.js';

/** Largest string a single function call may build (bytes). */
export const MAX_STRING_BYTES = 64 * 1024 * 1024;
/** Largest list a single function call may build (elements). */
export const MAX_LIST_ELEMENTS = 4 * 1024 * 1024;

export function checkStringSize(bytes: number, fn: string): void {
  if (bytes > MAX_STRING_BYTES) {
    throw new FuncError(`${fn}: result of ${bytes} bytes exceeds the limit of ${MAX_STRING_BYTES} bytes`);
  }
}

export function checkListSize(elements: number, fn: string): void {
  if (elements > MAX_LIST_ELEMENTS) {
    throw new FuncError(`${fn}: result of ${elements} elements exceeds the limit of ${MAX_LIST_ELEMENTS}`);
  }
}
