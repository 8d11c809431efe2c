/**
 * An in-memory CliIO for running the helmless command in process: stdout and stderr are collected,
 * stdin is empty, stderr is not a terminal.
 */
import type { CliIO } from '../../src/cli/io.js';

export interface CapturedIO {
  io: CliIO;
  out: () => string;
  err: () => string;
}

export function captureIO(env: NodeJS.ProcessEnv = {}, cwd: string = process.cwd()): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (c) => void out.push(typeof c === 'string' ? c : Buffer.from(c).toString()),
      stderr: (c) => void err.push(c),
      stderrIsTTY: false,
      readStdin: async () => new Uint8Array(),
      env,
      cwd,
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
