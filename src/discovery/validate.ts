/**
 * Step A of discovery (spec §5.1): checks a private copy of the recipe before anything is read or
 * rendered — profile contract, reserved and duplicate names, type back-fill from the registry,
 * type casing, and the coherence of every enabled componentRef.
 */
import { quote } from '../gotemplate/strconv.js';
import type { Catalog } from './catalog.js';
import { invalid, propagateOrWrap } from './errors.js';
import { isEnabled, validateProfileContract } from './profile.js';
import { isSupportedApiVersion } from './recipe.js';
import { RESERVED_DEPLOYER_KEY, registryType } from './registry.js';
import { cloneRef } from './resolve.js';
import type { ComponentRef, RecipeResult } from './types.js';

/** Returns a validated copy of the recipe (the input is never mutated). */
export async function prepareRecipe(input: RecipeResult, catalog: Catalog): Promise<RecipeResult> {
  const recipe: RecipeResult = { ...input, componentRefs: input.componentRefs.map(cloneRef) };
  validateProfileContract(recipe);
  for (const ref of recipe.componentRefs) {
    if (ref.name === RESERVED_DEPLOYER_KEY) {
      throw invalid(
        `recipe component ${quote(ref.name)} uses the reserved deployer override key as its name; ${quote(RESERVED_DEPLOYER_KEY)} is reserved for --set deployer:<key> Argo deployer options`,
      );
    }
  }
  const seen = new Map<string, number>();
  recipe.componentRefs.forEach((ref, i) => {
    if (ref.name === '') return;
    const first = seen.get(ref.name);
    if (first !== undefined)
      throw invalid(`recipe has duplicate component ref name ${quote(ref.name)} (refs ${first} and ${i})`);
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

/** Go's `%q` of a possibly absent string. */
const q = (s: string | undefined) => quote(s ?? '');

/**
 * Why a componentRef's deployment shape is inconsistent, or undefined when it is coherent; the
 * texts are AICR's (`ComponentRef.coherenceProblem`).
 */
export function coherenceProblem(ref: ComponentRef): string | undefined {
  const name = q(ref.name);
  if ((ref.patches ?? []).length > 0) {
    return `component ${name} declares patches, but no deployer applies patch files; remove \`patches\` (removing it does not change the generated bundle). See #1588.`;
  }
  const type = ref.type ?? '';
  const tag = ref.tag ?? '';
  const path = ref.path ?? '';
  if (type.toLowerCase() === 'helm') {
    if (tag !== '' || path !== '') {
      return `component ${name} is Helm but carries Kustomize field(s) (tag=${q(tag)}, path=${q(path)}); the field-classifying deployers would treat it as Kustomize while the Type-switching Flux deployer would treat it as Helm, so the same ref deploys differently — remove the tag/path, or convert it into a coherent Kustomize ref (which needs a path, and a source if it sets a tag)`;
    }
    const chart = ref.chart ?? '';
    const source = ref.source ?? '';
    const version = ref.version ?? '';
    if (chart !== chart.trim()) {
      return `Helm component ${name} has a chart name with surrounding whitespace (${q(chart)}); set the exact chart name or omit the field (see #1615)`;
    }
    if (source !== source.trim()) {
      return `Helm component ${name} has a source with surrounding whitespace (${q(source)}); set the exact repository or omit the field (see #1615)`;
    }
    if (version !== version.trim()) {
      return `Helm component ${name} has a chart version with surrounding whitespace (${q(version)}); set the exact chart version (see #1615)`;
    }
    if (version !== '' && version.replace(/^v/, '') === '') {
      return `Helm component ${name} has chart version ${q(version)}, which Flux/Argo CD normalize to empty for non-OCI outputs and vendored wrappers replace with a fabricated default; set a full chart version (see #1615)`;
    }
    if (source !== '') {
      if (version === '') {
        return `Helm component ${name} has no chart version; set version: on the componentRef — criteria-resolved recipes may inherit it from helm.defaultVersion in the component registry (see #1615)`;
      }
    } else if (chart !== '') {
      return `Helm component ${name} has a chart name (${q(chart)}) but no source repository; the deployers have no repository to pull from — set source:, or remove the chart for a manifest-only component (see #1615)`;
    } else if ((ref.manifestFiles ?? []).length === 0) {
      return `Helm component ${name} has no deployable primary (no source, no chart, and no primary manifestFiles; preManifestFiles alone are auxiliary to a primary release) — add a chart source or primary manifest files (see #1615)`;
    }
    return undefined;
  }
  if (type.toLowerCase() === 'kustomize') {
    if (path === '') return `component ${name} is Kustomize but has no path; a path is required to build from`;
    if (tag !== '' && (ref.source ?? '') === '') {
      return `component ${name} is Kustomize with tag ${q(tag)} but no source; a tag is only meaningful with a git source`;
    }
    if ((ref.manifestFiles ?? []).length > 0) {
      return `component ${name} is Kustomize but also declares manifestFiles; a component may declare either Kustomize (tag/path) or raw manifest files, not both`;
    }
    return undefined;
  }
  return `component ${name} has unsupported type ${q(type)}; expected "Helm" or "Kustomize"`;
}
