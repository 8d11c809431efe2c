/**
 * Prints the corpus conformance table outside vitest: `npm run conformance` (optionally followed
 * by chart names to run only those). Exits 1 when a case differs, 0 when every case is identical,
 * and skips (exit 0, with the reason) when ../shared/charts or the helm binaries are absent.
 */
import { missingHelmBinaries } from './support/cli-runs.js';
import { CORPUS_DIR, corpusAvailable, formatReport, runCorpus } from './support/corpus.js';

const missing = missingHelmBinaries();
if (!corpusAvailable()) {
  console.log(`corpus conformance skipped: ${CORPUS_DIR}/corpus.yaml not found`);
} else if (missing.length > 0) {
  console.log(`corpus conformance skipped: missing ${missing.join(', ')} (run npm run setup:helm)`);
} else {
  const charts = process.argv.slice(2);
  const started = Date.now();
  let done = 0;
  const results = await runCorpus({
    charts: charts.length > 0 ? charts : undefined,
    onResult: (c, compat, r) => {
      done++;
      if (process.stderr.isTTY)
        process.stderr.write(`\r${done} renders compared (${c.chart} ${c.variant} ${compat}: ${r.verdict})\x1b[K`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stdout.write(formatReport(results));
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (results.some((r) => Object.values(r.modes).some((m) => m.verdict === 'differs'))) process.exitCode = 1;
}
