/**
 * Batch rendering against a real helm binary, for differential tests.
 *
 * Rendering one chart per case is slow (helm start-up dominates), so {@link renderBatch} writes ONE
 * throwaway chart holding every case and runs helm once:
 *
 * - case `i` gets the key `c<i>`; its `values` text (YAML) is written to values.yaml under that key
 *   (indented as a block), so the template reads it as `.Values.c<i>`;
 * - its `template` (a Go template; every `@KEY@` is replaced by `c<i>`) becomes the body of
 *   `{{ define "hb.c<i>" }}` in `templates/_c<i>.tpl`, and `templates/c<i>.yaml` emits
 *   `{{ include "hb.c<i>" . | b64enc }}` in a ConfigMap, so ANY output text (not just valid YAML)
 *   survives helm's YAML validation; the harness base64-decodes it back to the exact bytes;
 * - `files` are added to the chart (read them with `.Files.Get`), handy for passing arbitrary bytes
 *   such as malformed YAML to `fromYaml`. Text is written as Go-string bytes (src/gotemplate/gostring.ts),
 *   so an escaped raw byte in a JS string reaches helm as that byte.
 *
 * A template that fails to execute makes helm fail the whole batch: the harness then throws with
 * helm's stderr. Keep failing cases out of a batch (or use functions that return errors as values).
 *
 * Usage:
 * ```ts
 * const out = await renderBatch(HELM3, [{ template: '{{ toJson .Values.@KEY@ }}', values: 'a: 1' }]);
 * out[0] // '{"a":1}'
 * ```
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { bytesToString, encodeOutput } from '../../src/gotemplate/gostring.js';

export interface HelmCase {
  /** Template body; `@KEY@` is replaced by the case key (`c0`, `c1`, …). */
  template: string;
  /** YAML text placed under the case key in values.yaml (omit for none). */
  values?: string;
  /** Extra chart files (path relative to the chart root → content). */
  files?: Record<string, string | Uint8Array>;
}

export interface BatchOptions {
  /** Extra arguments for `helm template` (e.g. `--set`, `-f`). */
  args?: string[];
  /** Raw values.yaml text appended after the generated case keys. */
  extraValues?: string;
  /** Chart.yaml text (default: apiVersion v2, name hb, version 0.1.0). Keep `name: hb` for the output parser. */
  chartYaml?: string;
  /** Keep the chart directory (for debugging); its path is printed. */
  keep?: boolean;
}

export const HELM3 = resolve('.helm/helm3');
export const HELM4 = resolve('.helm/helm4');

/** True when the helm binary exists (tests skip otherwise). */
export function helmAvailable(bin: string): boolean {
  return existsSync(bin);
}

function indentBlock(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.length > 0 ? `  ${l}` : l))
    .join('\n');
}

/** The values.yaml text {@link renderBatch} writes for the cases (each `values` under its `c<i>` key). */
export function batchValuesText(cases: HelmCase[]): string {
  const out: string[] = [];
  cases.forEach((c, i) => {
    if (c.values === undefined) return;
    const body = indentBlock(c.values);
    out.push(`c${i}:\n${body}${body.endsWith('\n') ? '' : '\n'}`);
  });
  return out.join('');
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    execFile(bin, args, { env, maxBuffer: 1 << 30, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) rej(Object.assign(new Error(`helm failed: ${stderr || err.message}`), { stderr, stdout }));
      else res({ stdout, stderr });
    });
  });
}

/** Renders every case with one helm run and returns each case's exact output text, in order. */
export async function renderBatch(bin: string, cases: HelmCase[], options: BatchOptions = {}): Promise<string[]> {
  // Outputs are Go strings: invalid UTF-8 bytes are kept as escaped bytes (see gostring.ts).
  return (await renderBatchRaw(bin, cases, options)).map((b) => bytesToString(b));
}

/** Like {@link renderBatch} but returns the raw bytes of each output. */
export async function renderBatchRaw(bin: string, cases: HelmCase[], options: BatchOptions = {}): Promise<Buffer[]> {
  const dir = await mkdtemp(join(tmpdir(), 'helm-batch-'));
  const chart = join(dir, 'hb');
  try {
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), options.chartYaml ?? 'apiVersion: v2\nname: hb\nversion: 0.1.0\n');
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const key = `c${i}`;
      const body = c.template.replaceAll('@KEY@', key);
      await writeFile(
        join(chart, 'templates', `_${key}.tpl`),
        encodeOutput(`{{ define "hb.${key}" }}${body}{{ end }}`),
      );
      await writeFile(
        join(chart, 'templates', `${key}.yaml`),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${key}\ndata:\n  out: "{{ include "hb.${key}" . | b64enc }}"\n`,
      );
      for (const [p, content] of Object.entries(c.files ?? {})) {
        const target = join(chart, p);
        await mkdir(dirname(target), { recursive: true });
        // Strings are Go strings: escaped raw bytes (see gostring.ts) are written as those bytes.
        await writeFile(target, typeof content === 'string' ? encodeOutput(content) : content);
      }
    }
    await writeFile(join(chart, 'values.yaml'), encodeOutput(batchValuesText(cases) + (options.extraValues ?? '')));
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      TZ: 'UTC',
      HELM_CACHE_HOME: join(dir, 'cache'),
      HELM_CONFIG_HOME: join(dir, 'config'),
      HELM_DATA_HOME: join(dir, 'data'),
    };
    const { stdout } = await run(bin, ['template', 'hb', chart, ...(options.args ?? [])], env);
    const out = new Array<Buffer>(cases.length);
    const re = /# Source: hb\/templates\/c(\d+)\.yaml\n[\s\S]*?\n {2}out: "([A-Za-z0-9+/=]*)"/g;
    for (const m of stdout.matchAll(re)) out[Number(m[1])] = Buffer.from(m[2]!, 'base64');
    for (let i = 0; i < cases.length; i++) {
      if (out[i] === undefined) throw new Error(`helm-batch: no output for case c${i}`);
    }
    return out;
  } finally {
    if (options.keep) console.log(`helm-batch chart kept at ${chart}`);
    else await rm(dir, { recursive: true, force: true });
  }
}
