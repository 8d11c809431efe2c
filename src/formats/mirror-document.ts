/**
 * The YAML (`--format yaml`, the default) and JSON (`--format json`) outputs of spec §9.1: the
 * result's fields in declaration order, empty optional fields omitted, empty lists printed as `[]`
 * (upstream's JSON can print `null` there, spec Q-5), and the optional provenance section.
 */
import { compareBytewise } from './bytewise.js';
import { emitYaml, type YamlValue, ymap } from './goyaml.js';
import { emitGoJson } from './json.js';
import type { ChartRef, ComponentImages, ImageProvenance, MirrorListResult } from './model.js';

/** Options of the YAML and JSON writers. */
export interface DocumentOptions {
  /** Append a `provenance` section (every place each image was found), sorted. */
  provenance?: boolean;
}

/** `undefined` for an empty or absent string (Go's `omitempty`). */
function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function chartEntry(c: ChartRef): YamlValue {
  return ymap([
    ['name', c.name],
    ['repository', c.repository],
    ['chart', c.chart],
    ['version', c.version],
    ['namespace', nonEmpty(c.namespace)],
  ]);
}

function componentEntry(c: ComponentImages): YamlValue {
  return ymap([
    ['component', c.component],
    ['type', c.type],
    ['images', [...c.images]],
    ['warnings', c.warnings && c.warnings.length > 0 ? [...c.warnings] : undefined],
  ]);
}

/** Byte-wise order on image, component, path, document, YAML path: stable across runs. */
export function sortProvenance(entries: readonly ImageProvenance[]): ImageProvenance[] {
  const key = (p: ImageProvenance) => [
    p.image,
    p.component,
    p.path,
    String(p.documentIndex).padStart(10, '0'),
    p.yamlPath,
  ];
  return [...entries].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = compareBytewise(ka[i]!, kb[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
}

function provenanceEntry(p: ImageProvenance): YamlValue {
  return ymap([
    ['image', p.image],
    ['component', p.component],
    ['source', p.source],
    ['chart', nonEmpty(p.chart)],
    ['chartVersion', nonEmpty(p.chartVersion)],
    ['path', p.path],
    ['documentIndex', p.documentIndex],
    ['kind', nonEmpty(p.kind)],
    ['name', nonEmpty(p.name)],
    ['yamlPath', p.yamlPath],
    ['inString', p.inString ? true : undefined],
    ['asWritten', nonEmpty(p.asWritten)],
  ]);
}

/** The §9.1 document as an ordered tree shared by both writers. */
function documentTree(result: MirrorListResult, options: DocumentOptions): YamlValue {
  return ymap([
    ['images', [...result.images]],
    ['charts', result.charts.map(chartEntry)],
    ['components', result.components.map(componentEntry)],
    [
      'metadata',
      ymap([
        ['recipeVersion', nonEmpty(result.metadata.recipeVersion)],
        ['criteria', nonEmpty(result.metadata.criteria)],
      ]),
    ],
    ['provenance', options.provenance ? sortProvenance(result.provenance ?? []).map(provenanceEntry) : undefined],
  ]);
}

/** Converts the ordered tree to plain objects (insertion order is JSON field order). */
function toPlain(v: YamlValue): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of (v as { entries: ReadonlyArray<readonly [string, YamlValue]> }).entries) o[k] = toPlain(x);
    return o;
  }
  return v;
}

/** `--format yaml`. */
export function formatYamlDocument(result: MirrorListResult, options: DocumentOptions = {}): string {
  return emitYaml(documentTree(result, options));
}

/** `--format json`. */
export function formatJsonDocument(result: MirrorListResult, options: DocumentOptions = {}): string {
  return emitGoJson(toPlain(documentTree(result, options)));
}
