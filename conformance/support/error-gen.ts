/**
 * Deliberate errors for the conformance suite: a generated case with one faulty action put into
 * its body or into one of its defines (so the failure may surface through `include`/`template`
 * chains, which changes how helm 3 and helm 4 print it). The faults cover the lexer and parser
 * (every error path of lex.go/parse.go that a chart can reach) and execution (nil pointers, type
 * errors, bad arguments, missing templates, `fail`/`required`).
 */
import type { Choices } from './choices.js';
import type { GeneratedCase } from './template-gen.js';

const PARSE_FAULTS: readonly string[] = [
  '{{ end }}',
  '{{ if true }}unclosed',
  '{{ else }}',
  '{{}}',
  '{{ .Values.my-key }}',
  '{{ 08 }}',
  '{{ 1e }}',
  '{{ 1__0 }}',
  '{{ 0x }}',
  '{{ 1.2.3 }}',
  '{{ $undefined }}',
  '{{ nosuchfunc 1 }}',
  '{{ break }}',
  '{{ continue }}',
  '{{ "unterminated }}',
  "{{ 'ab' }}",
  "{{ '' }}",
  "{{ 'a }}",
  '{{ `raw }}',
  '{{ 1 | 2 }}',
  '{{ "a" | "b" }}',
  '{{ "a".b }}',
  '{{ 1.x }}',
  '{{ .. }}',
  '{{ .Values.1abc }}',
  '{{ (1 }}',
  '{{ 1) }}',
  '{{ $x, $y := 1 }}',
  '{{ range $a, $b, $c := list }}{{ end }}',
  '{{ range $a, 1 := list }}{{ end }}',
  '{{ define "@KEY@.inner" }}{{ end }}',
  '{{ template }}',
  '{{ template .x }}',
  '{{ with }}{{ end }}',
  '{{ if 1 }}{{ else }}{{ else }}{{ end }}',
  '{{ if 1 }}{{ else with 2 }}{{ end }}',
  '{{/* unclosed',
  '{{/* c */ 1 }}',
  '{{ /* c */ }}',
  '{{ "\\q" }}',
  '{{ $x := }}',
  '{{ := 1 }}',
  '{{ @ }}',
  '{{ .x\n',
  '{{ 1 -}',
  '{{ end -}}',
  '{{ block }}{{ end }}',
  '{{ block "@KEY@.bx" }}{{ end }}',
  '{{ range }}{{ end }}',
  '{{ if }}{{ end }}',
  '{{ "a" "b" | }}',
  '{{ | "a" }}',
  '{{ $ := 1 }}',
  '{{ .a.b( }}',
  '{{ print (  ) }}',
  '{{ 1i.x }}',
  '{{ nil.x }}',
  '{{ true.x }}',
  '{{ $.x.1 }}',
  '{{ 9999999999999999999999 }}',
  '{{ \u00a0 }}',
  '{{ é(1) }}',
  '{{ else if 1 }}',
  '{{ range 1 }}{{ else }}{{ break }}{{ end }}',
  '{{ "\\uD800" }}',
  "{{ '\\U00110000' }}",
  '{{ $xⅷ := 1 }}',
  '{{ $e\u0301 := 1 }}',
  '{{- -}}',
  '{{ define "@KEY@.x" }}{{ end }}',
];

const EXEC_FAULTS: readonly string[] = [
  '{{ .Values.@KEY@.nothere.deeper }}',
  '{{ $.Values.@KEY@.nothere.a.b }}',
  '{{ index (list 1) 5 }}',
  '{{ index (list 1) -1 }}',
  '{{ index (list 1) 1.0 }}',
  '{{ index (dict "a" 1) 1 }}',
  '{{ index nil 1 }}',
  '{{ upper 3 }}',
  '{{ upper 1.5 }}',
  '{{ upper true }}',
  '{{ repeat "x" "y" }}',
  '{{ eq 1 1.0 }}',
  '{{ eq "1" 1 }}',
  '{{ lt true false }}',
  '{{ lt nil 1 }}',
  '{{ eq (list) (list) }}',
  '{{ eq 1 }}',
  '{{ len nil }}',
  '{{ len 3 }}',
  '{{ fail "boom" }}',
  '{{ required "need @KEY@" .Values.@KEY@.nothere }}',
  '{{ template "@KEY@.nope" }}',
  '{{ include "@KEY@.nope" . }}',
  '{{ range "abc" }}{{ end }}',
  '{{ range 1.5 }}{{ end }}',
  '{{ range true }}{{ end }}',
  '{{ range $i, $v := 3 }}{{ end }}',
  '{{ div 1 0 }}',
  '{{ mod 1 0 }}',
  '{{ 9223372036854775808 }}',
  '{{ 18446744073709551615 }}',
  '{{ nil }}',
  '{{ 1 2 }}',
  '{{ "a" 2 }}',
  '{{ .Values.@KEY@ 1 }}',
  '{{ "a" | .Values.@KEY@ }}',
  '{{ (list 1 2).foo }}',
  '{{ .Release.Name.foo }}',
  '{{ call .Values.@KEY@ }}',
  '{{ call nil }}',
  '{{ and }}',
  '{{ or }}',
  '{{ not 1 2 }}',
  '{{ printf }}',
  '{{ slice (list 1 2) 3 }}',
  '{{ slice (list 1 2) 2 1 }}',
  '{{ tpl "{{ .x.y.z }}" . }}',
  '{{ tpl "{{ fail \\"inner\\" }}" . }}',
  '{{ tpl "{{ end }}" . }}',
  '{{ include "@KEY@.nope" (dict) | upper }}',
  '{{ $u = 1 }}',
  '{{ toJson 1i }}',
  '{{ trunc 1 }}',
  '{{ ternary "y" "n" 1 }}',
  '{{ hasKey .Values.@KEY@.nothere "a" }}',
  '{{ .Capabilities.Foo }}',
  '{{ .Values.@KEY@.nothere | upper }}',
  '{{ with $x := 1 }}{{ $x.y }}{{ end }}',
  '{{ range $i, $v := dict "a" 1 }}{{ $v.z }}{{ end }}',
  '{{ template "@KEY@.nope" . }}',
  '{{ int64 "x" | until }}',
  '{{ until 1.5 }}',
  '{{ atoi 1 }}',
  '{{ first 1 }}',
  '{{ first nil }}',
  '{{ keys 1 }}',
  '{{ dict 1 }}',
  '{{ get 1 "a" }}',
  '{{ nindent "x" "y" }}',
  '{{ sub "a" }}',
];

/**
 * The case with one fault added: a parse fault anywhere (it fails every helm version), or an
 * execution fault in the body or in a define (reached when that define is used).
 */
export function injectFault(c: Choices, base: GeneratedCase): GeneratedCase {
  const parse = c.chance(0.45);
  const fault = c.pick(parse ? PARSE_FAULTS : EXEC_FAULTS);
  const where = c.int(3);
  const defines = [...base.defs.matchAll(/\{\{-? ?define "[^"]*" -?\}\}/g)];
  if (where === 2 && defines.length > 0) {
    // Just inside a define's body.
    const m = c.pick(defines);
    const at = m.index! + m[0].length;
    return { ...base, defs: base.defs.slice(0, at) + fault + base.defs.slice(at) };
  }
  if (where === 1) return { ...base, body: fault + base.body };
  return { ...base, body: base.body + c.pick(['', '\n', 'x\n  ']) + fault };
}
