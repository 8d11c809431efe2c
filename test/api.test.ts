/**
 * The public API (src/index.ts) as the README shows it: load, render, extract, and the reference
 * helpers, on a chart bundled in examples/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Catalog,
  chartFetcher,
  declaredImages,
  extractImages,
  findStringReferences,
  inProcessRenderer,
  isImageReference,
  isQualifiedReference,
  loadChart,
  mirrorList,
  normalizeImageReference,
  renderChart,
  resolveRecipe,
} from '../src/index.js';

const CHART = resolve(import.meta.dirname, '../examples/charts/cert-manager-v1.20.2.tgz');

describe('the public API', () => {
  it('loads, renders and extracts as the README shows', async () => {
    const chart = await loadChart(CHART);
    const result = renderChart(chart, { releaseName: 'demo', compat: 'helm4' });
    expect(result.stdout).toContain('# Source: cert-manager/templates/deployment.yaml');
    const { images } = extractImages([...result.manifests, ...result.hooks]);
    expect(images).toContain('quay.io/jetstack/cert-manager-controller:v1.20.2');
    const scanned = extractImages([...result.manifests, ...result.hooks], { scanStrings: true, normalize: true });
    expect(scanned.images.filter((i) => !images.includes(i))).toEqual([
      'quay.io/jetstack/cert-manager-acmesolver:v1.20.2',
    ]);
    // cert-manager's Chart.yaml declares no images.
    expect(declaredImages(result.chart, result.values)).toEqual({ images: [], warnings: [] });
  });

  it('lists what a recipe needs, as the README shows: catalog, recipe, renderer and fetcher', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'helmless-api-'));
    try {
      const catalog = await Catalog.openDirectories([resolve(import.meta.dirname, '../examples/catalog')]);
      const recipe = await resolveRecipe(catalog, { criteria: { service: 'eks', intent: 'training' } });
      const mirror = pathToFileURL(resolve(import.meta.dirname, '../examples/charts')).href;
      const result = await mirrorList(recipe, {
        catalog,
        renderChart: inProcessRenderer(),
        fetchChart: chartFetcher({ cacheDir }),
        repositoryRewrites: [`https://charts.jetstack.io=${mirror}`],
      });
      expect(result.images).toContain('quay.io/jetstack/cert-manager-controller:v1.20.2');
      expect(result.charts.find((c) => c.name === 'cert-manager')?.repository).toBe('https://charts.jetstack.io');
      expect(result.components.find((c) => c.component === 'cert-manager')?.warnings).toBeUndefined();
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('exports the reference helpers', () => {
    expect(normalizeImageReference('busybox:1.36')).toBe('docker.io/library/busybox:1.36');
    expect(findStringReferences('--image=quay.io/a/b:1')).toEqual(['quay.io/a/b:1']);
    expect(isQualifiedReference('busybox:1.36')).toBe(false);
    expect(isImageReference('busybox:1.36')).toBe(true);
    expect(isImageReference('ghcr.io/NVIDIA/driver:550')).toBe(false);
  });
});
