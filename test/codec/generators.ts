/**
 * fast-check generators of YAML values files and JSON texts for differential tests against helm:
 * YAML 1.1 look-alikes (`yes`, `010`, `1e3`, `~`, timestamps, sexagesimal), indicator-laden strings
 * (`- a`, `a: b`, `#x`), long strings with spaces past column 80, multi-line strings with trailing
 * spaces, unicode, numbers of every magnitude, nested maps/lists, empty containers and null.
 */
import fc from 'fast-check';
import { YInt, YMap, type YValue, yamlV2Unmarshal } from '../../src/codec/yaml-decode.js';
import { naturalLess, naturalSort } from '../../src/codec/yaml-sort.js';

/** Plain scalars YAML 1.1 gives a special meaning to, or that need quoting on output. */
export const SPECIAL_PLAIN = [
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'on',
  'On',
  'off',
  'OFF',
  'y',
  'Y',
  'n',
  'N',
  'true',
  'True',
  'FALSE',
  'false',
  '~',
  'null',
  'Null',
  'NULL',
  '010',
  '0o17',
  '0x1F',
  '0X1f',
  '0b101',
  '-0b11',
  '1_000',
  '0_7',
  '+12',
  '-0',
  '.5',
  '5.',
  '1.0',
  '1e3',
  '1E3',
  '1e+3',
  '12e03',
  '0.1e3',
  '-1',
  '00',
  '08',
  '09.5',
  '1__0',
  '0x_1F',
  '2001-12-14',
  '2001-12-14T21:59:43.10-05:00',
  '2001-12-14 21:59:43.10',
  '2002-02-30',
  '1:20',
  '1:20:30',
  '190:20:30',
  '-1:30',
  '.inf',
  '-.inf',
  '+.inf',
  '.Inf',
  '.nan',
  '.NaN',
  '<<',
  '=',
  '1.2.3',
  'v1',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551615',
  '18446744073709551616',
  '99999999999999999999',
  '1e400',
  '0.000001',
  '0.0000001',
  '1e21',
  '1e20',
  '123456789012345678',
  '-9223372036854775808',
  '3.14159265358979323846',
  '1e-7',
  '4.9e-324',
  '1.7976931348623157e308',
  'inf',
  'nan',
  'Infinity',
  '0x',
  '0b',
  '+',
  '-.5',
  '+.5e2',
];

/** Strings that stress the emitter's style choice. */
export const SPECIAL_STRINGS = [
  '',
  ' ',
  'a b',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '#a',
  '- a',
  '-a',
  '-',
  '--',
  '---',
  '...',
  '? a',
  '?a',
  ':a',
  'a:',
  '[a]',
  '{a}',
  'a,b',
  'a]',
  '*a',
  '&a',
  '!a',
  '|a',
  '>a',
  '%a',
  '@a',
  '`a',
  "'a",
  '"a',
  "a'",
  'a"',
  ' a',
  'a ',
  'null ',
  '1 ',
  'x\ty',
  '\t',
  'line1\nline2',
  'line1  \nline2',
  'a\nb\n',
  'a\n\nb',
  '\nlead',
  'trail\n\n',
  '\n',
  'a\r\nb',
  'é',
  'ÿ',
  '<a&b>',
  'ü: ö',
  '✓',
  '日本語',
  '😀',
  'a\u2028b',
  'a\u0085b',
  'x\u00a0y',
  '\ufeffbom',
  'del\u007f',
  'c1\u0090',
  'nul\u0000',
  'esc\u001b',
  'bell\u0007',
  'back\\slash',
  'quote"s',
  "apo's",
  'tab\tend',
  ' lead and trail ',
  'k: v\n- x',
  '  indented\n    more\n',
  'end with space \n',
  'a\u2029',
  '\uffff',
  'z\ufffd',
];

const word = fc.constantFrom('word', 'alpha', 'beta', 'x', 'longerword', 'é', 'a-b', 'c_d', '1', 'v2', 'ü', 'mixed#x');

/** Long strings with spaces (to hit folding at column 80). */
export const longText = fc
  .array(word, { minLength: 10, maxLength: 40 })
  .chain((ws) => fc.constantFrom(' ', '  ', ' ').map((sep) => ws.join(sep)));

/** Multi-line strings, some with trailing spaces or blank lines. */
export const multiLine = fc
  .array(fc.oneof(fc.constant(''), fc.constant('  '), longText, word, fc.constantFrom(...SPECIAL_STRINGS)), {
    minLength: 2,
    maxLength: 5,
  })
  .chain((lines) => fc.constantFrom('', '\n', '\n\n', ' ').map((end) => lines.join('\n') + end));

export const anyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS, ...SPECIAL_PLAIN) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: longText },
  { weight: 2, arbitrary: multiLine },
  { weight: 2, arbitrary: word },
);

/** A number as YAML source text, of any magnitude and form. */
export const numberText = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => d.toExponential()),
  fc.integer({ min: -30, max: 30 }).map((e) => `1e${e}`),
  fc.integer({ min: 0, max: 25 }).map((n) => `1${'0'.repeat(n)}`),
  fc.constantFrom('1000000', '999999', '1234567.5', '0.0001', '0.00001', '3.0', '-1000000', '2147483648'),
);

/** YAML double-quoted form that represents `s` exactly. */
export function yamlDouble(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 10) out += '\\n';
    else if (c === 9) out += '\\t';
    else if (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff ||
      (c >= 0xfffe && c <= 0xffff)
    ) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** A scalar as YAML source: plain (possibly special), quoted, or a number. */
export const scalarText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_PLAIN) },
  { weight: 3, arbitrary: numberText },
  { weight: 3, arbitrary: anyString.map(yamlDouble) },
  { weight: 1, arbitrary: word.map((w) => `'${w.replaceAll("'", "''")}'`) },
  { weight: 1, arbitrary: word },
  { weight: 1, arbitrary: longText },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '~', '!!str 123', '!!binary aGVsbG8=', '!!float 1', '!foo bar') },
);

export const keyText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'a',
      'b',
      'name',
      'image',
      'a10',
      'a9',
      'B',
      '_x',
      'A1',
      'z.b',
      'z-a',
      'é',
      'key with space',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('yes', 'no', 'on', 'y', 'n', '1', '010', '1.5', '0.1', 'true', '~', '1e3', '-1'),
  },
  { weight: 2, arbitrary: anyString.filter((s) => !s.includes('\n')).map(yamlDouble) },
);

/** A YAML node rendered at an indentation, in block or flow style. */
function render(node: Node, indent: number, flow: boolean): string {
  const pad = ' '.repeat(indent);
  switch (node.t) {
    case 's':
      return node.v;
    case 'lit':
      return `|${node.chomp}\n${node.lines.map((l) => (l.length ? pad + '  ' + l : '')).join('\n')}`;
    case 'm':
      if (node.e.length === 0) return '{}';
      if (flow) return `{${node.e.map(([k, v]) => `${k}: ${render(v, 0, true)}`).join(', ')}}`;
      return node.e
        .map(([k, v], i) => {
          const head = (i === 0 ? '' : pad) + `${k}:`;
          if ((v.t === 'm' || v.t === 'l') && !v.flow && (v.t === 'm' ? v.e.length : v.e.length) > 0) {
            return `${head}\n${pad}  ${render(v, indent + 2, false)}`;
          }
          return `${head} ${render(v, indent + 2, v.t !== 'lit' && 'flow' in v && !!v.flow)}`;
        })
        .join('\n');
    case 'l':
      if (node.e.length === 0) return '[]';
      if (flow) return `[${node.e.map((v) => render(v, 0, true)).join(', ')}]`;
      return node.e
        .map((v, i) => `${i === 0 ? '' : pad}- ${render(v, indent + 2, 'flow' in v && !!v.flow)}`)
        .join('\n');
  }
}

export type Node =
  | { t: 's'; v: string }
  | { t: 'lit'; chomp: string; lines: string[] }
  | { t: 'm'; e: [string, Node][]; flow: boolean }
  | { t: 'l'; e: Node[]; flow: boolean };

const litNode = fc.record({
  t: fc.constant('lit' as const),
  chomp: fc.constantFrom('', '-', '+'),
  lines: fc.array(fc.oneof(word, longText, fc.constant(''), fc.constant('x  ')), { minLength: 1, maxLength: 4 }),
});

export const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: scalarText.map((v) => ({ t: 's' as const, v })) },
    { weight: 1, arbitrary: litNode },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('m' as const),
        e: fc.uniqueArray(fc.tuple(keyText, tie('node')), { maxLength: 4, selector: (e) => e[0] }),
        flow: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('l' as const),
        e: fc.array(tie('node'), { maxLength: 4 }),
        flow: fc.boolean(),
      }),
    },
  ),
})).node;

/** A YAML document whose top level is a mapping (like a values file). */
export const valuesDoc: fc.Arbitrary<string> = fc
  .uniqueArray(fc.tuple(keyText, nodeArb), { minLength: 1, maxLength: 5, selector: (e) => e[0] })
  .map((e) => `${render({ t: 'm', e, flow: false }, 0, false)}\n`);

/** Any YAML document (also scalars and lists, and broken ones). */
export const anyYamlDoc: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: valuesDoc },
  { weight: 1, arbitrary: nodeArb.map((n) => `${render(n, 0, false)}\n`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        valuesDoc,
        fc.nat(),
        fc.constantFrom('\t', ':', '[', '{', '"', "'", '- ', '\n  x', '*a', '&', '!', '|', '\u0001', '---\n'),
      )
      .map(([d, p, ins]) => {
        const at = p % (d.length + 1);
        return d.slice(0, at) + ins + d.slice(at);
      }),
  },
);

/** JSON texts: valid ones of all shapes and broken ones. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.json({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{bad',
      '[1,2',
      '{"a":1,}',
      '{"a" 1}',
      'nul',
      'tru',
      '01',
      '1.',
      '-',
      '"\\x"',
      '"a\tb"',
      '[1 2]',
      '{"a":1}x',
      '',
      ' ',
      '"\\ud800"',
      '"\\ud83d\\ude00"',
      '1e999',
      '{"a":{"b":[1,{"c":null}]}}',
      '[1,"a",null]',
      '{}',
      '[]',
      '{"a":1,"a":2}',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.json({ maxDepth: 2 }), fc.nat()).map(([j, n]) => j.slice(0, n % (j.length + 1))),
  },
);

/**
 * True when a mapping holds two keys of different YAML types with the same string form (`1` and
 * "1"): sigs.k8s.io/yaml then keeps one of them at random (Go map order), so such documents are
 * not comparable and are left out.
 */
export function hasKeyCollision(doc: string): boolean {
  let y: YValue | undefined;
  try {
    y = yamlV2Unmarshal(doc);
  } catch {
    return false;
  }
  // Two keys JSON cannot take (null, uint64) are met in random order too.
  let unsupported = 0;
  const walk = (v: YValue | undefined): boolean => {
    if (Array.isArray(v)) return v.some(walk);
    if (!(v instanceof YMap)) return false;
    const seen = new Set<string>();
    const names = [...v.entries.values()].map(({ key }) => (key instanceof YInt ? key.v.toString() : String(key)));
    if (!keyOrderWellDefined(names)) return true;
    for (const { key, value } of v.entries.values()) {
      if ((key === null || (key instanceof YInt && key.unsigned)) && ++unsupported > 1) return true;
      const k = key instanceof YInt ? key.v.toString() : String(key);
      if (seen.has(k)) return true;
      seen.add(k);
      if (walk(value)) return true;
    }
    return false;
  };
  return walk(y);
}

/**
 * False when go-yaml's key comparison is not a strict order on these keys (it can cycle, e.g. with
 * digit runs that overflow int64): Go's sort then yields an order that depends on map iteration.
 */
export function keyOrderWellDefined(keys: string[]): boolean {
  for (const flavor of ['v2', 'v3'] as const) {
    const sorted = naturalSort([...keys], flavor);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) if (naturalLess(sorted[j]!, sorted[i]!, flavor)) return false;
    }
  }
  return true;
}
