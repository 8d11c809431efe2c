/**
 * The real AI Cluster Runtime catalog (../shared/aicr-recipes) end to end: leaf recipes resolved from
 * criteria, every component's values hydrated from the catalog, rendered by helmless in-process and
 * by real helm through the same pipeline; the inventories must be equal. Charts come from the corpus
 * (test/support/aicr-catalog.ts); one the corpus lacks fails to fetch in both runs alike.
 * conformance/catalog.test.ts compares the renders themselves, byte for byte.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMirrorCommand } from '../../src/cli/mirror.js';
import { inProcessRenderer } from '../../src/discovery/engines.js';
import type { RenderChart } from '../../src/discovery/types.js';
import { AICR_CATALOG, aicrCatalogAvailable, corpusFetcher, LEAF_CRITERIA } from '../support/aicr-catalog.js';
import { captureIO } from '../support/cli-io.js';
import { HELM_BINARIES, helmAvailable } from '../support/helm-render.js';
import { corpusAvailable } from '../support/servers.js';
import { helmBinaryRenderer } from './helm-binary-renderer.js';

const READY = aicrCatalogAvailable() && corpusAvailable() && helmAvailable();
const WHY = READY ? '' : ' — needs ../shared/aicr-recipes, ../shared/charts and the helm binaries (npm run setup:helm)';

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
  const code = await command(['list', '--data', AICR_CATALOG, ...criteria, '-f', 'json'], c.io);
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
      for (const criteria of LEAF_CRITERIA) {
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
