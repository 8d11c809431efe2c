#!/usr/bin/env node
/**
 * The README demo: `helmless mirror list` on the bundled example catalog, fully offline (see
 * demo-args.mjs). Extra arguments are passed on, e.g. `npm run demo -- --format hauler`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { demoArgs, root } from './demo-args.mjs';

const args = [...demoArgs(join(root, '.cache/demo')), ...process.argv.slice(2)];
// The installed command (the bundle `npm run build` makes), run the way a user runs it.
const run = spawnSync(process.execPath, [join(root, 'dist/bin/main.js'), ...args], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
