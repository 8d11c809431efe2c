/**
 * Unit tests of the template engine: lexer, parser, executor and limits. Every expected output is
 * one helm 3.17.3 and helm 4.1.4 produced (helm-semantics.md §1, which records real runs), so these
 * run without the helm binaries; conformance/engine.test.ts compares generated templates live.
 */
import { describe, expect, it } from 'vitest';
import { yamlUnmarshal } from '../../src/codec/yaml-read.js';
import {
  ExecError,
  goInt64,
  LimitError,
  ParseError,
  renderTemplateString,
  TemplateSet,
} from '../../src/gotemplate/index.js';
import type { GoMap } from '../../src/gotemplate/value.js';
import { helmFuncMap } from '../../src/sprig/index.js';

const VALUES = `num: 3
zero: 0
str: hello
list: [a, b, c]
map: {b: 2, a: 1}
emptylist: []
nul: null
big: 1000000
nested: {inner: {deep: x}}
`;

function render(text: string, options: { values?: string; compat?: 'helm3' | 'helm4'; extra?: GoMap } = {}): string {
  const values = yamlUnmarshal(options.values ?? VALUES, 'map') as GoMap;
  for (const [k, v] of options.extra ?? []) values.set(k, v);
  return renderTemplateString(text, {
    data: new Map([['Values', values]]),
    funcs: helmFuncMap(options.compat ?? 'helm4'),
    compat: options.compat ?? 'helm4',
  });
}

function renderError(text: string, compat: 'helm3' | 'helm4' = 'helm4'): string {
  try {
    render(text, { compat });
  } catch (e) {
    if (e instanceof ParseError || e instanceof ExecError) return e.message;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('lexer', () => {
  it.each([
    ['a  {{- 1 -}}  b', 'a1b'],
    ['a\n\n{{- 1 }}\n\n{{- 2 -}}\n\nb', 'a12b'],
    ['a \t{{-\t1\t-}}\t b', 'a1b'],
    ['a\r\n{{- 1 -}}\r\nb', 'a1b'],
    ['{{-3}}', '-3'],
    ['x {{ 1 -}}\n\n\n   y', 'x 1y'],
    ['a {{/* c */}} b', 'a  b'],
    ['a {{- /* c */ -}} b', 'ab'],
    ['{{- /* a -}} b */ -}}x', 'x'],
    ['a{{/* x\ny */}}b', 'ab'],
    ['{{ "}}" }} {{ `{{x}}` }}', '}} {{x}}'],
    ['{{ `a\\nb` }}', 'a\\nb'],
    ['{{ "a\\tb\\u00e9\\x41" }}', 'a\tbéA'],
    ["{{ 'a' }}", '97'],
    ["{{ '\\n' }} {{ '\\'' }} {{ '\\x41' }} {{ 'é' }}", '10 39 65 233'],
    ['{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000_000 }} {{ 0x_1F }}', '31 15 15 5 1000000 31'],
    ['{{ 1.5 }} {{ 1e3 }} {{ 1.0 }} {{ 1e21 }} {{ .5 }} {{ 1. }} {{ 0x1p4 }}', '1.5 1000 1 1e+21 0.5 1 16'],
    ['{{ 1i }}', '(0+1i)'],
    ['{{ -5 }} {{ +5 }}', '-5 5'],
    ['{{ 9223372036854775808.0 }}', '9.223372036854776e+18'],
    ['{{ -9223372036854775808 }}', '-9223372036854775808'],
    ['{{ list\n 1\n 2 }}', '[1 2]'],
  ])('%j renders %j', (text, out) => {
    expect(render(text)).toBe(out);
  });

  it.each([
    // helm prints the last part, `"-"`: without a space after it, `-` is a number token.
    ['a {{-/* c */-}} b', 'template: gotpl:1: illegal number syntax: "-"'],
    ['{{ /* c */ 1 }}', 'template: gotpl:1: unexpected "/" in command'],
    ['a{{/* c */ }}b', 'template: gotpl:1: comment ends before closing delimiter'],
    ['a{{/* c }}b', 'template: gotpl:1: unclosed comment'],
    ['{{}}', 'template: gotpl:1: missing value for command'],
    ['{{ 08 }}', 'template: gotpl:1: integer overflow: "08"'],
    ['{{ 1e }}', 'template: gotpl:1: illegal number syntax: "1e"'],
    ['{{ 1__0 }}', 'template: gotpl:1: illegal number syntax: "1__0"'],
    ['{{ .Values.my-key }}', "template: gotpl:1: bad character U+002D '-'"],
    ['{{ .Values.1abc }}', 'template: gotpl:1: bad number syntax: ".1a"'],
    ['{{ .Values.l.0 }}', 'template: gotpl:1: unexpected ".0" in operand'],
    ['{{ .. }}', 'template: gotpl:1: unexpected <.> in operand'],
    ['a: 1\nb: 2\nc: {{ .Values.x \n', 'template: gotpl:4: unclosed action started at gotpl:3'],
  ])('%j is a parse error', (text, message) => {
    expect(renderError(text)).toBe(message);
  });
});

describe('parser', () => {
  it.each([
    ['{{ if false }}a{{ else if false }}b{{ else with .Values.str }}{{ . }}{{ end }}', 'unexpected <with> in input'],
    ['{{ break }}', '{{break}} outside {{range}}'],
    ['{{ range $i, $v := list 1 2 }}{{ end }}{{ $i }}', 'undefined variable "$i"'],
    ['{{ $nope }}', 'undefined variable "$nope"'],
    ['{{ $x := 1 }}{{ define "v" }}{{ $x }}{{ end }}', 'undefined variable "$x"'],
    ['{{ if true }}{{ define "q" }}{{ end }}{{ end }}', 'unexpected <define> in command'],
    ['{{ define "r" }}a{{ end }}{{ define "r" }}b{{ end }}', 'template: multiple definition of template "r"'],
    ['{{ define "blk2" }}a{{ end }}{{ block "blk2" . }}b{{ end }}', 'template: multiple definition of template "blk2"'],
    ['{{ if true }}x', 'unexpected EOF'],
    ['{{ end }}', 'unexpected {{end}}'],
    ['{{ "abc }}', 'unterminated quoted string'],
    ['{{ nosuchfunc 1 }}', 'function "nosuchfunc" not defined'],
    ['{{ env "HOME" }}', 'function "env" not defined'],
    ['{{ if }}', 'missing value for if'],
  ])('%j fails with %j', (text, message) => {
    expect(renderError(text)).toBe(`template: gotpl:1: ${message}`);
  });

  it('accepts a trailing pipe, else with, else if chains and multi-line actions', () => {
    expect(render('[{{ .Values.str | }}]')).toBe('[hello]');
    expect(render('{{ with .Values.nul }}a{{ else with .Values.zero }}b{{ else with .Values.num }}c{{ end }}')).toBe(
      'c',
    );
    expect(render('{{ if false }}a{{ else if .Values.zero }}b{{ else }}c{{ end }}')).toBe('c');
  });
});

describe('executor', () => {
  it.each([
    ['{{ with .Values.nul }}has{{ else }}none{{ end }}', 'none'],
    ['{{ range .Values.emptylist }}x{{ else }}empty{{ end }}', 'empty'],
    ['{{ range .Values.nul }}x{{ else }}nil-else{{ end }}', 'nil-else'],
    ['{{ range $k, $v := .Values.map }}{{ $k }}={{ $v }};{{ end }}', 'a=1;b=2;'],
    ['{{ range $k, $v := dict "10" 1 "9" 2 "a" 3 "B" 4 }}{{ $k }} {{ end }}', '10 9 B a '],
    ['{{ range $v := .Values.map }}{{ $v }}{{ end }}', '12'],
    ['{{ range $i, $v := .Values.list }}{{ $i }}:{{ $v }} {{ end }}', '0:a 1:b 2:c '],
    ['{{ range .Values.list }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', 'a'],
    ['{{ range .Values.list }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }}', 'ac'],
    ['{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" "arg" }}', '[arg]'],
    ['{{ define "y" }}[{{ . }}]{{ end }}{{ template "y" }}', '[]'],
    ['{{ define "t1" }}[{{ . }}]{{ end }}{{ template "t1" .Values.str | upper }}', '[HELLO]'],
    ['{{ block "blk" "d" }}<{{ . }}>{{ end }}', '<d>'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2'],
    ['{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ end }}{{ $x }}', '1'],
    ['{{ $x := 1 }}{{ $x := 2 }}{{ $x }}', '2'],
    ['{{ $x := 0 }}{{ range .Values.list }}{{ $x = . }}{{ end }}{{ $x }}', 'c'],
    ['{{ range .Values.list }}{{ $.Values.str }}{{ end }}', 'hellohellohello'],
    ['{{ define "dd" }}{{ $ }}{{ end }}{{ template "dd" 5 }}', '5'],
    ['{{ with $x := .Values.str }}{{ $x }}-{{ . }}{{ end }}', 'hello-hello'],
    ['{{ "x" | printf "%s-%s" "y" }}', 'y-x'],
    ['{{ (len .Values.list) | add 1 }}', '4'],
    ['{{ (dict "a" (dict "b" 1)).a.b }}', '1'],
    ['[{{ .Values.nothere }}][{{ .Values.nul }}]', '[][]'],
    ['[{{ print .Values.nothere }}][{{ printf "%v" .Values.nul }}]', '[<nil>][<nil>]'],
    ['[{{ index .Values.map "zz" }}]{{ .Values.map.keys }}', '[]'],
    ['{{ if and .Values.missing .Values.missing.b }}y{{ else }}n{{ end }}', 'n'],
    ['[{{ "<no value>" }}][{{ printf "x<no value>y" }}]', '[][xy]'],
    ['{{ html .Values.nothere }}', '&lt;no value&gt;'],
    [
      '{{ range list 0 1 "" "a" (list) (list 1) (dict) (dict "a" 1) true false nil 0.0 }}{{ if . }}T{{ else }}F{{ end }}{{ end }}',
      'FTFTFTFTTFFF',
    ],
    [
      '{{ eq 1 2 3 1 }} {{ eq .Values.num 3.0 }} {{ eq .Values.nul nil }} {{ eq .Values.nothere "" }}',
      'true true true false',
    ],
    ['{{ and 1 "x" 3 }} {{ and 1 0 3 }} {{ or 0 "" "z" }} [{{ or 0 "" }}]', '3 0 z []'],
    ['{{ and false (fail "boom") }} {{ or true (fail "boom") }}', 'false true'],
    ['{{ not 0 }} {{ not "a" }} {{ not .Values.nul }} {{ not (list) }}', 'true false true true'],
    ['{{ index .Values.list 1 }} {{ index .Values "nested" "inner" "deep" }} {{ index .Values.str 0 }}', 'b x 104'],
    ['{{ len .Values.list }} {{ len .Values.str }} {{ len .Values.map }} {{ len "héllo" }}', '3 5 2 6'],
    ['[{{ print "a" 1 2 "b" "c" 3.5 }}] {{ print 1.0 2 }}', '[a1 2bc3.5] 1 2'],
    ['{{ html "<a href=\'x\'>&\\"</a>" }}', '&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;'],
    [
      '{{ js "<a href=\'x\'>&\\"</a>\\n=" }}',
      "\\u003Ca href\\u003D\\'x\\'\\u003E\\u0026\\\"\\u003C/a\\u003E\\u000A\\u003D",
    ],
    ['{{ urlquery "a b&c=d/é" }} {{ urlquery "a" 1 "b c" }}', 'a+b%26c%3Dd%2F%C3%A9 a1b+c'],
    ['{{ .Values.big }} {{ 1000000 }} {{ 1000000.0 }} {{ 100000.0 }} {{ -0.0 }}', '1e+06 1000000 1e+06 100000 -0'],
  ])('%j renders %j', (text, out) => {
    expect(render(text)).toBe(out);
  });

  it('ranges over integers only in helm 4 (Go ≥1.24)', () => {
    expect(render('{{ range 3 }}{{ . }}{{ end }}')).toBe('012');
    expect(renderError('{{ range 3 }}{{ . }}{{ end }}', 'helm3')).toBe(
      'template: gotpl:1:9: executing "gotpl" at <3>: range can\'t iterate over 3',
    );
    expect(renderError('{{ range .Values.num }}{{ end }}')).toContain("range can't iterate over 3");
  });

  it('keeps --set int64 values exact and distinct from float64 in comparisons', () => {
    const extra = new Map([['n', goInt64(9007199254740993n)]]);
    expect(render('{{ .Values.n }} {{ eq .Values.n .Values.n }}', { extra })).toBe('9007199254740993 true');
    expect(renderError('{{ eq .Values.num 3 }}', 'helm3')).toBe(
      'template: gotpl:1:3: executing "gotpl" at <eq .Values.num 3>: error calling eq: incompatible types for comparison',
    );
    expect(renderError('{{ eq .Values.num 3 }}', 'helm4')).toBe(
      'template: gotpl:1:3: executing "gotpl" at <eq .Values.num 3>: error calling eq: incompatible types for comparison: float64 and int',
    );
  });

  it.each([
    ['{{ .Values.nothere.deeper }}', 'at <.Values.nothere.deeper>: nil pointer evaluating interface {}.deeper'],
    ['{{ .Values.nothere.a.b }}', 'at <.Values.nothere.a.b>: nil pointer evaluating interface {}.a'],
    ['{{ .Values.str.foo }}', "at <.Values.str.foo>: can't evaluate field foo in type interface {}"],
    ['{{ (list 1 2).foo }}', "at <2>: can't evaluate field foo in type []interface {}"],
    ['{{ "a" | .Values.str }}', 'at <.Values.str>: str is not a method but has arguments'],
    ['{{ $y = 1 }}', 'at <1>: undefined variable: $y'],
    [
      '{{ index .Values.list 1.0 }}',
      'at <index .Values.list 1.0>: error calling index: cannot index slice/array with type float64',
    ],
    ['{{ index .Values.list 5 }}', 'at <index .Values.list 5>: error calling index: index out of range: 5'],
    [
      '{{ index .Values.map 1 }}',
      'at <index .Values.map 1>: error calling index: value has type int; should be string',
    ],
    ['{{ index .Values.nothere "a" }}', 'at <index .Values.nothere "a">: error calling index: index of untyped nil'],
    ['{{ len .Values.nul }}', 'at <len .Values.nul>: error calling len: len of nil pointer'],
    ['{{ len .Values.num }}', 'at <len .Values.num>: error calling len: len of type float64'],
    ['{{ call .Values.str }}', 'at <call .Values.str>: error calling call: non-function .Values.str of type string'],
    ['{{ call .Values.nothere }}', 'at <call .Values.nothere>: error calling call: call of nil'],
    ['{{ trunc 1 }}', 'at <trunc>: wrong number of args for trunc: want 2 got 1'],
    ['{{ upper 3 }}', 'at <3>: expected string; found 3'],
    ['{{ upper .Values.num }}', 'at <.Values.num>: wrong type for value; expected string; got float64'],
    [
      '{{ hasKey .Values.nothere "a" }}',
      'at <.Values.nothere>: wrong type for value; expected map[string]interface {}; got interface {}',
    ],
    ['{{ ternary "y" "n" 1 }}', 'at <1>: expected bool; found 1'],
    ['{{ div 1 0 }}', 'at <div 1 0>: error calling div: runtime error: integer divide by zero'],
    ['{{ and }}', 'at <and>: wrong number of args for and: want at least 1 got 0'],
    ['{{ not 1 2 }}', 'at <not>: wrong number of args for not: want 1 got 2'],
    ['{{ eq 1 }}', 'at <eq 1>: error calling eq: missing argument for comparison'],
    ['{{ lt true false }}', 'at <lt true false>: error calling lt: invalid type for comparison'],
    ['{{ template "nope" . }}', 'at <{{template "nope" .}}>: template "nope" not defined'],
    ['{{ 9223372036854775808 }}', 'at <9223372036854775808>: 9223372036854775808 overflows int'],
  ])('%j fails %j', (text, tail) => {
    expect(renderError(text)).toMatch(/^template: gotpl:1:\d+: executing "gotpl" /);
    expect(renderError(text)).toContain(tail);
  });

  it('reports the byte column of the node, as Go does (a field chain starts at its second part)', () => {
    expect(renderError('x: {{ .Values.nothere.deeper }}')).toBe(
      'template: gotpl:1:13: executing "gotpl" at <.Values.nothere.deeper>: nil pointer evaluating interface {}.deeper',
    );
    expect(renderError('é: {{ .Values.nothere.deeper }}')).toContain('gotpl:1:14:');
    expect(renderError('a\nbb\n  {{ .Values.nothere.x }}')).toContain('gotpl:3:12:');
    expect(renderError('x: {{ upper 3 }}')).toContain('gotpl:1:12:');
  });
});

describe('template sets', () => {
  it('lets a later definition win across files and never replaces with an empty one', () => {
    const set = new TemplateSet(helmFuncMap('helm4'));
    set.parse('a', '{{ define "d" }}from-a{{ end }}');
    set.parse('b', '{{ define "d" }}from-b{{ end }}');
    set.parse('c', '{{ define "d" }}{{ end }}');
    set.parse('main', '{{ template "d" }}');
    expect(set.execute('main', null)).toBe('from-b');
  });
});

describe('limits', () => {
  const set = (text: string) => {
    const s = new TemplateSet(helmFuncMap('helm4'));
    s.parse('t', text);
    return s;
  };

  it('stops runaway loops by steps and by time', () => {
    const loop = set('{{ range until 100000 }}{{ range until 100000 }}x{{ end }}{{ end }}');
    expect(() => loop.execute('t', null, { limits: { maxSteps: 100_000 } })).toThrow(LimitError);
    const t0 = Date.now();
    expect(() => loop.execute('t', null, { limits: { timeoutMs: 200, maxOutputChars: 1e12 } })).toThrow(/time limit/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('bounds output size', () => {
    const big = set('{{ range until 100000 }}0123456789{{ end }}');
    expect(() => big.execute('t', null, { limits: { maxOutputChars: 1000 } })).toThrow(/output exceeded/);
  });

  it('bounds template recursion without exhausting the stack', () => {
    const rec = set('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}');
    expect(() => rec.execute('t', null, { limits: { maxDepth: 200 } })).toThrow(LimitError);
    const inc = set('{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}');
    expect(() => inc.execute('t', null)).toThrow();
  });
});
