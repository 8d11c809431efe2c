/**
 * Differential testing of Sprig functions: the same template text is rendered by helmless
 * (renderTemplateString with the functions under test) and by real helm, and the outputs compared.
 *
 * Cases that helmless renders without error go to one helm-batch chart per batch (exact output
 * bytes); cases where helmless reports an error go to helm-render's line runner, which records the
 * error helm reports for each line. A case whose outcome differs shows up as a mismatch either way.
 */
import fc from 'fast-check';
import { ExecError, type FuncDef, renderTemplateString } from '../../src/gotemplate/index.js';
import { dictFunctions } from '../../src/sprig/dicts.js';
import { encodingFunctions } from '../../src/sprig/encoding.js';
import { listFunctions } from '../../src/sprig/lists.js';
import { pathFunctions } from '../../src/sprig/paths.js';
import { regexFunctions } from '../../src/sprig/regex.js';
import { urlFunctions } from '../../src/sprig/urls.js';
import { helmAvailable, type LineResult, renderLines } from '../support/helm-render.js';

/** Helm processes run at once for cases expected to fail. */
const ERROR_CONCURRENCY = 4;

export type Compat = 'helm3' | 'helm4';
export type Outcome = { ok: true; text: string } | { ok: false; error: string };

/** The functions under test (plus nothing else: templates use only these and Go builtins). */
export const FUNCS: Record<string, FuncDef> = {
  ...listFunctions,
  ...dictFunctions,
  ...regexFunctions,
  ...encodingFunctions,
  ...pathFunctions,
  ...urlFunctions,
};

export const HELM_READY = helmAvailable();
export const SKIP_REASON = 'helm binaries missing: run `node scripts/setup-helm.mjs` for differential tests';

/** `error calling X: msg` → `msg`; other execution errors → the text after `at <…>: `. */
function errorPart(detail: string): string {
  const m = /error calling \w+: ([\s\S]*)$/.exec(detail);
  if (m) return m[1]!;
  const at = detail.lastIndexOf('>: ');
  return at >= 0 ? detail.slice(at + 3) : detail;
}

/** Renders one template with helmless. */
export function ours(template: string, compat: Compat, funcs: Record<string, FuncDef> = FUNCS): Outcome {
  try {
    return { ok: true, text: renderTemplateString(template, { funcs, compat, name: 't' }) };
  } catch (e) {
    if (e instanceof ExecError) return { ok: false, error: errorPart(e.detail) };
    return { ok: false, error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** A mismatch between helmless and helm for one template. */
export interface Mismatch {
  template: string;
  ours: Outcome;
  helm: Outcome;
}

/**
 * Renders every template with helmless and with helm (one compat mode) and returns the mismatches.
 * Each template must print a single line (wrap values in `printf "%q"`); every case that fails in
 * helm costs one more helm run, so keep error cases in small batches.
 */
export async function differential(
  templates: string[],
  compat: Compat,
  funcs: Record<string, FuncDef> = FUNCS,
): Promise<Mismatch[]> {
  const mine = templates.map((t) => ours(t, compat, funcs));
  // helm stops at the first failing line, so each expected failure costs a helm run: run those one
  // per process, a few processes at a time, and everything else in one batch.
  const okIdx = mine.flatMap((o, i) => (o.ok ? [i] : []));
  const errIdx = mine.flatMap((o, i) => (o.ok ? [] : [i]));
  const lines: LineResult[] = new Array(templates.length);
  const batch =
    okIdx.length > 0
      ? await renderLines(
          compat,
          okIdx.map((i) => templates[i]!),
        )
      : [];
  okIdx.forEach((i, k) => {
    lines[i] = batch[k]!;
  });
  for (let k = 0; k < errIdx.length; k += ERROR_CONCURRENCY) {
    const group = errIdx.slice(k, k + ERROR_CONCURRENCY);
    const results = await Promise.all(group.map((i) => renderLines(compat, [templates[i]!])));
    group.forEach((i, j) => {
      lines[i] = results[j]![0]!;
    });
  }
  const mismatches: Mismatch[] = [];
  templates.forEach((t, i) => {
    const a = mine[i]!;
    const l = lines[i]!;
    const b: Outcome = l.ok ? l : { ok: false, error: errorPart(l.error) };
    const same = a.ok && b.ok ? a.text === b.text : !a.ok && !b.ok ? a.error === b.error : false;
    if (!same) mismatches.push({ template: t, ours: a, helm: b });
  });
  return mismatches;
}

/** Formats mismatches for an assertion message. */
export function describeMismatches(ms: Mismatch[], limit = 15): string {
  return ms
    .slice(0, limit)
    .map((m) => `${m.template}\n  ours: ${JSON.stringify(m.ours)}\n  helm: ${JSON.stringify(m.helm)}`)
    .join('\n');
}

/**
 * Samples `n` values of an arbitrary with a fixed seed (reproducible batches). DIFF_SEED_OFFSET
 * shifts every seed, to explore other samples (a mismatch found that way reproduces with the same offset).
 */
export function sample<T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] {
  return fc.sample(arb, { numRuns: n, seed: seed + Number(process.env.DIFF_SEED_OFFSET ?? 0) });
}

// ----- literal generators -----------------------------------------------------------------------

/** A Go double-quoted string literal for a Go string (escaped raw bytes become \xNN). */
export function goStringLit(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (c >= 0xdc80 && c <= 0xdcff) out += `\\x${(c - 0xdc00).toString(16).padStart(2, '0')}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A template literal for a float64 (always with `.` or an exponent so Go types it float64). */
export function floatLit(f: number): string {
  if (Object.is(f, -0)) return '-0.0';
  const s = String(f);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const SPECIAL_STRINGS = [
  '',
  'a',
  'b',
  'A',
  '1',
  '1.0',
  'true',
  'null',
  '~',
  'é',
  '日本',
  'a b',
  'x\ny',
  '<a&b>',
  '- a',
  '#',
  ':',
  '\u00e9\u0301',
  '\udc80',
  'a\udcffb',
  '😀',
  '$1',
  '{{',
];

/** Strings: short unicode text, YAML-special text and non-UTF-8 bytes. */
export const goStringArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SPECIAL_STRINGS),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.stringMatching(/^[ab1é_ .-]{0,4}$/),
);

/** Template text for a Go value expression (scalars, lists and dicts nested up to depth 3). */
export const valueExprArb: fc.Arbitrary<string> = fc.letrec<{ value: string; scalar: string }>((tie) => ({
  scalar: fc.oneof(
    goStringArb.map(goStringLit),
    fc.integer({ min: -3, max: 3 }).map(String),
    fc.integer().map(String),
    fc.constantFrom('0.0', '1.0', '1.5', '-2.5', '1e+21', '1e-07', '-0.0'),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(floatLit),
    fc.constantFrom('true', 'false', 'nil'),
  ),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('scalar'),
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `(list${xs.map((x) => ` ${x}`).join('')})`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'k', 'é', ''), tie('value')), { maxLength: 3 })
      .map((kv) => `(dict${kv.map(([k, v]) => ` "${k}" ${v}`).join('')})`),
  ),
})).value;

/** A list expression whose elements are arbitrary values. */
export const listExprArb: fc.Arbitrary<string> = fc
  .array(fc.oneof(valueExprArb, fc.constantFrom('1', '1.0', '"1"', 'nil', '"a"')), { maxLength: 6 })
  .map((xs) => `(list${xs.map((x) => ` ${x}`).join('')})`);

/** A dict expression with keys from a small pool (so merges overlap). */
export const dictExprArb: fc.Arbitrary<string> = fc.letrec<{ dict: string; v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('""', '0', '1', '0.0', '2.5', 'false', 'true', 'nil', '"x"', '(list)', '(list 1)', '(dict)'),
    tie('dict'),
  ),
  dict: fc
    .array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'n'), tie('v')), { maxLength: 4 })
    .map((kv) => `(dict${kv.map(([k, v]) => ` "${k}" ${v}`).join('')})`),
})).dict;
