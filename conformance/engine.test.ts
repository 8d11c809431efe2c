/**
 * Differential conformance of the Go template engine (src/gotemplate) with real helm 3.17.3 and
 * helm 4.1.4: fast-check generated templates and values over the whole template grammar, plus
 * hand-picked cases from helm-semantics.md §1, rendered by helm and by helmless and compared byte
 * for byte (valid cases in batches, error cases one chart each with the complete stderr).
 *
 * Environment knobs:
 *   CONFORMANCE_SEED=<n>     fast-check seed (printed on every run; random by default)
 *   CONFORMANCE_CASES=<n>    generated cases (default 2500; the ≥2000 check applies to the default)
 *   CONFORMANCE_ONLY=<i,…>   only these generated case numbers (to reproduce a failure)
 *   CONFORMANCE_ERRORS=<n>   error cases compared per helm version (default 150)
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeCase, type EngineCase } from './support/charts.js';
import { choiceStreamArb } from './support/choices.js';
import { coverage } from './support/coverage.js';
import { type Mismatch, runDifferential, type Stats } from './support/differential.js';
import { caseFromStream } from './support/generate.js';
import { HAND_PICKED } from './support/hand-picked.js';
import { type Compat, missingHelm } from './support/runners.js';

const missing = missingHelm();
const SEED = Number(process.env.CONFORMANCE_SEED ?? Math.floor(Math.random() * 0x7fffffff));
const COUNT = Number(process.env.CONFORMANCE_CASES ?? 2500);
const ONLY = process.env.CONFORMANCE_ONLY?.split(',').map(Number);
const ERRORS = Number(process.env.CONFORMANCE_ERRORS ?? 150);
const FULL_RUN = process.env.CONFORMANCE_CASES === undefined && ONLY === undefined;
const COMPATS: Compat[] = ['helm3', 'helm4'];
const OPTIONS = { batchSize: 600, errorSample: ERRORS, errorConcurrency: 4 };

function generated(): EngineCase[] {
  const n = ONLY ? Math.max(...ONLY) + 1 : COUNT;
  const streams = fc.sample(choiceStreamArb, { seed: SEED, numRuns: n });
  const cases = streams.map((s, i) => caseFromStream(s, `seed ${SEED} #${i}`));
  return ONLY ? cases.filter((_, i) => ONLY.includes(i)) : cases;
}

function report(ms: Mismatch[], limit = 12): string {
  const lines = ms.slice(0, limit).map((m) => {
    const what = m.case ? describeCase(m.case) : '(batch: no single case named)';
    return `--- ${m.compat} ${m.mode} mismatch\n${what}\nhelmless: ${m.ours}\nhelm:     ${m.helm}`;
  });
  if (ms.length > limit) lines.push(`… and ${ms.length - limit} more`);
  const ids = [...new Set(ms.flatMap((m) => (m.case?.id.startsWith('seed ') ? [m.case.id.split('#')[1]] : [])))];
  if (ids.length > 0) {
    lines.push(
      `reproduce: CONFORMANCE_SEED=${SEED} CONFORMANCE_ONLY=${ids.join(',')} npx vitest run conformance/engine.test.ts`,
    );
  }
  return lines.join('\n\n');
}

function summary(s: Stats): string {
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  return (
    `${s.compat}: ${s.valid} valid cases compared in batches, ${s.errors} error cases ` +
    `(${s.errorsCompared} compared one by one), ${s.helmRuns} helm runs; ` +
    `classify ${sec(s.ms.classify)}, batches ${sec(s.ms.batches)}, errors ${sec(s.ms.errors)}`
  );
}

type Results = Record<Compat, { mismatches: Mismatch[]; stats: Stats }>;

/** Runs helm 3 and helm 4 side by side (their helm processes overlap with helmless's work). */
async function both(cases: readonly EngineCase[], errorSample: number): Promise<Results> {
  const [helm3, helm4] = await Promise.all(
    COMPATS.map((compat) => runDifferential(cases, compat, { ...OPTIONS, errorSample })),
  );
  return { helm3: helm3!, helm4: helm4! };
}

describe.skipIf(missing.length > 0)('Go template engine vs helm (differential)', () => {
  describe('generated templates', () => {
    let results: Results;
    beforeAll(async () => {
      const cases = generated();
      console.log(
        `engine conformance: fast-check seed ${SEED} (CONFORMANCE_SEED=${SEED} replays it), ${cases.length} cases`,
      );
      results = await both(cases, ERRORS);
      for (const c of COMPATS) console.log(summary(results[c].stats));
    }, 900_000);

    it.each(COMPATS)('render like %s', (compat) => {
      const { mismatches, stats } = results[compat];
      expect(mismatches, report(mismatches)).toHaveLength(0);
      if (FULL_RUN) expect(stats.valid + stats.errorsCompared).toBeGreaterThanOrEqual(2000);
    });

    it.skipIf(!FULL_RUN).each(COMPATS)('cover the template grammar (%s)', (compat) => {
      const { compared } = results[compat].stats;
      const { counts, missing: absent } = coverage(compared.valid, compared.errors, compat);
      console.log(`${compat} coverage: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
      expect(absent, `never exercised by a case that rendered: ${absent.join(', ')}`).toEqual([]);
    });
  });

  describe('hand-picked cases from helm-semantics.md §1', () => {
    let results: Results;
    beforeAll(async () => {
      results = await both(HAND_PICKED, HAND_PICKED.length);
      for (const c of COMPATS) console.log(`hand-picked ${summary(results[c].stats)}`);
    }, 900_000);

    it.each(COMPATS)('render like %s', (compat) => {
      const { mismatches } = results[compat];
      expect(mismatches, report(mismatches, 30)).toHaveLength(0);
    });
  });
});

describe.skipIf(missing.length === 0)('Go template engine vs helm (differential)', () => {
  it.skip(`skipped: helm binaries missing (${missing.join(', ')}); run \`node scripts/setup-helm.mjs\``, () => {});
});
