/**
 * Helm's dependency processing before rendering (helm 3.17 chartutil.ProcessDependenciesWithMerge,
 * helm 4.1 chart/v2/util.ProcessDependencies) and the missing-dependency check of `helm template`.
 *
 * For each chart with Chart.yaml (or requirements.yaml) dependencies, top-down:
 * - subcharts are matched to the entries by name and version range; each match is copied and, with
 *   `alias`, renamed (so one chart can appear twice); a subchart no entry matches stays, unrenamed;
 * - every entry starts enabled; `tags` then `condition` (first path that holds a bool wins) decide,
 *   read from the chart's coalesced values; disabled subcharts are removed.
 * Then bottom-up, each chart's `import-values` copy subchart values (or `exports.<name>`) into the
 * parent, whose defaults become its merged values (subchart sections included).
 *
 * The input chart tree is never modified: it is cloned first, and the clone is then changed in
 * exactly the places helm changes its loaded chart, sharing objects where helm shares pointers (an
 * aliased copy keeps pointing at the original's metadata entries in helm 3, its grandchildren keep
 * their parent in helm 3, and so on), so `.Chart`, template paths and values come out as in helm.
 */

import { formatValue } from '../gotemplate/fmt.js';
import { quote } from '../gotemplate/strconv.js';
import type { GoMap, GoValue } from '../gotemplate/value.js';
import { parseConstraint, parseVersion, SemverError } from '../sprig/semver.js';
import { type Chart, type ChartDependency, type ChartMetadata, chartName, ImportPair } from './chart.js';
import { CoalesceError, Coalescer, deepCopyMap, isTable } from './coalesce.js';
import { GoPanic, stringAssertionPanic } from './go-panic.js';
import { HelmLog } from './helm-log.js';
import type { Compat } from './strvals.js';

/** A dependency error; `message` is helm's text after `Error: `. */
export class DependencyError extends Error {
  constructor(
    message: string,
    /** Log lines helm printed on stderr before failing (print them before `Error: …`). */
    readonly warnings: string[] = [],
  ) {
    super(message);
    this.name = 'DependencyError';
  }
}

/** chartutil.IsCompatibleRange: false when either side does not parse. */
export function isCompatibleRange(constraint: string | undefined, version: string, compat: Compat): boolean {
  try {
    const v = parseVersion(version, { compat });
    return parseConstraint(constraint ?? '', { compat }).check(v);
  } catch (e) {
    if (e instanceof SemverError) return false;
    throw e;
  }
}

/**
 * action.CheckDependencies, as `helm template` runs it on the root chart before anything else:
 * every Chart.yaml dependency must have a loaded subchart of that name (alias ignored).
 * @throws DependencyError with helm's message (helm 3 capitalised, helm 4 not)
 */
export function checkDependencies(chart: Chart, options: { compat: Compat }): void {
  const reqs = chart.metadata.dependencies;
  if (reqs === undefined) return;
  const missing = reqs.filter((r) => !chart.dependencies.some((d) => chartName(d) === r.name)).map((r) => r.name);
  if (missing.length === 0) return;
  const lead = options.compat === 'helm3' ? 'An error occurred' : 'an error occurred';
  throw new DependencyError(
    `${lead} while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
  );
}

/** Values.Table error (`"x" is not a table`). */
class NoTable extends Error {}

/** chartutil.Values.Table: walks `a.b.c` through maps. */
function table(values: GoMap, name: string): GoMap {
  let t = values;
  for (const n of name.split('.')) {
    if (!t.has(n)) throw new NoTable(`${quote(n)} is not a table`);
    const next = t.get(n);
    if (!isTable(next)) throw new NoTable(`${quote(n)} is not a table`);
    t = next;
  }
  return t;
}

/** chartutil.Values.PathValue: the non-table value at `a.b.c`, or undefined (ErrNoValue). */
export function pathValue(values: GoMap, path: string): { value: GoValue } | undefined {
  const parts = path.split('.');
  if (parts.length === 1) {
    const k = parts[0]!;
    if (values.has(k) && !isTable(values.get(k))) return { value: values.get(k) };
    return undefined;
  }
  const key = parts.pop()!;
  let t: GoMap;
  try {
    t = table(values, parts.join('.'));
  } catch (e) {
    if (e instanceof NoTable) return undefined;
    throw e;
  }
  if (t.has(key) && !isTable(t.get(key))) return { value: t.get(key) };
  return undefined;
}

/** pathToMap: `a.b` + data → {a: {b: data}}; `.` → data itself. */
function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = new Map([[parts[i]!, cur]]);
  return cur;
}

/** A structural copy of a loaded chart tree: fresh chart, metadata and dependency-entry objects. */
function cloneTree(c: Chart, parent: Chart | undefined): Chart {
  const md: ChartMetadata = { ...c.metadata };
  if (c.metadata.dependencies) md.dependencies = c.metadata.dependencies.map((d) => ({ ...d }));
  const out: Chart = { ...c, metadata: md, parent, dependencies: [] };
  if (parent === undefined) delete out.parent;
  out.dependencies = c.dependencies.map((d) => cloneTree(d, out));
  return out;
}

/** chart.SetDependencies: replaces the list and points each child's parent at `c`. */
function setDependencies(c: Chart, charts: Chart[]): void {
  c.dependencies = [];
  for (const x of charts) {
    x.parent = c;
    c.dependencies.push(x);
  }
}

class DependencyProcessor {
  private readonly coalescer: Coalescer;

  constructor(
    private readonly log: HelmLog,
    private readonly compat: Compat,
  ) {
    this.coalescer = new Coalescer(log);
  }

  /** getAliasDependency: a copy of the subchart matching `dep` (renamed to its alias), if any. */
  private aliasDependency(charts: Chart[], dep: ChartDependency): Chart | undefined {
    for (const c of charts) {
      if (chartName(c) !== dep.name) continue;
      if (!isCompatibleRange(dep.version, c.metadata.version, this.compat)) continue;
      if (this.compat === 'helm3') {
        // Go: out := *c; md := *c.Metadata — the entries list and grandchildren stay shared.
        const out: Chart = { ...c, metadata: { ...c.metadata } };
        if (dep.alias) out.metadata.name = dep.alias;
        return out;
      }
      // helm 4 copies the metadata entries and shallow-copies each grandchild.
      const md: ChartMetadata = { ...c.metadata };
      if (md.dependencies) md.dependencies = md.dependencies.map((d) => ({ ...d }));
      const out: Chart = { ...c, metadata: md };
      setDependencies(
        out,
        c.dependencies.map((d) => ({ ...d })),
      );
      if (dep.alias) out.metadata.name = dep.alias;
      return out;
    }
    return undefined;
  }

  /** processDependencyEnabled: aliases, enables/disables and prunes, recursively. */
  processEnabled(c: Chart, v: GoMap, path: string): void {
    const reqs = c.metadata.dependencies;
    if (reqs === undefined) return;
    const chartDependencies: Chart[] = [];
    for (const existing of c.dependencies) {
      const declared = reqs.some(
        (req) =>
          chartName(existing) === req.name && isCompatibleRange(req.version, existing.metadata.version, this.compat),
      );
      if (!declared) chartDependencies.push(existing);
    }
    for (const req of reqs) {
      const dep = this.aliasDependency(c.dependencies, req);
      if (dep) chartDependencies.push(dep);
      if (req.alias) req.name = req.alias;
    }
    setDependencies(c, chartDependencies);
    for (const r of reqs) r.enabled = true;
    const cvals = this.coalescer.coalesceValues(c, v);
    this.processTags(reqs, cvals);
    this.processConditions(reqs, cvals, path);
    const rm = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
    const cd = c.dependencies.filter((n) => !rm.has(chartName(n)));
    const cdMetadata = reqs.filter((n) => !rm.has(n.name));
    for (const t of cd) this.processEnabled(t, cvals, `${path}${chartName(t)}.`);
    // Go: append(nil, cdMetadata...) is nil when nothing is left.
    if (cdMetadata.length > 0) c.metadata.dependencies = cdMetadata;
    else delete c.metadata.dependencies;
    setDependencies(c, cd);
  }

  private processTags(reqs: ChartDependency[], cvals: GoMap): void {
    let vt: GoMap;
    try {
      vt = table(cvals, 'tags');
    } catch (e) {
      if (e instanceof NoTable) return;
      throw e;
    }
    for (const r of reqs) {
      let hasTrue = false;
      let hasFalse = false;
      for (const k of r.tags ?? []) {
        if (!vt.has(k)) continue;
        const b = vt.get(k);
        if (typeof b === 'boolean') {
          if (b) hasTrue = true;
          else hasFalse = true;
        } else {
          this.log.warn(
            {
              file: 'dependencies.go',
              line: 94,
              msg: `Warning: Tag '${k}' for chart ${r.name} returned non-bool value`,
            },
            {
              msg: 'returned non-bool value',
              attrs: [
                ['tag', k],
                ['chart', r.name],
              ],
            },
          );
        }
      }
      if (!hasTrue && hasFalse) r.enabled = false;
      else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
    }
  }

  private processConditions(reqs: ChartDependency[], cvals: GoMap, cpath: string): void {
    for (const r of reqs) {
      for (const c of (r.condition ?? '').trim().split(',')) {
        if (c.length === 0) continue;
        const found = pathValue(cvals, cpath + c);
        if (!found) continue;
        if (typeof found.value === 'boolean') {
          r.enabled = found.value;
          break;
        }
        this.log.warn(
          {
            file: 'dependencies.go',
            line: 63,
            msg: `Warning: Condition path '${c}' for chart ${r.name} returned non-bool value`,
          },
          {
            msg: 'returned non-bool value',
            attrs: [
              ['path', c],
              ['chart', r.name],
            ],
          },
        );
      }
    }
  }

  /** processDependencyImportValues: children first, then this chart. */
  processImportValues(c: Chart): void {
    for (const d of c.dependencies) this.processImportValues(d);
    this.importValues(c);
  }

  /**
   * A `child`/`parent` member as a string: helm 3 asserts `.(string)` and panics on anything else,
   * helm 4 formats it with `%v` (`<nil>` when absent).
   */
  private importMember(v: GoValue): string {
    if (typeof v === 'string') return v;
    if (this.compat === 'helm3') throw stringAssertionPanic(v, 'helm.sh/helm/v3/pkg/chartutil.processImportValues');
    return formatValue(v ?? null);
  }

  /** processImportValues (merge mode): imports into `b`, then the chart's defaults become the merge. */
  private importValues(c: Chart): void {
    const reqs = c.metadata.dependencies;
    if (reqs === undefined) return;
    const cvals = this.coalescer.mergeValues(c, null);
    let b: GoMap = new Map();
    for (const r of reqs) {
      const outiv: ImportPair[] = [];
      for (const riv of r.importValues ?? []) {
        // A processed entry (helm's map[string]string) matches neither case and is dropped.
        if (riv instanceof Map) {
          const child = this.importMember(riv.get('child'));
          const parent = this.importMember(riv.get('parent'));
          outiv.push(new ImportPair(child, parent));
          let vv: GoMap;
          try {
            vv = table(cvals, `${r.name}.${child}`);
          } catch (e) {
            if (!(e instanceof NoTable)) throw e;
            this.log.warn(
              {
                file: 'dependencies.go',
                line: 269,
                msg: `Warning: ImportValues missing table from chart ${r.name}: ${e.message}`,
              },
              {
                msg: 'ImportValues missing table from chart',
                attrs: [
                  ['chart', r.name],
                  ['error', e.message],
                ],
              },
            );
            continue;
          }
          b = this.coalescer.mergeTables(b, pathToMap(parent, vv));
        } else if (typeof riv === 'string') {
          const child = `exports.${riv}`;
          outiv.push(new ImportPair(child, '.'));
          let vm: GoMap;
          try {
            vm = table(cvals, `${r.name}.${child}`);
          } catch (e) {
            if (!(e instanceof NoTable)) throw e;
            this.log.warn(
              { file: 'dependencies.go', line: 286, msg: `Warning: ImportValues missing table: ${e.message}` },
              { msg: 'ImportValues missing table', attrs: [['error', e.message]] },
            );
            continue;
          }
          b = this.coalescer.mergeTables(b, vm);
        }
      }
      if (outiv.length > 0) r.importValues = outiv;
      else delete r.importValues;
    }
    c.values = this.coalescer.mergeTables(deepCopyMap(cvals), b);
  }
}

/** Options of {@link processDependencies}. */
export interface ProcessDependenciesOptions {
  compat: Compat;
}

/** The processed chart and the log lines helm prints on stderr meanwhile. */
export interface ProcessDependenciesResult {
  /** A new chart tree: disabled subcharts removed, aliases applied, imported values in the defaults. */
  chart: Chart;
  /** The user values, unchanged (helm only reads them here). */
  values: GoMap;
  warnings: string[];
}

/**
 * Helm's dependency processing for `helm template`: conditions, tags, aliases, pruning of disabled
 * subcharts and import-values. Run {@link checkDependencies} first, then this, then
 * {@link import('./coalesce.js').coalesceValues} on the returned chart with the same user values.
 * Does not modify `chart` or `userValues`.
 * @throws DependencyError (e.g. `type mismatch on sub: %!t(float64=5)`; helm 4 prefixes
 *   `chart dependencies processing failed: `) with the log lines printed before it
 */
export function processDependencies(
  chart: Chart,
  userValues: GoMap,
  options: ProcessDependenciesOptions,
): ProcessDependenciesResult {
  const log = new HelmLog(options.compat);
  const root = cloneTree(chart, undefined);
  const p = new DependencyProcessor(log, options.compat);
  try {
    p.processEnabled(root, userValues, '');
    p.processImportValues(root);
  } catch (e) {
    if (e instanceof GoPanic) e.warnings = log.lines;
    if (!(e instanceof CoalesceError)) throw e;
    if (options.compat === 'helm3') throw new DependencyError(e.message, log.lines);
    // helm 4's install action logs the failure, then wraps it.
    log.error('chart dependencies processing failed', [['error', e.message]]);
    throw new DependencyError(`chart dependencies processing failed: ${e.message}`, log.lines);
  }
  return { chart: root, values: userValues, warnings: log.lines };
}
