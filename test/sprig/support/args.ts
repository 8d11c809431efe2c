/**
 * Template arguments for differential tests: a small description of a Go value and how a template
 * produces it (a literal, a values.yaml float, a `--set` int64, `b64dec` for bytes that are not
 * UTF-8, `list`/`dict`/`splitList` for containers), plus fast-check generators of hard cases.
 */
import fc from 'fast-check';
import { formatValue } from '../../../src/gotemplate/fmt.js';
import { isValidUTF8String, stringToBytes } from '../../../src/gotemplate/gostring.js';
import type { Batch } from './diff.js';

export type Arg =
  | { k: 'str'; s: string }
  | { k: 'vstr'; s: string }
  | { k: 'int'; n: bigint }
  | { k: 'int64'; n: bigint }
  | { k: 'float'; x: number }
  | { k: 'vfloat'; x: number }
  | { k: 'nil' }
  | { k: 'missing' }
  | { k: 'bool'; b: boolean }
  | { k: 'json'; v: unknown }
  | { k: 'list'; items: Arg[] }
  | { k: 'strlist'; items: string[] }
  | { k: 'dict'; entries: [string, Arg][] };

/** A Go interpreted string literal (JSON's escapes are a subset of Go's). */
function goLiteral(s: string): string {
  return JSON.stringify(s);
}

function strText(s: string): string {
  if (isValidUTF8String(s)) return goLiteral(s);
  return `(b64dec ${goLiteral(Buffer.from(stringToBytes(s)).toString('base64'))})`;
}

/** The template text that produces the argument (registering values in the batch as needed). */
export function argText(b: Batch, a: Arg): string {
  switch (a.k) {
    case 'str':
      return strText(a.s);
    case 'vstr':
      return isValidUTF8String(a.s) ? b.value(a.s) : strText(a.s);
    case 'int':
      return a.n.toString();
    case 'int64':
      return b.int64(a.n);
    case 'float': {
      if (Number.isNaN(a.x)) return '(float64 "NaN")';
      if (!Number.isFinite(a.x)) return a.x > 0 ? '(float64 "+Inf")' : '(float64 "-Inf")';
      const t = formatValue(a.x);
      return /[.eE]/.test(t) ? t : `${t}.0`;
    }
    case 'vfloat':
      return Number.isFinite(a.x) ? b.value(a.x) : argText(b, { k: 'float', x: a.x });
    case 'nil':
      return 'nil';
    case 'missing':
      return '.Values.nothere';
    case 'bool':
      return a.b ? 'true' : 'false';
    case 'json':
      return b.value(a.v);
    case 'list':
      return a.items.length === 0 ? '(list)' : `(list ${a.items.map((x) => argText(b, x)).join(' ')})`;
    case 'strlist': {
      // splitList on a separator the items never contain; one empty item stands for the empty list's look-alike
      const sep = '\u0001';
      return `(splitList ${goLiteral(sep)} ${strText(a.items.join(sep))})`;
    }
    case 'dict':
      return a.entries.length === 0
        ? '(dict)'
        : `(dict ${a.entries.map(([k, v]) => `${goLiteral(k)} ${argText(b, v)}`).join(' ')})`;
  }
}

/** Adds `fn arg…` to the batch. */
export function addCall(b: Batch, fn: string, args: Arg[]): void {
  b.add([fn, ...args.map((a) => argText(b, a))].join(' '));
}

// ---------------------------------------------------------------------------------------------
// Generators

/** Characters that exercise case mapping, Unicode classes, byte lengths and YAML/template syntax. */
export const INTERESTING_CHARS = [
  ...'abcxyzABCXYZ0189 -_.,:;#\'"{}[]*&!|>%@`$/\\+=?~^()<\t\n\r',
  ...'éÉàÀçÇñÑöÖÿŸßẞİıſKÅµǅǆǄǈǉǊǋǌǲǳǱ',
  ...'ΣσςΐΰᾀᾈᾳᾼΩωΆάЖжЁёԱաﬀﬁﬓŉǰẖ',
  ...'ႠⴀაᲐᏸᏰꭰɐⱯꟋꞔ',
  '\u00a0',
  '\u0085',
  '\u2028',
  '\u3000',
  '\u1680',
  '\u200b',
  '\u0301',
  '\ufffd',
  '\u00ad',
  ...'中文好世界',
  '🙂',
  '𐐀',
  '𐐨',
  '𞤀',
  '𞤢',
  ...'٣۴²½ⅫⅻⅠ〇',
  ...'¡¿«»§¶·–—‘’“”…',
];

const NUMBERISH = [
  '0',
  '1',
  '-1',
  '+5',
  '42',
  '007',
  '010',
  '0x1F',
  '0X1f',
  '0o17',
  '0b101',
  '1_000',
  '1__0',
  '_1',
  '4.0',
  '4.50',
  '4.5',
  '-4.5',
  '1e3',
  '1E-2',
  '.5',
  '5.',
  ' 4',
  '4 ',
  '',
  'NaN',
  'nan',
  'Inf',
  '+Inf',
  '-inf',
  'infinity',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '99999999999999999999x',
  '1e400',
  '0x1p-2',
  '0777',
  '777',
  '9',
  '08',
  'true',
  'null',
  '1,5',
  '١٢',
];

const rawByte = fc.integer({ min: 0x80, max: 0xff }).map((b) => String.fromCharCode(0xdc00 + b));
const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

/** One Go rune's text (sometimes a lone invalid byte). */
export const charArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...INTERESTING_CHARS) },
  { weight: 3, arbitrary: anyCodePoint },
  { weight: 1, arbitrary: rawByte },
);

/** Strings of hard characters, number look-alikes, and empty strings. */
export const strArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(charArb, { maxLength: 10 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERISH) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'hello world', 'HTTPServer', 'foo_bar-baz qux', 'a\nb\n') },
);

/** Strings without invalid bytes (values.yaml and most literals). */
export const validStrArb = strArb.filter((s) => isValidUTF8String(s));

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

export const intArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -6, max: 20 }).map(BigInt) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      INT64_MAX,
      INT64_MIN,
      INT64_MAX - 1n,
      2n ** 31n,
      -(2n ** 31n),
      2n ** 53n,
      2n ** 53n + 1n,
      -(2n ** 53n) - 1n,
      1000000n,
      4611686018427387904n,
    ),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: INT64_MIN, max: INT64_MAX }) },
);

export const floatArb: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      0,
      -0,
      0.1,
      0.2,
      0.3,
      1.5,
      2.5,
      -2.5,
      -2.4,
      0.5,
      -0.5,
      1.2345,
      3,
      1e6,
      999999,
      1234567.5,
      1e20,
      1e21,
      1e-7,
      0.0001,
      0.00001,
      5e-324,
      1.7976931348623157e308,
      2 ** 53 + 2,
      Number(12345678901234567890n),
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1 / 3,
      2 / 3,
      123.456,
      -0.075,
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }).map((n) => n / 8) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }) },
);

/** Any scalar-ish argument: the inputs that cast-based functions convert. */
export const scalarArb: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 3, arbitrary: intArb.map((n): Arg => ({ k: 'int', n })) },
  { weight: 2, arbitrary: intArb.map((n): Arg => ({ k: 'int64', n })) },
  { weight: 3, arbitrary: floatArb.map((x): Arg => ({ k: 'float', x })) },
  { weight: 3, arbitrary: floatArb.map((x): Arg => ({ k: 'vfloat', x })) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERISH).map((s): Arg => ({ k: 'str', s })) },
  { weight: 1, arbitrary: strArb.map((s): Arg => ({ k: 'str', s })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Arg>({ k: 'nil' }, { k: 'missing' }, { k: 'bool', b: true }, { k: 'bool', b: false }),
  },
);

const jsonLeaf = fc.oneof(
  validStrArb,
  floatArb.filter((x) => Number.isFinite(x)),
  fc.boolean(),
  fc.constant(null),
);

/** JSON values as values.yaml holds them (empty containers included). */
export const jsonArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 4, arbitrary: jsonLeaf },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'Z', 'é', '1'), tie('value'), { maxKeys: 3 }),
    },
  ),
})).value;

/** Any argument at all, containers included. */
export const anyArb: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 5, arbitrary: scalarArb },
  { weight: 2, arbitrary: jsonArb.map((v): Arg => ({ k: 'json', v })) },
  { weight: 1, arbitrary: fc.array(scalarArb, { maxLength: 3 }).map((items): Arg => ({ k: 'list', items })) },
  {
    weight: 1,
    arbitrary: fc
      .array(
        validStrArb.filter((s) => !s.includes('\u0001')),
        { minLength: 1, maxLength: 3 },
      )
      .map((items): Arg => ({ k: 'strlist', items })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'k'), scalarArb), { maxLength: 2 })
      .map((entries): Arg => ({ k: 'dict', entries })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Arg>(
      { k: 'list', items: [] },
      { k: 'dict', entries: [] },
      { k: 'json', v: [] },
      { k: 'json', v: {} },
    ),
  },
);

export const str = (s: string): Arg => ({ k: 'str', s });
export const int = (n: number | bigint): Arg => ({ k: 'int', n: BigInt(n) });
