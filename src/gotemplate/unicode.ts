/**
 * Go's `unicode` package (Unicode 15.0.0, as in go1.23 and go1.25): the category predicates and the
 * simple, one-rune case mappings that `strings.ToUpper`, `strings.Title`, xstrings and goutils use.
 * JavaScript's own case conversion applies full and context-sensitive mappings (`ß` → `SS`, final
 * sigma) from a newer Unicode version, so it must not be used for Go-compatible results.
 */
import {
  MAP_LOWERCASE,
  MAP_TITLECASE,
  MAP_UPPERCASE,
  SET_L,
  SET_LL,
  SET_LT,
  SET_LU,
  SET_M,
  SET_N,
  SET_ND,
  SET_P,
  SET_S,
  SET_WHITE_SPACE,
  SET_ZS,
} from './unicode-tables.js';

/** utf8.RuneError, which Go substitutes for every byte that is not valid UTF-8. */
export const RUNE_ERROR = 0xfffd;

class RangeSet {
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  constructor(encoded: string) {
    const parts = encoded.split(',').map((p) => Number.parseInt(p, 36));
    const n = parts.length / 2;
    this.starts = new Uint32Array(n);
    this.ends = new Uint32Array(n);
    let prevEnd = 0;
    for (let i = 0; i < n; i++) {
      const start = prevEnd + parts[2 * i]!;
      prevEnd = start + parts[2 * i + 1]!;
      this.starts[i] = start;
      this.ends[i] = prevEnd; // exclusive
    }
  }
  has(cp: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < this.starts[mid]!) hi = mid - 1;
      else if (cp >= this.ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

function decodeMap(encoded: string): Map<number, number> {
  const parts = encoded.split(',').map((p) => Number.parseInt(p, 36));
  const map = new Map<number, number>();
  let prevEnd = 0;
  for (let i = 0; i < parts.length; i += 4) {
    const start = prevEnd + parts[i]!;
    const count = parts[i + 1]!;
    const stride = parts[i + 2]!;
    const delta = parts[i + 3]!;
    for (let k = 0; k < count; k++) map.set(start + k * stride, start + k * stride + delta);
    prevEnd = start + (count - 1) * stride + 1;
  }
  return map;
}

let tables:
  | {
      lu: RangeSet;
      ll: RangeSet;
      lt: RangeSet;
      l: RangeSet;
      nd: RangeSet;
      n: RangeSet;
      p: RangeSet;
      m: RangeSet;
      s: RangeSet;
      zs: RangeSet;
      ws: RangeSet;
      upper: Map<number, number>;
      lower: Map<number, number>;
      title: Map<number, number>;
    }
  | undefined;

/** Decodes the tables on first use (most renders never call a case function). */
function t(): NonNullable<typeof tables> {
  tables ??= {
    lu: new RangeSet(SET_LU),
    ll: new RangeSet(SET_LL),
    lt: new RangeSet(SET_LT),
    l: new RangeSet(SET_L),
    nd: new RangeSet(SET_ND),
    n: new RangeSet(SET_N),
    p: new RangeSet(SET_P),
    m: new RangeSet(SET_M),
    s: new RangeSet(SET_S),
    zs: new RangeSet(SET_ZS),
    ws: new RangeSet(SET_WHITE_SPACE),
    upper: decodeMap(MAP_UPPERCASE),
    lower: decodeMap(MAP_LOWERCASE),
    title: decodeMap(MAP_TITLECASE),
  };
  return tables;
}

/** unicode.IsUpper (category Lu). */
export function isUpper(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a;
  return t().lu.has(cp);
}

/** unicode.IsLower (category Ll). */
export function isLower(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a;
  return t().ll.has(cp);
}

/** unicode.IsTitle (category Lt). */
export function isTitle(cp: number): boolean {
  if (cp < 0x80) return false;
  return t().lt.has(cp);
}

/** unicode.IsLetter (category L). */
export function isLetter(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return t().l.has(cp);
}

/** unicode.IsDigit (category Nd). */
export function isDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return t().nd.has(cp);
}

/** unicode.IsNumber (category N). */
export function isNumber(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return t().n.has(cp);
}

/** unicode.IsPunct (category P). */
export function isPunct(cp: number): boolean {
  return t().p.has(cp);
}

/**
 * unicode.IsPrint (what strconv.Quote leaves unescaped): categories L, M, N, P, S and the ASCII
 * space, as of Unicode 15.0.
 */
export function isPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  const x = t();
  return x.l.has(cp) || x.m.has(cp) || x.n.has(cp) || x.p.has(cp) || x.s.has(cp);
}

/** unicode.IsGraphic: IsPrint plus the space separators (Zs). */
export function isGraphic(cp: number): boolean {
  return isPrint(cp) || t().zs.has(cp);
}

/** unicode.IsSpace (White_Space: \t \n \v \f \r, space, U+0085, U+00A0, …). */
export function isSpace(cp: number): boolean {
  if (cp < 0x100) return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0;
  return t().ws.has(cp);
}

/** unicode.ToUpper. */
export function toUpper(cp: number): number {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  return t().upper.get(cp) ?? cp;
}

/** unicode.ToLower. */
export function toLower(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  return t().lower.get(cp) ?? cp;
}

/** unicode.ToTitle. */
export function toTitle(cp: number): number {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  return t().title.get(cp) ?? cp;
}
