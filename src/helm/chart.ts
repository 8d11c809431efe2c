/**
 * The in-memory chart model (what helm's loader produces): metadata from Chart.yaml, default values,
 * templates, other files, CRDs, the values schema and loaded subcharts.
 */
import type { GoMap, GoValue } from '../gotemplate/value.js';

/** An `import-values` entry after dependency processing (helm's `map[string]string`). */
export class ImportPair {
  constructor(
    readonly child: string,
    readonly parent: string,
  ) {}
}

/** One Chart.yaml `dependencies` entry (or v1 requirements.yaml entry). */
export interface ChartDependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  /**
   * `import-values` as decoded into `[]interface {}` (strings name `exports.<name>`, GoMaps hold
   * `child`/`parent`, other values are ignored); processing leaves strings and {@link ImportPair}s.
   */
  importValues?: GoValue[];
  alias?: string;
}

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** Chart.yaml as helm's chart.Metadata sees it (field names as in Go, values as strings). */
export interface ChartMetadata {
  name: string;
  home?: string;
  sources?: string[];
  version: string;
  description?: string;
  keywords?: string[];
  maintainers?: Maintainer[];
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: ChartDependency[];
  type?: string;
}

/** A file of the chart: path relative to the chart root with forward slashes, raw bytes. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

export interface Chart {
  metadata: ChartMetadata;
  /** values.yaml parsed like helm (float64 numbers, YAML 1.1), an empty map when absent. */
  values: GoMap;
  /** The raw values.yaml (helm keeps it for `helm show values`). */
  rawValues?: Uint8Array;
  /** values.schema.json bytes, when present. */
  schema?: Uint8Array;
  /** Files under templates/ (names include the `templates/` prefix). */
  templates: ChartFile[];
  /** Every other file that is not Chart.yaml, values.yaml, charts/ or templates/ (the `.Files`). */
  files: ChartFile[];
  /** Loaded subcharts from charts/ (directories and tarballs). */
  dependencies: Chart[];
  /** The enclosing chart, for subcharts. */
  parent?: Chart;
  /** v1 charts keep their dependencies in requirements.yaml; helm folds them into metadata. */
  lock?: unknown;
}

/** helm's Chart.Name(). */
export function chartName(c: Chart): string {
  return c.metadata.name;
}

/** helm's Chart.IsRoot(). */
export function isRoot(c: Chart): boolean {
  return c.parent === undefined;
}

/** helm's Chart.ChartFullPath(): `parent/charts/child` for subcharts. */
export function chartFullPath(c: Chart): string {
  if (!c.parent) return chartName(c);
  return `${chartFullPath(c.parent)}/charts/${chartName(c)}`;
}

/** CRD files of this chart: `crds/` entries ending .yaml, .yml or .json. */
export function crdFiles(c: Chart): ChartFile[] {
  return c.files.filter((f) => f.name.startsWith('crds/') && /\.(ya?ml|json)$/.test(f.name));
}
