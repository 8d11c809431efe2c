#!/usr/bin/env node
/**
 * Bundles the `helmless` command (dist/cli, compiled by tsc) into dist/bin/: helmless.cjs holds the
 * whole command as one CommonJS script, and main.js (src/cli/launcher.ts) runs it with a V8 code
 * cache. A cold `mirror list` then loads two files instead of some 250 modules, and from the second
 * run on skips compiling the bundle. The library keeps the module tree in dist/.
 */
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: [join(root, 'dist/cli/main.js')],
  outfile: join(outdir, 'helmless.cjs'),
  format: 'cjs',
  // The launcher passes its own URL: the worker script and package.json are found from it.
  define: { 'import.meta.url': '__helmlessEntryUrl' },
  // Subcommands and undici become require() calls, which a vm.Script can make (import() cannot).
  supported: { 'dynamic-import': false },
  // Loaded on first use only (network access, --verify), from node_modules.
  external: ['undici', 'openpgp'],
  // Without comments the bundle is ASCII (esbuild escapes the rest), which the launcher reads as
  // Latin-1: the cheapest way to make a string of it. Names stay readable in stack traces.
  minifyWhitespace: true,
});
const bundle = readFileSync(join(outdir, 'helmless.cjs'));
if (bundle.some((b) => b > 0x7f)) throw new Error('dist/bin/helmless.cjs is not ASCII');
await build({
  ...common,
  entryPoints: [join(root, 'dist/cli/launcher.js')],
  outfile: join(outdir, 'main.js'),
  format: 'esm',
  // Names the bundle's code cache files; hashing the bundle at build time saves it on every start.
  define: { __HELMLESS_BUNDLE_ID__: JSON.stringify(createHash('sha256').update(bundle).digest('hex').slice(0, 16)) },
});
chmodSync(join(outdir, 'main.js'), 0o755);
