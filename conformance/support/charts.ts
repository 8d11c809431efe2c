/**
 * The throwaway charts of the engine conformance suite. A case is a template body (plus top-level
 * defines) with its own values; `@KEY@` in its text is replaced by the case key `c<i>`.
 *
 * - include chart: case i's body is wrapped in `{{ define "hb.c<i>" }}` in
 *   `templates/_c<i>.tpl` (after the case's own defines), and `templates/c<i>.yaml` is a ConfigMap
 *   holding `{{ include "hb.c<i>" . | b64enc }}`, so any output text survives YAML validation and
 *   helm's complete stdout can be compared too;
 * - raw chart: case i is the whole file `templates/c<i>.txt` (defines and body) and a
 *   malformed `templates/zz-poison.yaml` makes `helm template --debug` dump every rendered file
 *   as is, which gives the exact engine output after helm's `<no value>` removal;
 * - error chart: one case as `templates/c0.txt`, rendered alone (a failing template aborts
 *   helm's whole render), to compare the complete error text.
 */

/** One template case with its values. */
export interface EngineCase {
  /** Stable identifier printed with mismatches (`seed 123 #45`, `§1.2 with-else`, …). */
  id: string;
  /** Top-level `define`s (and text between them). */
  defs: string;
  /** The template body. */
  body: string;
  /** YAML placed under the case key in values.yaml (may be empty). */
  values: string;
  /** `--set` assignments relative to the case key (`k=v`). */
  set: string[];
}

/** A chart as files: path relative to the chart root → content. */
export type ChartFiles = Record<string, string>;

/**
 * Every chart form has the same name (and release name), so that `.Chart.Name` and error texts
 * do not depend on the form a case is rendered in.
 */
export const CHART = 'hb';
export const INCLUDE_CHART = CHART;
export const RAW_CHART = CHART;
export const ERROR_CHART = CHART;

/** The case's text with its key filled in. */
export function keyed(text: string, key: string): string {
  return text.replaceAll('@KEY@', key);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.length > 0 ? `  ${l}` : l))
    .join('\n');
}

function valuesText(cases: readonly EngineCase[]): string {
  return cases
    .map((c, i) => {
      if (c.values.trim() === '') return `c${i}: {}\n`;
      const body = indent(c.values);
      return `c${i}:\n${body}${body.endsWith('\n') ? '' : '\n'}`;
    })
    .join('');
}

/** `--set` flags for the cases (one flag per case that has assignments). */
export function setArgs(cases: readonly EngineCase[]): string[] {
  const out: string[] = [];
  cases.forEach((c, i) => {
    if (c.set.length > 0) out.push('--set', c.set.map((a) => `c${i}.${a}`).join(','));
  });
  return out;
}

function chartYaml(name: string): string {
  return `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
}

/** Files every chart carries besides its templates (read with `.Files`). */
const EXTRA_FILES: ChartFiles = { 'files/f.txt': 'hi\nthere é\n' };

export function includeChart(cases: readonly EngineCase[]): ChartFiles {
  const files: ChartFiles = {
    'Chart.yaml': chartYaml(INCLUDE_CHART),
    'values.yaml': valuesText(cases),
    ...EXTRA_FILES,
  };
  cases.forEach((c, i) => {
    const key = `c${i}`;
    files[`templates/_${key}.tpl`] = keyed(`${c.defs}{{ define "hb.${key}" }}${c.body}{{ end }}`, key);
    files[`templates/${key}.yaml`] =
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${key}\ndata:\n  out: "{{ include "hb.${key}" . | b64enc }}"\n`;
  });
  return files;
}

export function rawChart(cases: readonly EngineCase[]): ChartFiles {
  const files: ChartFiles = { 'Chart.yaml': chartYaml(RAW_CHART), 'values.yaml': valuesText(cases), ...EXTRA_FILES };
  cases.forEach((c, i) => {
    files[`templates/c${i}.txt`] = keyed(c.defs + c.body, `c${i}`);
  });
  files['templates/zz-poison.yaml'] = 'poison: [\n';
  return files;
}

export function errorChart(c: EngineCase): ChartFiles {
  return {
    'Chart.yaml': chartYaml(ERROR_CHART),
    'values.yaml': valuesText([c]),
    ...EXTRA_FILES,
    'templates/c0.txt': keyed(c.defs + c.body, 'c0'),
  };
}

/** The case number named by a helm error about one of these charts, if any. */
export function caseInError(message: string): number | undefined {
  const m = /templates\/_?c(\d+)\.(?:tpl|yaml|txt)|"hb\.c(\d+)"|\bc(\d+)\.[db]\d+\b/.exec(message);
  if (!m) return undefined;
  return Number(m[1] ?? m[2] ?? m[3]);
}

/** Printable description of a case for failure messages. */
export function describeCase(c: EngineCase): string {
  const lines = [`case ${c.id}`];
  if (c.defs) lines.push(`defs:   ${JSON.stringify(keyed(c.defs, 'c0'))}`);
  lines.push(`body:   ${JSON.stringify(keyed(c.body, 'c0'))}`);
  if (c.values) lines.push(`values (under c0):\n${indent(c.values)}`);
  if (c.set.length > 0) lines.push(`--set ${c.set.map((a) => `c0.${a}`).join(',')}`);
  return lines.join('\n');
}
