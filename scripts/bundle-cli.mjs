#!/usr/bin/env node
/**
 * Bundles the `helmless` command (dist/cli, compiled by tsc) into dist/bin/: helmless.cjs holds the
 * whole command as one CommonJS script, and main.js (src/cli/launcher.ts) runs it with a V8 code
 * cache. A cold `mirror list` then loads two files instead of some 250 modules, and from the second
 * run on skips compiling the bundle. The library keeps the module tree in dist/.
 */
import { chmodSync, rmSync } from 'node:fs';
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
  // Loaded on first network use only, from node_modules.
  external: ['undici'],
});
await build({
  ...common,
  entryPoints: [join(root, 'dist/cli/launcher.js')],
  outfile: join(outdir, 'main.js'),
  format: 'esm',
});
chmodSync(join(outdir, 'main.js'), 0o755);
