/**
 * Step A of discovery (spec §5.1): checks a private copy of the recipe before anything is read or
 * rendered — profile contract, reserved and duplicate names, type back-fill from the registry,
 * type casing, and the coherence of every enabled componentRef.
 */
import type { Catalog } from './catalog.js';
import { invalid, propagateOrWrap } from './errors.js';
import { isEnabled, validateProfileContract } from './profile.js';
import { isSupportedApiVersion } from './recipe.js';
import { registryType } from './registry.js';
import { cloneRef } from './resolve.js';
import type { ComponentRef, RecipeResult } from './types.js';

/** `--set deployer:…` is reserved, so no component may use that name. */
export const RESERVED_DEPLOYER_KEY = 'deployer';

/** Returns a validated copy of the recipe (the input is never mutated). */
export async function prepareRecipe(input: RecipeResult, catalog: Catalog): Promise<RecipeResult> {
  const recipe: RecipeResult = { ...input, componentRefs: input.componentRefs.map(cloneRef) };
  validateProfileContract(recipe);
  for (const ref of recipe.componentRefs) {
    if (ref.name === RESERVED_DEPLOYER_KEY) {
      throw invalid(
        `recipe component "${ref.name}" uses the reserved deployer override key as its name; "${RESERVED_DEPLOYER_KEY}" is reserved for --set deployer:<key> options`,
      );
    }
  }
  const seen = new Map<string, number>();
  recipe.componentRefs.forEach((ref, i) => {
    if (ref.name === '') return;
    const first = seen.get(ref.name);
    if (first !== undefined)
      throw invalid(`recipe has duplicate component ref name "${ref.name}" (refs ${first} and ${i})`);
    seen.set(ref.name, i);
  });
  if (recipe.componentRefs.some((r) => !r.type && isEnabled(r))) {
    let registry: Awaited<ReturnType<Catalog['registry']>>;
    try {
      registry = await catalog.registry();
    } catch (err) {
      throw propagateOrWrap(err, 'internal', 'failed to load component registry to back-fill component types');
    }
    for (const ref of recipe.componentRefs) {
      if (ref.type || !isEnabled(ref)) continue;
      const c = registry.get(ref.name);
      if (c) ref.type = registryType(c);
    }
  }
  for (const ref of recipe.componentRefs) {
    const t = ref.type?.toLowerCase();
    if (t === 'helm') ref.type = 'Helm';
    else if (t === 'kustomize') ref.type = 'Kustomize';
  }
  if (!isSupportedApiVersion(recipe.apiVersion))
    throw invalid(`RecipeResult apiVersion "${recipe.apiVersion}" is not supported`);
  const problems = recipe.componentRefs
    .filter(isEnabled)
    .map(coherenceProblem)
    .filter((p): p is string => p !== undefined)
    .sort();
  if (problems.length > 0) throw invalid(`recipe has incoherent component ref(s): ${problems.join('; ')}`);
  return recipe;
}

const q = (s: string | undefined) => JSON.stringify(s ?? '');

/** Why a componentRef's deployment shape is inconsistent, or undefined when it is coherent. */
export function coherenceProblem(ref: ComponentRef): string | undefined {
  const name = q(ref.name);
  if ((ref.patches ?? []).length > 0) {
    return `component ${name} declares patches, but no deployer applies patch files; remove patches`;
  }
  const type = ref.type ?? '';
  const tag = ref.tag ?? '';
  const path = ref.path ?? '';
  if (type.toLowerCase() === 'helm') {
    if (tag !== '' || path !== '') {
      return `component ${name} is Helm but carries Kustomize field(s) (tag=${q(tag)}, path=${q(path)}); remove them, or make it a Kustomize ref`;
    }
    for (const [field, label] of [
      ['chart', 'a chart name'],
      ['source', 'a source'],
      ['version', 'a chart version'],
    ] as const) {
      const v = ref[field] ?? '';
      if (v !== v.trim()) return `Helm component ${name} has ${label} with surrounding whitespace (${q(v)})`;
    }
    const version = ref.version ?? '';
    if (version !== '' && version.replace(/^v/, '') === '') {
      return `Helm component ${name} has chart version ${q(version)}, which pins no version; set a full chart version`;
    }
    if ((ref.source ?? '') !== '') {
      if (version === '') return `Helm component ${name} has no chart version; set version on the componentRef`;
    } else if ((ref.chart ?? '') !== '') {
      return `Helm component ${name} has a chart name (${q(ref.chart)}) but no source repository; set source, or remove the chart for a manifest-only component`;
    } else if ((ref.manifestFiles ?? []).length === 0) {
      return `Helm component ${name} has no deployable primary (no source, no chart and no manifestFiles; preManifestFiles alone do not count)`;
    }
    return undefined;
  }
  if (type.toLowerCase() === 'kustomize') {
    if (path === '') return `component ${name} is Kustomize but has no path; a path is required to build from`;
    if (tag !== '' && (ref.source ?? '') === '')
      return `component ${name} is Kustomize with tag ${q(tag)} but no source`;
    if ((ref.manifestFiles ?? []).length > 0) return `component ${name} is Kustomize but also declares manifestFiles`;
    return undefined;
  }
  return `component ${name} has unsupported type ${q(type)}; expected "Helm" or "Kustomize"`;
}
