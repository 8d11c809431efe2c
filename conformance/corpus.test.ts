/**
 * The corpus conformance suite (issue 4): every chart of ../shared/charts/corpus.yaml with its
 * default values and each variant, rendered by real helm 3.17.3 and 4.1.4 and by helmless
 * (in-process, same command line plus `--compat`), compared byte for byte — stdout, stderr and exit
 * status — except lines that vary between two helm runs (random passwords, certificates), which are
 * compared by shape. Prints the table and totals; `npm run conformance` prints the same outside vitest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPATS, missingHelmBinaries } from './support/cli-runs.js';
import {
  type CaseResult,
  CORPUS_DIR,
  corpusAvailable,
  corpusCases,
  formatReport,
  runCorpus,
} from './support/corpus.js';

const missing = missingHelmBinaries();
const skipReason = !corpusAvailable()
  ? `${CORPUS_DIR}/corpus.yaml not found`
  : missing.length > 0
    ? `helm binaries missing (${missing.join(', ')}): run npm run setup:helm`
    : undefined;

describe.skipIf(skipReason !== undefined)('corpus: helmless template vs helm template', () => {
  const cases = skipReason === undefined ? corpusCases() : [];
  const results = new Map<string, CaseResult>();

  beforeAll(async () => {
    const all = await runCorpus({ concurrency: 2 });
    for (const r of all) results.set(`${r.case.chart}/${r.case.variant}`, r);
    console.log(`\n${formatReport(all)}`);
  }, 600_000);

  for (const c of cases) {
    it(`${c.chart} / ${c.variant}`, () => {
      const r = results.get(`${c.chart}/${c.variant}`);
      expect(r, 'case was not run').toBeDefined();
      for (const compat of COMPATS) {
        const m = r!.modes[compat];
        expect(m.verdict === 'differs' ? `${compat}: ${m.detail}` : 'same', `${c.chart} / ${c.variant}`).toBe('same');
      }
    });
  }
});

if (skipReason !== undefined) {
  describe('corpus: helmless template vs helm template', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
