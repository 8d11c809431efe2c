/**
 * `--set component:path=value` (spec §6.3–§6.4): parsing, the string → value coercion AICR applies
 * (Go `ParseInt`/`ParseFloat` rules), applying dotted paths shallowest first, and the per-component
 * merge of canonical names and registry aliases (spec §5.2).
 */
import { quote, tryParseFloat } from '../gotemplate/strconv.js';
import { invalid } from './errors.js';
import type { Value, ValueMap } from './types.js';
import { goTypeName, hasKey, isValueMap } from './values.js';
import { newMap } from './yamlv3.js';

/** One parsed `--set` flag. */
export interface ValueOverride {
  /** Component name or alias as typed. */
  component: string;
  /** Dotted values path. */
  path: string;
  /** The raw value text (coerced when applied). */
  value: string;
}

const SEGMENT = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/**
 * Parses one `--set` argument the way aicr's `ComponentPath.Parse` and `ParseValueOverrides` do,
 * in their order: the colon, an empty component or path, an empty value after `=`, every path
 * segment, and only then a missing value. Texts quote like Go's `%q`; the CLI prefixes
 * `invalid --set: `.
 */
export function parseSetFlag(input: string): ValueOverride {
  const colon = input.indexOf(':');
  if (colon < 0) throw invalid(`invalid format ${quote(input)}: expected 'component:path' or 'component:path=value'`);
  const component = input.slice(0, colon);
  const rest = input.slice(colon + 1);
  const eq = rest.indexOf('=');
  const path = eq < 0 ? rest : rest.slice(0, eq);
  const value = eq < 0 ? undefined : rest.slice(eq + 1);
  if (component === '' || path === '') {
    throw invalid(`invalid format ${quote(input)}: component and path cannot be empty`);
  }
  if (value === '') throw invalid(`invalid format ${quote(input)}: value cannot be empty`);
  for (const seg of path.split('.')) {
    if (!SEGMENT.test(seg)) {
      throw invalid(
        `invalid path segment ${quote(seg)} in ${quote(input)}: must contain only alphanumeric, dot, hyphen, or underscore characters`,
      );
    }
  }
  if (value === undefined) throw invalid(`invalid format ${quote(input)}: --set requires 'bundler:path=value'`);
  return { component, path, value };
}

/** Lookup component key → (path → raw value); a later flag with the same key and path wins. */
export function buildOverrideLookup(overrides: ValueOverride[]): Map<string, Map<string, string>> {
  const lookup = new Map<string, Map<string, string>>();
  for (const o of overrides) {
    let m = lookup.get(o.component);
    if (!m) lookup.set(o.component, (m = new Map()));
    m.set(o.path, o.value);
  }
  return lookup;
}

/**
 * The overrides that apply to one component: those given under its name or any alias. The
 * canonical name wins a same-path collision, then aliases in registry order.
 */
export function effectiveOverrides(lookup: Map<string, Map<string, string>>, keys: string[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (let i = keys.length - 1; i >= 0; i--) {
    const m = lookup.get(keys[i]!);
    if (m) for (const [p, v] of m) merged.set(p, v);
  }
  return merged;
}

/** Go `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The value a `--set` string becomes (spec §6.3): exactly `true`/`false` → boolean; a base-10
 * int64 → integer; a Go float → number; anything else stays a string (`null`, `True`, `{a,b}`).
 */
export function coerceSetValue(s: string): Value {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^[+-]?[0-9]+$/.test(s)) {
    const n = BigInt(s);
    if (n >= INT64_MIN && n <= INT64_MAX) return Number(n);
  }
  const f = tryParseFloat(s);
  return f === undefined ? s : f;
}

/** Paths ordered shallowest first, ties lexicographically (deterministic overlap handling). */
export function sortOverridePaths(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => {
    const da = a.split('.').length;
    const db = b.split('.').length;
    if (da !== db) return da - db;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/**
 * Applies overrides to `target` in place (spec §6.3). An existing non-map ancestor is an error;
 * all errors are aggregated into one invalid-input error.
 */
export function applyMapOverrides(target: ValueMap, overrides: Map<string, string>): void {
  const errors: string[] = [];
  for (const path of sortOverridePaths(overrides.keys())) {
    const raw = overrides.get(path)!;
    const parts = path.split('.');
    let current: ValueMap = target;
    let failed: string | undefined;
    for (const part of parts.slice(0, -1)) {
      if (hasKey(current, part)) {
        const next = current[part]!;
        if (!isValueMap(next)) {
          failed = `failed to resolve override path: path segment "${part}" exists but is not a map (type: ${goTypeName(next)})`;
          break;
        }
        current = next;
      } else {
        const created = newMap();
        current[part] = created;
        current = created;
      }
    }
    if (failed) {
      errors.push(`${path}=${raw}: ${failed}`);
      continue;
    }
    current[parts[parts.length - 1]!] = coerceSetValue(raw);
  }
  if (errors.length > 0) throw invalid(`failed to apply map overrides: ${errors.join('; ')}`);
}
