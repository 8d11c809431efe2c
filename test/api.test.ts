/**
 * The public API (src/index.ts) as the README shows it: load, render, extract, and the reference
 * helpers, on a chart bundled in examples/.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  declaredImages,
  extractImages,
  findStringReferences,
  isImageReference,
  isQualifiedReference,
  loadChart,
  normalizeImageReference,
  renderChart,
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

  it('exports the reference helpers', () => {
    expect(normalizeImageReference('busybox:1.36')).toBe('docker.io/library/busybox:1.36');
    expect(findStringReferences('--image=quay.io/a/b:1')).toEqual(['quay.io/a/b:1']);
    expect(isQualifiedReference('busybox:1.36')).toBe(false);
    expect(isImageReference('busybox:1.36')).toBe(true);
    expect(isImageReference('ghcr.io/NVIDIA/driver:550')).toBe(false);
  });
});
