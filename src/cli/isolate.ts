/**
 * Where a command runs: the process's own streams, and a worker thread with a large stack for the
 * rare render whose template recursion outgrows this thread's stack (see runHereOrInWorker).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { STACK_OVERFLOW_TEXTS, stackOverflowCount } from '../stack-overflow.js';
import type { CliIO } from './io.js';

/** Only commands that execute templates need the large stack (a worker costs ~50 ms to start). */
export function needsLargeStack(argv: string[], env: NodeJS.ProcessEnv): boolean {
  const renders = argv[0] === 'template' || argv[0] === 'images' || argv[0] === 'mirror';
  return renders && !env.HELMLESS_NO_WORKER;
}

/** The CliIO of this process: its stdout, stderr, stdin, environment and working directory. */
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
 * Runs the CLI in a worker thread with a large stack (what the `helmless` binary does): `script`
 * is a module that calls {@link workerMain} when loaded in a worker. Output reaches `io` in order;
 * SIGINT/SIGTERM of this process are relayed.
 */
export function runInWorker(argv: string[], io: CliIO, script: string): Promise<number> {
  return new Promise((resolveCode) => {
    const input: WorkerInput = { argv, stderrIsTTY: io.stderrIsTTY, env: { ...io.env }, cwd: io.cwd };
    const worker = new Worker(script, {
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
 * Runs a command that renders in this thread first, and in a large-stack worker only when this
 * thread's stack ran out: a worker costs ~100 ms to start (about a tenth of a 14-chart `mirror list`),
 * and a chart nesting `include`s ~400 deep is rare. This thread's run is held back until it ends:
 * its output and exit code are replayed if no stack overflow was counted (src/stack-overflow.ts)
 * and none of the texts an overflow turns into appear in its output; otherwise they are dropped and
 * the worker's run is the one that counts. stdin is read once and given to both. With stderr on a
 * terminal the worker runs at once, so `mirror list` can show its progress as it goes.
 */
export async function runHereOrInWorker(
  argv: string[],
  io: CliIO,
  main: (argv: string[], io: CliIO) => Promise<number>,
  script: string,
): Promise<number> {
  let stdin: Promise<Uint8Array> | undefined;
  const once: CliIO = { ...io, readStdin: () => (stdin ??= io.readStdin()) };
  if (io.stderrIsTTY) return runInWorker(argv, once, script);
  const held: Array<{ to: 'stdout'; data: string | Uint8Array } | { to: 'stderr'; data: string }> = [];
  const overflowsBefore = stackOverflowCount();
  const code = await main(argv, {
    ...once,
    stdout: (data) => held.push({ to: 'stdout', data }),
    stderr: (data) => held.push({ to: 'stderr', data }),
  });
  if (stackOverflowCount() !== overflowsBefore || held.some((c) => mentionsStackOverflow(c.data))) {
    return runInWorker(argv, once, script);
  }
  for (const c of held) {
    if (c.to === 'stdout') io.stdout(c.data);
    else io.stderr(c.data);
  }
  return code;
}

function mentionsStackOverflow(data: string | Uint8Array): boolean {
  const text =
    typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  return STACK_OVERFLOW_TEXTS.some((t) => text.includes(t));
}

/** Whether this thread is a worker {@link runInWorker} started. */
export function isCliWorker(): boolean {
  return !isMainThread && cliArgv() !== undefined;
}

/** The command line this thread runs: the process's, or the one a worker was started with. */
export function cliArgv(): string[] | undefined {
  return isMainThread ? process.argv.slice(2) : (workerData as WorkerInput | null)?.argv;
}

/** The worker side of {@link runInWorker}: runs `main` on the arguments it was given. */
export function workerMain(main: (argv: string[], io: CliIO) => Promise<number>): void {
  const input = workerData as WorkerInput;
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

/** Sets the process exit code when `run` settles (an unexpected rejection is an internal error). */
export function setExitCode(run: Promise<number>): void {
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`Error: internal error: ${err?.message ?? err}\n`);
      process.exitCode = 8;
    },
  );
}
