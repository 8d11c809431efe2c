/**
 * Sprig's regular-expression functions (regex.go in Masterminds/sprig v3.3.0) with Go `regexp`
 * semantics: RE2 syntax (no lookaround, no backreferences; `(?P<n>…)`, `\pL`, `[[:digit:]]`, `\z`,
 * inline flags), leftmost-first matching over the UTF-8 bytes of the input (invalid bytes match as
 * U+FFFD one byte wide, `\w`/`\b` are ASCII-only), Go's empty-match rules for FindAll/ReplaceAll/
 * Split, and Go's `$1`/`${name}` template expansion.
 *
 * Parsing and matching use `re2js`, a port of Go's regexp/syntax; its messages are Go's
 * (`error parsing regexp: missing closing ): `(``). Which functions fail follows Sprig: `regexMatch`
 * returns false for a bad pattern, `regexFind`, `regexFindAll`, `regexReplaceAll*` and `regexSplit`
 * panic through regexp.MustCompile (`regexp: Compile(`(`): …`), and every `must*` variant returns
 * the plain compile error.
 */

import { RE2JS, RE2JSSyntaxException } from 're2js';
import { appendCapacity, appended, withCapacity } from '../gotemplate/capacity.js';
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { bytesToString, stringToBytes } from '../gotemplate/gostring.js';
import { canBackquote, quote } from '../gotemplate/strconv.js';
import { T_BOOL, T_INT, T_SLICE_STRING, T_STRING } from '../gotemplate/types.js';
import { nilSlice, stringSlice } from '../gotemplate/value.js';
import { checkListSize, checkStringSize, MAX_STRING_BYTES } from './limits.js';

/** Longest pattern accepted (bytes). Go has no limit; real charts use patterns of a few dozen bytes. */
export const MAX_PATTERN_BYTES = 64 * 1024;

/** The part of re2js's RE2 class that helmless uses (it has no published type for it). */
interface RE2Engine {
  numSubexp: number;
  namedGroups: Record<string, number>;
  findAllUTF8SubmatchIndex(b: Uint8Array, n: number): number[][] | null;
}

interface Compiled {
  readonly re: RE2Engine;
  /** Group index by name (Go's SubexpNames). */
  readonly names: ReadonlyMap<string, number>;
}

/** A pattern that Go's regexp.Compile rejects, with Go's error text. */
export class RegexpSyntaxError extends Error {
  override name = 'RegexpSyntaxError';
}

const cache = new Map<string, Compiled | RegexpSyntaxError>();
const CACHE_LIMIT = 256;

/** The first byte that is not valid UTF-8, as an index into the JS string, or -1. */
function invalidUTF8At(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) return i;
    if (c >= 0xd800 && c <= 0xdbff) i++; // a valid pair (Go strings hold no other surrogates)
  }
  return -1;
}

/**
 * The pattern with every repeated group name made unique, and the original name of each new one.
 * Go accepts `(?P<n>a)(?P<n>b)` (the name then means its first group); re2js, like C++ RE2, refuses
 * it. Group syntax is looked for outside escapes, `\Q…\E` and character classes.
 */
function uniqueGroupNames(expr: string): { pattern: string; originals: Map<string, string> } {
  const seen = new Set<string>();
  const originals = new Map<string, string>();
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '\\') {
      if (expr[i + 1] === 'Q') {
        const end = expr.indexOf('\\E', i + 2);
        const stop = end < 0 ? expr.length : end + 2;
        out += expr.slice(i, stop);
        i = stop;
      } else {
        out += expr.slice(i, i + 2);
        i += 2;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member, not the end.
      let j = i + 1;
      if (expr[j] === '^') j++;
      if (expr[j] === ']') j++;
      out += expr.slice(i, j);
      i = j;
      continue;
    }
    const m = c === '(' ? /^(\(\?P?<)(\w+)>/.exec(expr.slice(i, i + 260)) : null;
    if (m) {
      let name = m[2]!;
      if (seen.has(name)) {
        let unique = `${name}_${originals.size + 1}`;
        while (expr.includes(unique) || originals.has(unique)) unique += '_';
        originals.set(unique, name);
        name = unique;
      } else seen.add(name);
      out += `${m[1]}${name}>`;
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return { pattern: out, originals };
}

/** Group index by name, the first group of a repeated name winning (Go's Expand). */
function groupIndexes(re: RE2Engine, originals: Map<string, string>): Map<string, number> {
  const names = new Map<string, number>();
  for (const [name, index] of Object.entries(re.namedGroups ?? {})) {
    const original = originals.get(name) ?? name;
    const known = names.get(original);
    if (known === undefined || index < known) names.set(original, index);
  }
  return names;
}

function compileUncached(expr: string): Compiled | RegexpSyntaxError {
  const bad = invalidUTF8At(expr);
  if (bad >= 0) return new RegexpSyntaxError(`error parsing regexp: invalid UTF-8: \`${expr.slice(bad)}\``);
  try {
    const re = RE2JS.compile(expr).re2Input as unknown as RE2Engine;
    return { re, names: groupIndexes(re, new Map()) };
  } catch (e) {
    if (e instanceof RE2JSSyntaxException && e.message.includes(': duplicate capture group name: ')) {
      const unique = uniqueGroupNames(expr);
      if (unique.originals.size > 0) {
        const again = compileUncached(unique.pattern);
        if (!(again instanceof RegexpSyntaxError))
          return { re: again.re, names: groupIndexes(again.re, unique.originals) };
        // Another error, which Go reports (it has none for the names): in the pattern as written.
        let msg = again.message;
        for (const [renamed, name] of unique.originals) msg = msg.replaceAll(`<${renamed}>`, `<${name}>`);
        return new RegexpSyntaxError(msg);
      }
    }
    if (e instanceof RE2JSSyntaxException) {
      let msg = e.message;
      // Go attaches the whole pattern to these two errors; re2js does not.
      if (/: (expression too large|expression nests too deeply)$/.test(msg)) msg += `: \`${expr}\``;
      // Go's message always ends in the (here empty) expression; re2js drops an empty one.
      else if (msg.endsWith(': trailing backslash at end of expression')) msg += ': ``';
      return new RegexpSyntaxError(msg);
    }
    throw e;
  }
}

/** regexp.Compile: the compiled pattern, or Go's error (thrown as {@link RegexpSyntaxError}). */
export function compileRegexp(expr: string): Compiled {
  if (expr.length > MAX_PATTERN_BYTES) {
    throw new FuncError(`regular expression of ${expr.length} characters exceeds the limit of ${MAX_PATTERN_BYTES}`);
  }
  let c = cache.get(expr);
  if (c === undefined) {
    c = compileUncached(expr);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(expr, c);
  }
  if (c instanceof RegexpSyntaxError) throw c;
  return c;
}

/** regexp.MustCompile's panic text. */
function goQuote(s: string): string {
  return canBackquote(s) ? `\`${s}\`` : quote(s);
}

/** Compile for a Sprig function: `must` returns the plain error, otherwise MustCompile's panic. */
function compileFor(expr: string, must: boolean): Compiled {
  try {
    return compileRegexp(expr);
  } catch (e) {
    if (e instanceof RegexpSyntaxError) {
      throw new FuncError(must ? e.message : `regexp: Compile(${goQuote(expr)}): ${e.message}`);
    }
    throw e;
  }
}

/** Go's FindAll…Index: up to n (all when n < 0) non-overlapping matches as byte offsets. */
function allMatches(c: Compiled, b: Uint8Array, n: number): number[][] {
  if (n < 0) n = b.length + 1;
  if (n === 0) return [];
  return c.re.findAllUTF8SubmatchIndex(b, n) ?? [];
}

function checkInput(s: string, fnName: string): Uint8Array {
  const b = stringToBytes(s);
  checkStringSize(b.length, fnName);
  return b;
}

function regexMatch(must: boolean) {
  return (regex: string, s: string): boolean => {
    let c: Compiled;
    try {
      c = compileRegexp(regex);
    } catch (e) {
      if (!must && e instanceof RegexpSyntaxError) return false;
      if (e instanceof RegexpSyntaxError) throw new FuncError(e.message);
      throw e;
    }
    return allMatches(c, checkInput(s, 'regexMatch'), 1).length > 0;
  };
}

function regexFind(must: boolean) {
  return (regex: string, s: string): string => {
    const c = compileFor(regex, must);
    const b = checkInput(s, 'regexFind');
    const m = allMatches(c, b, 1)[0];
    return m ? bytesToString(b.subarray(m[0], m[1])) : '';
  };
}

function regexFindAll(must: boolean) {
  return (regex: string, s: string, n: number): string[] => {
    const c = compileFor(regex, must);
    const b = checkInput(s, 'regexFindAll');
    const ms = allMatches(c, b, n);
    // FindAllString returns a nil slice when nothing matched.
    if (ms.length === 0) return nilSlice(T_SLICE_STRING) as string[];
    checkListSize(ms.length, 'regexFindAll');
    // Go starts the result with room for 10 and appends each match.
    return appended(stringSlice(ms.map((m) => bytesToString(b.subarray(m[0], m[1])))), 'string', 10);
  };
}

const isLetter = (cp: number): boolean => /\p{L}/u.test(String.fromCodePoint(cp));
const isDigit = (cp: number): boolean => /\p{Nd}/u.test(String.fromCodePoint(cp));

/**
 * Go's regexp `extract`: a group name or number after `$`, either `name` or `{name}`, where a name
 * is a run of letters, digits and `_` (so `$1W` names the group `1W`).
 */
function extractName(t: string): { name: string; num: number; rest: string } | undefined {
  if (t === '') return undefined;
  let brace = false;
  if (t[0] === '{') {
    brace = true;
    t = t.slice(1);
  }
  let i = 0;
  while (i < t.length) {
    const cp = t.codePointAt(i)!;
    // Raw (invalid) bytes decode as U+FFFD, which is neither letter nor digit.
    if (!(cp === 0x5f || isLetter(cp) || isDigit(cp)) || (cp >= 0xdc80 && cp <= 0xdcff)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  if (i === 0) return undefined;
  const name = t.slice(0, i);
  if (brace) {
    if (i >= t.length || t[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const ch = name.charCodeAt(k);
    if (ch < 0x30 || ch > 0x39 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + (ch - 0x30);
  }
  if (name[0] === '0' && name.length > 1) num = -1; // no leading zeros
  return { name, num, rest: t.slice(i) };
}

/** Go's Regexp.expand: the replacement for one match. */
function expand(template: string, c: Compiled, src: Uint8Array, m: number[]): string {
  let out = '';
  const group = (i: number): string => {
    if (2 * i + 1 < m.length && m[2 * i]! >= 0) return bytesToString(src.subarray(m[2 * i], m[2 * i + 1]));
    return '';
  };
  while (template.length > 0) {
    const dollar = template.indexOf('$');
    if (dollar < 0) break;
    out += template.slice(0, dollar);
    template = template.slice(dollar + 1);
    if (template[0] === '$') {
      out += '$';
      template = template.slice(1);
      continue;
    }
    const x = extractName(template);
    if (!x) {
      out += '$';
      continue;
    }
    template = x.rest;
    if (x.num >= 0) out += group(x.num);
    else {
      const idx = c.names.get(x.name);
      if (idx !== undefined) out += group(idx);
    }
  }
  return out + template;
}

/** Go's Regexp.replaceAll: one replacement per match, none for an empty match right after a match. */
function replaceAll(c: Compiled, src: Uint8Array, repl: (m: number[]) => string, fnName: string): string {
  const matches = allMatches(c, src, -1);
  let out = '';
  let last = 0;
  let bytes = 0;
  for (const m of matches) {
    const piece = bytesToString(src.subarray(last, m[0])) + repl(m);
    bytes += m[0]! - last + piece.length;
    if (bytes > MAX_STRING_BYTES) checkStringSize(bytes, fnName);
    out += piece;
    last = m[1]!;
  }
  return out + bytesToString(src.subarray(last));
}

function regexReplaceAll(must: boolean, literal: boolean) {
  const name = literal ? 'regexReplaceAllLiteral' : 'regexReplaceAll';
  return (regex: string, s: string, repl: string): string => {
    const c = compileFor(regex, must);
    const b = checkInput(s, name);
    return replaceAll(c, b, literal ? () => repl : (m) => expand(repl, c, b, m), name);
  };
}

function regexSplit(must: boolean) {
  return (regex: string, s: string, n: number): string[] => {
    const c = compileFor(regex, must);
    if (n === 0) return nilSlice(T_SLICE_STRING) as string[];
    if (regex.length > 0 && s.length === 0) return stringSlice(['']);
    const b = checkInput(s, 'regexSplit');
    const matches = allMatches(c, b, n);
    const parts: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of matches) {
      if (n > 0 && parts.length === n - 1) break;
      end = m[0]!;
      if (m[1] !== 0) parts.push(bytesToString(b.subarray(beg, end)));
      beg = m[1]!;
    }
    if (end !== b.length) parts.push(bytesToString(b.subarray(beg)));
    checkListSize(parts.length, 'regexSplit');
    // Go makes room for one part per match, and appending past it grows the slice.
    const room = matches.length;
    return withCapacity(stringSlice(parts), parts.length > room ? appendCapacity(room, room + 1, 'string') : room);
  };
}

/** regexp.QuoteMeta: backslash before every byte of `\.+*?()|[]{}^$`. */
function regexQuoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Sprig's regex functions, keyed by template function name. */
export const regexFunctions: Record<string, FuncDef> = {
  regexMatch: fn([T_STRING, T_STRING], T_BOOL, regexMatch(false)),
  mustRegexMatch: fn([T_STRING, T_STRING], T_BOOL, regexMatch(true)),
  regexFind: fn([T_STRING, T_STRING], T_STRING, regexFind(false)),
  mustRegexFind: fn([T_STRING, T_STRING], T_STRING, regexFind(true)),
  regexFindAll: fn([T_STRING, T_STRING, T_INT], T_SLICE_STRING, regexFindAll(false)),
  mustRegexFindAll: fn([T_STRING, T_STRING, T_INT], T_SLICE_STRING, regexFindAll(true)),
  regexReplaceAll: fn([T_STRING, T_STRING, T_STRING], T_STRING, regexReplaceAll(false, false)),
  mustRegexReplaceAll: fn([T_STRING, T_STRING, T_STRING], T_STRING, regexReplaceAll(true, false)),
  regexReplaceAllLiteral: fn([T_STRING, T_STRING, T_STRING], T_STRING, regexReplaceAll(false, true)),
  mustRegexReplaceAllLiteral: fn([T_STRING, T_STRING, T_STRING], T_STRING, regexReplaceAll(true, true)),
  regexSplit: fn([T_STRING, T_STRING, T_INT], T_SLICE_STRING, regexSplit(false)),
  mustRegexSplit: fn([T_STRING, T_STRING, T_INT], T_SLICE_STRING, regexSplit(true)),
  regexQuoteMeta: fn([T_STRING], T_STRING, regexQuoteMeta),
};
