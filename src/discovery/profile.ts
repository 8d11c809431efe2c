/**
 * Configuration profiles (spec §4.4, §6.5): an overlay's `spec.profile` declaration, the selection
 * applied at resolution (`--profile name=value`), the recorded `metadata.selectedProfile` with its
 * owned value paths, and the lock that keeps `--set` from changing an owned path.
 */
import { invalid } from './errors.js';
import type { ProfileDeclaration, RecipeOverlay } from './recipe.js';
import { PLAIN_API_VERSIONS, PROFILE_API_VERSIONS } from './recipe.js';
import type { ComponentRef, Constraint, RecipeResult, SelectedProfile, ValueMap } from './types.js';
import { isValueMap, mergeOverrides, observePath, valuesEqual } from './values.js';
import { newMap } from './yamlv3.js';

const IDENTIFIER = /^[A-Za-z0-9._-]+$/;
/** The synthetic owned path that stands for a component's presence. */
export const PRESENCE_PATH = 'enabled';

/** Leaf paths of profile overrides; literal dots in keys and empty maps are refused. */
function profilePaths(m: ValueMap, prefix: string[] = []): string[] {
  const out: string[] = [];
  for (const k of Object.keys(m)) {
    if (k === '' || k.includes('.'))
      throw invalid(
        `invalid profile overrides: profile override key "${k}" must be nonempty and may not contain a literal dot`,
      );
    const path = [...prefix, k];
    const v = m[k]!;
    if (isValueMap(v)) {
      if (Object.keys(v).length === 0) {
        throw invalid(`invalid profile overrides: profile override "${path.join('.')}" assigns an empty map`);
      }
      out.push(...profilePaths(v, path));
    } else out.push(path.join('.'));
  }
  return out.sort();
}

/** Validates a declaration and returns its declaration-wide owned paths per component. */
export function validateDeclaration(decl: ProfileDeclaration): Record<string, string[]> {
  if (!IDENTIFIER.test(decl.name)) throw invalid('profile name must match [A-Za-z0-9._-]+');
  if (!IDENTIFIER.test(decl.default)) throw invalid('profile default must match [A-Za-z0-9._-]+');
  if (decl.values.size === 0) throw invalid(`profile "${decl.name}" must declare at least one value`);
  if (!decl.values.has(decl.default))
    throw invalid(`profile "${decl.name}" default "${decl.default}" is not a declared value`);
  const lowered = new Map<string, string>();
  for (const valueName of [...decl.values.keys()].sort()) {
    const prev = lowered.get(valueName.toLowerCase());
    if (prev !== undefined) {
      throw invalid(
        `profile "${decl.name}" values "${prev}" and "${valueName}" differ only by case; evidence path segments are lowercase, so value names must be case-insensitively unique`,
      );
    }
    lowered.set(valueName.toLowerCase(), valueName);
  }
  const owned = new Map<string, Set<string>>();
  let expected: string[] | undefined;
  for (const valueName of [...decl.values.keys()].sort()) {
    if (!IDENTIFIER.test(valueName)) throw invalid(`profile value "${valueName}" must match [A-Za-z0-9._-]+`);
    const value = decl.values.get(valueName)!;
    const seen = new Set<string>();
    const valuePaths: string[] = [];
    for (const ref of value.componentRefs) {
      if (ref.name === '')
        throw invalid(`profile "${decl.name}" value "${valueName}" has a componentRef with an empty name`);
      if (seen.has(ref.name))
        throw invalid(`profile "${decl.name}" value "${valueName}" repeats componentRef "${ref.name}"`);
      seen.add(ref.name);
      if (Object.hasOwn(ref.overrides, PRESENCE_PATH)) {
        throw invalid(
          `profile "${decl.name}" value "${valueName}" component "${ref.name}" may not assign overrides.enabled`,
        );
      }
      const set = owned.get(ref.name) ?? new Set<string>();
      for (const p of profilePaths(ref.overrides)) {
        valuePaths.push(`${ref.name}:${p}`);
        set.add(p);
      }
      set.add(PRESENCE_PATH);
      owned.set(ref.name, set);
    }
    valuePaths.sort();
    if (expected === undefined) {
      expected = valuePaths;
    } else if (expected.join('\n') !== valuePaths.join('\n')) {
      throw invalid(
        `profile "${decl.name}" violates union totality: value "${valueName}" assigns [${valuePaths.join(' ')}], expected [${expected.join(' ')}]`,
      );
    }
  }
  const out: Record<string, string[]> = Object.create(null);
  for (const [c, paths] of [...owned.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) out[c] = [...paths].sort();
  return out;
}

/**
 * Selects and applies the profile declared by the applied overlays (spec §4.4). At most one
 * overlay of the composition (base included) may declare a profile; its owned components must be
 * present and enabled. Returns the record for `metadata.selectedProfile`.
 */
export function applyProfile(
  spec: { constraints: Constraint[]; componentRefs: ComponentRef[] },
  applied: RecipeOverlay[],
  selection: string | undefined,
): SelectedProfile | undefined {
  const parsed = selection === undefined ? undefined : parseProfileSelection(selection);
  const declaring = applied.filter((o) => o.profile);
  if (declaring.length === 0) {
    if (parsed !== undefined) {
      throw invalid(`profile "${parsed.name}" was selected, but the resolved composition declares no profile`);
    }
    return undefined;
  }
  if (declaring.length > 1) {
    const sources = declaring.map((o) => o.name).sort();
    throw invalid(`resolved composition has multiple profile declarations from [${sources.join(' ')}]`);
  }
  const decl = declaring[0]!.profile!;
  const owned = validateDeclaration(decl);
  let valueName = decl.default;
  if (parsed !== undefined) {
    if (parsed.name !== decl.name) {
      throw invalid(`resolved composition declares profile "${decl.name}", not "${parsed.name}"`);
    }
    valueName = parsed.value;
  }
  const value = decl.values.get(valueName);
  if (!value) {
    throw invalid(
      `profile "${decl.name}" has no value "${valueName}"; valid values: [${[...decl.values.keys()].sort().join(' ')}]`,
    );
  }
  for (const component of Object.keys(owned).sort()) {
    const ref = spec.componentRefs.find((r) => r.name === component);
    if (!ref || !isEnabled(ref)) {
      throw invalid(
        `profile "${decl.name}" references component "${component}", which is not enabled in the surviving composition`,
      );
    }
  }
  const byName = new Map(value.constraints.map((c) => [c.name, c]));
  spec.constraints = [...spec.constraints.filter((c) => !byName.has(c.name)), ...byName.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const fragment of value.componentRefs) {
    const ref = spec.componentRefs.find((r) => r.name === fragment.name)!;
    ref.overrides ??= newMap();
    mergeOverrides(ref.overrides, fragment.overrides);
  }
  const selected: SelectedProfile = { name: decl.name, value: valueName, ownedPaths: owned };
  if (value.advertiser) selected.advertiser = value.advertiser;
  return selected;
}

/** Parses `--profile name=value` (exact form, identifiers only). */
export function parseProfileSelection(raw: string): { name: string; value: string } {
  if (raw.trim() !== raw || raw.split('=').length !== 2) throw invalid('profile must use the exact name=value form');
  const [name, value] = raw.split('=') as [string, string];
  if (!IDENTIFIER.test(name) || !IDENTIFIER.test(value))
    throw invalid('profile name and value must match [A-Za-z0-9._-]+');
  return { name, value };
}

/** The bidirectional apiVersion ↔ selectedProfile contract of a loaded recipe (spec §5.1 step 1). */
export function validateProfileContract(recipe: RecipeResult): void {
  const v = recipe.apiVersion;
  const selected = recipe.metadata.selectedProfile;
  if (v === '' || PLAIN_API_VERSIONS.includes(v)) {
    if (selected) throw invalid(`recipe apiVersion "${v}" cannot carry metadata.selectedProfile`);
    return;
  }
  if (!PROFILE_API_VERSIONS.includes(v)) {
    throw invalid(
      `recipe has unsupported apiVersion "${v}"; expected one of ${[...PLAIN_API_VERSIONS, ...PROFILE_API_VERSIONS].join(', ')}`,
    );
  }
  if (!selected) {
    const accounting = recipe.configuration?.slurm;
    if (isValueMap(accounting) && isValueMap(accounting.accounting)) return;
    throw invalid(`recipe apiVersion "${v}" requires metadata.selectedProfile or configuration.slurm.accounting`);
  }
  if (!IDENTIFIER.test(selected.name) || !IDENTIFIER.test(selected.value)) {
    throw invalid('metadata.selectedProfile name and value must match [A-Za-z0-9._-]+');
  }
  for (const [component, paths] of Object.entries(selected.ownedPaths)) {
    for (const p of paths) {
      if (p === '' || p.split('.').some((s) => s === '')) {
        throw invalid(`metadata.selectedProfile.ownedPaths.${component} has an invalid path "${p}"`);
      }
    }
  }
}

/** Whether a ref is enabled: `overrides.enabled`/`install` set to boolean false disables it. */
export function isEnabled(ref: ComponentRef): boolean {
  for (const key of ['enabled', 'install']) {
    const o = ref.overrides;
    if (o && Object.hasOwn(o, key) && o[key] === false) return false;
  }
  return true;
}

/**
 * Every owned path (except presence) must be assigned by the component's inline overrides: an
 * owned value may not be inherited from a values file.
 */
export function checkInlineOwnership(recipe: RecipeResult): void {
  const selected = recipe.metadata.selectedProfile;
  if (!selected) return;
  for (const component of Object.keys(selected.ownedPaths).sort()) {
    const ref = recipe.componentRefs.find((r) => r.name === component);
    if (!ref) throw invalid(`profile-owned component "${component}" is absent from the recipe`);
    for (const p of selected.ownedPaths[component]!) {
      if (p === PRESENCE_PATH) continue;
      const obs = observePath(ref.overrides ?? newMap(), p);
      if (obs.state === 'blocked')
        throw invalid(`profile-owned recipe path ${component}.${p} is blocked by a non-map ancestor`);
      if (obs.state === 'absent') {
        throw invalid(
          `profile-owned path ${component}.${p} is not assigned by the component overrides; an owned path may not be inherited from the baseline values`,
        );
      }
    }
  }
}

/**
 * The profile lock (spec §6.5): candidate values (after `--set`) must equal the recipe's values at
 * every owned path, and owned components must stay present. Runs before any rendering.
 */
export function checkProfileLock(
  recipe: RecipeResult,
  enabledCandidates: Set<string>,
  baseline: Map<string, ValueMap>,
  candidate: Map<string, ValueMap>,
): void {
  const selected = recipe.metadata.selectedProfile;
  if (!selected) return;
  for (const component of Object.keys(selected.ownedPaths).sort()) {
    const ref = recipe.componentRefs.find((r) => r.name === component);
    if (!ref) throw invalid(`profile-owned component "${component}" is absent from the recipe`);
    if (!enabledCandidates.has(component)) {
      throw invalid(`profile-owned component "${component}" is absent or disabled in the output`);
    }
    const want = baseline.get(component)!;
    const got = candidate.get(component)!;
    for (const p of selected.ownedPaths[component]!) {
      if (p === PRESENCE_PATH) continue;
      const w = observePath(want, p);
      const g = observePath(got, p);
      if (w.state === 'blocked') throw invalid(`profile-owned recipe path ${component}.${p} is blocked`);
      const same = w.state === 'present' ? g.state === 'present' && valuesEqual(w.value, g.value) : w.state === g.state;
      if (!same) {
        throw invalid(
          `profile-owned path ${component}.${p} diverged from selected profile ${selected.name}=${selected.value}`,
        );
      }
    }
  }
}
