/**
 * The real AI Cluster Runtime catalog (../shared/aicr-recipes) with the corpus charts: leaf criteria
 * that together enable every component the catalog has charts for, and a fetcher that serves each
 * chart from the corpus. The catalog pins other chart versions than the corpus holds, so each chart
 * comes in its corpus version (the values are the catalog's either way).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FetchChart } from '../../src/discovery/types.js';
import { CORPUS_DIR, corpusCharts } from './servers.js';

export const AICR_CATALOG = resolve(import.meta.dirname, '../../../shared/aicr-recipes');

export function aicrCatalogAvailable(): boolean {
  return existsSync(join(AICR_CATALOG, 'registry.yaml'));
}

/** `mirror list` criteria flags of leaf recipes: eks, aks, gke and kind; the dynamo and kubeflow platforms. */
export const LEAF_CRITERIA: readonly string[][] = [
  ['--service', 'eks', '--accelerator', 'h100', '--os', 'ubuntu', '--intent', 'training'],
  ['--service', 'eks', '--accelerator', 'gb200', '--os', 'ubuntu', '--intent', 'inference', '--platform', 'dynamo'],
  ['--service', 'aks', '--accelerator', 'h100', '--os', 'ubuntu', '--intent', 'training', '--platform', 'kubeflow'],
  ['--service', 'gke', '--accelerator', 'h100', '--os', 'cos', '--intent', 'inference', '--platform', 'dynamo'],
  ['--service', 'kind', '--accelerator', 'h100', '--intent', 'inference', '--platform', 'dynamo'],
];

/** Catalog charts the corpus holds under another name (corpus.yaml notes the component). */
const CORPUS_NAMES: Record<string, string> = { 'nvidia-dra-driver-gpu': 'dra-driver-nvidia-gpu' };

/** The corpus archive (a path) that stands for a catalog chart, if the corpus has one. */
function corpusArchiveFor(chart: string): string | undefined {
  const asked = chart.slice(chart.lastIndexOf('/') + 1);
  const name = CORPUS_NAMES[asked] ?? asked;
  const found = corpusCharts().find((c) => c.name === name);
  return found && join(CORPUS_DIR, found.file);
}

/** Serves every chart from the corpus in the version the corpus has, whatever version is asked for. */
export const corpusFetcher: FetchChart = async ({ chart }) => {
  const file = corpusArchiveFor(chart);
  if (!file) throw new Error(`chart ${chart} is not in the corpus`);
  const bytes = readFileSync(file);
  return { bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
};
