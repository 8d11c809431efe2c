#!/usr/bin/env node
/**
 * The README demo: `helmless mirror list` on the bundled example catalog (examples/catalog), fully
 * offline. The catalog names the charts' real public repositories; --repository-rewrite points them
 * at examples/charts, a file:// chart repository bundled with the project — exactly how an
 * air-gapped site would point helmless at its internal mirror.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { main, processIO } = await import(pathToFileURL(join(root, 'dist/cli/main.js')).href);
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
process.exitCode = await main(args, processIO());
