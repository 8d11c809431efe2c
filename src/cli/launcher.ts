#!/usr/bin/env node
/**
 * The installed `helmless` executable (bundled to dist/bin/main.js by scripts/bundle-cli.mjs). Every
 * thread that runs a command (this one, and the large-stack worker a deep render may need, which
 * starts from this file too) loads the command bundle dist/bin/helmless.cjs, compiled with the
 * bytecode a previous run left in the code cache (see compile-cache.ts). Nothing here runs outside
 * the bundle layout.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { codeCacheDir, codeCacheName, readCodeCache, runKind, writeCodeCache } from './compile-cache.js';
import { cliArgv } from './isolate.js';
import { tuneTiering } from './tiering.js';

/** The bundle's content hash, set by scripts/bundle-cli.mjs. */
declare const __HELMLESS_BUNDLE_ID__: string | undefined;

const self = fileURLToPath(import.meta.url);

if (isMainThread) tuneTiering(process.env);
runBundle();

function runBundle(): void {
  const bundle = join(dirname(self), 'helmless.cjs');
  // The bundle is CommonJS wrapped like Node wraps a module; `import.meta.url` inside it is this
  // file's URL (the build defines it as the last parameter), so it finds the worker script and
  // package.json from here. The build checks that the bundle is ASCII: Latin-1 decodes it exactly,
  // and most cheaply.
  const source = `(function (exports, require, module, __filename, __dirname, __helmlessEntryUrl) {${readFileSync(
    bundle,
    'latin1',
  ).replace(/^#!.*/, '')}\n})`;
  const bundleId = typeof __HELMLESS_BUNDLE_ID__ === 'string' ? __HELMLESS_BUNDLE_ID__ : undefined;
  const command = cliArgv()?.[0];
  const kind = runKind(isMainThread ? 'main' : 'worker', command);
  const dir = bundleId === undefined ? undefined : codeCacheDir(process.env);
  const name = dir === undefined ? '' : codeCacheName(bundleId!, source.length, kind, process.env);
  const cachedData = dir === undefined ? undefined : readCodeCache(join(dir, name));
  const script = new Script(source, { filename: bundle, cachedData });
  if (dir !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit the bytecode includes every function this run compiled, not only the top level.
    process.on('exit', () => writeCodeCache(dir, name, script.createCachedData()));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(self), import.meta.url);
}
