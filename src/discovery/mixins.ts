/**
 * Mixin composition (spec §4.3): the catalog's `mixins/*.yaml` fragments indexed by their
 * metadata.name, and the rules a mixin must follow to touch a component the inheritance chain
 * already declares — only additive fields (namespace, manifests, dependencies) and the override
 * paths the component's registry entry allowlists (`mixinSafeOverridePaths`, exact leaf paths),
 * never a path the chain (values files or inline overrides) or an earlier mixin already set.
 */
import type { Catalog } from './catalog.js';
import { errorMessage, invalid, MirrorError } from './errors.js';
import { decodeMixin, type RecipeMixin } from './recipe.js';
import type { ComponentRegistry } from './registry.js';
import type { ComponentRef, Constraint, Value, ValueMap } from './types.js';
import { isValueMap } from './values.js';
import { parseValuesYaml, parseYamlDocument, type YNode } from './yamlv3.js';

/** Reads every `mixins/*.yaml` file, keyed by metadata.name (a repeated name is an error). */
export async function loadMixins(catalog: Catalog): Promise<Map<string, RecipeMixin>> {
  const mixins = new Map<string, RecipeMixin>();
  for (const path of await catalog.listFiles('mixins')) {
    if (!path.endsWith('.yaml')) continue;
    const root = parseYamlDocument(await catalog.readFile(path), path);
    const mixin = decodeMixin(root, path);
    const unknown = unknownFields(root, MIXIN_SHAPE);
    if (unknown.length > 0) {
      throw invalid(
        `failed to parse mixin ${path} (unknown fields are not allowed): yaml: unmarshal errors:\n${unknown.map((u) => `  ${u}`).join('\n')}`,
      );
    }
    if (mixins.has(mixin.name)) throw invalid(`duplicate mixin name "${mixin.name}" in ${path}`);
    mixins.set(mixin.name, mixin);
  }
  return mixins;
}

/** The fields a strictly decoded document may carry: Go type name, field shapes (undefined = free). */
interface Shape {
  type: string;
  fields: Record<string, Shape | { list: Shape } | undefined>;
}
const tag = (name: string, omitempty = false) =>
  `"json:\\"${name}${omitempty ? ',omitempty' : ''}\\" yaml:\\"${name}${omitempty ? ',omitempty' : ''}\\""`;
const CONSTRAINT: Shape = {
  type: 'recipe.Constraint',
  fields: { name: undefined, value: undefined, severity: undefined, remediation: undefined, unit: undefined },
};
const EXPECTED_RESOURCE: Shape = {
  type: 'recipe.ExpectedResource',
  fields: { kind: undefined, name: undefined, namespace: undefined },
};
const COMPONENT_REF: Shape = {
  type: 'recipe.ComponentRef',
  fields: {
    name: undefined,
    namespace: undefined,
    chart: undefined,
    type: undefined,
    source: undefined,
    version: undefined,
    tag: undefined,
    valuesFile: undefined,
    overrides: undefined,
    patches: undefined,
    dependencyRefs: undefined,
    manifestFiles: undefined,
    preManifestFiles: undefined,
    path: undefined,
    cleanup: undefined,
    expectedResources: { list: EXPECTED_RESOURCE },
    healthCheckAsserts: undefined,
    healthCheckSkip: undefined,
  },
};
/** A RecipeMixin as aicr decodes it with unknown fields refused (yaml.v3 KnownFields). */
const MIXIN_SHAPE: Shape = {
  type: 'recipe.RecipeMixin',
  fields: {
    kind: undefined,
    apiVersion: undefined,
    metadata: { type: `struct { Name string ${tag('name')} }`, fields: { name: undefined } },
    spec: {
      type: `struct { Constraints []recipe.Constraint ${tag('constraints', true)}; ComponentRefs []recipe.ComponentRef ${tag('componentRefs', true)} }`,
      fields: { constraints: { list: CONSTRAINT }, componentRefs: { list: COMPONENT_REF } },
    },
  },
};

/** yaml.v3's "line N: field X not found in type T" for every key a shape does not declare. */
function unknownFields(node: YNode | null, shape: Shape): string[] {
  if (node?.kind !== 'map') return [];
  const out: string[] = [];
  for (const [key, value, pos] of node.entries) {
    if (!Object.hasOwn(shape.fields, key)) {
      out.push(`line ${pos.line}: field ${key} not found in type ${shape.type}`);
      continue;
    }
    const sub = shape.fields[key];
    if (!sub) continue;
    if ('list' in sub) {
      if (value.kind === 'seq') for (const item of value.items) out.push(...unknownFields(item, sub.list));
    } else out.push(...unknownFields(value, sub));
  }
  return out;
}

/** The spec being composed (constraints and componentRefs are replaced by `merge`). */
export interface ComposedSpec {
  constraints: Constraint[];
  componentRefs: ComponentRef[];
}

/**
 * Checks and merges each named mixin in order. `merge` folds one fragment into the spec the way
 * an overlay is merged; every check runs against the spec as composed so far, so a mixin also
 * conflicts with the mixins before it.
 */
export async function composeMixins(
  catalog: Catalog,
  spec: ComposedSpec,
  names: string[],
  mixins: Map<string, RecipeMixin>,
  registry: ComponentRegistry,
  merge: (fragment: ComposedSpec) => void,
): Promise<void> {
  for (const name of names) {
    const mixin = mixins.get(name);
    if (!mixin) throw new MirrorError('notfound', `mixin "${name}" not found in recipes/mixins/`);
    for (const c of mixin.constraints) {
      if (spec.constraints.some((x) => x.name === c.name)) {
        throw invalid(`mixin "${name}" constraint "${c.name}" conflicts with inheritance chain or another mixin`);
      }
    }
    const seen = new Set<string>();
    for (const ref of mixin.componentRefs) {
      if (seen.has(ref.name)) {
        throw invalid(`mixin "${name}" declares component "${ref.name}" more than once in its own componentRefs list`);
      }
      seen.add(ref.name);
    }
    for (const ref of mixin.componentRefs) {
      const existing = spec.componentRefs.find((r) => r.name === ref.name);
      const allowlist = registry.get(ref.name)?.mixinSafeOverridePaths ?? [];
      if (existing) {
        const offending = identityField(ref);
        if (offending) {
          throw invalid(
            `mixin "${name}" component "${ref.name}" sets identity/sourcing field "${offending}" which conflicts with the inheritance chain; mixins may only contribute Namespace, ManifestFiles, PreManifestFiles, DependencyRefs, or registry-allowlisted Overrides paths to an existing component`,
          );
        }
      } else {
        // A component introduced by the mixin is free unless its registry entry opted into the
        // allowlist; then its values may only come from allowlisted inline overrides.
        if (allowlist.length === 0) continue;
        if (ref.valuesFile) {
          throw invalid(
            `mixin "${name}" component "${ref.name}" sets valuesFile "${ref.valuesFile}" while introducing an allowlisted component; a mixin may only supply such a component's values via registry-allowlisted inline overrides, never a values file`,
          );
        }
      }
      if (!ref.overrides || Object.keys(ref.overrides).length === 0) continue;
      const layers = existing ? await existingLayers(catalog, existing) : [];
      checkMixinOverrides(name, ref.name, ref.overrides, allowlist, layers);
    }
    merge({ constraints: mixin.constraints, componentRefs: mixin.componentRefs });
  }
}

/** The first field a mixin may not set on an existing component, or undefined. */
function identityField(r: ComponentRef): string | undefined {
  for (const k of ['chart', 'type', 'source', 'version', 'tag', 'path', 'valuesFile'] as const) {
    if (r[k]) return k;
  }
  if (r.patches?.length) return 'patches';
  if (r.cleanup) return 'cleanup';
  if (r.expectedResources?.length) return 'expectedResources';
  if (r.healthCheckAsserts) return 'healthCheckAsserts';
  if (r.healthCheckSkip) return 'healthCheckSkip';
  return undefined;
}

/**
 * The unmerged layers that configure a chained component: the component's shared values file
 * (when the ref names a different one), the ref's values file, and its inline overrides.
 */
async function existingLayers(catalog: Catalog, ref: ComponentRef): Promise<ValueMap[]> {
  const layers: ValueMap[] = [];
  if (ref.valuesFile) {
    const shared = `components/${ref.name}/values.yaml`;
    if (ref.valuesFile !== shared) {
      const text = await catalog.tryReadFile(shared);
      if (text !== undefined) layers.push(parseLayer(text, shared, ref.name, 'base values file'));
    }
    let text: string;
    try {
      text = await catalog.readFile(ref.valuesFile);
    } catch (err) {
      throw new MirrorError(
        err instanceof MirrorError ? err.code : 'internal',
        `read values file "${ref.valuesFile}" for component "${ref.name}" mixin collision check: ${errorMessage(err)}`,
        { cause: err },
      );
    }
    layers.push(parseLayer(text, ref.valuesFile, ref.name, 'values file'));
  }
  if (ref.overrides && Object.keys(ref.overrides).length > 0) layers.push(ref.overrides);
  return layers;
}

function parseLayer(text: string, file: string, component: string, what: string): ValueMap {
  try {
    return parseValuesYaml(text, file);
  } catch (err) {
    throw new MirrorError(
      'internal',
      `parse ${what} "${file}" for component "${component}" mixin collision check: ${errorMessage(err)}`,
      { cause: err },
    );
  }
}

/**
 * A mixin's overrides on one component: no empty maps anywhere, keys without dots, every leaf
 * path allowlisted exactly, and no path that an existing layer already sets (at it or above it).
 */
export function checkMixinOverrides(
  mixin: string,
  component: string,
  overrides: ValueMap,
  allowlist: string[],
  layers: ValueMap[],
): void {
  const label = `mixin "${mixin}" component "${component}" overrides`;
  rejectEmptyMaps(overrides, '', label);
  const paths = leafPaths(overrides, '', label).sort();
  for (const p of paths) {
    if (!allowlist.includes(p)) {
      throw invalid(
        `mixin "${mixin}" component "${component}" sets overrides path "${p}", which is not in the component's registry-declared mixinSafeOverridePaths allowlist [${allowlist.join(' ')}] — a mixin may only set paths its target component has explicitly opted in for mixin use`,
      );
    }
  }
  for (const p of paths) {
    for (const layer of layers) {
      const hit = configuredPrefix(layer, p);
      if (hit !== undefined) {
        throw invalid(
          `mixin "${mixin}" component "${component}" overrides path "${p}" collides with path "${hit}" already set by the leaf's own chain or another mixin — mixins may not silently overwrite a value the chain already configured`,
        );
      }
    }
  }
}

function rejectEmptyMaps(m: ValueMap, prefix: string, label: string): void {
  for (const k of Object.keys(m)) {
    const v = m[k]!;
    if (!isValueMap(v)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (Object.keys(v).length === 0) {
      throw invalid(
        `${label}: path "${path}" is an empty map ({}); a mixin override must set a real scalar or non-empty map, never an empty one -- an empty map can silently blank an existing value at an ancestor path, or pass an allowlist check on the leaf path itself and write a map where the chart expects a scalar`,
      );
    }
    rejectEmptyMaps(v, path, label);
  }
}

function leafPaths(m: ValueMap, prefix: string, label: string): string[] {
  const out: string[] = [];
  for (const k of Object.keys(m)) {
    if (k === '' || k.includes('.')) {
      throw invalid(`${label}: override key "${k}" must be nonempty and may not contain a literal dot`);
    }
    const path = prefix ? `${prefix}.${k}` : k;
    const v: Value = m[k]!;
    if (isValueMap(v) && Object.keys(v).length > 0) out.push(...leafPaths(v, path, label));
    else out.push(path);
  }
  return out;
}

/** The shallowest prefix of `path` that `layer` sets explicitly (any value, null included). */
function configuredPrefix(layer: ValueMap, path: string): string | undefined {
  const segments = path.split('.');
  let current: ValueMap = layer;
  for (let i = 0; i < segments.length; i++) {
    if (!Object.hasOwn(current, segments[i]!)) return undefined;
    const v = current[segments[i]!]!;
    if (!isValueMap(v) || Object.keys(v).length === 0 || i === segments.length - 1) {
      return segments.slice(0, i + 1).join('.');
    }
    current = v;
  }
  return undefined;
}
