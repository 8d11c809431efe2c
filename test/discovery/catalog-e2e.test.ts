/**
 * The real AI Cluster Runtime catalog (../shared/aicr-recipes) end to end: leaf recipes resolved from
 * criteria, every component's values hydrated from the catalog, rendered by helmless in-process and
 * by real helm through the same pipeline; the inventories must be equal. The catalog pins other chart
 * versions than the corpus holds, so each chart is served in its corpus version (the values are the
 * catalog's either way, and both renderers see the same chart); a chart the corpus lacks fails to
 * fetch in both runs alike.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMirrorCommand } from '../../src/cli/mirror.js';
import { inProcessRenderer } from '../../src/discovery/engines.js';
import type { FetchChart, RenderChart } from '../../src/discovery/types.js';
import { captureIO } from '../support/cli-io.js';
import { HELM_BINARIES, helmAvailable } from '../support/helm-render.js';
import { CORPUS_DIR, corpusAvailable, corpusCharts } from '../support/servers.js';
import { helmBinaryRenderer } from './helm-binary-renderer.js';

const CATALOG = resolve(import.meta.dirname, '../../../shared/aicr-recipes');
const READY = existsSync(CATALOG) && corpusAvailable() && helmAvailable();
const WHY = READY ? '' : ' — needs ../shared/aicr-recipes, ../shared/charts and the helm binaries (npm run setup:helm)';

/** Leaf recipes that together enable every component the catalog has charts for. */
const CRITERIA = [
  ['--service', 'eks', '--accelerator', 'h100', '--os', 'ubuntu', '--intent', 'training'],
  ['--service', 'eks', '--accelerator', 'gb200', '--os', 'ubuntu', '--intent', 'inference', '--platform', 'dynamo'],
  ['--service', 'aks', '--accelerator', 'h100', '--os', 'ubuntu', '--intent', 'training', '--platform', 'kubeflow'],
  ['--service', 'gke', '--accelerator', 'h100', '--os', 'cos', '--intent', 'inference', '--platform', 'dynamo'],
  ['--service', 'kind', '--accelerator', 'h100', '--intent', 'inference', '--platform', 'dynamo'],
];

/** Catalog charts the corpus holds under another name (corpus.yaml notes the component). */
const CORPUS_NAMES: Record<string, string> = { 'nvidia-dra-driver-gpu': 'dra-driver-nvidia-gpu' };

/** Serves every chart from the corpus in the version the corpus has, whatever version is asked for. */
const corpusFetcher: FetchChart = async ({ chart }) => {
  const asked = chart.slice(chart.lastIndexOf('/') + 1);
  const name = CORPUS_NAMES[asked] ?? asked;
  const found = corpusCharts().find((c) => c.name === name);
  if (!found) throw new Error(`chart ${name} is not in the corpus`);
  const bytes = readFileSync(join(CORPUS_DIR, found.file));
  return { bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
};

/** Remembers renders by their inputs: recipes share most components, and helm takes a while. */
function memoized(render: RenderChart): RenderChart {
  const seen = new Map<string, Promise<Awaited<ReturnType<RenderChart>>>>();
  return (req) => {
    const key = JSON.stringify({ ...req, chart: createHash('sha256').update(req.chart).digest('hex'), signal: 0 });
    let hit = seen.get(key);
    if (!hit) {
      hit = render(req);
      seen.set(key, hit);
    }
    return hit;
  };
}

interface Listed {
  components: Array<{ component: string; images: string[]; warnings?: string[] }>;
  images: string[];
}

async function list(criteria: string[], renderChart: RenderChart): Promise<Listed> {
  const c = captureIO();
  const command = createMirrorCommand({
    renderChart,
    fetcher: () => corpusFetcher,
    version: 'v0.1.0',
    onSignal: () => () => {},
  });
  const code = await command(['list', '--data', CATALOG, ...criteria, '-f', 'json'], c.io);
  expect(c.err()).toBe('');
  expect(code).toBe(0);
  return JSON.parse(c.out());
}

/** Warnings without the wording that says which renderer failed (helm prints `Error: `). */
const failed = (w: string[] | undefined) => (w ?? []).map((x) => x.replace(/^helm template failed: (Error: )?/, ''));

describe.skipIf(!READY)(`the real aicr catalog, rendered in-process and by helm${WHY}`, () => {
  for (const compat of ['helm3', 'helm4'] as const) {
    it(`${compat}: every leaf recipe gives helm's inventory`, async () => {
      const ours = memoized(inProcessRenderer({ compat }));
      const helm = memoized(helmBinaryRenderer(HELM_BINARIES[compat]));
      let rendered = 0;
      for (const criteria of CRITERIA) {
        const [mine, theirs] = [await list(criteria, ours), await list(criteria, helm)];
        expect(mine.components.map((x) => x.component)).toEqual(theirs.components.map((x) => x.component));
        for (const [i, component] of mine.components.entries()) {
          const reference = theirs.components[i]!;
          const where = `${criteria.join(' ')}: ${component.component}`;
          expect(failed(component.warnings), where).toEqual(failed(reference.warnings));
          expect(component.images, where).toEqual(reference.images);
          if (!reference.warnings && reference.images.length > 0) rendered++;
        }
        expect(mine.images).toEqual(theirs.images);
      }
      // The comparison is not vacuous: most components render and list images.
      expect(rendered).toBeGreaterThan(20);
    }, 600_000);
  }
});
