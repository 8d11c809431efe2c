/**
 * Output writers of `mirror list` (spec §9): `yaml` (default), `json`, `hauler`, `zarf`, and
 * beyond aicr `list` (one image per line) and `skopeo` (a `skopeo sync --src yaml` file). Every writer is a pure function of the result: the same inventory
 * gives byte-identical output.
 */
import { quote } from '../gotemplate/strconv.js';
import { FormatError } from './errors.js';
import { formatHauler } from './hauler.js';
import { formatJsonDocument, formatYamlDocument } from './mirror-document.js';
import type { MirrorListResult } from './model.js';
import { formatSkopeo } from './skopeo.js';
import { formatZarf } from './zarf.js';

export { compareBytewise, sortedUnique } from './bytewise.js';
export { FormatError } from './errors.js';
export { HAULER_API_VERSION } from './hauler.js';
export { sortProvenance } from './mirror-document.js';
export type * from './model.js';
export { formatWhy } from './why.js';
export { ZARF_API_VERSION } from './zarf.js';

/** The `--format` values, in the order help and error texts list them. */
export const OUTPUT_FORMATS = ['yaml', 'json', 'hauler', 'zarf', 'list', 'skopeo'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Options of {@link formatMirrorList}. */
export interface FormatOptions {
  /** Include the provenance section (`--provenance`); only `yaml` and `json` can carry it. */
  provenance?: boolean;
  /**
   * The platform images were pinned to (`--image-platform`, `os/arch[/variant]`): Hauler gets it as
   * its `hauler.dev/platform` annotation and Zarf as the package architecture, so neither pulls or
   * packages other platforms of an image given by tag.
   */
  platform?: string;
}

/** Whether `name` is a supported format (exact, case-sensitive). */
export function isOutputFormat(name: string): name is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(name);
}

/** Validates `--format` early (spec §1.3 step 2); throws an invalid-input {@link FormatError}. */
export function parseOutputFormat(name: string): OutputFormat {
  if (isOutputFormat(name)) return name;
  throw new FormatError(`unknown output format: ${quote(name)}, valid formats are: ${OUTPUT_FORMATS.join(', ')}`, 2);
}

/** Renders a mirror list in one of the {@link OUTPUT_FORMATS}. */
export function formatMirrorList(
  result: MirrorListResult | null | undefined,
  format: OutputFormat,
  options: FormatOptions = {},
): string {
  if (!result) throw new FormatError('mirror list is nil', 2);
  const checked = parseOutputFormat(format);
  if (options.provenance && checked !== 'yaml' && checked !== 'json') {
    throw new FormatError(`--provenance is only available with --format json or yaml, not ${checked}`, 2);
  }
  switch (checked) {
    case 'yaml':
      return formatYamlDocument(result, options);
    case 'json':
      return formatJsonDocument(result, options);
    case 'hauler':
      return formatHauler(result, options.platform);
    case 'zarf':
      return formatZarf(result, options.platform);
    case 'list':
      return result.images.map((image) => `${image}\n`).join('');
    case 'skopeo':
      return formatSkopeo(result);
  }
}
