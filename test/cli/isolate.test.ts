/**
 * Commands that render run in the calling thread first and again in a large-stack worker only when
 * that thread's stack ran out (src/cli/isolate.ts). The worker here is a stand-in that speaks the
 * worker protocol, so each test can tell which run's output was kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runHereOrInWorker } from '../../src/cli/isolate.js';
import { isStackOverflow } from '../../src/stack-overflow.js';

const dir = mkdtempSync(join(tmpdir(), 'helmless-isolate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker that asks for stdin, prints it with its argv, and exits 7. */
const WORKER = join(dir, 'worker.mjs');
writeFileSync(
  WORKER,
  `import { parentPort, workerData } from 'node:worker_threads';
parentPort.on('message', (m) => {
  if (m.type !== 'stdin') return;
  parentPort.postMessage({ type: 'stdout', data: 'worker ' + workerData.argv.join(' ') + ' stdin=' + Buffer.from(m.data).toString() + '\\n' });
  parentPort.postMessage({ type: 'stderr', data: 'worker stderr\\n' });
  parentPort.postMessage({ type: 'exit', code: 7 });
  parentPort.unref();
});
parentPort.postMessage({ type: 'stdin' });
`,
);

function capture(options: { tty?: boolean; stdin?: string } = {}) {
  const events: string[] = [];
  let stdinReads = 0;
  const io: CliIO = {
    stdout: (c) => void events.push(`out:${typeof c === 'string' ? c : Buffer.from(c).toString()}`),
    stderr: (c) => void events.push(`err:${c}`),
    stderrIsTTY: options.tty ?? false,
    readStdin: async () => {
      stdinReads++;
      return Buffer.from(options.stdin ?? '');
    },
    env: {},
    cwd: dir,
  };
  return { io, events, stdinReads: () => stdinReads };
}

describe('runHereOrInWorker', () => {
  it("keeps this thread's run, output in order, when no stack ran out", async () => {
    const c = capture();
    const code = await runHereOrInWorker(
      ['template', 'x'],
      c.io,
      async (_argv, io) => {
        io.stdout('one\n');
        io.stderr('warning\n');
        io.stdout(Buffer.from('two\n'));
        return 3;
      },
      WORKER,
    );
    expect(code).toBe(3);
    expect(c.events).toEqual(['out:one\n', 'err:warning\n', 'out:two\n']);
  });

  it('holds the output back until the run ends', async () => {
    const c = capture();
    let seenDuringRun = -1;
    await runHereOrInWorker(
      ['template'],
      c.io,
      async (_argv, io) => {
        io.stdout('partial\n');
        seenDuringRun = c.events.length;
        return 0;
      },
      WORKER,
    );
    expect(seenDuringRun).toBe(0);
    expect(c.events).toEqual(['out:partial\n']);
  });

  it('reruns in the worker when an overflow was counted, even one the run recovered from', async () => {
    const c = capture({ stdin: 'values' });
    const code = await runHereOrInWorker(
      ['mirror', 'list'],
      c.io,
      async (_argv, io) => {
        await io.readStdin();
        io.stdout('images from this thread\n');
        const recurse = (n: number): number => recurse(n + 1) + 1;
        try {
          recurse(0);
        } catch (err) {
          expect(isStackOverflow(err)).toBe(true);
        }
        return 0;
      },
      WORKER,
    );
    expect(code).toBe(7);
    expect(c.events).toEqual(['out:worker mirror list stdin=values\n', 'err:worker stderr\n']);
    // stdin is read once; the worker gets what this thread read
    expect(c.stdinReads()).toBe(1);
  });

  it.each([
    'Error: internal error: Maximum call stack size exceeded\n',
    'Error: template: x:1:2: executing "x": template recursion is too deep\n',
    'Warning: image extraction failed: decode yaml a.yaml: line 1, column 1: YAML nesting too deep\n',
  ])('reruns in the worker when the output says the stack ran out: %s', async (message) => {
    const c = capture();
    const code = await runHereOrInWorker(
      ['template'],
      c.io,
      async (_argv, io) => {
        io.stderr(message);
        return 1;
      },
      WORKER,
    );
    expect(code).toBe(7);
    expect(c.events).toEqual(['out:worker template stdin=\n', 'err:worker stderr\n']);
  });

  it('runs in the worker at once when stderr is a terminal (progress shows as it goes)', async () => {
    const c = capture({ tty: true });
    let ranHere = false;
    const code = await runHereOrInWorker(
      ['mirror', 'list'],
      c.io,
      async () => {
        ranHere = true;
        return 0;
      },
      WORKER,
    );
    expect(ranHere).toBe(false);
    expect(code).toBe(7);
  });

  it('counts only stack overflows', () => {
    expect(isStackOverflow(new RangeError('Invalid array length'))).toBe(false);
    expect(isStackOverflow(new Error('Maximum call stack size exceeded'))).toBe(false);
    expect(isStackOverflow(new RangeError('Maximum call stack size exceeded'))).toBe(true);
  });
});
