/**
 * Renderers of the conformance charts: the real helm binaries (one process per chart) and helmless
 * in-process, both through the CLI code path (`templateCommand`, exactly what `helmless template`
 * prints) and through the engine alone (the raw text of every rendered file, like helm's `--debug`
 * dump).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { templateCommand } from '../../src/cli/template.js';
import { bytesToString, encodeOutput } from '../../src/gotemplate/gostring.js';
import type { Chart } from '../../src/helm/chart.js';
import { coalesceValues } from '../../src/helm/coalesce.js';
import { renderTemplates } from '../../src/helm/engine.js';
import { loadChart, loadFiles } from '../../src/helm/load.js';
import type { Compat } from '../../src/helm/objects.js';
import { releaseObject } from '../../src/helm/objects.js';
import { buildCapabilities } from '../../src/helm/render.js';
import { mergeValueSources } from '../../src/helm/strvals.js';
import { helmFuncMap } from '../../src/sprig/index.js';
import type { ChartFiles } from './charts.js';

export type { Compat };

export const HELM: Record<Compat, string> = {
  helm3: resolve(import.meta.dirname, '../../.helm/helm3'),
  helm4: resolve(import.meta.dirname, '../../.helm/helm4'),
};

/** Which helm binaries are missing (tests skip with this list). */
export function missingHelm(): string[] {
  return (Object.keys(HELM) as Compat[]).filter((k) => !existsSync(HELM[k])).map((k) => HELM[k]);
}

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Writes a chart under a fresh temporary directory; returns the chart path. */
export async function writeChart(name: string, files: ChartFiles): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'helmless-conf-'));
  const chart = join(dir, name);
  for (const [p, content] of Object.entries(files)) {
    const target = join(chart, p);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return chart;
}

/** Removes a chart written by {@link writeChart}. */
export async function removeChart(chart: string): Promise<void> {
  await rm(dirname(chart), { recursive: true, force: true });
}

/** `helm template <release> <chart> …args` with a clean, isolated environment. */
export function runHelm(compat: Compat, release: string, chart: string, args: string[]): Promise<RunResult> {
  const home = dirname(chart);
  return new Promise((res) => {
    execFile(
      HELM[compat],
      ['template', release, chart, ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          TZ: 'UTC',
          HELM_CACHE_HOME: join(home, '.c'),
          HELM_CONFIG_HOME: join(home, '.g'),
          HELM_DATA_HOME: join(home, '.d'),
        },
        maxBuffer: 1 << 30,
        encoding: 'buffer',
      },
      (err, stdout, stderr) => {
        const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
        res({ code: Number.isFinite(code) ? code : 1, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

/** `helmless template <release> <chart> …args`, in-process through the CLI command. */
export async function runHelmless(compat: Compat, release: string, chart: string, args: string[]): Promise<RunResult> {
  const out: Buffer[] = [];
  let stderr = '';
  const code = await templateCommand(['--compat', compat, release, chart, ...args], {
    stdout: (chunk) => {
      out.push(typeof chunk === 'string' ? encodeOutput(chunk) : Buffer.from(chunk));
    },
    stderr: (chunk) => {
      stderr += chunk;
    },
    stderrIsTTY: false,
    readStdin: async () => new Uint8Array(),
    env: {},
    cwd: dirname(chart),
  });
  return { code, stdout: Buffer.concat(out), stderr };
}

/**
 * The raw rendered text of every template file of a chart (what `helm template --debug` dumps
 * when the output is not valid YAML), rendered by helmless's engine with helm's values, release
 * and capabilities. Throws the render error (a HelmError with helm's message).
 */
export async function renderRawFiles(
  compat: Compat,
  release: string,
  chartPath: string,
  set: string[],
): Promise<Map<string, Buffer>> {
  return renderRawChart(compat, release, await loadChart(chartPath, { compat }), set);
}

/** {@link renderRawFiles} for a chart already loaded (or built in memory with `loadFiles`). */
export function renderRawChart(compat: Compat, release: string, chart: Chart, set: string[]): Map<string, Buffer> {
  const user = mergeValueSources({ set }, { compat });
  const { values } = coalesceValues(chart, user, { compat });
  const { capabilities } = buildCapabilities(compat);
  const files = renderTemplates({
    chart,
    values,
    release: releaseObject({ name: release, namespace: 'default', isUpgrade: false }),
    capabilities,
    funcs: helmFuncMap(compat),
    compat,
  });
  const out = new Map<string, Buffer>();
  for (const [name, text] of files) out.set(name, encodeOutput(text));
  return out;
}

/**
 * Parses helm's `--debug` dump of rendered files (`---\n# Source: <path>\n<text>\n` per
 * non-blank file, in random order) for files under `<chart>/templates/`. helm prints the dump
 * through strings.TrimSpace, so the last file has lost its trailing white space: `last` names it.
 */
export function parseDebugDump(stdout: Buffer, chart: string): { files: Map<string, Buffer>; last?: string } {
  const text = stdout.toString('latin1');
  const header = new RegExp(`(?:^|\\n)---\\n# Source: (${chart}/templates/[^\\n]*)\\n`, 'g');
  const heads = [...text.matchAll(header)];
  const out = new Map<string, Buffer>();
  heads.forEach((m, i) => {
    const start = m.index! + m[0].length;
    // Every file is followed by the "\n" helm appends (before the next header or at the end).
    const end = i + 1 < heads.length ? heads[i + 1]!.index! : text.length - 1;
    out.set(m[1]!, Buffer.from(text.slice(start, end), 'latin1'));
  });
  return { files: out, last: heads[heads.length - 1]?.[1] };
}

/** Go's strings.TrimRight(s, unicode.IsSpace) on the bytes of a Go string. */
export function trimRightSpace(b: Buffer): Buffer {
  const s = bytesToString(b).replace(
    /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/,
    '',
  );
  return encodeOutput(s);
}

/** Runs jobs with bounded concurrency, keeping result order. */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T, i: number) => Promise<R>) {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Loads chart files held in memory (no disk access). */
export function loadMemoryChart(files: ChartFiles, compat: Compat): Promise<Chart> {
  return loadFiles(
    Object.entries(files).map(([name, content]) => ({ name, data: Buffer.from(content, 'utf8') })),
    { compat },
  );
}
