/**
 * The differential driver: renders cases with helmless and with a real helm and reports every
 * difference.
 *
 * 1. Each case is first rendered alone by helmless's engine; if that fails, the case is an error
 *    case, otherwise a valid case (helm disagreeing either way is a mismatch).
 * 2. Valid cases are rendered in batches (one helm process per batch and chart form): the include
 *    chart compares each case's output bytes and helm's complete stdout with `helmless template`;
 *    the raw chart compares the untrimmed text of every file with helm's `--debug` dump. When helm
 *    fails on a batch, the case its error names is reported and the batch re-run without it.
 * 3. A sample of error cases is rendered one chart per case (a failing template aborts helm's whole
 *    render), a few helm processes at a time, comparing exit status, stdout and the complete stderr.
 */
import {
  caseInError,
  type EngineCase,
  ERROR_CHART,
  errorChart,
  INCLUDE_CHART,
  includeChart,
  RAW_CHART,
  rawChart,
  setArgs,
} from './charts.js';
import {
  type Compat,
  loadMemoryChart,
  parseDebugDump,
  pool,
  removeChart,
  renderRawChart,
  renderRawFiles,
  runHelm,
  runHelmless,
  trimRightSpace,
  writeChart,
} from './runners.js';

export type Mode = 'include' | 'raw' | 'stdout' | 'error' | 'classify';

export interface Mismatch {
  compat: Compat;
  mode: Mode;
  case?: EngineCase;
  ours: string;
  helm: string;
}

export interface Stats {
  compat: Compat;
  /** Cases rendered in batches and compared byte for byte. */
  valid: number;
  /** Cases helmless rejects. */
  errors: number;
  /** Error cases compared with helm (one chart each). */
  errorsCompared: number;
  /** Helm processes started. */
  helmRuns: number;
  /** The cases compared: rendered in batches, and error cases rendered one by one. */
  compared: { valid: EngineCase[]; errors: EngineCase[] };
  /** Milliseconds spent per phase. */
  ms: { classify: number; batches: number; errors: number };
}

export interface DriverOptions {
  batchSize: number;
  /** At most this many error cases are compared with helm. */
  errorSample: number;
  /** Helm processes at once for error cases. */
  errorConcurrency: number;
}

/**
 * Go prints a pointer inside a container (`.Capabilities` in `{{ . }}`) as its heap address, which
 * changes from run to run; helmless prints stable made-up ones. Such addresses are compared by shape.
 */
const GO_HEAP_ADDRESS = /0xc[0-9a-f]{8,10}(?![0-9a-f])/g;

function sameOutput(a: Buffer | string, b: Buffer | string): boolean {
  if (typeof a !== 'string' && typeof b !== 'string' && a.equals(b)) return true;
  const text = (x: Buffer | string) => (typeof x === 'string' ? x : x.toString('latin1'));
  return text(a).replace(GO_HEAP_ADDRESS, '0xc…') === text(b).replace(GO_HEAP_ADDRESS, '0xc…');
}

/** Text for a mismatch report: bytes as a JSON string (invalid UTF-8 shown as U+FFFD). */
function show(b: Buffer | string): string {
  return JSON.stringify(typeof b === 'string' ? b : b.toString('utf8'));
}

/** Renders one case alone with helmless's engine: '' when it renders, else the error text. */
export async function classify(c: EngineCase, compat: Compat): Promise<string> {
  try {
    const chart = await loadMemoryChart(errorChart(c), compat);
    renderRawChart(
      compat,
      ERROR_CHART,
      chart,
      setArgs([c]).filter((_, i) => i % 2 === 1),
    );
    return '';
  } catch (e) {
    return (e as Error).message || String(e);
  }
}

export async function runDifferential(
  cases: readonly EngineCase[],
  compat: Compat,
  options: DriverOptions,
): Promise<{ mismatches: Mismatch[]; stats: Stats }> {
  const mismatches: Mismatch[] = [];
  const stats: Stats = {
    compat,
    valid: 0,
    errors: 0,
    errorsCompared: 0,
    helmRuns: 0,
    compared: { valid: [], errors: [] },
    ms: { classify: 0, batches: 0, errors: 0 },
  };
  let t = performance.now();
  const valid: EngineCase[] = [];
  const failing: EngineCase[] = [];
  for (const c of cases) {
    if ((await classify(c, compat)) === '') valid.push(c);
    else failing.push(c);
  }
  stats.errors = failing.length;
  stats.ms.classify = performance.now() - t;
  t = performance.now();

  for (let i = 0; i < valid.length; i += options.batchSize) {
    const batch = valid.slice(i, i + options.batchSize);
    const inc = await includeBatch(batch, compat, mismatches, stats);
    const raw = await rawBatch(batch, compat, mismatches, stats);
    const both = batch.filter((c) => inc.has(c) && raw.has(c));
    stats.valid += both.length;
    stats.compared.valid.push(...both);
  }

  stats.ms.batches = performance.now() - t;
  t = performance.now();
  const sample = failing.slice(0, options.errorSample);
  stats.compared.errors = sample;
  await pool(sample, options.errorConcurrency, async (c) => {
    const m = await errorCase(c, compat);
    stats.helmRuns++;
    stats.errorsCompared++;
    if (m) mismatches.push(m);
  });
  stats.ms.errors = performance.now() - t;
  return { mismatches, stats };
}

/**
 * Runs `render` on a batch; when helm or helmless fails on a case of it, reports that case and
 * retries without it. Returns the cases that rendered in both.
 */
async function withoutFailures(
  batch: EngineCase[],
  compat: Compat,
  mode: Mode,
  mismatches: Mismatch[],
  render: (cases: EngineCase[]) => Promise<{ helmError?: string; oursError?: string }>,
): Promise<EngineCase[]> {
  let current = batch;
  for (let attempt = 0; attempt < 20 && current.length > 0; attempt++) {
    const r = await render(current);
    const error = r.helmError ?? r.oursError;
    if (error === undefined) return current;
    const idx = caseInError(error);
    // Both failed alike on one case (it fails only in this chart form, e.g. through .Template.Name):
    // an agreement, so just leave the case out.
    if (r.helmError === r.oursError && idx !== undefined && idx < current.length) {
      current = current.filter((_, i) => i !== idx);
      continue;
    }
    if (idx === undefined || idx >= current.length) {
      mismatches.push({
        compat,
        mode,
        ours: r.oursError ?? '(rendered)',
        helm: r.helmError ?? '(rendered)',
      });
      return [];
    }
    mismatches.push({
      compat,
      mode,
      case: current[idx],
      ours: r.oursError ? r.oursError : '(renders without error)',
      helm: r.helmError ? r.helmError : '(renders without error)',
    });
    current = current.filter((_, i) => i !== idx);
  }
  return current;
}

const B64_OUT = /# Source: hb\/templates\/c(\d+)\.yaml\n[\s\S]*?\n {2}out: "([A-Za-z0-9+/=]*)"/g;

/** The stdout with each case's encoded output decoded, addresses masked (see {@link sameOutput}). */
function outputShape(stdout: Buffer): string {
  return stdout
    .toString('latin1')
    .replace(B64_OUT, (all, _i: string, b64: string) =>
      all.replace(b64, Buffer.from(b64, 'base64').toString('latin1').replace(GO_HEAP_ADDRESS, '0xc…')),
    );
}

function caseOutputs(stdout: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (const m of stdout.toString('latin1').matchAll(B64_OUT)) out.set(Number(m[1]), Buffer.from(m[2]!, 'base64'));
  return out;
}

async function includeBatch(
  batch: EngineCase[],
  compat: Compat,
  mismatches: Mismatch[],
  stats: Stats,
): Promise<Set<EngineCase>> {
  const ok = await withoutFailures(batch, compat, 'include', mismatches, async (cases) => {
    const chart = await writeChart(INCLUDE_CHART, includeChart(cases));
    try {
      const args = setArgs(cases);
      const [helm, ours] = await Promise.all([
        runHelm(compat, INCLUDE_CHART, chart, args),
        runHelmless(compat, INCLUDE_CHART, chart, args),
      ]);
      stats.helmRuns++;
      if (helm.code !== 0 || ours.code !== 0) {
        return {
          helmError: helm.code !== 0 ? helm.stderr : undefined,
          oursError: ours.code !== 0 ? ours.stderr : undefined,
        };
      }
      const h = caseOutputs(helm.stdout);
      const o = caseOutputs(ours.stdout);
      let caseMismatch = false;
      cases.forEach((c, i) => {
        const hb = h.get(i);
        const ob = o.get(i);
        if (hb === undefined || ob === undefined || !sameOutput(hb, ob)) {
          caseMismatch = true;
          mismatches.push({
            compat,
            mode: 'include',
            case: c,
            ours: ob ? show(ob) : '(missing)',
            helm: hb ? show(hb) : '(missing)',
          });
        }
      });
      if (!caseMismatch && !helm.stdout.equals(ours.stdout) && outputShape(helm.stdout) !== outputShape(ours.stdout)) {
        mismatches.push({ compat, mode: 'stdout', ours: show(ours.stdout), helm: show(helm.stdout) });
      }
      return {};
    } finally {
      await removeChart(chart);
    }
  });
  return new Set(ok);
}

async function rawBatch(
  batch: EngineCase[],
  compat: Compat,
  mismatches: Mismatch[],
  stats: Stats,
): Promise<Set<EngineCase>> {
  const ok = await withoutFailures(batch, compat, 'raw', mismatches, async (cases) => {
    const chart = await writeChart(RAW_CHART, rawChart(cases));
    try {
      const set = setArgs(cases).filter((_, i) => i % 2 === 1);
      const helmRun = runHelm(compat, RAW_CHART, chart, [...setArgs(cases), '--debug']);
      let ours: Map<string, Buffer> | undefined;
      let oursError: string | undefined;
      try {
        ours = await renderRawFiles(compat, RAW_CHART, chart, set);
      } catch (e) {
        // Compared by first line: with --debug helm adds stack traces to stderr.
        oursError = `Error: ${(e as Error).message}`.split('\n')[0];
      }
      const helm = await helmRun;
      stats.helmRuns++;
      // The poison file makes helm fail with a YAML error after rendering everything.
      const errorLine = helm.stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? helm.stderr;
      const helmError = errorLine.startsWith('Error: YAML parse error on ') ? undefined : errorLine;
      if (helmError !== undefined || oursError !== undefined || !ours) return { helmError, oursError };
      const dump = parseDebugDump(helm.stdout, RAW_CHART);
      cases.forEach((c, i) => {
        const name = `${RAW_CHART}/templates/c${i}.txt`;
        const h = dump.files.get(name) ?? Buffer.alloc(0);
        let o = ours.get(name) ?? Buffer.alloc(0);
        // helm's dump leaves out files that are blank, and trims the end of the last one.
        if (!dump.files.has(name) && trimRightSpace(o).length === 0) o = Buffer.alloc(0);
        if (name === dump.last) o = trimRightSpace(o);
        if (!sameOutput(h, o)) mismatches.push({ compat, mode: 'raw', case: c, ours: show(o), helm: show(h) });
      });
      return {};
    } finally {
      await removeChart(chart);
    }
  });
  return new Set(ok);
}

async function errorCase(c: EngineCase, compat: Compat): Promise<Mismatch | undefined> {
  const chart = await writeChart(ERROR_CHART, errorChart(c));
  try {
    const args = setArgs([c]);
    const [helm, ours] = await Promise.all([
      runHelm(compat, ERROR_CHART, chart, args),
      runHelmless(compat, ERROR_CHART, chart, args),
    ]);
    if (helm.code === ours.code && sameOutput(helm.stderr, ours.stderr) && sameOutput(helm.stdout, ours.stdout)) {
      return undefined;
    }
    return {
      compat,
      mode: 'error',
      case: c,
      ours: `exit ${ours.code}, stderr ${show(ours.stderr)}${ours.stdout.length ? `, stdout ${show(ours.stdout)}` : ''}`,
      helm: `exit ${helm.code}, stderr ${show(helm.stderr)}${helm.stdout.length ? `, stdout ${show(helm.stdout)}` : ''}`,
    };
  } finally {
    await removeChart(chart);
  }
}
