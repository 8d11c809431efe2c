#!/usr/bin/env node
/**
 * Bundles the `helmless` command (dist/cli/main.js, compiled by tsc) into dist/bin/: the entry point
 * plus one chunk per subcommand and shared chunks. A cold `mirror list` loads a handful of files
 * instead of some 250 modules, which saves a tenth of its run time; the library keeps the module
 * tree in dist/. Subcommands stay separate chunks, loaded on demand as in dist/cli.
 */
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled CommonJS dependencies (yaml, re2js) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __helmlessRequire } from 'node:module';\nconst require = __helmlessRequire(import.meta.url);",
  },
  // Loaded on first network use only; esbuild's import() of a CommonJS bundle would give only
  // `default`, so undici stays a runtime dependency resolved from node_modules.
  external: ['undici'],
  logLevel: 'warning',
});
chmodSync(join(outdir, 'main.js'), 0o755);
