#!/usr/bin/env node
/**
 * The `helmless` command: dispatches to subcommands. Each subcommand module exports a Command and is
 * loaded on demand so `helmless template` does not pay for the discovery code and vice versa.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CliError, type CliIO, type Command } from './io.js';

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {};

/** Registers a subcommand (called below; kept as a function so the table reads as a list). */
function command(name: string, summary: string, load: () => Promise<Command>): void {
  commands[name] = { summary, load };
}

// Subcommands are registered here as their modules land.
command(
  'template',
  'Render chart templates locally, exactly like helm template',
  async () => (await import('./template.js')).templateCommand,
);
command(
  'mirror',
  'List every image and chart a recipe needs (mirror list)',
  async () => (await import('./mirror.js')).mirrorCommand,
);
command(
  'images',
  'List the images one chart references (rendered like helm template)',
  async () => (await import('./images.js')).imagesCommand,
);
command(
  'pull',
  'Download a chart from a repository or OCI registry',
  async () => (await import('./pull.js')).pullCommand,
);

function usage(): string {
  const lines = ['helmless renders Helm charts without helm and lists the images an air-gapped install needs.', ''];
  lines.push('Usage:', '  helmless <command> [flags]', '', 'Commands:');
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Run "helmless <command> --help" for the flags of a command.');
  return `${lines.join('\n')}\n`;
}

export function processIO(): CliIO {
  return {
    stdout: (chunk) => {
      process.stdout.write(chunk);
    },
    stderr: (chunk) => {
      process.stderr.write(chunk);
    },
    stderrIsTTY: Boolean(process.stderr.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    io.stdout('helmless 0.1.0\n');
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`Error: unknown command "${name}" for "helmless"\nRun 'helmless --help' for usage.\n`);
    return 2;
  }
  try {
    const run = await entry.load();
    return await run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`Error: ${err.message}\n`);
      return err.exitCode;
    }
    // An unexpected failure is a bug: say so plainly, without a stack trace unless asked for.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`Error: internal error: ${message}\n`);
    if (io.env.HELMLESS_DEBUG) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    return 8;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

/**
 * Templates recurse on the JavaScript stack (about 2.5 KB per nested `include`), and Node's default
 * stack holds only a few hundred levels where helm allows 1000. Commands therefore run in a worker
 * thread whose stack size is set explicitly; the calling thread relays output, stdin and signals.
 */
const WORKER_STACK_MB = 32;

type ToWorker = { type: 'stdin'; data: Uint8Array } | { type: 'signal'; signal: NodeJS.Signals };
type FromWorker =
  | { type: 'stdout'; data: string | Uint8Array }
  | { type: 'stderr'; data: string }
  | { type: 'stdin' }
  | { type: 'exit'; code: number };

interface WorkerInput {
  argv: string[];
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Runs the CLI like {@link main}, but in a worker thread with a large stack (what the `helmless`
 * binary does). Output reaches `io` in order; SIGINT/SIGTERM of this process are relayed.
 */
export function runIsolated(argv: string[], io: CliIO): Promise<number> {
  return new Promise((resolveCode) => {
    const input: WorkerInput = { argv, stderrIsTTY: io.stderrIsTTY, env: { ...io.env }, cwd: io.cwd };
    const worker = new Worker(workerScript(), {
      workerData: input,
      resourceLimits: { stackSizeMb: WORKER_STACK_MB },
      stdout: false,
      stderr: false,
    });
    let code: number | undefined;
    const relay = (signal: NodeJS.Signals) => worker.postMessage({ type: 'signal', signal } satisfies ToWorker);
    const onInt = () => relay('SIGINT');
    const onTerm = () => relay('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'stdout':
          io.stdout(m.data);
          break;
        case 'stderr':
          io.stderr(m.data);
          break;
        case 'stdin':
          io.readStdin().then((data) => worker.postMessage({ type: 'stdin', data } satisfies ToWorker));
          break;
        case 'exit':
          code = m.code;
          // The worker ends by itself once idle; guard against a stray open handle.
          setTimeout(() => void worker.terminate(), 5000).unref();
          break;
      }
    });
    worker.on('error', (err) => {
      io.stderr(`Error: internal error: ${err?.message ?? err}\n`);
      code ??= 8;
    });
    worker.on('exit', (exitCode) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolveCode(code ?? exitCode);
    });
  });
}

/**
 * The file the worker runs: this module, or — when this module is the TypeScript source (tests) —
 * its compiled form in dist/, which `npm test` builds first.
 */
function workerScript(): string {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return self;
  const compiled = resolve(dirname(self), '../../dist/cli/main.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first`);
  return compiled;
}

/** The worker side of {@link runIsolated}. */
function workerMain(input: WorkerInput): void {
  const port = parentPort!;
  const post = (m: FromWorker) => port.postMessage(m);
  const io: CliIO = {
    stdout: (data) => post({ type: 'stdout', data }),
    stderr: (data) => post({ type: 'stderr', data }),
    stderrIsTTY: input.stderrIsTTY,
    env: input.env,
    cwd: input.cwd,
    readStdin: () =>
      new Promise((resolveData) => {
        const onMessage = (m: ToWorker) => {
          if (m.type !== 'stdin') return;
          port.off('message', onMessage);
          resolveData(m.data);
        };
        port.on('message', onMessage);
        post({ type: 'stdin' });
      }),
  };
  // Relayed signals reach the command's own handlers (mirror list aborts with exit 9), or end the run.
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'signal') return;
    if (process.listenerCount(m.signal) > 0) process.emit(m.signal as 'SIGINT');
    else {
      post({ type: 'exit', code: 130 });
      process.exit(130);
    }
  });
  const finish = (code: number) => {
    post({ type: 'exit', code });
    port.unref();
  };
  main(input.argv, io).then(finish, (err) => {
    io.stderr(`Error: internal error: ${err?.message ?? err}\n`);
    finish(8);
  });
}

if (!isMainThread && (workerData as WorkerInput | null)?.argv) {
  workerMain(workerData as WorkerInput);
} else if (isEntryPoint()) {
  const argv = process.argv.slice(2);
  // Only commands that execute templates need the large stack (a worker costs ~70 ms to start).
  const renders = argv[0] === 'template' || argv[0] === 'images' || argv[0] === 'mirror';
  const run = renders && !process.env.HELMLESS_NO_WORKER ? runIsolated : main;
  run(argv, processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`Error: internal error: ${err?.message ?? err}\n`);
      process.exitCode = 8;
    },
  );
}
void command;
