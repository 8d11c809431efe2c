/**
 * The corpus charts with the real AI Cluster Runtime catalog's values: every chart render the leaf
 * recipes of test/support/aicr-catalog.ts ask for (each component's values hydrated from
 * ../shared/aicr-recipes, its namespace, the recipe's Kubernetes version and the extra API versions),
 * run as `helm template` and `helmless template --compat` from the same command line and compared
 * byte for byte like the corpus suite (random lines by shape). The catalog's values reach chart
 * paths that the corpus variants do not.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMirrorCommand } from '../src/cli/mirror.js';
import type { RenderRequest } from '../src/discovery/types.js';
import { AICR_CATALOG, aicrCatalogAvailable, corpusFetcher, LEAF_CRITERIA } from '../test/support/aicr-catalog.js';
import { captureIO } from '../test/support/cli-io.js';
import { CORPUS_DIR, corpusCharts } from '../test/support/servers.js';
import { COMPATS, missingHelmBinaries } from './support/cli-runs.js';
import { type CaseResult, type CorpusCase, corpusAvailable, formatReport, runCases } from './support/corpus.js';

const missing = missingHelmBinaries();
const skipReason = !aicrCatalogAvailable()
  ? '../shared/aicr-recipes not found'
  : !corpusAvailable()
    ? '../shared/charts not found'
    : missing.length > 0
      ? `helm binaries missing (${missing.join(', ')}): run npm run setup:helm`
      : undefined;

/** The render requests `mirror list` makes for each leaf recipe (nothing is rendered). */
async function renderRequests(): Promise<RenderRequest[]> {
  const requests: RenderRequest[] = [];
  for (const criteria of LEAF_CRITERIA) {
    const c = captureIO();
    const command = createMirrorCommand({
      renderChart: async (req) => {
        requests.push(req);
        return [];
      },
      fetcher: () => corpusFetcher,
      onSignal: () => () => {},
    });
    const code = await command(['list', '--data', AICR_CATALOG, ...criteria, '-f', 'list'], c.io);
    if (code !== 0) throw new Error(`mirror list ${criteria.join(' ')}: exit ${code}: ${c.err()}`);
  }
  return requests;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** One case per distinct chart render (recipes share most components), named after the component. */
function catalogCases(requests: readonly RenderRequest[]): CorpusCase[] {
  const archives = new Map(
    corpusCharts().map((c) => [sha256(readFileSync(`${CORPUS_DIR}/${c.file}`)), `${CORPUS_DIR}/${c.file}`]),
  );
  const cases = new Map<string, CorpusCase>();
  for (const req of requests) {
    const file = archives.get(sha256(req.chart))!;
    const args = [
      ...(req.namespace ? ['--namespace', req.namespace] : []),
      '--kube-version',
      req.kubeVersion,
      ...req.apiVersions.flatMap((a) => ['--api-versions', a]),
      '--include-crds=false',
    ];
    const key = JSON.stringify([file, req.valuesYaml ?? '', args]);
    if (cases.has(key)) continue;
    const n = [...cases.values()].filter((c) => c.chart === req.component).length;
    const variant = n === 0 ? 'catalog' : `catalog-${n + 1}`;
    const values =
      req.valuesYaml === undefined ? [] : [{ name: `${req.component}.${variant}.yaml`, content: req.valuesYaml }];
    cases.set(key, { chart: req.component, variant, file, values, args });
  }
  return [...cases.values()];
}

describe.skipIf(skipReason !== undefined)('corpus charts with the aicr catalog values: helmless vs helm', () => {
  let results: CaseResult[] = [];

  beforeAll(async () => {
    results = await runCases(catalogCases(await renderRequests()), { concurrency: 2 });
    console.log(`\n${formatReport(results)}`);
  }, 900_000);

  it('renders every chart the leaf recipes ask for identically', () => {
    expect(results.length).toBeGreaterThan(10);
    const differing = results.flatMap((r) =>
      COMPATS.filter((c) => r.modes[c].verdict === 'differs').map(
        (c) => `${r.case.chart} / ${r.case.variant} (${c}): ${r.modes[c].detail}`,
      ),
    );
    expect(differing).toEqual([]);
    // Not vacuous: most renders succeed in helm.
    expect(results.filter((r) => r.modes.helm3.helmCode === 0).length).toBeGreaterThan(10);
  });
});

if (skipReason !== undefined) {
  describe('corpus charts with the aicr catalog values: helmless vs helm', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
