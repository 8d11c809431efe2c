/**
 * `--format zarf` (spec §9.3): a `ZarfPackageConfig` (zarf.dev/v1alpha1) with one required
 * component `aicr-images` holding every image and chart, keys sorted at every level. Save it as
 * `zarf.yaml` and run `zarf package create`. With a platform (`--image-platform`), its architecture
 * becomes the package's `metadata.architecture`, which Zarf builds and pulls images for.
 */
import { emitYaml, sortKeysDeep, type YamlValue, ymap } from './goyaml.js';
import type { ChartRef, MirrorListResult } from './model.js';

export const ZARF_API_VERSION = 'zarf.dev/v1alpha1';
export const ZARF_DESCRIPTION = 'NVIDIA AI Cluster Runtime container images and Helm charts for air-gapped deployment';

/** OCI charts get the full chart URL; HTTP(S) charts the repository URL plus `repoName`. */
function zarfChart(c: ChartRef): YamlValue {
  const oci = c.repository.startsWith('oci://');
  return ymap([
    ['name', c.chart],
    ['version', c.version],
    ['url', oci ? `${c.repository.replace(/\/+$/, '')}/${c.chart}` : c.repository],
    ['namespace', c.namespace ? c.namespace : undefined],
    ['repoName', oci ? undefined : c.chart],
  ]);
}

export function formatZarf(result: MirrorListResult, platform?: string): string {
  const pkg = ymap([
    ['apiVersion', ZARF_API_VERSION],
    ['kind', 'ZarfPackageConfig'],
    [
      'metadata',
      ymap([
        ['name', 'aicr'],
        ['description', ZARF_DESCRIPTION],
        ['architecture', platform?.split('/')[1]],
      ]),
    ],
    [
      'components',
      [
        ymap([
          ['name', 'aicr-images'],
          ['required', true],
          ['images', result.images.length > 0 ? [...result.images] : undefined],
          ['charts', result.charts.length > 0 ? result.charts.map(zarfChart) : undefined],
        ]),
      ],
    ],
  ]);
  return emitYaml(sortKeysDeep(pkg));
}
