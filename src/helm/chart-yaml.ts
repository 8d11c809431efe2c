/**
 * Chart.yaml, requirements.yaml and the lock files as helm decodes them (sigs.k8s.io/yaml into
 * chart.Metadata / chart.Lock), with helm's error texts. Helm 4's chart package is `v2`, which is
 * all that changes in its messages.
 */

import { GoYamlError, YMap, type YValue, yamlV2Unmarshal } from '../codec/yaml-decode.js';
import { yamlToGo } from '../codec/yaml-read.js';
import type { GoValue } from '../gotemplate/value.js';
import type { ChartDependency, ChartMetadata, ImportPair, Maintainer } from './chart.js';
import { decodeStruct, GoDecodeError, type GoStruct, sortedEntries } from './go-struct.js';
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
/** helm 4's loader reads the root Chart.yaml into this first, to pick a loader by apiVersion. */
const CHART_BASE: GoStruct = { struct: 'loader.chartBase', fields: { apiVersion: 'string' } };

/** sigs.k8s.io/yaml's Unmarshal of `text` into `t`. */
function unmarshal(text: string, t: GoStruct): Record<string, unknown> | undefined {
  let doc: YValue | undefined;
  try {
    doc = yamlV2Unmarshal(text);
  } catch (e) {
    if (e instanceof GoYamlError) throw new ChartYamlError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  try {
    return decodeStruct(doc, t);
  } catch (e) {
    if (e instanceof GoDecodeError) throw new ChartYamlError(e.message);
    throw e;
  }
}

/**
 * One `import-values` entry as encoding/json leaves it in `interface {}`: a map becomes its
 * `{child, parent}` members, anything else a plain Go value (only strings are used).
 */
function importValue(x: YValue): string | ImportPair | GoValue {
  if (!(x instanceof YMap)) return yamlToGo(x);
  const e = new Map(sortedEntries(x));
  const member = (k: string) => {
    const v = e.get(k);
    return v === undefined ? undefined : yamlToGo(v);
  };
  return { child: member('child'), parent: member('parent') };
}

function dependency(d: Record<string, unknown> | null): ChartDependency {
  if (d === null) return null as unknown as ChartDependency;
  const { 'import-values': iv, ...rest } = d;
  const dep = { name: '', ...rest } as ChartDependency;
  if (iv !== undefined) dep.importValues = (iv as YValue[]).map(importValue);
  return dep;
}

/** Drops fields decoded from null (encoding/json leaves those untouched). */
function present(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Parses Chart.yaml (or requirements.yaml) into metadata, on top of `base` when given. */
export function parseMetadata(text: string, compat: Compat, base?: ChartMetadata): ChartMetadata {
  const md: ChartMetadata = base ? { ...base } : ({} as ChartMetadata);
  const decoded = unmarshal(text, STRUCTS[compat].metadata);
  if (decoded === undefined) return md;
  const { dependencies, maintainers, ...rest } = present(decoded);
  Object.assign(md, rest);
  if (maintainers !== undefined) md.maintainers = maintainers as Maintainer[];
  if (dependencies !== undefined) {
    md.dependencies = (dependencies as Array<Record<string, unknown> | null>).map(dependency);
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
