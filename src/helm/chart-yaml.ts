/**
 * Chart.yaml, requirements.yaml and the lock files as helm decodes them (sigs.k8s.io/yaml into
 * chart.Metadata / chart.Lock), with helm's error texts. Helm 4's chart package is `v2`, which is
 * all that changes in its messages.
 */

import type { ChartDependency, ChartMetadata } from './chart.js';
import { type GoStruct, YamlUnmarshalError, yamlUnmarshalStruct } from './go-struct.js';
import type { Compat } from './strvals.js';

/** A file that helm cannot decode; `message` is its text after `cannot load <file>: `. */
export class ChartYamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartYamlError';
  }
}

interface Structs {
  metadata: GoStruct;
  lock: GoStruct;
}

function structs(pkg: string): Structs {
  const stringList = { slice: 'string', name: '[]string' } as const;
  const dependency: GoStruct = {
    struct: `${pkg}.Dependency`,
    fields: {
      name: 'string',
      version: 'string',
      repository: 'string',
      condition: 'string',
      tags: stringList,
      enabled: 'bool',
      'import-values': { slice: 'any', name: '[]interface {}' },
      alias: 'string',
    },
    props: { 'import-values': 'importValues' },
  };
  const dependencies = { slice: dependency, name: `[]*${pkg}.Dependency` };
  const maintainer: GoStruct = {
    struct: `${pkg}.Maintainer`,
    fields: { name: 'string', email: 'string', url: 'string' },
  };
  const metadata: GoStruct = {
    struct: `${pkg}.Metadata`,
    fields: {
      name: 'string',
      home: 'string',
      sources: stringList,
      version: 'string',
      description: 'string',
      keywords: stringList,
      maintainers: { slice: maintainer, name: `[]*${pkg}.Maintainer` },
      icon: 'string',
      apiVersion: 'string',
      condition: 'string',
      tags: 'string',
      appVersion: 'string',
      deprecated: 'bool',
      annotations: { map: 'string', name: 'map[string]string' },
      kubeVersion: 'string',
      dependencies,
      type: 'string',
    },
  };
  const lock: GoStruct = { struct: `${pkg}.Lock`, fields: { generated: 'time', digest: 'string', dependencies } };
  return { metadata, lock };
}

const STRUCTS: Record<Compat, Structs> = { helm3: structs('chart'), helm4: structs('v2') };

/** helm's chart.Metadata struct (package `chart` in helm 3, `v2` in helm 4), as decoded from JSON. */
export function metadataStruct(compat: Compat): GoStruct {
  return STRUCTS[compat].metadata;
}
/** helm 4's loader reads the root Chart.yaml into this first, to pick a loader by apiVersion. */
const CHART_BASE: GoStruct = { struct: 'loader.chartBase', fields: { apiVersion: 'string' } };

/**
 * sigs.k8s.io/yaml's Unmarshal of `text` into `t`. Its YAML-to-JSON conversion follows `t` and
 * turns a float bound for a string field into a string, so non-finite floats are refused only
 * outside string fields (unknown keys, `deprecated`, Chart.lock's `generated`, `import-values`, a
 * list where a string belongs…). Helm 4 reads a root Chart.yaml into {@link CHART_BASE} first,
 * where every field but `apiVersion` is unknown.
 */
function unmarshal(text: string, t: GoStruct, into?: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return yamlUnmarshalStruct(text, t, into);
  } catch (e) {
    if (e instanceof YamlUnmarshalError) throw new ChartYamlError(e.message);
    throw e;
  }
}

/** A dependency entry as decoded (null stays a nil pointer); a new entry's name is Go's "". */
function dependency(d: Record<string, unknown> | null): ChartDependency {
  if (d === null) return null as unknown as ChartDependency;
  return { ...present(d), name: (d.name as string | undefined) ?? '' } as ChartDependency;
}

/** Drops fields that are Go's zero value (never set, or cleared by null). */
function present(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Parses Chart.yaml (or requirements.yaml) into metadata. With `base`, the text is decoded into
 * it as encoding/json does (null clears lists and maps, lists and maps merge into the old ones);
 * `base` itself is left unchanged.
 */
export function parseMetadata(text: string, compat: Compat, base?: ChartMetadata): ChartMetadata {
  const decoded = unmarshal(text, STRUCTS[compat].metadata, base as unknown as Record<string, unknown> | undefined);
  if (decoded === undefined) return { ...base } as ChartMetadata;
  return toMetadata(decoded);
}

/** Metadata from a decoded chart.Metadata struct (fields at Go's zero value dropped; null dependencies kept). */
export function toMetadata(decoded: Record<string, unknown>): ChartMetadata {
  const md = present(decoded) as unknown as ChartMetadata;
  if (md.dependencies !== undefined) {
    md.dependencies = (md.dependencies as unknown as Array<Record<string, unknown> | null>).map(dependency);
  }
  return md;
}

/** Checks Chart.lock / requirements.lock the way helm's loader decodes it (nothing else reads it). */
export function checkLock(text: string, compat: Compat): void {
  unmarshal(text, STRUCTS[compat].lock);
}

/** The apiVersion helm 4 reads from a root Chart.yaml to choose its loader. */
export function chartBaseApiVersion(text: string): string {
  return (unmarshal(text, CHART_BASE)?.apiVersion as string | undefined) ?? '';
}
