/**
 * Images a chart declares in its Chart.yaml annotations (`--declared-images`, beyond aicr): the
 * image list of HIP-0015 (`helm.sh/images`), Artifact Hub (`artifacthub.io/images`) and Bitnami
 * (`images`). Each is a YAML list of `{name, image}` entries kept by the chart's authors; it names
 * images that no default render shows, such as the operands an operator starts at run time.
 *
 * The walk follows the chart tree as helm rendered it: subcharts that dependency conditions or tags
 * disabled are gone, aliased subcharts carry their alias, and each chart reads its own section of
 * the coalesced values. Two optional entry fields narrow the list, as Zarf and HIP-0015 use them:
 * - `condition`: comma-separated value paths in the declaring chart's values, read like a
 *   dependency condition (the first path that holds a boolean decides; none leaves the image in);
 * - `dependency`: the subchart the image belongs to; the image is left out when that subchart is
 *   not part of the render.
 * Other fields (`name`, `whitelisted`, `platforms`…) are ignored. Entries that cannot be read are
 * warnings, never silently dropped.
 */
import type { ImageOccurrence } from '../formats/model.js';
import { quote } from '../gotemplate/strconv.js';
import type { GoMap } from '../gotemplate/value.js';
import { type Chart, chartFullPath, chartName } from '../helm/chart.js';
import { isTable } from '../helm/coalesce.js';
import { pathValue } from '../helm/dependencies.js';
import { errorMessage } from './errors.js';
import { formatPath } from './extract.js';
import { isImageReference, normalizedOccurrence } from './normalize.js';
import { parseYamlDocument, type YNode } from './yamlv3.js';

/** The annotations read, in this order. */
export const IMAGE_ANNOTATIONS = ['helm.sh/images', 'artifacthub.io/images', 'images'] as const;

/** One image a chart declares. */
export interface DeclaredImage {
  /** The reference as the annotation writes it. */
  image: string;
  /** The declaring chart as helm names it (`parent/charts/child` for subcharts). */
  chart: string;
  /** Where the entry sits in that chart's Chart.yaml, e.g. `annotations["helm.sh/images"][0].image`. */
  yamlPath: string;
}

/** What {@link declaredImages} found, with a warning per entry or annotation it could not read. */
export interface DeclaredImages {
  images: DeclaredImage[];
  warnings: string[];
}

/**
 * The images `chart` and its subcharts declare, given the values the render used (`.Values` of the
 * root chart, subchart sections included). `chart` is the tree after dependency processing.
 */
export function declaredImages(chart: Chart, values: GoMap): DeclaredImages {
  const found: DeclaredImages = { images: [], warnings: [] };
  collect(chart, values, found);
  return found;
}

/**
 * Declared images as occurrences (path `<chart>/Chart.yaml`, the entry's YAML path), under their
 * normalised names when asked (`--normalize`), as extraction gives rendered ones.
 */
export function declaredOccurrences(images: readonly DeclaredImage[], normalize: boolean): ImageOccurrence[] {
  return images.map((d) => {
    const o: ImageOccurrence = {
      image: d.image,
      path: `${d.chart}/Chart.yaml`,
      documentIndex: 0,
      yamlPath: d.yamlPath,
    };
    return normalize ? normalizedOccurrence(o) : o;
  });
}

function collect(chart: Chart, values: GoMap, found: DeclaredImages): void {
  const annotations = chart.metadata.annotations ?? {};
  for (const key of IMAGE_ANNOTATIONS) {
    const text = annotations[key];
    if (text !== undefined && text.trim() !== '') readAnnotation(chart, values, key, text, found);
  }
  for (const sub of chart.dependencies) {
    const section = values.get(chartName(sub));
    collect(sub, isTable(section) ? section : new Map(), found);
  }
}

function readAnnotation(chart: Chart, values: GoMap, key: string, text: string, found: DeclaredImages): void {
  const where = `chart ${chartFullPath(chart)}: annotation ${quote(key)}`;
  let list: YNode | null;
  try {
    list = parseYamlDocument(text, where);
  } catch (err) {
    found.warnings.push(`declared images: ${errorMessage(err)}`);
    return;
  }
  if (list === null) return;
  if (list.kind !== 'seq') {
    found.warnings.push(`declared images: ${where}: expected a list of {name, image} entries`);
    return;
  }
  list.items.forEach((entry, index) => {
    const read = readEntry(chart, values, key, entry, index);
    if (typeof read === 'string') found.warnings.push(`declared images: ${where}: entry ${index}: ${read}`);
    else if (read !== undefined) found.images.push(read);
  });
}

/** One entry: its image, undefined when its condition or dependency leaves it out, or what is wrong. */
function readEntry(
  chart: Chart,
  values: GoMap,
  key: string,
  entry: YNode,
  index: number,
): DeclaredImage | string | undefined {
  if (entry.kind !== 'map') return 'expected a mapping with an image';
  const field = (name: string) => entry.entries.find(([k]) => k === name)?.[1];
  const image = field('image');
  if (image === undefined) return 'has no image';
  if (image.kind !== 'scalar' || typeof image.value !== 'string') return 'image is not a string';
  if (!isImageReference(image.value)) return `${quote(image.value)} is not an image reference`;
  const condition = stringField(field('condition'));
  const dependency = stringField(field('dependency'));
  if (condition === null || dependency === null) return 'condition and dependency must be strings';
  if (condition !== undefined && !conditionHolds(values, condition)) return undefined;
  if (dependency !== undefined && !chart.dependencies.some((d) => chartName(d) === dependency)) return undefined;
  return {
    image: image.value,
    chart: chartFullPath(chart),
    yamlPath: formatPath(['annotations', key, index, 'image']),
  };
}

/** A string field's value; undefined when absent or null, null when it holds something else. */
function stringField(node: YNode | undefined): string | undefined | null {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
  return node.kind === 'scalar' && typeof node.value === 'string' ? node.value : null;
}

/** A dependency condition: the first path that holds a boolean decides; none leaves it true. */
function conditionHolds(values: GoMap, condition: string): boolean {
  for (const path of condition.trim().split(',')) {
    if (path.length === 0) continue;
    const found = pathValue(values, path);
    if (found && typeof found.value === 'boolean') return found.value;
  }
  return true;
}
