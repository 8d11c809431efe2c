#!/usr/bin/env node
/**
 * The README demo: `helmless mirror list` on the bundled example catalog (examples/catalog), fully
 * offline. The catalog names the charts' real public repositories; --repository-rewrite points them
 * at examples/charts, a file:// chart repository bundled with the project — exactly how an
 * air-gapped site would point helmless at its internal mirror.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mirror = pathToFileURL(join(root, 'examples/charts')).href;
const upstreams = [
  'https://charts.jetstack.io',
  'https://kubernetes-sigs.github.io/node-feature-discovery/charts',
  'https://prometheus-community.github.io/helm-charts',
  'https://jmcgrath207.github.io/k8s-ephemeral-storage-metrics/chart',
];
const args = [
  'mirror',
  'list',
  '--data',
  join(root, 'examples/catalog'),
  '--service',
  'eks',
  '--intent',
  'training',
  '--cache-dir',
  join(root, '.cache/demo'),
  ...upstreams.flatMap((u) => ['--repository-rewrite', `${u}=${mirror}`]),
  ...process.argv.slice(2),
];
// The installed command (the bundle `npm run build` makes), run the way a user runs it.
const run = spawnSync(process.execPath, [join(root, 'dist/bin/main.js'), ...args], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
