/**
 * Differential testing of template expressions: the SAME template text is rendered by real helm
 * (helm3 and helm4) and by helmless, and each expression's result type (`typeOf`) and exact bytes
 * (`toString | b64enc`) or its error text are compared.
 *
 * One chart holds a whole batch (one template line per expression, values in values.yaml), so a
 * batch costs one helm process. An execution error aborts a render: the failing line is recorded
 * and the rest rendered again, so keep erroring expressions few and in batches of their own
 * ({@link splitByOutcome} sorts them out using helmless's own outcome).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bytesToString, stringToBytes } from '../../../src/gotemplate/gostring.js';
import { renderTemplateString } from '../../../src/gotemplate/index.js';
import { type GoValue, goInt64 } from '../../../src/gotemplate/value.js';
import { FUNCS, goValue } from './render.js';

export const HELMS = {
  helm3: resolve(import.meta.dirname, '../../../.helm/helm3'),
  helm4: resolve(import.meta.dirname, '../../../.helm/helm4'),
} as const;
export type HelmName = keyof typeof HELMS;

export function helmsAvailable(): boolean {
  return existsSync(HELMS.helm3) && existsSync(HELMS.helm4);
}

/** One expression's outcome: its Go type name and exact output bytes (as a Go string), or its error. */
export type Outcome = { ok: true; type: string; text: string } | { ok: false; error: string };

/** A batch of expressions sharing one values.yaml. */
export class Batch {
  readonly exprs: string[] = [];
  readonly values: Record<string, unknown> = {};
  /** `--set` int64 values: name → value. */
  readonly ints: Record<string, bigint> = {};
  private n = 0;

  /** Stores a JSON value in values.yaml and returns the template text that reads it. */
  value(v: unknown): string {
    const key = `v${this.n++}`;
    this.values[key] = v;
    return `.Values.${key}`;
  }

  /** Stores an int64 (passed with `--set`) and returns the template text that reads it. */
  int64(v: bigint): string {
    const key = `i${this.n++}`;
    this.ints[key] = v;
    return `.Values.${key}`;
  }

  add(expr: string): void {
    this.exprs.push(expr);
  }

  /** A copy holding only some expressions (values are shared; unused ones are harmless). */
  subset(indexes: number[]): Batch {
    const b = new Batch();
    Object.assign(b.values, this.values);
    Object.assign(b.ints, this.ints);
    b.n = this.n;
    for (const i of indexes) b.exprs.push(this.exprs[i]!);
    return b;
  }
}

const LINE_PREFIX = '  [';

function templateText(exprs: readonly string[]): string {
  const lines = exprs.map((e) => `${LINE_PREFIX}{{ $r := (${e}) }}{{ typeOf $r }}|{{ toString $r | b64enc }}]`);
  return `r: |\n${lines.join('\n')}\n`;
}

function parseLine(line: string): Outcome {
  const body = line.slice(LINE_PREFIX.length, -1);
  const bar = body.lastIndexOf('|');
  return {
    ok: true,
    type: body.slice(0, bar),
    text: bytesToString(Buffer.from(body.slice(bar + 1), 'base64')),
  };
}

const TEMPLATE_NAME = 'x/templates/t.yaml';

/**
 * The message part of an execution error: what follows `executing "…" at <…>:`. helm 4 prints some
 * errors over several lines (`at <3>:` then the message indented on the next line).
 */
function errorMessage(text: string): string {
  const m = /executing "[^"\n]*" at <[^\n]*?>:(?: |\n\s*)([^\n]*)/.exec(text);
  return m ? m[1]! : (text.split('\n').find((l) => l.includes('t.yaml:')) ?? text);
}

function errorLine(text: string): number | undefined {
  const m = /t\.yaml:(\d+):\d+/.exec(text);
  return m ? Number(m[1]) : undefined;
}

type Renderer = (text: string) => Promise<{ out: string } | { error: string }>;

/** Renders every expression, re-rendering without a failing line until the rest succeeds. */
async function renderAll(exprs: readonly string[], render: Renderer): Promise<Outcome[]> {
  const results = new Map<number, Outcome>();
  let pending = exprs.map((_, i) => i);
  while (pending.length > 0) {
    const r = await render(templateText(pending.map((i) => exprs[i]!)));
    if ('out' in r) {
      const lines = r.out.split('\n').filter((l) => l.startsWith(LINE_PREFIX));
      if (lines.length !== pending.length) throw new Error(`expected ${pending.length} lines, got ${lines.length}`);
      pending.forEach((idx, k) => {
        results.set(idx, parseLine(lines[k]!));
      });
      break;
    }
    const line = errorLine(r.error);
    const idx = line === undefined ? undefined : pending[line - 2];
    if (idx === undefined) throw new Error(`render failed outside the expressions: ${r.error}`);
    results.set(idx, { ok: false, error: errorMessage(r.error) });
    pending = pending.filter((i) => i !== idx);
  }
  return exprs.map((_, i) => results.get(i)!);
}

function yamlValues(b: Batch): string {
  // JSON is YAML, and helm loads every number in it as float64 like JSON.parse does here. Characters
  // that YAML 1.1 treats as line breaks (NEL, LS, PS) or forbids (C1 controls, BOM, non-characters)
  // are written as escapes so that the string reaches the template unchanged.
  const json = JSON.stringify(b.values).replace(
    /[\u0080-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${json}\n`;
}

function runHelm(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ out: string } | { error: string }> {
  return new Promise((res) => {
    const options = {
      env,
      maxBuffer: 1 << 30,
      encoding: 'utf8' as const,
      timeout: 120_000,
      killSignal: 'SIGKILL' as const,
    };
    execFile(bin, args, options, (err, stdout, stderr) => {
      if (err) res({ error: stderr || err.message });
      else res({ out: stdout });
    });
  });
}

/** Renders a batch with a real helm binary. */
export async function helmOutcomes(helm: HelmName, b: Batch): Promise<Outcome[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sprig-diff-'));
  const chart = join(dir, 'x');
  try {
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: x\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), yamlValues(b));
    const set = Object.entries(b.ints).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      TZ: 'UTC',
      HELM_CACHE_HOME: join(dir, 'cache'),
      HELM_CONFIG_HOME: join(dir, 'config'),
      HELM_DATA_HOME: join(dir, 'data'),
    };
    return await renderAll(b.exprs, async (text) => {
      await writeFile(join(chart, 'templates', 't.yaml'), text);
      return runHelm(HELMS[helm], ['template', 'x', chart, ...set], env);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Renders each expression of a batch in its own helm run, a few at a time: faster than re-rendering
 * a batch once per failing line when most expressions fail.
 */
export async function helmOutcomesEach(helm: HelmName, b: Batch, concurrency = 4): Promise<Outcome[]> {
  const out = new Array<Outcome>(b.exprs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < b.exprs.length) {
      const i = next++;
      out[i] = (await helmOutcomes(helm, b.subset([i])))[0]!;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

function helmlessData(b: Batch): GoValue {
  const values = goValue(JSON.parse(JSON.stringify(b.values))) as Map<string, GoValue>;
  for (const [k, v] of Object.entries(b.ints)) values.set(k, goInt64(v));
  return new Map<string, GoValue>([['Values', values]]);
}

/** Renders a batch with helmless. */
export function helmlessOutcomes(b: Batch): Promise<Outcome[]> {
  const data = helmlessData(b);
  return renderAll(b.exprs, async (text) => {
    try {
      return { out: renderTemplateString(text, { data, funcs: FUNCS, name: TEMPLATE_NAME }) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
}

/**
 * Splits a batch into the expressions helmless renders and those it reports an error for. Those
 * stopped by helmless's allocation limits are dropped: Go would try to build them and exhaust memory.
 */
export async function splitByOutcome(b: Batch): Promise<{ ok: Batch; errors: Batch; limited: number }> {
  const outcomes = await helmlessOutcomes(b);
  const ok: number[] = [];
  const errors: number[] = [];
  let limited = 0;
  outcomes.forEach((o, i) => {
    if (o.ok) ok.push(i);
    else if (o.error.includes('exceeds the limit')) limited++;
    else errors.push(i);
  });
  return { ok: b.subset(ok), errors: b.subset(errors), limited };
}

function show(o: Outcome): string {
  if (!o.ok) return `error: ${o.error}`;
  return `${o.type} ${JSON.stringify(o.text)} (${Buffer.from(stringToBytes(o.text)).toString('hex')})`;
}

/**
 * Renders a batch with helmless and with both helm binaries; returns one line per difference
 * (empty when helmless matches both).
 */
export async function differences(b: Batch, mostlyErrors = false): Promise<string[]> {
  const helm = mostlyErrors ? helmOutcomesEach : helmOutcomes;
  const [mine, h3, h4] = await Promise.all([helmlessOutcomes(b), helm('helm3', b), helm('helm4', b)]);
  const diffs: string[] = [];
  b.exprs.forEach((e, i) => {
    for (const [name, theirs] of [
      ['helm3', h3[i]!],
      ['helm4', h4[i]!],
    ] as const) {
      if (show(theirs) !== show(mine[i]!))
        diffs.push(`${e}\n    ${name}:     ${show(theirs)}\n    helmless:  ${show(mine[i]!)}`);
    }
  });
  return diffs;
}
