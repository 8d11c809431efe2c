/**
 * Unit tests of the codecs that run without a helm binary. Every expected text below was produced by
 * real helm (v3.17.3 / v4.1.4), either in ../shared/docs/helm-semantics.md or by the differential
 * tests in this directory.
 */
import { describe, expect, it } from 'vitest';
import {
  fromJson,
  fromJsonArray,
  fromToml,
  fromYaml,
  fromYamlArray,
  marshalJSON,
  naturalSort,
  readValuesFile,
  toJson,
  toToml,
  toYaml,
  toYamlPretty,
  yamlUnmarshal,
} from '../../src/codec/index.js';
import { yamlV2Unmarshal } from '../../src/codec/yaml-decode.js';
import { yamlToGo } from '../../src/codec/yaml-read.js';
import { goInt, goInt64, kindOf, nilMap } from '../../src/gotemplate/value.js';
import { GoTime, timeString } from '../../src/sprig/time.js';

const m = (o: Record<string, unknown>) => new Map(Object.entries(o));

describe('encoding/json', () => {
  it('formats floats like encoding/json and escapes HTML', () => {
    const v = m({ a: 1e21, b: 1e20, c: 1e-7, d: 0.000001, e: 1000000, f: -0, g: '<a&b>', h: 'é✓\n\u2028' });
    expect(marshalJSON(v)).toBe(
      '{"a":1e+21,"b":100000000000000000000,"c":1e-7,"d":0.000001,"e":1000000,"f":-0,"g":"\\u003ca\\u0026b\\u003e","h":"é✓\\n\\u2028"}',
    );
    expect(marshalJSON('<a>', { escapeHTML: false })).toBe('"<a>"');
    expect(marshalJSON(m({ b: [1, 2], a: m({}) }), { indent: '  ' })).toBe(
      '{\n  "a": {},\n  "b": [\n    1,\n    2\n  ]\n}',
    );
  });

  it('keeps int64 exact and rejects NaN', () => {
    expect(marshalJSON([goInt64(9007199254740993n), goInt(-5)])).toBe('[9007199254740993,-5]');
    expect(() => marshalJSON(Number.NaN)).toThrow('json: unsupported value: NaN');
    expect(toJson(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('decodes like json.Unmarshal with Go error texts', () => {
    expect(marshalJSON(fromJson('{"a":1,"b":[1,2]}'))).toBe('{"a":1,"b":[1,2]}');
    expect(fromJson('{bad').get('Error')).toBe("invalid character 'b' looking for beginning of object key string");
    expect(fromJson('[1,2]').get('Error')).toBe(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect(fromJson('tr').get('Error')).toBe("invalid character ' ' in literal true (expecting 'u')");
    expect(fromJson('').get('Error')).toBe('unexpected end of JSON input');
    expect(marshalJSON(fromJsonArray('[1,"a",null]'))).toBe('[1,"a",null]');
    expect(fromJsonArray('{}')).toEqual(['json: cannot unmarshal object into Go value of type []interface {}']);
    expect(marshalJSON(fromJson('null'))).toBe('null');
    expect(marshalJSON(nilMap())).toBe('null');
  });
});

describe('YAML input (sigs.k8s.io/yaml over go-yaml v2)', () => {
  it('resolves YAML 1.1 scalars and makes every number float64', () => {
    const v = fromYaml('a: 1\nb: [x, y]\nc: yes\nhex: 0x10\noct: 010\nd: 2001-12-14\nbin: !!binary aGVsbG8=\nnul: ~');
    expect(marshalJSON(v)).toBe(
      '{"a":1,"b":["x",true],"bin":"hello","c":true,"d":"2001-12-14","hex":16,"nul":null,"oct":8}',
    );
    expect(kindOf(v.get('a'))).toBe('float64');
    expect(marshalJSON(fromYaml('yes: 1\non: 2\nn: 3'))).toBe('{"false":3,"true":2}');
  });

  it("reports go-yaml's errors with sigs.k8s.io/yaml's wrapping", () => {
    expect(fromYaml('a: [').get('Error')).toBe(
      'error converting YAML to JSON: yaml: line 1: did not find expected node content',
    );
    expect(fromYaml('- a\n- b').get('Error')).toBe(
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect(fromYaml('a:\n\tb: 1').get('Error')).toBe(
      'error converting YAML to JSON: yaml: line 2: found character that cannot start any token',
    );
    expect(fromYaml('x: .inf').get('Error')).toBe('error converting YAML to JSON: json: unsupported value: +Inf');
    expect(fromYaml('a: &x [*x]').get('Error')).toBe(
      "error converting YAML to JSON: yaml: anchor 'x' value contains itself",
    );
    expect(fromYamlArray('a: 1')).toEqual([
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}',
    ]);
    expect(marshalJSON(fromYaml('a: 1\n---\nb: 2'))).toBe('{"a":1}');
    expect(fromYaml('').size).toBe(0);
  });

  it('bounds alias expansion', () => {
    let doc = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i <= 8; i++)
      doc += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    expect(() => yamlUnmarshal(doc, 'map')).toThrow('yaml: document contains excessive aliasing');
  });

  it('loads values files like helm 3 (first document) and helm 4 (merged documents)', () => {
    expect(marshalJSON(readValuesFile('a: 1\n---\nb: 2\n', 'helm3'))).toBe('{"a":1}');
    expect(marshalJSON(readValuesFile('a: 1\n---\nb: 2\n', 'helm4'))).toBe('{"a":1,"b":2}');
    expect(() => readValuesFile('a: 1\n--- !tag\nb: 2\n', 'helm4')).toThrow(
      'error reading yaml document: invalid Yaml document separator: !tag',
    );
    expect(() => readValuesFile('- a\n', 'helm4')).toThrow('cannot unmarshal yaml document: error unmarshaling JSON');
  });
});

describe("go-yaml v2's strict mode (yaml.UnmarshalStrict, as helm reads index.yaml)", () => {
  const strict = (text: string) => {
    try {
      yamlV2Unmarshal(text, undefined, undefined, true);
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  };
  const dup = (...lines: string[]) => `yaml: unmarshal errors:\n  ${lines.join('\n  ')}`;

  it('names each key set twice with its value line, in decoding order (inner before outer)', () => {
    expect(strict('a: 1\nb: 2\na: 3\n')).toBe(dup('line 3: key "a" already set in map'));
    expect(strict('a: 1\na:\n  b: 1\n  b: 2\n')).toBe(
      dup('line 4: key "b" already set in map', 'line 3: key "a" already set in map'),
    );
    expect(strict('x: [{a: 1, a: 2}, {b: 1, b: 1}]\n')).toBe(
      dup('line 1: key "a" already set in map', 'line 1: key "b" already set in map'),
    );
    // An empty value's line is its key's; a block value's is where the block starts.
    expect(strict('a: 1\na:\nb: 2\n')).toBe(dup('line 2: key "a" already set in map'));
    expect(strict('a: 1\na:\n  - x\n')).toBe(dup('line 3: key "a" already set in map'));
    // Keys are Go values: 1, 1.0, "1" and true are four keys; %#v quotes strings only.
    expect(strict('1: a\n1.0: b\n"1": c\ntrue: d\n')).toBe('ok');
    expect(strict('1: a\n1: b\n~: c\n~: d\n.nan: e\n.nan: f\n')).toBe(
      dup('line 2: key 1 already set in map', 'line 4: key <nil> already set in map'),
    );
  });

  it('counts merged keys as set (the node-tree decoder, for anchors)', () => {
    expect(strict('b: &b {x: 1}\nm:\n  <<: *b\n')).toBe('ok');
    expect(strict('b: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n')).toBe(dup('line 4: key "x" already set in map'));
    expect(strict('b: &b {x: 1}\nm:\n  x: 2\n  <<: *b\n')).toBe(dup('line 1: key "x" already set in map'));
    expect(strict('b: &b {x: 1}\nc: &c {x: 2}\nm:\n  <<: [*b, *c]\n')).toBe(dup('line 1: key "x" already set in map'));
  });

  it('reports syntax and decoding failures before duplicates, and is off by default', () => {
    expect(strict('a: 1\na: 2\nb: [\n')).toBe('yaml: line 3: did not find expected node content');
    expect(strict('a: 1\na: 2\nb: &x [*x]\n')).toBe("yaml: anchor 'x' value contains itself");
    expect(strict('a: 1\na: 2\n---\na: 1\na: 2\n')).toBe(dup('line 2: key "a" already set in map'));
    expect(marshalJSON(yamlToGo(yamlV2Unmarshal('a: 1\na: 2\n')!))).toBe('{"a":2}');
  });
});

describe('toYaml / toYamlPretty', () => {
  it('prints numbers from their JSON text (toYaml) or the Go value (toYamlPretty)', () => {
    const v = m({ big: 1000000, f: 1234567.5, e: 1e20, small: 0.00001 });
    expect(toYaml(v)).toBe('big: 1000000\ne: 1e+20\nf: 1.2345675e+06\nsmall: 1e-05');
    expect(toYamlPretty(v)).toBe('big: 1e+06\ne: 1e+20\nf: 1.2345675e+06\nsmall: 1e-05');
  });

  it("uses go-yaml's natural key order and quoting", () => {
    const keys = ['b', 'a10', 'a9', 'B', '10', '9', '_x', 'a', 'A1', '-', 'z.b', 'z-a'];
    expect(naturalSort(keys)).toEqual(['-', '_x', '9', '10', 'A1', 'B', 'a', 'a9', 'a10', 'b', 'z-a', 'z.b']);
    expect(toYaml(['010', 'yes', '1:20', 'a: b', '- a', '-a', 'x\ty', '', 'a\nb'])).toBe(
      '- "010"\n- "yes"\n- "1:20"\n- \'a: b\'\n- \'- a\'\n- -a\n- "x\\ty"\n- ""\n- |-\n  a\n  b',
    );
  });

  it('folds long scalars at column 80 and indents lists by version', () => {
    const long = `${'word '.repeat(16)}end`;
    expect(toYaml([long])).toBe(`- ${'word '.repeat(15)}word\n  end`);
    expect(toYamlPretty([long])).toBe(`- ${long}`);
    expect(toYaml(m({ a: [1, 2] }))).toBe('a:\n- 1\n- 2');
    expect(toYamlPretty(m({ a: [goInt(1), goInt(2)] }))).toBe('a:\n  - 1\n  - 2');
  });
});

describe('TOML', () => {
  it('encodes like BurntSushi/toml, floats per version', () => {
    const v = m({ a: goInt(1), b: 's', t: m({ x: [goInt(1), goInt(2)] }), f: 1.5 });
    expect(toToml(v, 'helm3')).toBe('a = 1\nb = "s"\nf = 1.5\n\n[t]\n  x = [1, 2]\n');
    expect(toToml(m({ f: 1e20 }), 'helm3')).toBe('f = 100000000000000000000.0\n');
    expect(toToml(m({ f: 1e20 }), 'helm4')).toBe('f = 1e+20\n');
    expect(toToml(m({ l: [goInt(1), null] }), 'helm3')).toBe('toml: cannot encode array with nil element');
  });

  it('decodes int64, float64 and datetimes', () => {
    const x = fromToml("a = 1\nb = 'x'\n[t]\nc = 1.5\nd = 2020-01-01", 'helm3');
    expect(kindOf(x.get('a'))).toBe('int64');
    const d = (x.get('t') as Map<string, unknown>).get('d');
    expect(d).toBeInstanceOf(GoTime);
    expect(timeString(d as GoTime)).toBe('2020-01-01 00:00:00 +0000 date-local');
    expect(fromToml('a = ', 'helm3').get('Error')).toBe('toml: line 0 (last key "a"): unexpected EOF; expected value');
    expect(fromToml('a = ', 'helm4').get('Error')).toBe('toml: line 1 (last key "a"): unexpected EOF; expected value');
  });
});
