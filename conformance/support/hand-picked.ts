/**
 * Hand-picked cases: every example of helm-semantics.md §1 (Go text/template as seen through
 * helm), written against the case's own values (`.Values.@KEY@`). They carry no expected output:
 * each one is rendered by real helm 3 and helm 4 on every run and compared with helmless, like the
 * generated cases.
 */
import type { EngineCase } from './charts.js';

/** The values of §1.2 (plus a few the other sections use). */
const V = `num: 3
zero: 0
str: hello
list: [a, b, c]
map: {b: 2, a: 1}
emptylist: []
nul: null
nested:
  inner:
    deep: x
s: "a<no value>b"
m: 3
`;

type Spec = string | { body: string; defs?: string; values?: string; set?: string[] };

function cases(section: string, specs: Spec[]): EngineCase[] {
  return specs.map((s, i) => {
    const spec = typeof s === 'string' ? { body: s } : s;
    return {
      id: `§${section} #${i}`,
      defs: spec.defs ?? '',
      body: spec.body,
      values: spec.values ?? V,
      set: spec.set ?? [],
    };
  });
}

const lexing = cases('1.1', [
  'a  {{- 1 -}}  b',
  'a\n\n{{- 1 }}\n\n{{- 2 -}}\n\nb',
  'a \t{{-\t1\t-}}\t b',
  'a\r\n{{- 1 -}}\r\nb',
  '{{-3}}',
  'x {{ 1 -}}\n\n\n   y',
  'a {{/* c */}} b',
  'a {{- /* c */ -}} b',
  '{{- /* a -}} b */ -}}x',
  'a{{/* x\ny */}}b',
  'a {{-/* c */-}} b',
  '{{ /* c */ 1 }}',
  'a{{/* c */ }}b',
  'a{{/* c }}b',
  '{{}}',
  '{{ "}}" }} {{ `{{x}}` }}',
  '{{ `a\\nb` }}',
  '{{ `a\nb` }}',
  '{{ "a\\tb\\u00e9\\x41" }}',
  "{{ 'a' }}",
  "{{ '\\n' }} {{ '\\'' }} {{ '\\x41' }} {{ 'é' }}",
  `{{ printf "%c" 'a' }}`,
  '{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000_000 }} {{ 0x_1F }}',
  '{{ 1.5 }} {{ 1e3 }} {{ 1.0 }} {{ 1e21 }} {{ .5 }} {{ 1. }} {{ 0x1p4 }}',
  '{{ 1i }}',
  "{{ kindOf 1 }} {{ kindOf 1e3 }} {{ kindOf 1.0 }} {{ kindOf 'a' }} {{ kindOf 1i }}",
  '{{ -5 }} {{ +5 }}',
  '{{ 08 }}',
  '{{ 1e }}',
  '{{ 1__0 }}',
  '{{ 9223372036854775808 }}',
  '{{ 9223372036854775808.0 }}',
  '{{ -9223372036854775808 }}',
  '{{ .Values.my-key }}',
  '{{ .Values.1abc }}',
  '{{ .Values.@KEY@.list.0 }}',
  '{{ .. }}',
  '{{ list\n 1\n 2 }}',
]);

const actions = cases('1.2', [
  '{{ with .Values.@KEY@.nul }}has{{ else }}none{{ end }}',
  '{{ with .Values.@KEY@.nul }}has{{ else with .Values.@KEY@.str }}{{ . }}{{ end }}',
  '{{ with .Values.@KEY@.nul }}a{{ else with .Values.@KEY@.zero }}b{{ else with .Values.@KEY@.num }}c{{ end }}',
  '{{ if false }}a{{ else if false }}b{{ else with .Values.@KEY@.str }}{{ . }}{{ end }}',
  '{{ range .Values.@KEY@.emptylist }}x{{ else }}empty{{ end }}',
  '{{ range .Values.@KEY@.nul }}x{{ else }}nil-else{{ end }}',
  '{{ range .Values.@KEY@.nothere }}x{{ else }}missing-else{{ end }}',
  '{{ range $k, $v := .Values.@KEY@.map }}{{ $k }}={{ $v }};{{ end }}',
  '{{ range $k, $v := dict "10" 1 "9" 2 "a" 3 "B" 4 }}{{ $k }} {{ end }}',
  '{{ range $v := .Values.@KEY@.map }}{{ $v }}{{ end }}',
  '{{ range $i, $v := .Values.@KEY@.list }}{{ $i }}:{{ $v }} {{ end }}',
  '{{ range .Values.@KEY@.list }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}',
  '{{ range .Values.@KEY@.list }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }}',
  '{{ break }}',
  '{{ range .Values.@KEY@.str }}x{{ end }}',
  '{{ range 3 }}{{ . }}{{ end }}',
  '{{ range $i := 3 }}{{ $i }}{{ end }}',
  '{{ range int64 3 }}{{ . }}{{ end }}',
  '{{ range .Values.@KEY@.num }}{{ . }}{{ end }}',
  { body: '{{ range .Values.@KEY@.n }}{{ . }}{{ end }}', set: ['n=3'] },
  { defs: '{{ define "@KEY@.x" }}[{{ . }}]{{ end }}', body: '{{ template "@KEY@.x" "arg" }}' },
  { defs: '{{ define "@KEY@.y" }}[{{ . }}]{{ end }}', body: '{{ template "@KEY@.y" }}' },
  { defs: '{{ define "@KEY@.t1" }}[{{ . }}]{{ end }}', body: '{{ template "@KEY@.t1" .Values.@KEY@.str | upper }}' },
  '{{ block "@KEY@.blk" "d" }}<{{ . }}>{{ end }}',
  { defs: '{{ define "@KEY@.blk2" }}a{{ end }}', body: '{{ block "@KEY@.blk2" . }}b{{ end }}' },
  { defs: '{{ define "@KEY@.r" }}1{{ end }}{{ define "@KEY@.r" }}2{{ end }}', body: 'x' },
  '{{ if true }}{{ define "@KEY@.q" }}{{ end }}{{ end }}',
  '[{{ .Values.@KEY@.str | }}]',
]);

const variables = cases('1.3', [
  '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}',
  '{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ end }}{{ $x }}',
  '{{ $x := 1 }}{{ $x := 2 }}{{ $x }}',
  '{{ $x := 0 }}{{ range .Values.@KEY@.list }}{{ $x = . }}{{ end }}{{ $x }}',
  '{{ range $i, $v := list 1 2 }}{{ end }}{{ $i }}',
  '{{ $nope }}',
  '{{ $y = 1 }}',
  { defs: '{{ $x := 1 }}{{ define "@KEY@.v" }}{{ $x }}{{ end }}', body: '' },
  '{{ range .Values.@KEY@.list }}{{ $.Values.@KEY@.str }}{{ end }}',
  { defs: '{{ define "@KEY@.dd" }}{{ $ }}{{ end }}', body: '{{ template "@KEY@.dd" 5 }}' },
  '{{ if $x := .Values.@KEY@.str }}{{ $x }}{{ end }}',
  '{{ with $x := .Values.@KEY@.str }}{{ $x }}-{{ . }}{{ end }}',
]);

const pipelines = cases('1.4', [
  '{{ "x" | printf "%s-%s" "y" }}',
  '{{ (len .Values.@KEY@.list) | add 1 }}',
  '{{ "a" | upper | printf "%s-%s" "x" | quote }}',
  '{{ (dict "a" (dict "b" 1)).a.b }}',
  '{{ (dict "A" 1).A }}',
  '{{ "a" | .Values.@KEY@.str }}',
]);

const missing = cases('1.5', [
  '[{{ .Values.@KEY@.nothere }}]',
  '[{{ .Values.@KEY@.nul }}]',
  '[{{ print .Values.@KEY@.nothere }}]',
  '[{{ printf "%v" .Values.@KEY@.nul }}]',
  '[{{ index .Values.@KEY@.map "zz" }}]',
  '{{ .Values.@KEY@.map.keys }}',
  '[{{ .Values.@KEY@.nothere | quote }}]',
  '[{{ .Values.@KEY@.nothere | default "d" }}]',
  '[{{ .Values.@KEY@.nothere.deeper }}]',
  '{{ .Values.@KEY@.nothere.a.b }}',
  '{{ .Values.@KEY@.nul.foo }}',
  '{{ .Values.@KEY@.str.foo }}',
  '{{ .Values.@KEY@.list.foo }}',
  '{{ (list 1 2).foo }}',
  '{{ .Values.@KEY@.str.Len }}',
  '[{{ .Foo }}]',
  '[{{ .Release.Foo }}]',
  '[{{ .Capabilities.Foo }}]',
  '[{{ .Chart.Foo }}]',
  '[{{ .Chart.name }}]',
  '{{ if .Values.@KEY@.nothere.b }}y{{ end }}',
  '{{ if and .Values.@KEY@.missing .Values.@KEY@.missing.b }}y{{ else }}n{{ end }}',
  '[{{ "<no value>" }}][{{ printf "x<no value>y" }}]',
  '[{{ .Values.@KEY@.s }}]',
  '{{ html .Values.@KEY@.nothere }}',
  '{{ .Values.AsMap }}',
  '{{ .Values.Table "@KEY@.map" }}|{{ .Values.PathValue "@KEY@.map.a" }}',
  '{{ .Values.Table "nope" }}',
  '{{ .Values.YAML }}',
]);

const truth = cases('1.6', [
  '{{ range list 0 1 "" "a" (list) (list 1) (dict) (dict "a" 1) true false nil 0.0 }}{{ if . }}T{{ else }}F{{ end }}{{ end }}',
]);

const comparisons = cases('1.7', [
  '{{ eq 1 2 3 1 }}',
  '{{ eq 3 (int64 3) }}',
  '{{ eq .Values.@KEY@.num 3 }}',
  '{{ eq .Values.@KEY@.num 3.0 }}',
  { body: '{{ eq .Values.@KEY@.n 3 }} {{ lt .Values.@KEY@.n 5 }}', set: ['n=3'] },
  { body: '{{ eq .Values.@KEY@.n .Values.@KEY@.m }}', set: ['n=3'] },
  '{{ eq 1 1.0 }}',
  '{{ lt 1 1.5 }}',
  '{{ eq .Values.@KEY@.num "3" }}',
  '{{ ne 1 "1" }}',
  '{{ eq true "true" }}',
  '{{ eq .Values.@KEY@.nul nil }} / {{ eq .Values.@KEY@.nothere nil }} / {{ eq .Values.@KEY@.x .Values.@KEY@.y }}',
  '{{ eq .Values.@KEY@.nothere "" }} / {{ eq "" nil }}',
  '{{ eq .Values.@KEY@.map .Values.@KEY@.map }}',
  '{{ eq .Values.@KEY@.list .Values.@KEY@.list }}',
  '{{ lt "a" "b" }}, {{ le 1 1 }} {{ ge 2 1 }} {{ gt "b" "a" }}',
  '{{ lt true false }}',
  '{{ lt .Values.@KEY@.nul 1 }}',
  '{{ eq 1 }}',
]);

const logic = cases('1.8', [
  '{{ and false (fail "boom") }}',
  '{{ or true (fail "boom") }}',
  '{{ and 1 "x" 3 }}',
  '{{ and 1 0 3 }}',
  '{{ or 0 "" "z" }}',
  '[{{ or 0 "" }}]',
  '{{ not 0 }} {{ not "a" }} {{ not .Values.@KEY@.nul }}',
  '{{ not (list) }}',
  '{{ and }}',
  '{{ not 1 2 }}',
]);

const indexing = cases('1.9', [
  '{{ index .Values.@KEY@.map "a" }} / [{{ index .Values.@KEY@.map "zz" }}]',
  '{{ index .Values.@KEY@.list 1 }} / {{ index .Values "@KEY@" "nested" "inner" "deep" }}',
  '{{ index .Values.@KEY@.list }}',
  '{{ index .Values.@KEY@.list 1.0 }}',
  '{{ index .Values.@KEY@.list 5 }}',
  '{{ index .Values.@KEY@.list -1 }}',
  '{{ index .Values.@KEY@.map 1 }}',
  '[{{ index .Values.@KEY@.nothere "a" }}]',
  '{{ index .Values.@KEY@.str 0 }}',
  '{{ slice .Values.@KEY@.list 1 }} {{ slice .Values.@KEY@.list 0 2 }}',
  '{{ slice .Values.@KEY@.list 0 1 2 }}',
  '{{ slice .Values.@KEY@.str 1 3 }}',
  '{{ slice .Values.@KEY@.list 2 5 }}',
  '{{ len .Values.@KEY@.list }} {{ len .Values.@KEY@.str }} {{ len .Values.@KEY@.map }} {{ len "héllo" }}',
  '{{ len .Values.@KEY@.nul }}',
  '{{ len .Values.@KEY@.nothere }}',
  '{{ len .Values.@KEY@.num }}',
]);

const NUMBERS = [
  '8080',
  '123456',
  '999999',
  '1000000',
  '1234567',
  '1.5e6',
  '-1000000',
  '2147483648',
  '1234567.5',
  '1e20',
  '1e21',
  '0.0001',
  '0.00001',
  '0.1',
  '3.0',
  '12345678901234567890',
  '9007199254740993',
];

const printing = cases('1.10', [
  '[{{ print "a" 1 2 "b" "c" 3.5 }}]',
  '{{ print 1.0 2 }} {{ print 1.5 "s" }}',
  '[{{ println "a" 1 }}]',
  '{{ .Values.@KEY@.map }} {{ dict }} {{ .Values.@KEY@.nested }}',
  '{{ list 1 nil "a" }}',
  '{{ printf "%s" nil }}',
  '{{ .Release }}',
  '{{ printf "%d" .Values.@KEY@.num }}',
  '{{ printf "%s" 3 }}',
  '{{ printf "%s" "a" "b" }}',
  '{{ printf "%s %s" "a" }}',
  '{{ printf "%s" (list 1 "a") }}',
  '{{ printf "%d" "x" }}',
  '{{ printf "%s|%d|%05.2f|%x|%X|%q|%t|%v|%+v|%#v|%T|%8s|%-4d|%e|%g|%o|%b|%c|%U" "s" 42 3.14159 "hi" 255 "q" true nil (dict "a" 1) "s" 1.5 "r" 7 1234.5678 0.000012 8 5 65 65 }}',
  '{{ printf "%*d" 5 42 }}',
  '{{ printf "%q" "a\\"b" }}',
  '{{ printf "%+v|%#v" .Values.@KEY@.map .Values.@KEY@.list }}',
  // A []byte argument is "[]byte" for %#v; inside another value (reflection) it is "[]uint8".
  '{{ printf "%#v|%#v|%x|%T" (.Files.GetBytes "files/f.txt") (list (.Files.GetBytes "files/f.txt")) (.Files.GetBytes "files/f.txt") (.Files.GetBytes "files/f.txt") }}',
  '{{ printf "%T %T %T %T %T" .Values.@KEY@.num .Values.@KEY@.str .Values.@KEY@.map .Values.@KEY@.list .Values.@KEY@.nul }}',
  '{{ 1000000 }} {{ 1000000.0 }} {{ 100000.0 }} {{ 123456789.0 }} {{ -0.0 }}',
  ...NUMBERS.map((n) => ({
    body: '{{ .Values.@KEY@.x }}|{{ toString .Values.@KEY@.x }}|{{ quote .Values.@KEY@.x }}|{{ toJson .Values.@KEY@.x }}|{{ toYaml .Values.@KEY@.x }}|{{ int64 .Values.@KEY@.x }}',
    values: `x: ${n}\n`,
  })),
  {
    body: '{{ .Values.@KEY@.a }} {{ toJson .Values.@KEY@.a }} {{ toYaml .Values.@KEY@.a }} {{ toYamlPretty .Values.@KEY@.a }}',
    set: ['a=9007199254740993'],
  },
]);

const escapers = cases('1.11', [
  `{{ html "<a href='x'>&\\"</a>" }}`,
  '{{ html 1 2 }}',
  `{{ js "<a href='x'>&\\"</a>\\n=" }}`,
  '{{ js "é\\u2028" }}',
  '{{ urlquery "a b&c=d/é" }} / {{ urlquery "a" 1 "b c" }}',
  '{{ call .Values.@KEY@.str }}',
  '{{ call .Values.@KEY@.nothere }}',
]);

const callErrors = cases('1.12', [
  '{{ nosuchfunc 1 }}',
  '{{ trunc 1 }}',
  '[{{ quote }}]',
  '{{ upper 3 }}',
  '{{ upper .Values.@KEY@.num }}',
  '{{ hasKey .Values.@KEY@.nothere "a" }}',
  '{{ ternary "y" "n" 1 }}',
  '{{ div 1 0 }}',
]);

const errorMessages = cases('6', [
  'a: 1\nb: 2\nc: {{ .Values.@KEY@.x \n',
  'a: 1\n{{ if }}\n{{ end }}\n',
  'a: {{ .Values.@KEY@.x @ }}',
  '{{ if true }}x',
  '{{ end }}',
  '{{ "abc }}',
  {
    defs: '{{ define "@KEY@.inner" }}{{ .Values.@KEY@.a.b.c }}{{ end }}{{ define "@KEY@.outer" }}\n  {{ include "@KEY@.inner" . }}{{ end }}',
    body: '\n {{ include "@KEY@.outer" . }}',
  },
  '{{ include "@KEY@.nope" . }}',
  '{{ template "@KEY@.nope" . }}',
  'x\n  {{ required "need it" .Values.@KEY@.nothere }}',
  '{{ fail "boom" }}',
]);

/** Encoders and copies over helm's own struct values (not covered by the §1 examples). */
const helmObjects = cases('objects', [
  '{{ toYamlPretty .Capabilities.KubeVersion }}',
  '{{ toToml .Capabilities.KubeVersion }}',
  '{{ toYamlPretty .Capabilities }}',
  '{{ toToml .Capabilities }}',
  '{{ len .Capabilities }}',
  '{{ index .Capabilities "KubeVersion" }}',
  '{{ toToml .Chart }}',
  '{{ toToml (dict "c" .Chart) }}',
  // A struct passed to a function is a copy: no longer addressable, so KubeVersion's
  // pointer-receiver String and GitVersion are out of reach (printing falls back to {…}).
  '{{ $k := .Capabilities.KubeVersion }}{{ $k }}|{{ with .Capabilities.KubeVersion }}{{ . }}{{ end }}|{{ and 1 .Capabilities.KubeVersion }}',
  '{{ index (list .Capabilities.KubeVersion) 0 }}|{{ first (list .Capabilities.KubeVersion) }}|{{ .Capabilities.KubeVersion | default "x" }}',
  '{{ (dict "k" .Capabilities.KubeVersion).k }}|{{ ternary .Capabilities.KubeVersion 1 true }}|{{ range list .Capabilities.KubeVersion }}{{ . }}{{ end }}',
  '{{ deepCopy .Capabilities.KubeVersion }}|{{ printf "%+v" (deepCopy .Capabilities).KubeVersion }}|{{ (deepCopy .Capabilities).KubeVersion }}',
  '{{ eq .Capabilities.KubeVersion (first (list .Capabilities.KubeVersion)) }}|{{ eq .Capabilities (deepCopy .Capabilities) }}|{{ deepEqual .Capabilities.KubeVersion (deepCopy .Capabilities.KubeVersion) }}',
  '{{ (first (list .Capabilities.KubeVersion)).GitVersion }}',
  '{{ (deepCopy .Capabilities.KubeVersion).String }}',
]);

/** Every hand-picked case. */
export const HAND_PICKED: EngineCase[] = [
  ...lexing,
  ...actions,
  ...variables,
  ...pipelines,
  ...missing,
  ...truth,
  ...comparisons,
  ...logic,
  ...indexing,
  ...printing,
  ...escapers,
  ...callErrors,
  ...errorMessages,
  ...helmObjects,
];
