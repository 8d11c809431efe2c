/**
 * Decoding of recipe documents (spec §2.2–§2.3): RecipeResult (also the legacy kind `Recipe` or
 * no kind), RecipeMetadata overlays and RecipeMixin fragments, with their apiVersion checks.
 */

import { checkCatalogPath } from './catalog.js';
import { asFields, type Fields } from './decode.js';
import { invalid } from './errors.js';
import type { ComponentRef, Constraint, Criteria, RecipeResult, SelectedProfile, ValueMap } from './types.js';
import { at, type YNode } from './yamlv3.js';

/** apiVersions of recipes that carry no profile. */
export const PLAIN_API_VERSIONS = ['aicr.nvidia.com/v1alpha1', 'aicr.run/v1alpha2', 'aicr.run/v1beta1', 'aicr.run/v1'];
/** apiVersions of profile-bearing recipes (spec §4.4). */
export const PROFILE_API_VERSIONS = ['aicr.run/v1alpha3', 'aicr.run/v1beta2'];
/** The apiVersion a criteria-resolved recipe gets, and the one with a selected profile. */
export const RESULT_API_VERSION = 'aicr.run/v1alpha2';
export const PROFILE_RESULT_API_VERSION = 'aicr.run/v1alpha3';

/** Whether a RecipeResult apiVersion is understood (absent counts as understood). */
export function isSupportedApiVersion(v: string): boolean {
  return v === '' || PLAIN_API_VERSIONS.includes(v) || PROFILE_API_VERSIONS.includes(v);
}

/** A profile value: the fragment applied when it is selected. */
export interface ProfileValue {
  advertiser: string;
  constraints: Constraint[];
  componentRefs: Array<{ name: string; overrides: ValueMap }>;
}

/** One overlay-scoped configuration choice (`spec.profile`). */
export interface ProfileDeclaration {
  name: string;
  description: string;
  default: string;
  values: Map<string, ProfileValue>;
}

/** A RecipeMetadata overlay (spec §2.2). */
export interface RecipeOverlay {
  apiVersion: string;
  name: string;
  /** Parent overlay; empty means `base`. */
  base: string;
  /** Absent on `base` and on overlays that never match by criteria. */
  criteria?: Criteria;
  mixins: string[];
  constraints: Constraint[];
  componentRefs: ComponentRef[];
  profile?: ProfileDeclaration;
  /** Where it was read from, for messages. */
  file: string;
}

/** A RecipeMixin fragment. */
export interface RecipeMixin {
  name: string;
  constraints: Constraint[];
  componentRefs: ComponentRef[];
  file: string;
}

/** What a `--recipe` document turned out to be. */
export type RecipeDocument = { kind: 'result'; recipe: RecipeResult } | { kind: 'overlay'; overlay: RecipeOverlay };

/** Decodes a `--recipe` document: a RecipeResult or a RecipeMetadata overlay to hydrate. */
export function decodeRecipeDocument(root: YNode | null, file: string): RecipeDocument {
  if (root === null) throw invalid(`${file}: the recipe file is empty`);
  const doc = asFields(root, 'recipe');
  const kind = doc.string('kind');
  if (kind === 'RecipeMetadata') return { kind: 'overlay', overlay: decodeOverlay(root, file) };
  if (kind !== '' && kind !== 'RecipeResult' && kind !== 'Recipe') {
    throw invalid(
      `${file}: recipe file has kind "${kind}", but "RecipeResult" is required; run "aicr recipe" to generate a hydrated RecipeResult first`,
    );
  }
  return { kind: 'result', recipe: decodeRecipeResult(doc, file) };
}

function decodeRecipeResult(doc: Fields, file: string): RecipeResult {
  const meta = doc.object('metadata');
  const metadata: RecipeResult['metadata'] = {};
  if (meta) {
    const version = meta.string('version');
    if (version) metadata.version = version;
    const applied = meta.strings('appliedOverlays');
    if (applied.length) metadata.appliedOverlays = applied;
    const sp = meta.object('selectedProfile');
    if (sp) metadata.selectedProfile = decodeSelectedProfile(sp);
  }
  const recipe: RecipeResult = {
    kind: 'RecipeResult',
    apiVersion: doc.string('apiVersion'),
    metadata,
    constraints: decodeConstraints(doc, 'constraints'),
    componentRefs: doc.list('componentRefs').map((n, i) => decodeComponentRef(n, `componentRefs[${i}]`)),
  };
  const criteria = doc.object('criteria');
  if (criteria) recipe.criteria = decodeCriteria(criteria);
  const configuration = doc.values('configuration');
  if (configuration) recipe.configuration = configuration;
  const order = doc.strings('deploymentOrder');
  if (order.length) recipe.deploymentOrder = order;
  void file;
  return recipe;
}

function decodeSelectedProfile(f: Fields): SelectedProfile {
  const owned: Record<string, string[]> = Object.create(null);
  const node = f.raw('ownedPaths');
  if (node) {
    const paths = asFields(node, `${f.where}.ownedPaths`);
    for (const [component] of paths.node.entries) owned[component] = paths.strings(component);
  }
  const sp: SelectedProfile = { name: f.string('name'), value: f.string('value'), ownedPaths: owned };
  const advertiser = f.string('advertiser');
  if (advertiser) sp.advertiser = advertiser;
  return sp;
}

/** Decodes criteria fields as written (normalisation happens in criteria.ts). */
export function decodeCriteria(f: Fields): Criteria {
  const c: Criteria = {};
  for (const key of ['service', 'accelerator', 'intent', 'os', 'platform'] as const) {
    const v = f.string(key);
    if (v !== '') c[key] = v;
  }
  const nodes = f.int('nodes');
  if (nodes < 0) throw invalid(`${at(f.raw('nodes')!.pos)}: invalid nodes count: ${nodes} (must be >= 0)`);
  if (nodes !== 0) c.nodes = nodes;
  return c;
}

function decodeConstraints(f: Fields, key: string): Constraint[] {
  return f.list(key).map((n, i) => {
    const c = asFields(n, `${f.where}.${key}[${i}]`);
    const out: Constraint = { name: c.string('name'), value: c.string('value') };
    for (const k of ['severity', 'remediation', 'unit'] as const) {
      const v = c.string(k);
      if (v) out[k] = v;
    }
    return out;
  });
}

function checkedPaths(f: Fields, key: string): string[] {
  const list = f.strings(key);
  const node = f.raw(key);
  for (const p of list) {
    try {
      checkCatalogPath(p);
    } catch (err) {
      throw invalid(`${at(node!.pos)}: ${f.where}.${key}: ${(err as Error).message}`);
    }
  }
  return list;
}

/** Decodes one componentRef (spec §2.3); absent strings are left out. */
export function decodeComponentRef(n: YNode, where: string): ComponentRef {
  const f = asFields(n, where);
  const ref: ComponentRef = { name: f.string('name') };
  for (const key of ['type', 'source', 'chart', 'version', 'namespace', 'tag', 'path', 'healthCheckAsserts'] as const) {
    if (f.has(key)) ref[key] = f.string(key);
  }
  if (f.has('valuesFile')) {
    ref.valuesFile = f.string('valuesFile');
    if (ref.valuesFile !== '') {
      try {
        checkCatalogPath(ref.valuesFile);
      } catch (err) {
        throw invalid(`${at(f.raw('valuesFile')!.pos)}: ${where}.valuesFile: ${(err as Error).message}`);
      }
    }
  }
  const overrides = f.values('overrides');
  if (overrides) ref.overrides = overrides;
  for (const key of ['dependencyRefs', 'patches'] as const) {
    if (f.has(key)) ref[key] = f.strings(key);
  }
  for (const key of ['manifestFiles', 'preManifestFiles'] as const) {
    if (f.has(key)) ref[key] = checkedPaths(f, key);
  }
  if (f.has('cleanup')) ref.cleanup = f.bool('cleanup');
  if (f.has('healthCheckSkip')) ref.healthCheckSkip = f.bool('healthCheckSkip');
  if (f.has('expectedResources')) ref.expectedResources = f.list('expectedResources').map(() => ({}));
  return ref;
}

/** Decodes a RecipeMetadata overlay file. */
export function decodeOverlay(root: YNode | null, file: string): RecipeOverlay {
  if (root === null) throw invalid(`${file}: the overlay file is empty`);
  const doc = asFields(root, 'overlay');
  const kind = doc.string('kind');
  if (kind !== 'RecipeMetadata') throw invalid(`${file}: kind is "${kind}", expected "RecipeMetadata"`);
  const apiVersion = doc.string('apiVersion');
  if (!isSupportedApiVersion(apiVersion))
    throw invalid(`${file}: RecipeMetadata apiVersion "${apiVersion}" is not supported`);
  const name = doc.object('metadata')?.string('name') ?? '';
  if (name === '') throw invalid(`${file}: metadata.name is required`);
  const spec = doc.object('spec');
  const overlay: RecipeOverlay = {
    apiVersion,
    name,
    base: spec?.string('base') ?? '',
    mixins: spec?.strings('mixins') ?? [],
    constraints: spec ? decodeConstraints(spec, 'constraints') : [],
    componentRefs: spec
      ? spec.list('componentRefs').map((n, i) => decodeComponentRef(n, `spec.componentRefs[${i}]`))
      : [],
    file,
  };
  const criteria = spec?.object('criteria');
  if (criteria) overlay.criteria = decodeCriteria(criteria);
  const profile = spec?.object('profile');
  if (profile) overlay.profile = decodeProfile(profile);
  const profileVersion = PROFILE_API_VERSIONS.includes(apiVersion);
  if (profileVersion && !overlay.profile) {
    throw invalid(`${file}: RecipeMetadata uses apiVersion "${apiVersion}" but has no spec.profile declaration`);
  }
  if (overlay.profile && !profileVersion) {
    throw invalid(
      `${file}: RecipeMetadata declares spec.profile but uses apiVersion "${apiVersion}"; expected one of ${PROFILE_API_VERSIONS.join(', ')}`,
    );
  }
  return overlay;
}

function decodeProfile(f: Fields): ProfileDeclaration {
  const values = new Map<string, ProfileValue>();
  const node = f.raw('values');
  if (node) {
    const vf = asFields(node, `${f.where}.values`);
    for (const [valueName, valueNode] of vf.node.entries) {
      const v = asFields(valueNode, `${f.where}.values.${valueName}`);
      values.set(valueName, {
        advertiser: v.string('advertiser'),
        constraints: decodeConstraints(v, 'constraints'),
        componentRefs: v.list('componentRefs').map((n, i) => {
          const r = asFields(n, `${v.where}.componentRefs[${i}]`);
          return { name: r.string('name'), overrides: r.values('overrides') ?? (Object.create(null) as ValueMap) };
        }),
      });
    }
  }
  return { name: f.string('name'), description: f.string('description'), default: f.string('default'), values };
}

/** Decodes a RecipeMixin file. */
export function decodeMixin(root: YNode | null, file: string): RecipeMixin {
  if (root === null) throw invalid(`${file}: the mixin file is empty`);
  const doc = asFields(root, 'mixin');
  const kind = doc.string('kind');
  if (kind !== 'RecipeMixin') {
    throw invalid(
      `mixin file ${file} has kind "${kind}", expected "RecipeMixin"; use a RecipeMixin document compatible with this aicr release`,
    );
  }
  const name = doc.object('metadata')?.string('name') ?? '';
  const spec = doc.object('spec');
  return {
    name,
    constraints: spec ? decodeConstraints(spec, 'constraints') : [],
    componentRefs: spec
      ? spec.list('componentRefs').map((n, i) => decodeComponentRef(n, `spec.componentRefs[${i}]`))
      : [],
    file,
  };
}
