/**
 * Generated chart values for one conformance case: a small tree of every Go type helm produces.
 * Part of it is written to values.yaml (numbers become float64; YAML 1.1 spellings such as `yes`
 * and `0x10`), part is passed with `--set` (integers become int64, `1.5` stays a string). The
 * template generator reads the same tree to know which paths exist and what type each one has.
 */
import type { Choices } from './choices.js';

export type VNode =
  | { t: 'float'; text: string }
  | { t: 'int64'; text: string }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean; text: string }
  | { t: 'null'; text: string }
  | { t: 'list'; items: VNode[]; flow: boolean }
  | { t: 'map'; entries: [string, VNode][]; flow: boolean };

/** The values of one case: entries from values.yaml and entries from `--set`, with disjoint keys. */
export interface CaseValues {
  yaml: [string, VNode][];
  set: [string, VNode][];
}

/** Keys a case's values use (the template generator also asks for some that never exist). */
export const VALUE_KEYS = ['a', 'b', 'c', 'n', 's', 'l', 'm', 'on2', 'x1', '_u', 'Z', 'my-key', 'deep'] as const;

const FLOAT_TEXTS = [
  '0',
  '1',
  '3',
  '-2',
  '8080',
  '999999',
  '1000000',
  '1234567',
  '1.5',
  '0.1',
  '1e3',
  '1.0',
  '0.0001',
  '0.00001',
  '1e21',
  '1e20',
  '2147483648',
  '9007199254740993',
  '12345678901234567890',
  '0x10',
  '010',
  '0o10',
  '1_000',
  '+12',
  '.5',
  '5.',
  '-0',
  '3.14159',
  '-1234567.5',
  '1.5e6',
  '0.30000000000000004',
  '100',
];

const STRINGS = [
  'hello',
  'a b',
  '',
  'é',
  '日本',
  'x\ny',
  'true',
  '1.5',
  '010',
  '<a&b>',
  "it's",
  'tab\there',
  'a<no value>b',
  '%d%%',
  'a\\b',
  '{{ print 1 }}',
  'UPPER',
  ' padded ',
  '-',
  '😀',
  'b',
  'a',
  'null',
  'key: v',
  'a,b',
  'ß',
];

const BOOL_TEXTS: [string, boolean][] = [
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['on', true],
  ['Off', false],
  ['True', true],
  ['FALSE', false],
];

const NULL_TEXTS = ['null', '~', ''];

const SET_INTS = [
  '0',
  '1',
  '-5',
  '3',
  '42',
  '1000000',
  '9007199254740993',
  '9223372036854775807',
  '-9223372036854775808',
];
const SET_STRINGS = ['abc', '1.5', '010', 'yes', 'hello world', 'x.y', 'Q'];

function scalar(c: Choices): VNode {
  switch (c.int(6)) {
    case 0:
      return { t: 'str', v: c.pick(STRINGS) };
    case 1:
    case 2:
      return { t: 'float', text: c.pick(FLOAT_TEXTS) };
    case 3: {
      const [text, v] = c.pick(BOOL_TEXTS);
      return { t: 'bool', v, text };
    }
    case 4:
      return { t: 'null', text: c.pick(NULL_TEXTS) };
    default:
      return { t: 'str', v: c.pick(STRINGS) };
  }
}

function yamlNode(c: Choices, depth: number): VNode {
  const k = depth >= 2 ? 0 : c.int(5);
  if (k === 3) {
    const n = c.int(5);
    const homogeneous = c.chance(0.5);
    const first = scalar(c);
    const items: VNode[] = [];
    for (let i = 0; i < n; i++)
      items.push(homogeneous && first.t !== 'null' ? sameKind(c, first) : yamlNode(c, depth + 1));
    return { t: 'list', items, flow: c.chance(0.3) };
  }
  if (k === 4) return { t: 'map', entries: mapEntries(c, depth + 1, 4), flow: c.chance(0.2) };
  return scalar(c);
}

function sameKind(c: Choices, like: VNode): VNode {
  switch (like.t) {
    case 'float':
      return { t: 'float', text: c.pick(FLOAT_TEXTS) };
    case 'bool': {
      const [text, v] = c.pick(BOOL_TEXTS);
      return { t: 'bool', v, text };
    }
    default:
      return { t: 'str', v: c.pick(STRINGS) };
  }
}

function mapEntries(c: Choices, depth: number, max: number): [string, VNode][] {
  const n = c.int(max + 1);
  const out: [string, VNode][] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const key = c.pick(VALUE_KEYS);
    if (used.has(key)) continue;
    used.add(key);
    out.push([key, yamlNode(c, depth)]);
  }
  return out;
}

function setNode(c: Choices): VNode {
  switch (c.int(6)) {
    case 0:
    case 1:
      return { t: 'int64', text: c.pick(SET_INTS) };
    case 2:
      return { t: 'str', v: c.pick(SET_STRINGS) };
    case 3:
      return { t: 'bool', v: c.chance(0.5), text: '' };
    case 4: {
      const n = 1 + c.int(3);
      const items: VNode[] = [];
      const ints = c.chance(0.6);
      for (let i = 0; i < n; i++) {
        items.push(
          ints ? { t: 'int64', text: c.pick(SET_INTS.slice(0, 6)) } : { t: 'str', v: c.pick(['a', 'b', 'zz']) },
        );
      }
      return { t: 'list', items, flow: true };
    }
    default:
      return { t: 'int64', text: c.pick(SET_INTS) };
  }
}

/** Generates the values of one case. */
export function genValues(c: Choices): CaseValues {
  const yaml = mapEntries(c, 0, 6);
  const set: [string, VNode][] = [];
  const used = new Set(yaml.map(([k]) => k));
  const nSet = c.int(4);
  for (let i = 0; i < nSet; i++) {
    const key = c.pick(['n', 'k', 'i', 'sv', 'big', 'sl', 'flag']);
    if (used.has(key)) continue;
    used.add(key);
    set.push([key, setNode(c)]);
  }
  return { yaml, set };
}

/** The merged tree the template sees as `.Values.<case>`. */
export function mergedEntries(v: CaseValues): [string, VNode][] {
  return [...v.yaml, ...v.set];
}

// ----- writing --------------------------------------------------------------------------------

const YAML_WORDS = /^(y|yes|n|no|on|off|true|false|null|~)$/i;

function yamlString(s: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_ .-]*[A-Za-z0-9_.]$|^[A-Za-z_]$/.test(s) && !YAML_WORDS.test(s)) return s;
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(s);
}

function flowScalar(n: VNode): string {
  switch (n.t) {
    case 'float':
      return n.text;
    case 'int64':
      return n.text;
    case 'str':
      return JSON.stringify(n.v);
    case 'bool':
      return n.text || String(n.v);
    case 'null':
      return n.text === '' ? 'null' : n.text;
    case 'list':
      return `[${n.items.map(flowScalar).join(', ')}]`;
    case 'map':
      return `{${n.entries.map(([k, v]) => `${k}: ${flowScalar(v)}`).join(', ')}}`;
  }
}

function writeNode(n: VNode, indent: string): string {
  switch (n.t) {
    case 'list':
      if (n.items.length === 0 || n.flow) return ` ${flowScalar(n)}\n`;
      return `\n${n.items.map((it) => `${indent}-${writeItem(it, `${indent}  `)}`).join('')}`;
    case 'map':
      if (n.entries.length === 0 || n.flow) return ` ${flowScalar(n)}\n`;
      return `\n${n.entries.map(([k, v]) => `${indent}${k}:${writeNode(v, `${indent}  `)}`).join('')}`;
    case 'str':
      return ` ${yamlString(n.v)}\n`;
    case 'null':
      return n.text === '' ? '\n' : ` ${n.text}\n`;
    default:
      return ` ${flowScalar(n)}\n`;
  }
}

function writeItem(n: VNode, indent: string): string {
  if (n.t === 'map' && n.entries.length > 0 && !n.flow) {
    const [first, ...rest] = n.entries;
    return ` ${first![0]}:${writeNode(first![1], `${indent}  `)}${rest.map(([k, v]) => `${indent}${k}:${writeNode(v, `${indent}  `)}`).join('')}`;
  }
  if (n.t === 'list' && n.items.length > 0 && !n.flow) return ` ${flowScalar(n)}\n`;
  return writeNode(n, indent);
}

/** The values.yaml text of a case (to be placed under the case key), or '' when it has none. */
export function valuesYaml(v: CaseValues): string {
  return v.yaml.map(([k, n]) => `${k}:${writeNode(n, '  ')}`).join('');
}

function setScalar(n: VNode): string {
  switch (n.t) {
    case 'int64':
      return n.text;
    case 'str':
      return n.v;
    case 'bool':
      return String(n.v);
    case 'list':
      return `{${n.items.map(setScalar).join(',')}}`;
    default:
      return 'null';
  }
}

/** The `--set` assignments of a case, relative to the case key (`k=v`). */
export function setAssignments(v: CaseValues): string[] {
  return v.set.map(([k, n]) => `${k}=${setScalar(n)}`);
}
