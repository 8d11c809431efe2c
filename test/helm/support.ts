/**
 * Differential-test helpers for the values machinery: throwaway charts on disk and `helm template`
 * runs against the real helm 3.17.3 / 4.1.4 binaries, decoding `{{ toJson … | b64enc }}` probes.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Compat, ValueFileReader } from '../../src/helm/strvals.js';

export const HELM = {
  helm3: resolve(import.meta.dirname, '../../.helm/helm3'),
  helm4: resolve(import.meta.dirname, '../../.helm/helm4'),
} as const;

/** True when both helm binaries exist (differential tests skip otherwise). */
export function helmAvailable(): boolean {
  return existsSync(HELM.helm3) && existsSync(HELM.helm4);
}

export const SKIP_MESSAGE = 'helm binaries absent (.helm/helm3, .helm/helm4): run `node scripts/setup-helm.mjs`';

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `helm template x <chart> ...args` in `cwd` with a clean environment. */
export function helmTemplate(compat: Compat, chart: string, args: string[], cwd?: string): Promise<HelmResult> {
  const home = mkdtempSync(join(tmpdir(), 'helmless-home-'));
  return new Promise((res) => {
    execFile(
      HELM[compat],
      ['template', 'x', chart, ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          TZ: 'UTC',
          HELM_CACHE_HOME: join(home, 'c'),
          HELM_CONFIG_HOME: join(home, 'g'),
          HELM_DATA_HOME: join(home, 'd'),
        },
        maxBuffer: 1 << 28,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true });
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        res({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

/** Runs many async jobs with bounded concurrency, keeping result order. */
export async function pool<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A throwaway directory tree: path → content. */
export type Tree = Record<string, string>;

/** Writes `tree` under a fresh temp dir and returns its path. */
export function writeTree(tree: Tree, prefix = 'helmless-values-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [p, content] of Object.entries(tree)) {
    const target = join(dir, p);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A template that prints `<label>: <base64 of toJson expr>` lines. */
export function probeTemplate(probes: Record<string, string>): string {
  return Object.entries(probes)
    .map(([label, expr]) => `${label}: {{ toJson (${expr}) | b64enc }}\n`)
    .join('');
}

/** Decodes the probe lines of a helm run's stdout: label → JSON text. */
export function readProbes(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of stdout.matchAll(/^([A-Za-z0-9_]+): ([A-Za-z0-9+/=]*)$/gm)) {
    out[m[1]!] = Buffer.from(m[2]!, 'base64').toString('utf8');
  }
  return out;
}

/** The `Error: …` text of a failed run, without the prefix and the final newline. */
export function errorText(r: HelmResult): string {
  return r.stderr.replace(/^Error: /, '').replace(/\n$/, '');
}

/** A reader with Go's os.ReadFile error text, resolving paths against `cwd`. */
export function fsReader(cwd: string): ValueFileReader {
  return (path) => {
    try {
      return readFileSync(resolve(cwd, path), 'utf8');
    } catch {
      throw new Error(`open ${path}: no such file or directory`);
    }
  };
}
