/**
 * Helm's values coalescing (helm 3.17 pkg/chartutil/coalesce.go, helm 4.1
 * pkg/chart/common/util/coalesce.go): user values over chart defaults, a parent's `<sub>:` section
 * over the subchart's defaults, `global` copied down, `null` deleting a default, maps merged, lists
 * replaced, with helm's warnings and errors.
 *
 * This is a line-by-line model of helm's algorithm, including where it copies and where it shares:
 * maps are JS Maps passed by reference exactly where Go passes the same map, so that aliasing
 * effects (a subchart's `.Values` is its parent's `.Values.<sub>`; a nested global table is shared
 * between parent and child) match helm.
 *
 * Go map iteration order is random, so when one call warns about several keys helm prints those
 * warnings in a random order; here keys are visited in sorted order. Values never depend on it.
 *
 * Version differences: when the user sets a key to `null` inside a table whose chart default is also
 * `null`, helm 3 deletes the key and helm 4 keeps it (helm 4's `srcOriginalNonNil` rule).
 */
import { capacityOf, withCapacity } from '../gotemplate/capacity.js';
import { sprintf } from '../gotemplate/fmt.js';
import type { GoMap, GoValue } from '../gotemplate/value.js';
import { compareGoStrings } from '../gotemplate/value.js';
import type { Chart } from './chart.js';
import { HelmLog } from './helm-log.js';
import type { Compat } from './strvals.js';

/** The key holding global values. */
export const GLOBAL_KEY = 'global';

/** A coalescing error; `message` is helm's text after `Error: `. */
export class CoalesceError extends Error {
  /** Log lines helm printed on stderr before failing (print them before `Error: …`). */
  warnings: string[] = [];

  constructor(message: string) {
    super(message);
    this.name = 'CoalesceError';
  }
}

/** helm's istable: a `map[string]interface {}`. */
export function isTable(v: GoValue): v is GoMap {
  return v instanceof Map;
}

/** copystructure.Copy of a values tree: maps and lists copied, scalars shared (they are immutable). */
export function deepCopyValue(v: GoValue): GoValue {
  if (v instanceof Map) {
    const out: GoMap = new Map();
    for (const [k, x] of v) out.set(k, deepCopyValue(x));
    return out;
  }
  // copystructure gives the copy the original's capacity (`slice` may reach into it).
  if (Array.isArray(v)) return withCapacity(v.map(deepCopyValue), capacityOf(v));
  return v;
}

/** A deep copy of a values map. */
export function deepCopyMap(m: GoMap): GoMap {
  return deepCopyValue(m) as GoMap;
}

/** Keys of a map in a fixed order (Go iterates randomly; see the module comment). */
function keysOf(m: GoMap): string[] {
  return [...m.keys()].sort(compareGoStrings);
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

function fmtV(v: GoValue): string {
  return sprintf('%v', [v]);
}

/** The coalescing engine for one helm version, writing warnings to a {@link HelmLog}. */
export class Coalescer {
  constructor(readonly log: HelmLog) {}

  get compat(): Compat {
    return this.log.compat;
  }

  /** chartutil.CoalesceValues: copies `vals`, then coalesces the chart tree into it. */
  coalesceValues(chart: Chart, vals: GoMap | null | undefined): GoMap {
    const copy = vals ? deepCopyMap(vals) : new Map();
    return this.coalesce(chart, copy, '', false);
  }

  /** chartutil.MergeValues: like {@link coalesceValues} but `null` values are kept. */
  mergeValues(chart: Chart, vals: GoMap | null | undefined): GoMap {
    const copy = vals ? deepCopyMap(vals) : new Map();
    return this.coalesce(chart, copy, '', true);
  }

  /** chartutil.CoalesceTables: merges `src` into `dst` (dst wins), deleting keys `dst` sets to null. */
  coalesceTables(dst: GoMap, src: GoMap): GoMap {
    return this.coalesceTablesFullKey(dst, src, '', false);
  }

  /** chartutil.MergeTables: like {@link coalesceTables} but keeping nulls. */
  mergeTables(dst: GoMap, src: GoMap): GoMap {
    return this.coalesceTablesFullKey(dst, src, '', true);
  }

  private coalesce(chart: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
    this.coalesceChartValues(chart, dest, prefix, merge);
    return this.coalesceDeps(chart, dest, prefix, merge);
  }

  private coalesceDeps(chart: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
    for (const sub of chart.dependencies) {
      const name = sub.metadata.name;
      if (!dest.has(name)) dest.set(name, new Map());
      else if (!isTable(dest.get(name))) {
        throw new CoalesceError(sprintf('type mismatch on %s: %t', [name, dest.get(name)]));
      }
      const dvmap = dest.get(name) as GoMap;
      const subPrefix = concatPrefix(prefix, chart.metadata.name);
      this.coalesceGlobals(dvmap, dest, subPrefix);
      dest.set(name, this.coalesce(sub, dvmap, subPrefix, merge));
    }
    return dest;
  }

  /** Copies the globals of `src` (the parent) into `dest` (the subchart's section); the parent wins. */
  private coalesceGlobals(dest: GoMap, src: GoMap, prefix: string): void {
    let dg: GoMap;
    if (!dest.has(GLOBAL_KEY)) dg = new Map();
    else {
      const g = dest.get(GLOBAL_KEY);
      if (!isTable(g)) {
        this.log.printf(
          'coalesce.go',
          138,
          `warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`,
        );
        return;
      }
      dg = g;
    }
    let sg: GoMap;
    if (!src.has(GLOBAL_KEY)) sg = new Map();
    else {
      const g = src.get(GLOBAL_KEY);
      if (!isTable(g)) {
        this.log.printf('coalesce.go', 145, `warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
        return;
      }
      sg = g;
    }
    for (const key of keysOf(sg)) {
      const val = sg.get(key);
      if (isTable(val)) {
        const vv: GoMap = new Map(val);
        if (!dg.has(key)) {
          dg.set(key, vv);
        } else {
          const destv = dg.get(key);
          if (!isTable(destv)) {
            this.log.printf(
              'coalesce.go',
              161,
              sprintf('Conflict: cannot merge map onto non-map for %q. Skipping.', [key]),
            );
          } else {
            // Reversed on purpose (helm: "merge top-down"): the parent's table wins over the child's.
            this.coalesceTablesFullKey(vv, destv, concatPrefix(prefix, key), true);
            dg.set(key, vv);
          }
        }
      } else if (dg.has(key) && isTable(dg.get(key))) {
        this.log.printf('coalesce.go', 175, `key ${key} is table. Skipping`);
      } else {
        dg.set(key, val);
      }
    }
    dest.set(GLOBAL_KEY, dg);
  }

  /** coalesceValues: the chart's own defaults (a deep copy) under the values `v`. */
  private coalesceChartValues(chart: Chart, v: GoMap, prefix: string, merge: boolean): void {
    const subPrefix = concatPrefix(prefix, chart.metadata.name);
    const vc = deepCopyMap(chart.values);
    for (const key of keysOf(vc)) {
      const val = vc.get(key);
      if (v.has(key)) {
        const value = v.get(key);
        if (value === null && !merge) {
          v.delete(key);
        } else if (isTable(value)) {
          if (!isTable(val)) {
            if (val !== null) {
              this.log.printf('coalesce.go', 237, `warning: skipped value for ${subPrefix}.${key}: Not a table.`);
            }
          } else {
            const childMerge = chart.dependencies.some((d) => d.metadata.name === key) ? true : merge;
            this.coalesceTablesFullKey(value, val, concatPrefix(subPrefix, key), childMerge);
          }
        }
      } else {
        v.set(key, val);
      }
    }
  }

  private coalesceTablesFullKey(dst: GoMap, src: GoMap, prefix: string, merge: boolean): GoMap {
    let srcOriginalNonNil: Set<string> | undefined;
    if (this.compat === 'helm4') {
      srcOriginalNonNil = new Set();
      for (const [k, x] of src) if (x !== null) srcOriginalNonNil.add(k);
      for (const [k, x] of dst) if (x === null) src.set(k, null);
    }
    for (const key of keysOf(src)) {
      const val = src.get(key);
      const fullkey = concatPrefix(prefix, key);
      const ok = dst.has(key);
      const dv = dst.get(key);
      if (ok && !merge && dv === null && (srcOriginalNonNil === undefined || srcOriginalNonNil.has(key))) {
        dst.delete(key);
      } else if (!ok) {
        dst.set(key, val);
      } else if (isTable(val)) {
        if (isTable(dv)) this.coalesceTablesFullKey(dv, val, fullkey, merge);
        else {
          this.log.printf(
            'coalesce.go',
            298,
            `warning: cannot overwrite table with non table for ${fullkey} (${fmtV(val)})`,
          );
        }
      } else if (isTable(dv) && val !== null) {
        this.log.printf(
          'coalesce.go',
          301,
          `warning: destination for ${fullkey} is a table. Ignoring non-table value (${fmtV(val)})`,
        );
      }
    }
    return dst;
  }
}

/** Options of {@link coalesceValues}. */
export interface CoalesceOptions {
  compat: Compat;
}

/** The coalesced values and the log lines helm prints on stderr while computing them. */
export interface CoalesceResult {
  values: GoMap;
  warnings: string[];
}

/**
 * Helm's final values step (chartutil.CoalesceValues in ToRenderValues): the user values over the
 * chart's defaults and, recursively, each subchart's section over its defaults, with globals copied
 * down. Call it after {@link import('./dependencies.js').processDependencies} on the chart it returns.
 * `userValues` is not modified. Subchart values are the very Map objects held under the parent's keys.
 * @throws CoalesceError e.g. `type mismatch on sub: %!t(<nil>)`
 */
export function coalesceValues(chart: Chart, userValues: GoMap, options: CoalesceOptions): CoalesceResult {
  const log = new HelmLog(options.compat);
  try {
    const values = new Coalescer(log).coalesceValues(chart, userValues);
    return { values, warnings: log.lines };
  } catch (e) {
    if (e instanceof CoalesceError) e.warnings = log.lines;
    throw e;
  }
}
