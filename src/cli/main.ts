#!/usr/bin/env node
/**
 * The `helmless` command: dispatches to subcommands. Each subcommand module exports a Command and is
 * loaded on demand so `helmless template` does not pay for the discovery code and vice versa.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
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

if (isEntryPoint()) {
  main(process.argv.slice(2), processIO()).then(
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
