/**
 * Grammar coverage of the compared cases: every feature the suite claims to exercise is a pattern
 * over the case texts, counted over the cases that were actually compared with helm, so a
 * generator change that silently stops producing a construct makes the test fail.
 */
import { type EngineCase, keyed } from './charts.js';

interface Feature {
  name: string;
  /** Matched against defines + body (or values text / `--set` for `on: 'values'`/`'set'`). */
  re: RegExp;
  on?: 'template' | 'values' | 'set';
  /** Valid only in helm 4 (Go ≥1.24). */
  helm4Only?: boolean;
}

const fn = (name: string): Feature => ({
  name: `function ${name}`,
  re: new RegExp(`(?:^|[\\s(|])${name}(?=[\\s)}|])`),
});

export const FEATURES: readonly Feature[] = [
  { name: 'left trim marker', re: /\{\{- / },
  { name: 'right trim marker', re: / -\}\}/ },
  { name: 'trim marker with tab/newline/CR', re: /\{\{-[\t\n\r]|[\t\n\r]-\}\}/ },
  { name: 'CR in text', re: /\r/ },
  { name: 'tab in text', re: /\t/ },
  { name: 'comment', re: /\{\{\/\*/ },
  { name: 'trimmed comment', re: /\{\{- \/\*|\*\/ -\}\}/ },
  { name: 'multi-line comment', re: /\/\*[^*]*\n[^*]*\*\// },
  { name: '{{-3}} is a number', re: /\{\{-\d/ },
  { name: 'action spanning lines', re: /\{\{[^}]*\n[^}]*\}\}/ },
  { name: 'string escape \\x', re: /"[^"\n]*\\x[0-9a-f]{2}/ },
  { name: 'string escape \\u/\\U', re: /"[^"\n]*\\[uU][0-9a-fA-F]{4}/ },
  { name: 'string escape octal', re: /"[^"\n]*\\[0-7]{3}/ },
  { name: 'raw string', re: /`[^`]*`/ },
  { name: 'multi-line raw string', re: /`[^`]*\n[^`]*`/ },
  { name: 'char constant', re: /'(?:\\.[^']*|[^'\\])'/ },
  { name: 'hex int', re: /(?<![\w.])[-+]?0[xX][0-9a-fA-F_]+(?![\w.pP])/ },
  { name: 'octal 0o int', re: /(?<![\w.])0[oO][0-7_]+/ },
  { name: 'legacy octal int', re: /(?<![\w.])0[0-7]+(?![\w.])/ },
  { name: 'binary int', re: /(?<![\w.])0[bB][01_]+/ },
  { name: 'digit underscores', re: /\d_\d/ },
  { name: 'signed literal', re: /[\s(][-+]\d/ },
  { name: 'float with exponent', re: /\d[eE][-+]?\d/ },
  { name: 'hex float', re: /0[xX][0-9a-fA-F.]*[pP]/ },
  { name: 'float .5 / 1.', re: /[\s(]\.\d|\d\.(?![\d\w])/ },
  { name: 'complex', re: /\di\b/ },
  { name: 'int64 limits', re: /922337203685477580[78]/ },
  { name: 'nil', re: /\bnil\b/ },
  { name: 'bool literal', re: /[\s(](?:true|false)[\s)]/ },
  { name: 'field chain on dot', re: /[\s(]\.\w+\.\w+/ },
  { name: '$ field chain', re: /\$\.\w/ },
  { name: 'variable field chain', re: /\$[\p{L}_][\p{L}\p{Nd}_]*\.[\p{L}_]/u },
  { name: 'field on parenthesised pipeline', re: /\)\.[\p{L}_]/u },
  { name: 'missing key', re: /\.(?:nothere|zz|missing|Nope)\b/ },
  { name: 'if', re: /\{\{-?\s*if\s/ },
  { name: 'else if', re: /else\s+if\s/ },
  { name: 'else', re: /\{\{-?\s*else\s*-?\}\}/ },
  { name: 'with', re: /\{\{-?\s*with\s/ },
  { name: 'else with', re: /else\s+with\s/ },
  { name: 'if/with declaring a variable', re: /(?:if|with)\s+\$\S+\s*:=/ },
  { name: 'range', re: /\{\{-?\s*range\s/ },
  { name: 'range with one variable', re: /range\s+\$[^\s,]+\s*:=/ },
  { name: 'range with two variables', re: /range\s+\$[^\s,]+\s*,\s*\$/ },
  { name: 'nested range', re: /range[\s\S]*?range[\s\S]*?end[\s\S]*?end/ },
  { name: 'range over a map', re: /range[^}]*(?:dict|\.m\b|\.deep\b|\.Release\b)/ },
  {
    name: 'range over int',
    re: /range\s+(?:\$\S+\s*:=\s*)?(?:[0-3]\s*-?\}\}|0x2|0b11|0o2|02|-2|int64 3|len)/,
    helm4Only: true,
  },
  { name: 'break', re: /\{\{-?\s*break\s*-?\}\}/ },
  { name: 'continue', re: /\{\{-?\s*continue\s*-?\}\}/ },
  { name: 'declare :=', re: /\$[\p{L}\p{Nd}_]+\s*:=/u },
  { name: 'assign =', re: /\$[\p{L}\p{Nd}_]+\s*=[^=]/u },
  { name: 'define', re: /define "/ },
  { name: 'template', re: /\{\{-?\s*template\s/ },
  { name: 'block', re: /\{\{-?\s*block\s/ },
  { name: 'include', re: /include [`"]/ },
  { name: 'tpl', re: /tpl "/ },
  { name: 'pipeline', re: /\|\s*\w/ },
  ...[
    'and',
    'or',
    'not',
    'len',
    'index',
    'slice',
    'eq',
    'ne',
    'lt',
    'le',
    'gt',
    'ge',
    'print',
    'printf',
    'println',
    'html',
    'js',
    'urlquery',
  ].map(fn),
  ...['default', 'quote', 'toYaml', 'toJson', 'list', 'dict', 'add', 'upper', 'keys', 'int64', 'ternary', 'empty'].map(
    fn,
  ),
  { name: 'printf flags', re: /%[-+# 0]+\*?\d*(?:\.\d*)?[a-zA-Z]/ },
  { name: 'printf width and precision', re: /%[-+# 0]*\d+\.\d+[a-zA-Z]/ },
  { name: 'printf * width', re: /%[-+# 0]*\*/ },
  { name: 'printf %T', re: /%T/ },
  { name: 'printf %q/%x/%e', re: /%[-+# 0]*\d*(?:\.\d*)?[qxXeEgG]/ },
  { name: 'printf bad verb', re: /%[-+# 0]*\d*(?:\.\d*)?[zwy!i]/ },
  { name: 'printf argument index', re: /%[^%"]*\[\d\]/ },
  { name: 'values.yaml float', re: /:\s[-+]?\.?\d/, on: 'values' },
  { name: 'values.yaml string', re: /:\s"/, on: 'values' },
  { name: 'values.yaml YAML 1.1 bool', re: /:\s(?:yes|no|on|Off|True|FALSE)\n/, on: 'values' },
  { name: 'values.yaml null', re: /:\s(?:null|~)?\n/, on: 'values' },
  { name: 'values.yaml list', re: /:\n\s*- |: \[/, on: 'values' },
  { name: 'values.yaml map', re: /:\n\s+\w[\w-]*:|: \{/, on: 'values' },
  { name: '--set int64', re: /=-?\d+(?:,|$)/, on: 'set' },
  { name: '--set string', re: /=[a-zA-Z.][^,]*(?:,|$)/, on: 'set' },
  { name: '--set list', re: /=\{/, on: 'set' },
];

function text(c: EngineCase, on: Feature['on']): string {
  if (on === 'values') return c.values;
  if (on === 'set') return c.set.join(',');
  return keyed(c.defs + c.body, 'c0');
}

/**
 * Counts each feature over the compared cases; `missing` lists the features no case that rendered
 * without error contains.
 */
export function coverage(
  valid: readonly EngineCase[],
  errors: readonly EngineCase[],
  compat: 'helm3' | 'helm4',
): { counts: Map<string, number>; missing: string[] } {
  const counts = new Map<string, number>();
  const missing: string[] = [];
  for (const f of FEATURES) {
    const n = valid.filter((c) => f.re.test(text(c, f.on))).length;
    const inErrors = errors.filter((c) => f.re.test(text(c, f.on))).length;
    counts.set(f.name, n + inErrors);
    // helm 3 rejects what is valid only in helm 4.
    if (n === 0 && !(f.helm4Only && compat === 'helm3')) missing.push(f.name);
  }
  return { counts, missing };
}
