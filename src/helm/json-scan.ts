/**
 * Finds where the first JSON value of a text ends, the way encoding/json's Decoder does: leading
 * JSON whitespace skipped, a number ends at the first byte that cannot continue it, anything may
 * follow the value. Helm reads `--set-json` values and gojsonschema reads schemas this way.
 */

/** The extent of the first value, or why there is none. */
export type JsonScan =
  | { ok: true; end: number }
  /** The text ended inside the value (Go: io.ErrUnexpectedEOF), or held only whitespace (`empty`). */
  | { ok: false; eof: true; empty: boolean }
  /** A syntax error at `pos` (Go reports it as `invalid character …`). */
  | { ok: false; eof: false; pos: number }
  /** Containers nested deeper than encoding/json allows (10000). */
  | { ok: false; eof: false; pos: number; tooDeep: true };

const MAX_DEPTH = 10000;

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

class Stop {
  constructor(readonly result: JsonScan) {}
}

/** Scans the first JSON value of `text` (an iterative walk, so deep nesting cannot overflow the stack). */
export function scanJsonValue(text: string): JsonScan {
  let i = 0;
  const n = text.length;
  const fail = (): never => {
    throw new Stop(i >= n ? { ok: false, eof: true, empty: false } : { ok: false, eof: false, pos: i });
  };
  const ws = () => {
    while (i < n && isWs(text[i])) i++;
  };
  const digits = () => {
    const s = i;
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    return i - s;
  };
  const scalar = () => {
    const c = text[i];
    if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) fail();
        const d = text[i]!;
        if (d === '"') {
          i++;
          return;
        }
        if (d < ' ') fail();
        if (d === '\\') {
          i++;
          if (i >= n) fail();
        }
        i++;
      }
    }
    for (const word of ['true', 'false', 'null']) {
      if (c === word[0]) {
        for (const ch of word) {
          if (text[i] !== ch) fail();
          i++;
        }
        return;
      }
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      if (text[i] === '-') i++;
      if (text[i] === '0') i++;
      else if (digits() === 0) fail();
      if (text[i] === '.') {
        i++;
        if (digits() === 0) fail();
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (digits() === 0) fail();
      }
      return;
    }
    fail();
  };
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    scalar();
    ws();
    if (text[i] !== ':') fail();
    i++;
  };
  try {
    ws();
    if (i >= n) return { ok: false, eof: true, empty: true };
    const stack: string[] = [];
    for (;;) {
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        if (stack.length >= MAX_DEPTH) return { ok: false, eof: false, pos: i, tooDeep: true };
        stack.push(c);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
        } else {
          if (c === '{') key();
          continue;
        }
      } else scalar();
      for (;;) {
        if (stack.length === 0) return { ok: true, end: i };
        ws();
        const top = stack[stack.length - 1]!;
        if (text[i] === ',') {
          i++;
          if (top === '{') key();
          break;
        }
        if (text[i] === (top === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          continue;
        }
        fail();
      }
    }
  } catch (e) {
    if (e instanceof Stop) return e.result;
    throw e;
  }
}
