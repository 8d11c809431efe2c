#!/usr/bin/env node
/**
 * The `helmless` command: dispatches to subcommands. Each subcommand module exports a Command and is
 * loaded on demand so `helmless template` does not pay for the discovery code and vice versa.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CliError, type CliIO, type Command } from './io.js';
import {
  isCliWorker,
  needsLargeStack,
  processIO,
  runHereOrInWorker,
  runInWorker,
  setExitCode,
  workerMain,
} from './isolate.js';

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
      io.stderr(err.bare ? `${err.message}\n` : `Error: ${err.message}\n`);
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

/** Runs the CLI like {@link main}, in a worker thread with a large stack. */
export function runIsolated(argv: string[], io: CliIO): Promise<number> {
  return runInWorker(argv, io, workerScript());
}

/**
 * Runs the CLI like {@link main}, as the command does: a command that renders runs in this thread
 * and again in a large-stack worker if this thread's stack runs out (see {@link runHereOrInWorker}).
 */
export function runCli(argv: string[], io: CliIO): Promise<number> {
  return needsLargeStack(argv, io.env) ? runHereOrInWorker(argv, io, main, workerScript()) : main(argv, io);
}

if (isCliWorker()) {
  workerMain(main);
} else if (isEntryPoint()) {
  setExitCode(runCli(process.argv.slice(2), processIO()));
}
void command;
