/**
 * The corpus conformance run: every chart of ../shared/charts/corpus.yaml with its default values
 * and each of its variants, rendered by real helm 3 and 4 and by helmless in the matching `--compat`
 * mode from the same command line; outputs compared byte for byte, except lines that differ between
 * two helm runs of the same input, which are compared by shape (see shape.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type CliRun, COMPATS, type Compat, inPool, runHelm, runHelmless } from './cli-runs.js';
import { compareByShape } from './shape.js';

/** ../shared/charts as seen from this repository. */
export const CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/charts');

/** One chart rendered with one set of values. */
export interface CorpusCase {
  chart: string;
  /** `default` or the variant's name from corpus.yaml. */
  variant: string;
  /** The chart archive. */
  file: string;
  /** Values files (`-f`), in order: the chart's requiredValues, then the variant's values. */
  values: Array<{ name: string; content: string }>;
  /** The chart's requiredArgs (e.g. `--namespace skyhook`). */
  args: string[];
}

interface CorpusEntry {
  name: string;
  file: string;
  requiredValues?: Record<string, unknown> | null;
  requiredArgs?: string[];
  variants?: Array<{ name: string; values?: Record<string, unknown> | null }>;
}

/** Every case of corpus.yaml in file order (each chart's default values first). */
export function corpusCases(dir = CORPUS_DIR): CorpusCase[] {
  const entries = parseYaml(readFileSync(join(dir, 'corpus.yaml'), 'utf8')) as CorpusEntry[];
  const cases: CorpusCase[] = [];
  for (const e of entries) {
    const required =
      e.requiredValues && Object.keys(e.requiredValues).length > 0
        ? [{ name: `${e.name}.required.yaml`, content: `${JSON.stringify(e.requiredValues, null, 2)}\n` }]
        : [];
    const base = { chart: e.name, file: join(dir, e.file), args: e.requiredArgs ?? [] };
    cases.push({ ...base, variant: 'default', values: required });
    for (const v of e.variants ?? []) {
      cases.push({
        ...base,
        variant: v.name,
        values: [
          ...required,
          { name: `${e.name}.${v.name}.yaml`, content: `${JSON.stringify(v.values ?? {}, null, 2)}\n` },
        ],
      });
    }
  }
  return cases;
}

/** Whether the corpus (corpus.yaml and its archives) is present. */
export function corpusAvailable(dir = CORPUS_DIR): boolean {
  return existsSync(join(dir, 'corpus.yaml'));
}

/** The `template` command line of a case (helm's; helmless adds `--compat`). */
export function templateArgs(c: CorpusCase): string[] {
  return ['template', 'test', c.file, ...c.values.flatMap((v) => ['-f', v.name]), ...c.args];
}

export type Verdict = 'identical' | 'shape' | 'differs';

/** The comparison of one case in one mode. */
export interface ModeResult {
  verdict: Verdict;
  /** Lines compared by shape only (random data). */
  shapeLines: number;
  /** Where and how helmless differs (verdict `differs`). */
  detail?: string;
  /** helm's exit status (non-zero: both were expected to fail identically). */
  helmCode: number;
  /** Helm runs made for this case (1, or 2 when the output had to be checked for random lines). */
  helmRuns: number;
}

export interface CaseResult {
  case: CorpusCase;
  modes: Record<Compat, ModeResult>;
}

function firstDifference(ours: string, helm: string): string {
  const o = ours.split('\n');
  const h = helm.split('\n');
  let i = 0;
  while (i < o.length && i < h.length && o[i] === h[i]) i++;
  const show = (s: string | undefined) => (s === undefined ? 'end of output' : JSON.stringify(s.slice(0, 160)));
  return `line ${i + 1}: helm ${show(h[i])}, helmless ${show(o[i])}`;
}

/** Compares helmless's run with helm's; asks for a second helm run when the outputs differ. */
async function judge(ours: CliRun, helm: CliRun, again: () => Promise<CliRun>): Promise<ModeResult> {
  const base = { shapeLines: 0, helmCode: helm.code, helmRuns: 1 };
  if (ours.code !== helm.code) {
    return {
      ...base,
      verdict: 'differs',
      detail: `exit ${ours.code}, helm exit ${helm.code}: ${firstDifference(ours.stderr, helm.stderr)}`,
    };
  }
  if (ours.stderr !== helm.stderr) {
    return { ...base, verdict: 'differs', detail: `stderr ${firstDifference(ours.stderr, helm.stderr)}` };
  }
  if (ours.stdout.equals(helm.stdout)) return { ...base, verdict: 'identical' };
  const second = await again();
  const oursText = ours.stdout.toString('utf8');
  const first = helm.stdout.toString('utf8');
  if (second.stdout.equals(helm.stdout) || second.code !== helm.code) {
    return { ...base, helmRuns: 2, verdict: 'differs', detail: `stdout ${firstDifference(oursText, first)}` };
  }
  const shape = compareByShape(oursText, first, second.stdout.toString('utf8'));
  if (shape.ok) return { ...base, helmRuns: 2, verdict: 'shape', shapeLines: shape.shapeLines };
  return { ...base, helmRuns: 2, verdict: 'differs', detail: `stdout line ${shape.line}: ${shape.problem}` };
}

export interface CorpusRunOptions {
  dir?: string;
  /** Helm processes at a time (default 2, the machine's cores). */
  concurrency?: number;
  /** Only these charts (by name). */
  charts?: string[];
  /** Called as each case/mode finishes (progress). */
  onResult?: (c: CorpusCase, compat: Compat, r: ModeResult) => void;
}

/** Renders every case in both modes with helm and helmless and compares them. */
export async function runCorpus(options: CorpusRunOptions = {}): Promise<CaseResult[]> {
  const cases = corpusCases(options.dir).filter((c) => !options.charts || options.charts.includes(c.chart));
  return runCases(cases, options);
}

/**
 * Renders the given cases in both modes with helm and helmless and compares them (values file names
 * must be unique across the cases: they share one working directory).
 */
export async function runCases(
  cases: readonly CorpusCase[],
  options: Pick<CorpusRunOptions, 'concurrency' | 'onResult'> = {},
): Promise<CaseResult[]> {
  const work = await mkdtemp(join(tmpdir(), 'helmless-corpus-'));
  try {
    for (const c of cases) for (const v of c.values) await writeFile(join(work, v.name), v.content);
    const jobs = cases.flatMap((c, i) => COMPATS.map((compat) => ({ c, i, compat })));
    const results = cases.map((c) => ({ case: c, modes: {} as Record<Compat, ModeResult> }));
    await inPool(jobs, options.concurrency ?? 2, async ({ c, i, compat }) => {
      const args = templateArgs(c);
      const helm = await runHelm(compat, args, { cwd: work });
      const ours = await runHelmless([...args, '--compat', compat], { cwd: work });
      const r = await judge(ours, helm, () => runHelm(compat, args, { cwd: work }));
      results[i]!.modes[compat] = r;
      options.onResult?.(c, compat, r);
    });
    return results;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function cell(r: ModeResult): string {
  const failed = r.helmCode !== 0 ? ' (both fail)' : '';
  if (r.verdict === 'identical') return `identical${failed}`;
  if (r.verdict === 'shape') return `identical, ${r.shapeLines} random lines by shape`;
  return 'DIFFERS';
}

/** The table (chart, variant, helm3, helm4), the differences in detail, and the totals. */
export function formatReport(results: readonly CaseResult[]): string {
  const rows = results.map((r) => [r.case.chart, r.case.variant, cell(r.modes.helm3), cell(r.modes.helm4)]);
  const header = ['chart', 'variant', 'helm3', 'helm4'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((x, i) => x.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const differing = results.flatMap((r) =>
    COMPATS.filter((c) => r.modes[c].verdict === 'differs').map(
      (c) => `  ${r.case.chart} / ${r.case.variant} (${c}): ${r.modes[c].detail}`,
    ),
  );
  if (differing.length > 0) out.push('', 'Differences:', ...differing);
  out.push('', totals(results));
  return `${out.join('\n')}\n`;
}

/** `N/M identical in helm3 mode, K/M identical in helm4 mode (…)`. */
export function totals(results: readonly CaseResult[]): string {
  const m = results.length;
  const parts = COMPATS.map((c) => {
    const same = results.filter((r) => r.modes[c].verdict !== 'differs').length;
    const shape = results.filter((r) => r.modes[c].verdict === 'shape').length;
    return `${same}/${m} identical in ${c} mode${shape > 0 ? ` (${shape} with random lines compared by shape)` : ''}`;
  });
  return parts.join(', ');
}
