/**
 * Every example of helm-semantics.md §1.10.1 (print/toString/quote/int64 columns), §1.12, §4.2,
 * §4.4 (until/untilStep/seq/split, splitList, splitn, join/toStrings), §4.5, §4.6, §4.7 and §4.8 that concerns these
 * functions, rendered by helmless with the document's exact template text and compared with the
 * output the document records from helm 3.17 and 4.1.
 */

import { describe, expect, test } from 'vitest';
import { encodeOutput } from '../../src/gotemplate/gostring.js';
import { errorText, render } from './support/render.js';

/** The values the document's examples read. */
const V = {
  num: 3,
  f: 1.5,
  big: 1000000,
  big20: 1e20,
  big21: 1e21,
  map: { a: 1, b: { c: 2 } },
  list: ['b', 'a', 'c', 'a'],
};

type Row = [template: string, expected: string];

function rows(title: string, list: Row[], values: unknown = V): void {
  describe(title, () => {
    test.each(list)('%s', (template, expected) => {
      expect(render(template, values)).toBe(expected);
    });
  });
}

/** Rows whose expected result is an execution error: compares the message after `error calling X: ` / `at <…>: `. */
function errorRows(title: string, list: Row[]): void {
  describe(title, () => {
    test.each(list)('%s', (template, expected) => {
      const out = render(template, V);
      expect(out.startsWith('ERROR: ')).toBe(true);
      expect(errorText(out)).toBe(expected);
    });
  });
}

rows('§1.12 variadic functions accept no arguments', [['[{{ quote }}]', '[]']]);

errorRows('§1.12 function-call errors', [
  ['{{ trunc 1 }}', 'wrong number of args for trunc: want 2 got 1'],
  ['{{ upper 3 }}', 'expected string; found 3'],
  ['{{ upper .Values.num }}', 'wrong type for value; expected string; got float64'],
  ['{{ ternary "y" "n" 1 }}', 'expected bool; found 1'],
  ['{{ div 1 0 }}', 'runtime error: integer divide by zero'],
]);

describe('§1.10.1 number rendering (print / toString / quote / int64)', () => {
  const table: [yaml: number, printed: string, int64: string | undefined][] = [
    [8080, '8080', '8080'],
    [123456, '123456', '123456'],
    [999999, '999999', '999999'],
    [1000000, '1e+06', '1000000'],
    [1234567, '1.234567e+06', '1234567'],
    [1.5e6, '1.5e+06', '1500000'],
    [-1000000, '-1e+06', '-1000000'],
    [2147483648, '2.147483648e+09', '2147483648'],
    [1234567.5, '1.2345675e+06', undefined],
    [1e20, '1e+20', '-9223372036854775808'],
    [1e21, '1e+21', '-9223372036854775808'],
    [0.0001, '0.0001', '0'],
    [0.00001, '1e-05', '0'],
    [0.1, '0.1', '0'],
    [3.0, '3', '3'],
    [Number(12345678901234567890n), '1.2345678901234567e+19', undefined],
    [Number(9007199254740993n), '9.007199254740992e+15', undefined],
  ];
  test.each(table)('%s', (x, printed, int64) => {
    expect(render('{{ .Values.x }}|{{ toString .Values.x }}|{{ quote .Values.x }}', { x })).toBe(
      `${printed}|${printed}|"${printed}"`,
    );
    if (int64 !== undefined) expect(render('{{ int64 .Values.x }}', { x })).toBe(int64);
  });
});

describe('§4.2 default over every kind of empty value', () => {
  const cases: [unknown, string][] = [
    ['', '[d]'],
    [0, '[d]'],
    [false, '[d]'],
    [[], '[d]'],
    [{}, '[d]'],
    [null, '[d]'],
    [undefined, '[d]'],
    ['hello', '[hello]'],
    [0.0, '[d]'],
    [' ', '[ ]'],
  ];
  test.each(cases)('%j', (value, expected) => {
    const values = value === undefined ? {} : { empty: value };
    expect(render('[{{ default "d" .Values.empty }}]', values)).toBe(expected);
  });
});

rows('§4.2 emptiness', [
  ['[{{ default "d" }}]', '[d]'],
  [
    '{{ empty "" }} {{ empty 0 }} {{ empty 0.0 }} {{ empty false }} {{ empty nil }} {{ empty (list) }} {{ empty (dict) }} {{ empty " " }} {{ empty .Values.nothere }} {{ empty .Values.map }}',
    'true true true true true true true false true false',
  ],
  ['[{{ coalesce "" 0 nil "x" "y" }}][{{ coalesce "" 0 }}]', '[x][]'],
  ['{{ ternary "y" "n" true }} {{ true | ternary "y" "n" }}', 'y y'],
  [
    '{{ all 1 "a" true }} {{ all 1 "" }} {{ any 0 "" nil }} {{ any 0 "x" }} {{ all }} {{ any }}',
    'true false false true true false',
  ],
]);
errorRows('§4.2 ternary needs a bool', [['{{ ternary "y" "n" 1 }}', 'expected bool; found 1']]);

rows('§4.4 sequences, splitting and joining', [
  ['{{ until 3 }} {{ until 0 }} {{ until -2 }}', '[0 1 2] [] [0 -1]'],
  ['{{ kindOf (first (until 3)) }}', 'int'],
  ['{{ untilStep 0 10 3 }} {{ untilStep 5 0 -2 }} {{ untilStep 0 5 0 }}', '[0 3 6 9] [5 3 1] []'],
  [
    '[{{ seq 3 }}][{{ seq 2 5 }}][{{ seq 0 2 6 }}][{{ seq 5 2 }}][{{ seq 0 }}]',
    '[1 2 3][2 3 4 5][0 2 4 6][5 4 3 2][1 0]',
  ],
  ['{{ kindOf (seq 3) }}', 'string'],
  ['{{ splitList "," "a,b,,c" }}', '[a b  c]'],
  ['{{ splitList "," "" }}|{{ len (splitList "," "") }}', '[]|1'],
  ['{{ splitList "" "abc" }}', '[a b c]'],
  ['{{ split "," "a,b,c" }} {{ (split "," "a,b")._1 }}', 'map[_0:a _1:b _2:c] b'],
  ['{{ splitn "," 2 "a,b,c" }}', 'map[_0:a _1:b,c]'],
  ['{{ join "," (list 1 "a" nil 2.5) }} {{ join "-" "str" }}', '1,a,2.5 str'],
  ['{{ toStrings (list 1 nil "a") }}', '[1 a]'],
]);

rows('§4.5 strings', [
  [
    '[{{ trim "  a b \\n" }}][{{ trimAll "$" "$$a$" }}][{{ trimPrefix "-" "--a" }}][{{ trimSuffix "-" "a--" }}][{{ trimall "x" "xax" }}]',
    '[a b][a][-a][a-][a]',
  ],
  [
    '{{ replace "a" "b" "banana" }} {{ "banana" | replace "an" "AN" }} {{ replace "" "-" "abc" }}',
    'bbnbnb bANANa -a-b-c-',
  ],
  [
    '{{ upper "aé" }} {{ lower "AÉ" }} {{ title "hello wORLD foo-bar" }} {{ untitle "Hello World" }} {{ swapcase "aBc" }}',
    'AÉ aé Hello WORLD Foo-Bar hello world AbC',
  ],
  ['{{ title "hello_world" }} {{ title "élan vital" }}', 'Hello_world Élan Vital'],
  [
    '{{ snakecase "FirstName" }} {{ camelcase "first_name" }} {{ kebabcase "FirstName" }} {{ snakecase "HTTPServer" }} {{ camelcase "http_server" }} {{ kebabcase "fooBar_baz" }}',
    'first_name FirstName first-name http_server HttpServer foo-bar-baz',
  ],
  [
    '{{ camelcase "foo-bar" }} {{ camelcase "fooBar" }} {{ snakecase "foo bar" }} {{ kebabcase "foo bar" }}',
    'FooBar FooBar foo_bar foo-bar',
  ],
  [
    '{{ substr 1 3 "hello" }} {{ substr 3 100 "hello" }} {{ substr -1 2 "hello" }} {{ trunc 3 "hello" }} {{ trunc -3 "hello" }} {{ trunc 10 "hi" }} {{ trunc -10 "abc" }}',
    'el lo he hel llo hi abc',
  ],
  ['{{ abbrev 5 "hello world" }} {{ abbrevboth 5 10 "1234 5678 9123" }}', 'he... ...5678...'],
  ['{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "lo" "hello" }}', 'true true true'],
  [
    '{{ quote "a" }} {{ quote 1 }} {{ quote .Values.f }} {{ quote nil }} {{ quote "a\\"b" }} {{ quote "a" "b" }} [{{ quote .Values.nothere }}] {{ quote true }} {{ quote (list 1) }}',
    '"a" "1" "1.5"  "a\\"b" "a" "b" [] "true" "[1]"',
  ],
  ['{{ quote "a\\nb\\t" }}', '"a\\nb\\t"'],
  ['{{ quote "é" }}', '"é"'],
  ['{{ squote "a\'b" }} {{ squote 1 }} [{{ squote nil }}]', "'a'b' '1' []"],
  [
    '[{{ indent 2 "a\\nb\\n" }}][{{ nindent 2 "a\\nb" }}][{{ indent 2 "" }}][{{ indent 0 "x" }}][{{ nindent 0 "x" }}]',
    '[  a\n  b\n  ][\n  a\n  b][  ][x][\nx]',
  ],
  ['[{{ indent 2 "a\\r\\nb" }}]', '[  a\r\n  b]'],
  ['{{ nospace " a b\\tc " }} {{ repeat 3 "ab" }} {{ cat "a" 1 nil "b" }}', 'abc ababab a 1 b'],
  ['{{ initials "hello big world" }}', 'hbw'],
  ['{{ wrap 5 "hello big world" }}', 'hello\nbig\nworld'],
  ['{{ wrapWith 5 "\\t" "hello big world" }}', 'hello\tbig\tworld'],
  ['{{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }} {{ plural "one" "many" 0 }}', 'one many many'],
  [
    '{{ toString 1 }} {{ toString 1.5 }} {{ toString .Values.num }} {{ toString nil }} {{ toString (list 1) }} {{ toString true }} {{ toString (b64dec "aGk=") }} {{ toString .Values.map }}',
    '1 1.5 3 <nil> [1] true hi map[a:1 b:map[c:2]]',
  ],
  ['{{ toString 1000000.0 }}', '1e+06'],
]);

describe('§4.5 substr and trunc are byte-based', () => {
  test('{{ substr 0 2 "éa" }}|{{ trunc 1 "éa" }} ends in the lone byte 0xC3', () => {
    const out = encodeOutput(render('{{ substr 0 2 "éa" }}|{{ trunc 1 "éa" }}'));
    expect(out).toEqual(Buffer.concat([Buffer.from('é|'), Buffer.from([0xc3])]));
  });
});

errorRows('§4.5 string errors', [
  ['{{ contains 1 "a1" }}', 'expected string; found 1'],
  ['{{ indent -1 "x" }}', 'strings: negative Repeat count'],
]);

rows('§4.6 conversions', [
  ['{{ atoi "42" }} {{ atoi "4.2" }} {{ atoi "x" }} {{ atoi " 4" }} {{ kindOf (atoi "1") }}', '42 0 0 0 int'],
  [
    '{{ int "42" }} {{ int "4.7" }} {{ int 4.7 }} {{ int -4.7 }} {{ int "x" }} {{ int nil }} {{ int true }} {{ int "0x10" }} {{ int "010" }} {{ int "1e3" }}',
    '42 0 4 -4 0 0 1 16 8 0',
  ],
  [
    '{{ int64 "42" }} {{ int64 4.7 }} {{ int64 .Values.num }} {{ int64 "9223372036854775807" }}',
    '42 4 3 9223372036854775807',
  ],
  [
    '{{ int .Values.big }} {{ .Values.big | int }} {{ printf "%d" (int .Values.big) }} {{ quote (int .Values.big) }}',
    '1000000 1000000 1000000 "1000000"',
  ],
  [
    '{{ float64 "1.5" }} {{ float64 3 }} {{ float64 "x" }} {{ float64 "1e3" }} {{ float64 1000000 }}',
    '1.5 3 0 1000 1e+06',
  ],
  ['{{ toDecimal "0777" }} {{ toDecimal "777" }} {{ toDecimal "9" }} {{ toDecimal 10 }}', '511 511 0 8'],
  ['{{ kindOf (toDecimal "777") }}', 'int64'],
  ['{{ int64 .Values.big20 }} {{ int64 .Values.big21 }}', '-9223372036854775808 -9223372036854775808'],
]);

rows('§4.7 math', [
  [
    '{{ add 1 2 }} {{ add 1 2.5 }} {{ add .Values.num 1 }} {{ add .Values.f 1 }} {{ add "1" "2" }} {{ add }} {{ add 1 }} {{ add "a" 1 }} {{ add "1.9" 1 }}',
    '3 3 4 2 3 0 1 1 1',
  ],
  [
    '{{ sub 5 2 }} {{ sub 5 2.5 }} {{ mul 2 3 4 }} {{ mul 2 1.5 }} {{ div 7 2 }} {{ div 7.0 2 }} {{ div -7 2 }} {{ mod 7 3 }} {{ mod -7 3 }}',
    '3 3 24 2 3 3 -3 1 -1',
  ],
  [
    '{{ add1 1.5 }} {{ max 1 5 3 }} {{ min 1 5 3 }} {{ max 1.5 2 }} {{ max .Values.f 1 }} {{ biggest 1 9 }}',
    '2 5 1 2 1 9',
  ],
  [
    '{{ addf 1 2 }} {{ addf 1.5 2 }} {{ subf 5 1.5 }} {{ mulf 1.5 2 }} {{ divf 1 3 }} {{ add1f 1 }} {{ addf "1.5" 1 }} {{ mulf 0.1 3 }} {{ addf 0.1 0.2 }}',
    '3 3.5 3.5 3 0.3333333333333333 2 2.5 0.3 0.3',
  ],
  ['{{ maxf 1.5 2.5 }} {{ minf 1 0.5 }}', '2.5 0.5'],
  ['{{ kindOf (maxf 1 2) }} {{ kindOf (add 1 2) }}', 'float64 int64'],
  [
    '{{ floor 1.5 }} {{ ceil 1.2 }} {{ round 1.2345 2 }} {{ round 2.5 0 }} {{ round 1.5 0 }} {{ round -2.5 0 }} {{ round 1.5 0 0.6 }} {{ floor "1.7" }}',
    '1 2 1.23 3 2 -3 1 1',
  ],
  ['{{ add .Values.big 1 }} {{ mul .Values.f 2 }}', '1000001 2'],
]);

errorRows('§4.7 math errors', [
  ['{{ div 1 0 }}', 'runtime error: integer divide by zero'],
  ['{{ mod 1 0 }}', 'runtime error: integer divide by zero'],
  ['{{ divf 1 0 }}', 'decimal division by 0'],
]);

rows('§4.8 type inspection', [
  [
    '{{ kindOf 1 }} {{ kindOf 1.5 }} {{ kindOf "s" }} {{ kindOf .Values.map }} {{ kindOf .Values.list }} {{ kindOf nil }} {{ kindOf true }}',
    'int float64 string map slice invalid bool',
  ],
  [
    '{{ typeOf 1 }} {{ typeOf .Values.map }} {{ typeOf .Values.list }} {{ typeOf nil }}',
    'int map[string]interface {} []interface {} <nil>',
  ],
  [
    '{{ kindIs "float64" .Values.num }} {{ kindIs "int" .Values.num }} {{ kindIs "invalid" nil }} {{ typeIs "float64" .Values.num }} {{ typeIsLike "float64" .Values.num }}',
    'true false true true true',
  ],
  ['{{ deepEqual (list 1) (list 1) }} {{ deepEqual 1 1.0 }} {{ deepEqual .Values.num 3.0 }}', 'true false true'],
]);
