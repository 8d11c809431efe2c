/**
 * Builds a RecipeResult from criteria against a catalog (spec §4): overlay matching, maximal
 * leaves, specificity order, chain merge, mixins, profile selection, dependency order, registry
 * defaults and the coverage post-condition. Also hydrates a RecipeMetadata overlay given with
 * `--recipe` (spec §4.5).
 */
import type { Catalog } from './catalog.js';
import {
  criteriaMatch,
  criteriaString,
  DIMENSIONS,
  type Dimension,
  isUnspecified,
  normalizeCriteria,
  specificity,
} from './criteria.js';
import { asFields } from './decode.js';
import { invalid, MirrorError, propagateOrWrap } from './errors.js';
import { composeMixins, loadMixins } from './mixins.js';
import { applyProfile, isEnabled, validateDeclaration } from './profile.js';
import { decodeOverlay, PROFILE_RESULT_API_VERSION, RESULT_API_VERSION, type RecipeOverlay } from './recipe.js';
import { type ComponentRegistry, registryType } from './registry.js';
import type { ComponentRef, Constraint, Criteria, RecipeResult, SelectedProfile } from './types.js';
import { deepCopy, mergeOverrides } from './values.js';
import { newMap, parseYamlDocument } from './yamlv3.js';

/** Inputs of criteria resolution. */
export interface ResolveOptions {
  criteria: Criteria;
  /** `name=value` profile selection (default value of the declaration when absent). */
  profile?: string;
  /** Accept only the open-source criteria values. */
  criteriaStrict?: boolean;
  /**
   * Refuse criteria that state nothing (`criteria(any)`), as aicr's command line does before
   * resolving; library callers may resolve the generic recipe.
   */
  requireCriteria?: boolean;
}

/** aicr's message for a command line that states no criteria at all. */
export const NO_CRITERIA_MESSAGE =
  'no criteria provided: specify at least one of --service, --accelerator, --intent, --os, --platform, --nodes, --config, or use --snapshot to load from a snapshot file';

/** The accumulated spec while merging overlays. */
interface MergedSpec {
  constraints: Constraint[];
  componentRefs: ComponentRef[];
  mixins: string[];
}

/** Kinds of other AICR documents a catalog directory may hold; they are skipped quietly. */
const OTHER_AICR_KINDS = new Set([
  'AICRConfig',
  'BundleProvenance',
  'ComponentRegistry',
  'RecipeCriteria',
  'RecipeMixin',
  'RecipeResult',
  'Recipe',
  'Snapshot',
]);

/**
 * All overlays of a catalog by name (`overlays/*.yaml`), as aicr's catalog scan reads them: the
 * base is the file `overlays/base.yaml` (whatever its metadata.name), other AICR kinds and
 * non-AICR documents are skipped, an unknown kind under the aicr.run group is an error, and when
 * two files share a name the later one (in path order) wins.
 */
export async function loadOverlays(catalog: Catalog): Promise<Map<string, RecipeOverlay>> {
  const overlays = new Map<string, RecipeOverlay>();
  let base: RecipeOverlay | undefined;
  for (const path of await catalog.listFiles('overlays')) {
    const root = parseYamlDocument(await catalog.readFile(path), path);
    const head = root?.kind === 'map' ? asFields(root, 'overlay') : undefined;
    const kind = head?.string('kind') ?? '';
    if (kind !== 'RecipeMetadata') {
      if (OTHER_AICR_KINDS.has(kind)) continue;
      if ((head?.string('apiVersion') ?? '').startsWith('aicr.run/')) {
        throw invalid(
          `AICR catalog file ${path} has kind "${kind}", expected "RecipeMetadata"; fix the wire kind or move the unrelated document outside the recipe catalog`,
        );
      }
      continue;
    }
    const overlay = decodeOverlay(root, path);
    if (overlay.profile) {
      try {
        validateDeclaration(overlay.profile);
      } catch (err) {
        throw propagateOrWrap(err, 'invalid', `invalid profile declaration in ${path}`);
      }
    }
    if (path === 'overlays/base.yaml') base = { ...overlay, name: 'base' };
    else if (overlay.name !== 'base') overlays.set(overlay.name, overlay);
  }
  if (!base) {
    throw new MirrorError('internal', `base.yaml not found (catalog ${catalog.describe()} has no overlays/base.yaml)`);
  }
  validateDependencies(base.componentRefs, 'base recipe validation failed');
  overlays.set('base', base);
  return overlays;
}

/** The criteria values the catalog's overlays use, per dimension (accepted beyond the OSS sets). */
export function catalogCriteriaValues(overlays: Map<string, RecipeOverlay>): Partial<Record<Dimension, Set<string>>> {
  const known: Partial<Record<Dimension, Set<string>>> = {};
  for (const o of overlays.values()) {
    for (const dim of DIMENSIONS) {
      const v = o.criteria?.[dim]?.trim().toLowerCase();
      if (v && v !== 'any') (known[dim] ??= new Set()).add(v);
    }
  }
  return known;
}

/** Resolves criteria to a RecipeResult (spec §4.1–§4.4). */
export async function resolveRecipe(catalog: Catalog, options: ResolveOptions): Promise<RecipeResult> {
  const overlays = await loadOverlays(catalog);
  const query = normalizeCriteria(options.criteria, catalogCriteriaValues(overlays), options.criteriaStrict);
  if (options.requireCriteria && specificity(query) === 0) throw invalid(NO_CRITERIA_MESSAGE);
  return resolveQuery(catalog, overlays, query, options.profile);
}

/** Candidate overlays for a query: maximal matching leaves, by specificity then name (spec §4.1). */
function matchingLeaves(overlays: Map<string, RecipeOverlay>, query: Criteria): RecipeOverlay[] {
  const matches = [...overlays.values()].filter(
    (o) => o.name !== 'base' && o.criteria !== undefined && criteriaMatch(normalizeOverlayCriteria(o), query),
  );
  // Keep maximal leaves: drop a match that is an ancestor of another match.
  const ancestors = new Set(matches.flatMap((m) => ancestorNames(m, overlays)));
  const leaves = matches.filter((m) => !ancestors.has(m.name));
  return leaves.sort(
    (a, b) =>
      specificity(normalizeOverlayCriteria(a)) - specificity(normalizeOverlayCriteria(b)) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

async function resolveQuery(
  catalog: Catalog,
  overlays: Map<string, RecipeOverlay>,
  query: Criteria,
  profile: string | undefined,
): Promise<RecipeResult> {
  const spec = copySpec(overlays.get('base')!);
  const applied = ['base'];
  const merged = new Set(['base']);
  for (const leaf of matchingLeaves(overlays, query)) {
    for (const member of chainOf(leaf.name, overlays)) {
      if (merged.has(member.name)) continue;
      mergeSpec(spec, member);
      merged.add(member.name);
      applied.push(member.name);
    }
  }
  const registry = await catalog.registry();
  await composeMixins(catalog, spec, spec.mixins, await loadMixins(catalog), registry, (m) => mergeSpec(spec, m));
  checkCoverage(query, applied, overlays);
  const selected = applyProfile(
    spec,
    applied.map((n) => overlays.get(n)!),
    profile,
  );
  const recipe = finalize(spec, registry, selected, applied);
  recipe.criteria = query;
  return recipe;
}

/**
 * Hydrates a RecipeMetadata overlay given with `--recipe` (spec §4.5) the way aicr does: only its
 * spec.criteria is read, and the recipe is resolved from them against the catalog. Its mixins and
 * profile declaration must then be ones the catalog's applied overlays carry, or they would be
 * silently lost.
 */
export async function hydrateOverlay(catalog: Catalog, overlay: RecipeOverlay): Promise<RecipeResult> {
  if (!overlay.criteria) {
    throw invalid(
      `overlay "${overlay.file}" has no criteria; only leaf overlays (with spec.criteria) can be used directly — run "aicr recipe" with explicit criteria instead`,
    );
  }
  const overlays = await loadOverlays(catalog);
  const recipe = await resolveQuery(catalog, overlays, normalizeOverlayCriteria(overlay), undefined);
  const applied = (recipe.metadata.appliedOverlays ?? []).filter((n) => n !== 'base').map((n) => overlays.get(n)!);
  if (overlay.profile) {
    const effective = [...applied].reverse().find((o) => o.profile)?.profile;
    const selected = recipe.metadata.selectedProfile;
    if (
      !effective ||
      canonicalProfile(effective) !== canonicalProfile(overlay.profile) ||
      !selected ||
      selected.name !== overlay.profile.name ||
      selected.value !== overlay.profile.default
    ) {
      throw invalid(
        `profile declaration from directly loaded overlay "${overlay.file}" was not applied; add a structurally matching declaration to the active catalog before loading it directly`,
      );
    }
  }
  const composed = new Set(applied.flatMap((o) => o.mixins));
  const missing = overlay.mixins.filter((m) => !composed.has(m));
  if (missing.length > 0) {
    throw invalid(
      `mixins [${missing.join(' ')}] declared by directly loaded overlay "${overlay.file}" were not applied; only spec.criteria is read from a directly loaded file, so a mixin composes only when its overlay is in the active catalog — place the overlay at <dir>/overlays/ and pass --data <dir> before loading it directly`,
    );
  }
  return recipe;
}

/** A profile declaration as comparable text (value names sorted). */
function canonicalProfile(p: NonNullable<RecipeOverlay['profile']>): string {
  const values = [...p.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([p.name, p.description, p.default, values]);
}

function normalizeOverlayCriteria(o: RecipeOverlay): Criteria {
  const c: Criteria = {};
  for (const dim of DIMENSIONS) {
    const v = o.criteria?.[dim]?.trim().toLowerCase();
    if (v && v !== 'any') c[dim] = v;
  }
  if (o.criteria?.nodes) c.nodes = o.criteria.nodes;
  return c;
}

/**
 * The inheritance chain of a catalog overlay, root first (`base`, …, overlay), following
 * spec.base (empty means `base`). A missing parent is a not-found error; a cycle is invalid.
 */
function chainOf(name: string, overlays: Map<string, RecipeOverlay>): RecipeOverlay[] {
  const chain: RecipeOverlay[] = [];
  const visited = new Set<string>();
  let current = name;
  while (current !== '' && current !== 'base') {
    if (visited.has(current)) {
      throw invalid(
        `failed to resolve inheritance chain: circular inheritance detected: recipe "${current}" references itself in inheritance chain`,
      );
    }
    visited.add(current);
    const overlay = overlays.get(current);
    if (!overlay) {
      throw new MirrorError(
        'notfound',
        `failed to resolve inheritance chain: recipe "${current}" not found (referenced in inheritance chain)`,
      );
    }
    chain.unshift(overlay);
    current = overlay.base;
  }
  chain.unshift(overlays.get('base')!);
  return chain;
}

/** The names an overlay inherits from (not `base`), stopping quietly at a cycle or missing parent. */
function ancestorNames(overlay: RecipeOverlay, overlays: Map<string, RecipeOverlay>): string[] {
  const out: string[] = [];
  let parent = overlay.base;
  while (parent !== '' && parent !== 'base' && !out.includes(parent)) {
    out.push(parent);
    const next = overlays.get(parent);
    if (!next) break;
    parent = next.base;
  }
  return out;
}

/** The starting spec: the base's constraints and components (its own mixins never compose). */
function copySpec(o: RecipeOverlay): MergedSpec {
  return {
    constraints: o.constraints.map((c) => ({ ...c })),
    componentRefs: o.componentRefs.map(cloneRef),
    mixins: [],
  };
}

/** A deep copy of a componentRef. */
export function cloneRef(r: ComponentRef): ComponentRef {
  const out: ComponentRef = { ...r };
  if (r.overrides) out.overrides = deepCopy(r.overrides);
  for (const k of ['dependencyRefs', 'manifestFiles', 'preManifestFiles', 'patches'] as const) {
    if (r[k]) out[k] = [...r[k]!];
  }
  if (r.expectedResources) out.expectedResources = [...r.expectedResources];
  return out;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Merges an overlay (or mixin) spec onto the accumulated one (spec §4.2). */
function mergeSpec(
  spec: MergedSpec,
  other: { constraints: Constraint[]; componentRefs: ComponentRef[]; mixins?: string[] },
) {
  spec.constraints = mergeConstraints(spec.constraints, other.constraints);
  const refs = new Map(spec.componentRefs.map((r) => [r.name, r]));
  for (const o of other.componentRefs) {
    const existing = refs.get(o.name);
    refs.set(o.name, existing ? mergeComponentRef(existing, o) : cloneRef(o));
  }
  spec.componentRefs = [...refs.values()].sort(byName);
  for (const m of other.mixins ?? []) if (!spec.mixins.includes(m)) spec.mixins.push(m);
}

/** Constraints keyed by name (later wins), sorted by name. */
export function mergeConstraints(a: Constraint[], b: Constraint[]): Constraint[] {
  const m = new Map<string, Constraint>();
  for (const c of a) m.set(c.name, c);
  for (const c of b) m.set(c.name, { ...c });
  return [...m.values()].sort(byName);
}

function unionInOrder(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!b || b.length === 0) return a;
  const out = [...(a ?? [])];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** Field merge of one componentRef (spec §4.2). */
function mergeComponentRef(base: ComponentRef, overlay: ComponentRef): ComponentRef {
  const r = cloneRef(base);
  for (const k of [
    'namespace',
    'chart',
    'type',
    'source',
    'version',
    'tag',
    'valuesFile',
    'path',
    'healthCheckAsserts',
  ] as const) {
    if (overlay[k]) r[k] = overlay[k];
  }
  if (overlay.overrides && Object.keys(overlay.overrides).length > 0) {
    r.overrides ??= newMap();
    mergeOverrides(r.overrides, overlay.overrides);
  }
  for (const k of ['dependencyRefs', 'manifestFiles', 'preManifestFiles'] as const) {
    const u = unionInOrder(r[k], overlay[k]);
    if (u) r[k] = u;
  }
  if (overlay.patches?.length) r.patches = [...overlay.patches];
  if (overlay.expectedResources?.length) r.expectedResources = [...overlay.expectedResources];
  if (overlay.cleanup) r.cleanup = true;
  if (overlay.healthCheckSkip) r.healthCheckSkip = true;
  return r;
}

/** Dependency check, deployment order and registry defaults (spec §4.4). */
function finalize(
  spec: MergedSpec,
  registry: ComponentRegistry,
  selected: SelectedProfile | undefined,
  applied: string[],
): RecipeResult {
  validateDependencies(spec.componentRefs);
  const refs = spec.componentRefs.map((r) => applyRegistryDefaults(cloneRef(r), registry));
  const metadata: RecipeResult['metadata'] = { appliedOverlays: applied };
  if (selected) metadata.selectedProfile = selected;
  return {
    kind: 'RecipeResult',
    apiVersion: selected ? PROFILE_RESULT_API_VERSION : RESULT_API_VERSION,
    metadata,
    constraints: spec.constraints,
    componentRefs: refs,
    deploymentOrder: deploymentOrder(refs),
  };
}

/**
 * Every dependency names a component of the recipe (enabled or not) and there is no cycle; the
 * cycle is reported as the path a depth-first walk in component order finds.
 */
export function validateDependencies(refs: ComponentRef[], context = 'merged recipe validation failed'): void {
  const deps = new Map(refs.map((r) => [r.name, r.dependencyRefs ?? []]));
  for (const r of refs) {
    for (const d of r.dependencyRefs ?? []) {
      if (!deps.has(d)) {
        throw invalid(`${context}: component "${r.name}" references unknown dependency "${d}"`);
      }
    }
  }
  const visited = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): void => {
    visited.add(node);
    onPath.push(node);
    for (const next of deps.get(node) ?? []) {
      const at = onPath.indexOf(next);
      if (at >= 0) {
        throw invalid(
          `${context}: dependency validation failed: circular dependency detected: [${[...onPath.slice(at), next].join(' ')}]`,
        );
      }
      if (!visited.has(next)) visit(next);
    }
    onPath.pop();
  };
  for (const r of refs) if (!visited.has(r.name)) visit(r.name);
}

/**
 * Deployment order (dependencies first): Kahn's algorithm over the enabled components with the
 * ready queue kept sorted by name. A dependency on a declared but disabled component counts as
 * provided outside the recipe; disabled components are not ordered at all.
 */
export function deploymentOrder(refs: ComponentRef[]): string[] {
  const declared = new Set(refs.map((r) => r.name));
  const enabled = new Set(refs.filter(isEnabled).map((r) => r.name));
  const inDegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const r of refs) {
    if (!enabled.has(r.name)) continue;
    let degree = 0;
    for (const d of r.dependencyRefs ?? []) {
      if (declared.has(d) && !enabled.has(d)) continue;
      degree++;
      dependents.set(d, [...(dependents.get(d) ?? []), r.name]);
    }
    inDegree.set(r.name, degree);
  }
  const queue = [...inDegree.entries()].filter(([, d]) => d === 0).map(([n]) => n);
  queue.sort();
  const order: string[] = [];
  while (queue.length > 0) {
    const node = queue.shift()!;
    order.push(node);
    for (const dependent of dependents.get(node) ?? []) {
      const left = inDegree.get(dependent)! - 1;
      inDegree.set(dependent, left);
      if (left === 0) queue.push(dependent);
    }
    queue.sort();
  }
  if (order.length !== enabled.size) {
    throw invalid('cannot determine deployment order: circular dependencies exist');
  }
  return order;
}

/** Fills empty ref fields from the registry (only on the resolve path, spec §4.4). */
export function applyRegistryDefaults(ref: ComponentRef, registry: ComponentRegistry): ComponentRef {
  const c = registry.get(ref.name);
  if (!c) return ref;
  if (!ref.type) ref.type = registryType(c);
  else if (ref.type.toLowerCase() === 'helm') ref.type = 'Helm';
  else if (ref.type.toLowerCase() === 'kustomize') ref.type = 'Kustomize';
  if (ref.type === 'Helm' && c.helm) {
    if (!ref.source && c.helm.defaultRepository) ref.source = c.helm.defaultRepository;
    if (!ref.version && c.helm.defaultVersion) ref.version = c.helm.defaultVersion;
    if (!ref.namespace && c.helm.defaultNamespace) ref.namespace = c.helm.defaultNamespace;
    if (!ref.chart && c.helm.defaultChart)
      ref.chart = c.helm.defaultChart.slice(c.helm.defaultChart.lastIndexOf('/') + 1);
  } else if (ref.type === 'Helm' && c.manifest) {
    if (!ref.namespace && c.manifest.defaultNamespace) ref.namespace = c.manifest.defaultNamespace;
  } else if (ref.type === 'Kustomize' && c.kustomize) {
    if (!ref.source && c.kustomize.defaultSource) ref.source = c.kustomize.defaultSource;
    if (!ref.tag && c.kustomize.defaultTag) ref.tag = c.kustomize.defaultTag;
    if (!ref.path && c.kustomize.defaultPath) ref.path = c.kustomize.defaultPath;
  }
  if ((ref.manifestFiles ?? []).length === 0 && c.manifestFiles.length > 0) ref.manifestFiles = [...c.manifestFiles];
  return ref;
}

/**
 * Coverage post-condition: every stated dimension must appear verbatim in the criteria of an
 * applied overlay; otherwise an invalid-input error with the combinations that would cover it.
 */
function checkCoverage(query: Criteria, applied: string[], overlays: Map<string, RecipeOverlay>): void {
  const clauses: string[] = [];
  const stated = criteriaString(query);
  for (const dim of DIMENSIONS) {
    const want = query[dim];
    if (isUnspecified(want)) continue;
    const covered = applied.some((n) => normalizeOverlayCriteria(overlays.get(n)!)[dim] === want);
    if (covered) continue;
    const tuples = completionTuples(query, dim, want!, overlays);
    if (tuples.length === 0) {
      clauses.push(`no recipe provides ${dim} '${want}' for ${stated}`);
      continue;
    }
    const keys = new Set(tuples.flatMap((t) => Object.keys(t)));
    if (tuples.every((t) => Object.keys(t).length === 1) && keys.size === 1) {
      const key = [...keys][0]!;
      const values = tuples.map((t) => t[key]!).sort();
      clauses.push(`${dim} '${want}' for ${stated} requires ${key} (valid: ${values.join(', ')})`);
    } else {
      clauses.push(
        `${dim} '${want}' requires additional criteria; supported combinations: ${tuples.map((t) => `(${tupleKey(t)})`).join(', ')}`,
      );
    }
  }
  if (clauses.length > 0) throw invalid(clauses.join('; '));
  const gaps = strictGaps(query, applied, overlays);
  if (gaps.length > 0) {
    throw invalid(`${stated} has no recipe covering that combination; specify ${gaps.join(', ')}`);
  }
}

/**
 * Joint sufficiency (newest aicr): when no applied overlay carries every stated dimension at
 * once, an unstated `os` (the one strict dimension: it decides who installs the GPU driver) must
 * be given if some os value would pull in an overlay that is now skipped. Returns clauses such
 * as `os (valid: cos, ubuntu)`.
 */
function strictGaps(query: Criteria, applied: string[], overlays: Map<string, RecipeOverlay>): string[] {
  const jointly = applied.some((n) => {
    const o = overlays.get(n)!;
    if (!o.criteria) return false;
    const oc = normalizeOverlayCriteria(o);
    return DIMENSIONS.every((d) => isUnspecified(query[d]) || oc[d] === query[d]);
  });
  if (jointly || !isUnspecified(query.os)) return [];
  const values = [
    ...new Set([...overlays.values()].flatMap((o) => (o.criteria ? [normalizeOverlayCriteria(o).os] : []))),
  ]
    .filter((v): v is string => v !== undefined)
    .sort();
  const appliedSet = new Set(applied);
  const reachable = values.filter((os) =>
    matchingLeaves(overlays, { ...query, os }).some((leaf) =>
      [leaf.name, ...ancestorNames(leaf, overlays)].some((n) => !appliedSet.has(n)),
    ),
  );
  return reachable.length > 0 ? [`os (valid: ${reachable.join(', ')})`] : [];
}

function tupleKey(t: Record<string, string>): string {
  return DIMENSIONS.filter((d) => Object.hasOwn(t, d))
    .map((d) => `${d}=${t[d]}`)
    .join(', ');
}

/** Minimal sets of extra criteria under which some overlay would provide `dim=want`. */
function completionTuples(
  query: Criteria,
  dim: Dimension,
  want: string,
  overlays: Map<string, RecipeOverlay>,
): Array<Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  for (const o of overlays.values()) {
    if (!o.criteria) continue;
    const oc = normalizeOverlayCriteria(o);
    if (oc[dim] !== want) continue;
    const tuple: Record<string, string> = {};
    let conflict = false;
    for (const d of DIMENSIONS) {
      if (d === dim || isUnspecified(oc[d])) continue;
      if (!isUnspecified(query[d])) {
        if (query[d] !== oc[d]) conflict = true;
        continue;
      }
      tuple[d] = oc[d]!;
    }
    if (conflict || Object.keys(tuple).length === 0) continue;
    found.set(tupleKey(tuple), tuple);
  }
  const all = [...found.values()];
  const minimal = all.filter(
    (t) =>
      !all.some(
        (u) =>
          u !== t && Object.keys(u).length < Object.keys(t).length && Object.entries(u).every(([k, v]) => t[k] === v),
      ),
  );
  return minimal.sort(
    (a, b) =>
      Object.keys(a).length - Object.keys(b).length ||
      (tupleKey(a) < tupleKey(b) ? -1 : tupleKey(a) > tupleKey(b) ? 1 : 0),
  );
}
