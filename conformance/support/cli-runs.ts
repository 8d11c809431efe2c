/**
 * Running one `template` command line through real helm (a child process) and through helmless
 * (in-process, through the CLI entry point `main`, so flags, stdout, stderr and the exit code are
 * exactly what `helmless template …` produces), with the same isolated environment for both.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { encodeOutput } from '../../src/gotemplate/gostring.js';
import type { Compat } from '../../src/helm/objects.js';

export type { Compat };

export const COMPATS: readonly Compat[] = ['helm3', 'helm4'];

/** The real helm binaries (`node scripts/setup-helm.mjs` installs them). */
export const HELM_BINARY: Record<Compat, string> = {
  helm3: resolve(import.meta.dirname, '../../.helm/helm3'),
  helm4: resolve(import.meta.dirname, '../../.helm/helm4'),
};

/** The helm binaries that are absent (the suites skip and name them). */
export function missingHelmBinaries(): string[] {
  return COMPATS.map((c) => HELM_BINARY[c]).filter((p) => !existsSync(p));
}

/** What one command printed and returned. */
export interface CliRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** How a command is run. */
export interface RunOptions {
  /** Working directory (relative chart and values paths resolve against it). */
  cwd: string;
  /** Bytes on standard input (for `-f -`). */
  stdin?: Uint8Array;
  /** Environment besides the isolated defaults (e.g. `HELM_NAMESPACE`). */
  env?: Record<string, string>;
  /** Kill helm after this long (ms). */
  timeoutMs?: number;
}

/**
 * The environment both sides see: no kubeconfig, no helm settings from the machine, UTC, and a
 * private HOME so helm's cache/config/data directories are throwaway.
 */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TZ: 'UTC',
    HELM_CACHE_HOME: `${home}/.helm-cache`,
    HELM_CONFIG_HOME: `${home}/.helm-config`,
    HELM_DATA_HOME: `${home}/.helm-data`,
    ...extra,
  };
}

/** `<helm> <args…>` as a child process. */
export function runHelm(compat: Compat, args: readonly string[], options: RunOptions): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(
      HELM_BINARY[compat],
      [...args],
      {
        cwd: options.cwd,
        env: isolatedEnv(options.cwd, options.env),
        encoding: 'buffer',
        maxBuffer: 1 << 30,
        timeout: options.timeoutMs ?? 120_000,
      },
      (err, stdout, stderr) => {
        let code = 0;
        if (err) {
          const c = (err as { code?: unknown }).code;
          code = typeof c === 'number' ? c : -1;
        }
        done({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
    child.stdin?.end(options.stdin ? Buffer.from(options.stdin) : undefined);
  });
}

/**
 * `helmless <args…>` through the CLI entry point as the binary runs it (in this thread, and again in a
 * large-stack worker when a deep include recursion exhausts this thread's stack), with the same
 * environment as helm.
 */
export async function runHelmless(args: readonly string[], options: RunOptions): Promise<CliRun> {
  const out: Buffer[] = [];
  let stderr = '';
  const code = await runCli([...args], {
    stdout: (chunk) => {
      out.push(typeof chunk === 'string' ? encodeOutput(chunk) : Buffer.from(chunk));
    },
    stderr: (chunk) => {
      stderr += chunk;
    },
    stderrIsTTY: false,
    readStdin: async () => options.stdin ?? new Uint8Array(),
    env: isolatedEnv(options.cwd, options.env),
    cwd: options.cwd,
  });
  return { code, stdout: Buffer.concat(out), stderr };
}

/** Runs jobs with at most `limit` in flight; results keep the input order. */
export async function inPool<T, R>(items: readonly T[], limit: number, job: (item: T, i: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** helm 3's debug() prefix: file:line, Go's time.Now().String(), `[debug]`. */
const HELM3_DEBUG =
  /^(\w+\.go:\d+: )\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [+-]\d{4} \S+ m=\+\d+\.\d{9}( \[debug\] )/gm;

/**
 * `--debug` standard error made comparable: helm 3's times masked (their shape checked), and cut or
 * dropped what helmless does not reproduce: helm 3's last line on a failure (`helm.go:86:`, with
 * Go's stack frames) and the registry clients' HTTP dumps (helm 4's `msg=GET`/`msg=Res` records,
 * helm 3's containerd `time=… level=debug` lines).
 */
export function comparableDebugLog(stderr: string): string {
  const failure = stderr.search(/^helm\.go:86: /m);
  return (failure < 0 ? stderr : stderr.slice(0, failure))
    .replace(HELM3_DEBUG, '$1<time>$2')
    .split('\n')
    .filter((line) => !/^level=DEBUG msg=(?:GET|Res) /.test(line) && !/^time="/.test(line))
    .join('\n');
}
