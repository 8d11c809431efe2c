/**
 * The arguments of the README demo (`npm run demo`): `mirror list` on the bundled example catalog
 * (examples/catalog), fully offline. The catalog names the charts' real public repositories;
 * --repository-rewrite points them at examples/charts, a file:// chart repository bundled with the
 * project — exactly how an air-gapped site would point helmless at its internal mirror.
 * Shared by scripts/demo.mjs and the test of the bundled command.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const UPSTREAMS = [
  'https://charts.jetstack.io',
  'https://kubernetes-sigs.github.io/node-feature-discovery/charts',
  'https://prometheus-community.github.io/helm-charts',
  'https://jmcgrath207.github.io/k8s-ephemeral-storage-metrics/chart',
];

/** `mirror list` arguments for the demo recipe, with charts cached in `cacheDir`. */
export function demoArgs(cacheDir) {
  const mirror = pathToFileURL(join(root, 'examples/charts')).href;
  return [
    'mirror',
    'list',
    '--data',
    join(root, 'examples/catalog'),
    '--service',
    'eks',
    '--intent',
    'training',
    '--cache-dir',
    cacheDir,
    ...UPSTREAMS.flatMap((u) => ['--repository-rewrite', `${u}=${mirror}`]),
  ];
}
