/**
 * JSON the way Go's `encoding/json` Encoder prints it with `SetIndent("", "  ")` (AICR's `--format
 * json`): 2-space indentation, a trailing newline, and HTML-safe escapes for `<`, `>`, `&`, U+2028
 * and U+2029.
 */

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Prints plain data (objects in insertion order, arrays, strings, numbers, booleans). */
export function emitGoJson(value: unknown): string {
  // These characters only ever occur inside JSON strings, so a textual replace is exact.
  return `${JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!)}\n`;
}
