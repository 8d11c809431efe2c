/**
 * vitest globalSetup: starts the corpus chart repository on 127.0.0.1:8879 once for all test
 * processes (its index.yaml hard-codes that address). Never fails the run: tests that need the
 * repository check for it and say why they skip.
 */
import { corpusAvailable, ensureChartRepo } from './servers.js';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!corpusAvailable()) return undefined;
  try {
    return await ensureChartRepo();
  } catch (err) {
    console.warn(`chart repository on 127.0.0.1:8879 not started: ${(err as Error).message}`);
    return undefined;
  }
}
