/**
 * Engine behaviours found by the differential conformance suite (conformance/engine.test.ts).
 * Every expectation was observed with real helm 3.17.3 and helm 4.1.4 (the template and the helm
 * output are quoted in each test; values and file names adapted to renderTemplateString).
 */
import { describe, expect, it } from 'vitest';
import { ExecError, LimitError, ParseError, renderTemplateString } from '../../src/gotemplate/index.js';
import { loadFiles } from '../../src/helm/load.js';
import { renderChart } from '../../src/helm/render.js';
import { helmFuncMap } from '../../src/sprig/index.js';

const data = new Map<string, unknown>([['s', 'hello']]);

function render(text: string, compat: 'helm3' | 'helm4' = 'helm4'): string {
  return renderTemplateString(text, { data, funcs: helmFuncMap(compat), compat, name: 't', scrubNoValue: false });
}

function failure(text: string, compat: 'helm3' | 'helm4' = 'helm4'): Error {
  try {
    render(text, compat);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('escapers print a nil argument as <no value> (text/template evalArgs + printableValue)', () => {
  // helm: `a: {{ html .Values.nothere | quote }}` → a: "&lt;no value&gt;", and likewise below.
  it.each([
    ['{{ html .nothere }}', '&lt;no value&gt;'],
    ['{{ js nil 1 }}', '\\u003Cno value\\u003E1'],
    ['{{ urlquery .nothere "a" }}', '%3Cno+value%3Ea'],
    ['{{ html "x" nil }}', 'x&lt;no value&gt;'],
  ])('%s → %s', (tpl, want) => {
    expect(render(tpl)).toBe(want);
  });
});

describe('fmt prints a nil element of a container as <nil> whatever the verb', () => {
  // helm: `{{ printf "%d" (list 1 nil "a") }}` → [1 <nil> %!d(string=a)]
  it('in a list with %d', () => {
    expect(render('{{ printf "%d" (list 1 nil "a") }}')).toBe('[1 <nil> %!d(string=a)]');
  });
  // helm: `{{ printf "%5d|%x|%q" (list nil) (dict "a" nil) (list nil 2) }}` → [<nil>]|map[61:<nil>]|[<nil> '\x02']
  it('without padding, in maps, with %x and %q', () => {
    expect(render('{{ printf "%5d|%x|%q" (list nil) (dict "a" nil) (list nil 2) }}')).toBe(
      "[<nil>]|map[61:<nil>]|[<nil> '\\x02']",
    );
  });
  it('a nil argument itself is still a bad verb', () => {
    expect(render('{{ printf "%d" nil }}')).toBe('%!d(<nil>)');
  });
});

describe('line numbers of parse errors after a multi-line comment', () => {
  // helm 3 (Go 1.23) does not count a comment's newlines, helm 4 (Go 1.25) does:
  // `{{/*\n\n*/}}\n{{ 08 }}` → helm 3 `parse error at (c/templates/t.yaml:2): "08"`, helm 4 `…:4)`.
  it.each([
    ['helm3', 2],
    ['helm4', 4],
  ] as const)('%s reports line %i', (compat, line) => {
    const e = failure('{{/*\n\n*/}}\n{{ 08 }}', compat);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(line);
  });
  // `a\n{{- /* x\ny */ -}}\n{{ .Values.x }}\n{{/* a\nb\nc */}}{{ if }}` → helm 3 line 4, helm 4 line 7.
  it.each([
    ['helm3', 4],
    ['helm4', 7],
  ] as const)('%s counts trimmed whitespace but not comment lines (line %i)', (compat, line) => {
    const e = failure('a\n{{- /* x\ny */ -}}\n{{ .x }}\n{{/* a\nb\nc */}}{{ if }}', compat);
    expect((e as ParseError).message).toBe(`template: t:${line}: missing value for if`);
  });
});

describe('`call` reports its failure at the command', () => {
  // helm: `{{ call .Values.c0.str }}` → template: ec/templates/c0.txt:1:3: executing "ec/templates/c0.txt"
  // at <call .Values.c0.str>: error calling call: non-function .Values.c0.str of type string
  it('non-function', () => {
    const e = failure('{{ call .s }}');
    expect(e).toBeInstanceOf(ExecError);
    expect(e.message).toBe(
      'template: t:1:3: executing "t" at <call .s>: error calling call: non-function .s of type string',
    );
  });
  // helm: `{{ call .Values.c0.nothere }}` → … at <call .Values.c0.nothere>: error calling call: call of nil
  it('nil, as a wrapped function error (helm 4 keeps the one-line form)', () => {
    const e = failure('{{ call .nothere }}') as ExecError;
    expect(e.message).toBe('template: t:1:3: executing "t" at <call .nothere>: error calling call: call of nil');
    expect(e.cause).toBeDefined();
  });
});

describe('break and continue in the else branch of an inner range', () => {
  // helm: `c: {{ range $k := dict "a" 1 "b" 2 }}<{{ $k }}{{ range list }}{{ else }}{{ continue }}{{ end }}>{{ end }}`
  // → c: <1<2 ; with {{ break }} → <1><2> ; with {{ if true }}{{ continue }}{{ end }} → <1<2
  it.each([
    ['{{ continue }}', '<1<2'],
    ['{{ break }}', '<1><2>'],
    ['{{ if true }}{{ continue }}{{ end }}', '<1<2'],
  ])('%s', (stmt, want) => {
    expect(
      render(`{{ range $k := dict "a" 1 "b" 2 }}<{{ $k }}{{ range list }}{{ else }}${stmt}{{ end }}>{{ end }}`),
    ).toBe(want);
  });
});

describe('js copies bytes that are not UTF-8 unchanged', () => {
  // helm: `{{ js "\xff#\xc3A" | b64enc }}` → /yPDQQ== (the bytes ff 23 c3 41)
  it('invalid bytes', () => {
    expect(render('{{ js "\\xff#\\xc3A" | b64enc }}')).toBe('/yPDQQ==');
  });
});

describe('unbounded recursion ends in a limit error, never a JS stack overflow', () => {
  // helm stops include recursion after 1000 levels and template recursion after 100000; helmless's
  // JS stack ends both earlier, and the overflow must surface as a LimitError (it used to escape as
  // a RangeError, or as a SyntaxError thrown while handling it).
  it.each([
    ['include', '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}'],
    ['template', '{{ define "r" }}x{{ template "r" . }}{{ end }}{{ template "r" . }}'],
    ['tpl', '{{ define "r" }}{{ tpl "{{ include \\"r\\" . }}" . }}{{ end }}{{ include "r" . }}'],
  ])('%s', (_, tpl) => {
    expect(failure(tpl)).toBeInstanceOf(LimitError);
  });
});

describe('.Files.GetBytes of a missing file is an empty, non-nil []byte (src/helm/objects.ts)', () => {
  // helm: `x: "[{{ .Files.GetBytes "none" }}]|{{ .Files.GetBytes "none" | toJson | b64enc }}|{{ kindOf (.Files.GetBytes "none") }}"`
  // → x: "[[]]|IiI=|slice" (toJson gives "" — base64 of no bytes)
  it.each(['helm3', 'helm4'] as const)('%s', async (compat) => {
    const tpl =
      'x: "[{{ .Files.GetBytes "none" }}]|{{ .Files.GetBytes "none" | toJson | b64enc }}|{{ kindOf (.Files.GetBytes "none") }}"\n';
    const chart = await loadFiles(
      [
        { name: 'Chart.yaml', data: Buffer.from('apiVersion: v2\nname: c\nversion: 0.1.0\n') },
        { name: 'templates/t.yaml', data: Buffer.from(tpl) },
      ],
      { compat },
    );
    expect(renderChart(chart, { compat }).stdout).toBe('---\n# Source: c/templates/t.yaml\nx: "[[]]|IiI=|slice"\n');
  });
});

describe('printf %w is a bad verb that takes %v flags', () => {
  // helm: `{{ printf "%+#[1]w|%#w|%w|%+w|%w|%w|%5w|%#w" "hb" "x" 1 (dict "a" "b") (list 1 "s") nil 1.5 (list "q") }}`
  it('every kind of argument', () => {
    expect(
      render(
        '{{ printf "%+#[1]w|%#w|%w|%+w|%w|%w|%5w|%#w" "hb" "x" 1 (dict "a" "b") (list 1 "s") nil 1.5 (list "q") }}',
      ),
    ).toBe(
      '%!w(string="hb")|%!w(string="x")|%!w(int=1)|%!w(map[string]interface {}=map[a:b])|' +
        '%!w([]interface {}=[1 s])|%!w(<nil>)|%!w(float64=  1.5)|%!w([]interface {}=[]interface {}{"q"})',
    );
  });
});

describe('%#w of a []byte names its type []uint8 (fmt hands it to printValue)', () => {
  // Both helms, with files/f.txt = "hi" and `$b := .Files.GetBytes "files/f.txt"`, print this for
  // `printf "%#w|%#v|%#w" $b $b (list $b)` (found by CONFORMANCE_SEED=112358, case 1379).
  const data = new Map<string, unknown>([['b', new TextEncoder().encode('hi')]]);
  it.each(['helm3', 'helm4'] as const)('%s', (compat) => {
    const out = renderTemplateString('{{ printf "%#w|%#v|%#w" .b .b (list .b) }}', {
      data: data as never,
      funcs: helmFuncMap(compat),
      compat,
      scrubNoValue: false,
    });
    expect(out).toBe(
      '[]uint8{%!w(uint8=0x68), %!w(uint8=0x69)}|[]byte{0x68, 0x69}|%!w([]interface {}=[]interface {}{[]uint8{0x68, 0x69}})',
    );
  });
});
