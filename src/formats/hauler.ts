/**
 * `--format hauler` (spec §9.2): a Hauler manifest of the `content.hauler.cattle.io/v1` Images kind
 * and, when there are charts, a Charts kind, keys sorted at every level. Feed it to
 * `hauler store sync --filename`. Warnings and namespaces are not part of Hauler's schema. With a
 * platform (`--image-platform`), the Images kind carries Hauler's `hauler.dev/platform` annotation,
 * which makes it pull that platform only.
 */
import { emitYaml, sortKeysDeep, ymap } from './goyaml.js';
import type { MirrorListResult } from './model.js';

export const HAULER_API_VERSION = 'content.hauler.cattle.io/v1';

export function formatHauler(result: MirrorListResult, platform?: string): string {
  const annotations = platform === undefined ? undefined : ymap([['hauler.dev/platform', platform]]);
  const images = ymap([
    ['apiVersion', HAULER_API_VERSION],
    ['kind', 'Images'],
    [
      'metadata',
      ymap([
        ['name', 'aicr-images'],
        ['annotations', annotations],
      ]),
    ],
    ['spec', ymap([['images', result.images.map((name) => ymap([['name', name]]))]])],
  ]);
  let out = emitYaml(sortKeysDeep(images));
  if (result.charts.length > 0) {
    const charts = ymap([
      ['apiVersion', HAULER_API_VERSION],
      ['kind', 'Charts'],
      ['metadata', ymap([['name', 'aicr-charts']])],
      [
        'spec',
        ymap([
          [
            'charts',
            result.charts.map((c) =>
              ymap([
                ['name', c.chart],
                ['repoURL', c.repository],
                ['version', c.version],
              ]),
            ),
          ],
        ]),
      ],
    ]);
    out += `---\n${emitYaml(sortKeysDeep(charts))}`;
  }
  return out;
}
