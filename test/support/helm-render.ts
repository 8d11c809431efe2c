/**
 * Runs one-line template expressions through the real helm binaries (differential tests).
 * Each expression becomes one line of a throwaway chart's template; an execution error aborts
 * a helm render, so a failing line is recorded (its error text) and the rest rendered again.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const HELM_BINARIES = {
  helm3: resolve(import.meta.dirname, '../../.helm/helm3'),
  helm4: resolve(import.meta.dirname, '../../.helm/helm4'),
} as const;

export type HelmName = keyof typeof HELM_BINARIES;

export function helmAvailable(): boolean {
  return existsSync(HELM_BINARIES.helm3) && existsSync(HELM_BINARIES.helm4);
}

/** The result of one expression: its printed text, or the error message helm reported for it. */
export type LineResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * Renders every expression (each a complete `{{ … }}` action, no newlines) with one helm binary.
 * Output lines are wrapped in brackets so empty strings survive YAML.
 */
export async function renderLines(helm: HelmName, expressions: string[]): Promise<LineResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'helmless-diff-'));
  try {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: diff\nversion: 0.1.0\n');
    const results = new Map<number, LineResult>();
    let pending = expressions.map((_, i) => i);
    while (pending.length > 0) {
      const body = ['r: |', ...pending.map((i) => `  [${expressions[i]}]`)].join('\n');
      writeFileSync(join(dir, 'templates', 't.yaml'), `${body}\n`);
      try {
        const { stdout } = await run(HELM_BINARIES[helm], ['template', 'x', dir], {
          env: { ...process.env, HELM_CACHE_HOME: join(dir, '.c'), HELM_CONFIG_HOME: join(dir, '.g') },
          maxBuffer: 64 << 20,
        });
        const lines = stdout.split('\n').filter((l) => l.startsWith('  ['));
        if (lines.length !== pending.length)
          throw new Error(`helm printed ${lines.length} lines for ${pending.length}`);
        pending.forEach((idx, k) => {
          results.set(idx, { ok: true, text: lines[k]!.slice(3, -1) });
        });
        pending = [];
      } catch (err) {
        const stderr = String((err as { stderr?: string }).stderr ?? err);
        const at = /t\.yaml:(\d+):\d+/.exec(stderr);
        if (!at) throw new Error(`${helm} failed without a line number: ${stderr}`);
        const k = Number(at[1]) - 2;
        const idx = pending[k];
        if (idx === undefined) throw new Error(`${helm} reported line ${at[1]}: ${stderr}`);
        results.set(idx, { ok: false, error: lastErrorPart(stderr) });
        pending = pending.filter((i) => i !== idx);
      }
    }
    return expressions.map((_, i) => results.get(i)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `...: error calling semverCompare: improper constraint: !!` → `improper constraint: !!`. */
function lastErrorPart(stderr: string): string {
  const first = stderr.split('\n')[0] ?? '';
  const m = /error calling \w+: (.*)$/.exec(first);
  return m ? m[1]! : first;
}

/** A Go double-quoted string literal for ASCII text. */
export function goString(s: string): string {
  return JSON.stringify(s);
}
