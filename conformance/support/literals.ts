/**
 * Every literal form of Go's template grammar, as template source text: integers in every base
 * with underscores and signs, character constants with every escape, floats (decimal, exponent,
 * hexadecimal), interpreted strings with Go escapes (including bytes that are not UTF-8), raw
 * strings spanning lines, booleans, and printf formats with flags, widths, precisions, argument
 * indexes and bad verbs.
 */
import type { Choices } from './choices.js';

/** Small integers in assorted spellings (value in the second element). */
const SMALL_INTS: readonly (readonly [string, number])[] = [
  ['0', 0],
  ['1', 1],
  ['2', 2],
  ['3', 3],
  ['0x2', 2],
  ['0X1', 1],
  ['0b11', 3],
  ['0B1', 1],
  ['0o2', 2],
  ['0O3', 3],
  ['02', 2],
  ['0_1', 1],
  ['+1', 1],
  ['-0', 0],
  ['00', 0],
  ["'\\x02'", 2],
  ["'\\001'", 1],
  ['0x_3', 3],
];

/** A small non-negative integer literal (for counts, widths and in-range indexes) below `max`. */
export function smallIntLit(c: Choices, max: number): string {
  const fits = SMALL_INTS.filter(([, v]) => v < max);
  return c.pick(fits.length > 0 ? fits : SMALL_INTS.slice(0, 1))[0];
}

const INT_FORMS: readonly string[] = [
  '42',
  '-7',
  '+5',
  '0x1F',
  '0X1f',
  '0xdeadBEEF',
  '017',
  '0o17',
  '0O17',
  '0b101',
  '0B101',
  '1_000_000',
  '0x_1F',
  '0b_1_0',
  '0o_7',
  '1000000',
  '999999',
  '9223372036854775807',
  '-9223372036854775808',
  '0x7FFFFFFFFFFFFFFF',
  '-0x8000000000000000',
  '4294967296',
  '9007199254740993',
  '-1',
  '100',
  '0',
  '-0',
];

const CHAR_FORMS: readonly string[] = [
  "'a'",
  "'\\n'",
  "'\\''",
  "'\\x41'",
  "'é'",
  "'\\u00e9'",
  "'\\U0001F600'",
  "'\\101'",
  "'\"'",
  "'\\\\'",
  "'\\t'",
  "'日'",
  "'😀'",
  "'\\a'",
  "'\\v'",
  "' '",
  "'\\x00'",
  "'\\uFFFD'",
];

/**
 * Number spellings at the edges of the lexer and strconv (some valid, some parse errors, some
 * execution errors): used now and then in place of an ordinary literal.
 */
const ODD_NUMBERS: readonly string[] = [
  '0x1.8',
  '1e+',
  '0b102',
  '1_',
  '0o8',
  '09.5',
  '0_7',
  '1ee',
  '.5.5',
  '-.5',
  '+.5e1',
  '1e400',
  '1e-400',
  '0x1p-1074',
  '0X_1P+1_0',
  '0.0e0',
  '00.5',
  '0x',
  '18446744073709551615',
  '18446744073709551616',
  '-9223372036854775809',
  "'\\400'",
  "'\\377'",
  "'\\xzz'",
  "'\\u12'",
  '1_000.000_1',
  '1__0',
  '0b',
  '07_7',
];

/** An integer literal (Go `int`), including character constants. */
export function intLit(c: Choices): string {
  if (c.chance(0.01)) return c.pick(ODD_NUMBERS);
  return c.chance(0.25) ? c.pick(CHAR_FORMS) : c.pick(INT_FORMS);
}

const FLOAT_FORMS: readonly string[] = [
  '1.5',
  '0.5',
  '.5',
  '1.',
  '1e3',
  '1E3',
  '1e-3',
  '2.5e+2',
  '1.0',
  '0.0',
  '-0.0',
  '-2.25',
  '1e21',
  '1e20',
  '123456789.0',
  '1000000.0',
  '100000.0',
  '999999.0',
  '0x1p4',
  '0x1.8p1',
  '0X1P-2',
  '1_0.5',
  '3.14159',
  '1e-7',
  '0.00001',
  '0.0001',
  '6.02214076e23',
  '9223372036854775808.0',
  '1.7976931348623157e308',
  '5e-324',
  '1e06',
  '0.1',
  '-1e-10',
  '12345678.9',
  '2e0',
];

/** A float64 literal. */
export function floatLit(c: Choices): string {
  if (c.chance(0.01)) return c.pick(ODD_NUMBERS);
  return c.pick(FLOAT_FORMS);
}

/** A complex literal (printed like `(1+2i)`). */
export function complexLit(c: Choices): string {
  return c.pick(['1i', '2.5i', '0i', '1+2i', '-1.5-0.5i', '0x10i', '1e3i']);
}

const STRING_PIECES: readonly string[] = [
  'a',
  'b',
  'x',
  'hello',
  ' ',
  'é',
  '日本',
  '😀',
  '\\n',
  '\\t',
  '\\r',
  '\\"',
  '\\\\',
  '\\x41',
  '\\u00e9',
  '\\U0001F600',
  '\\101',
  '\\a',
  '\\b',
  '\\f',
  '\\v',
  "'",
  '}}',
  '{{',
  '<no value>',
  '%',
  '%d',
  '-',
  '\\xff',
  '\\xc3',
  '\\x00',
  ':',
  '#',
  '&<>',
  '1',
  '.',
  '\\u2028',
  'Z',
];

/** An interpreted string literal ("…" with Go escapes). */
export function quotedStringLit(c: Choices): string {
  const n = c.int(5);
  let s = '';
  for (let i = 0; i < n; i++) s += c.pick(STRING_PIECES);
  return `"${s}"`;
}

const RAW_PIECES: readonly string[] = ['a', 'b c', '\\n', '"q"', '\n', "'", '{{x}}', 'é', '\\', '%v', '\t', ' '];

/** A raw string literal (`…`, no escapes, may span lines). */
export function rawStringLit(c: Choices): string {
  const n = c.int(4);
  let s = '';
  for (let i = 0; i < n; i++) s += c.pick(RAW_PIECES);
  return `\`${s}\``;
}

/** Any string literal. */
export function stringLit(c: Choices): string {
  return c.chance(0.2) ? rawStringLit(c) : quotedStringLit(c);
}

/** A string literal holding a plain word (for map keys and arguments that must be tame). */
export function wordLit(c: Choices, words: readonly string[]): string {
  const w = c.pick(words);
  return c.chance(0.15) ? `\`${w}\`` : `"${w}"`;
}

// ----- printf formats ---------------------------------------------------------------------------

const VERBS = 'vvvvdsqxXoObcUeEfFgGtT';
const BAD_VERBS = ['z', 'w', '!', 'y', 'i'];

/** A printf format string literal and the number of arguments it consumes (roughly). */
export function printfFormat(c: Choices): { text: string; args: number } {
  let out = '';
  let args = 0;
  const n = 1 + c.int(3);
  for (let i = 0; i < n; i++) {
    if (c.chance(0.4)) out += c.pick(['a', ' ', '|', '-', 'é', '\\n', '[', '%%', '<no value>', ':']);
    let spec = '%';
    if (c.chance(0.3)) spec += c.pick(['+', '-', '#', ' ', '0', '-0', '+#', '0+', ' 0']);
    if (c.chance(0.08)) {
      spec += '[1]';
    }
    if (c.chance(0.3)) {
      if (c.chance(0.2)) {
        spec += '*';
        args++;
      } else spec += c.pick(['1', '2', '5', '8', '10', '03', '20', '0']);
    }
    if (c.chance(0.25)) {
      if (c.chance(0.15)) {
        spec += '.*';
        args++;
      } else spec += c.pick(['.', '.0', '.1', '.2', '.3', '.10', '.20', '.-1']);
    }
    if (c.chance(0.05)) {
      spec += c.pick(['[2]', '[3]', '[0]', '[x]']);
    }
    if (c.chance(0.04)) {
      out += spec + c.pick(BAD_VERBS);
      args++;
      continue;
    }
    out += spec + VERBS[c.int(VERBS.length)]!;
    args++;
  }
  if (c.chance(0.04)) out += '%';
  return { text: `"${out}"`, args };
}
