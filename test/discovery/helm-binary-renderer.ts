/**
 * A {@link RenderChart} backed by the real helm binary: exactly the `helm template` call AICR makes
 * (spec §7.1). The end-to-end tests use it as the reference renderer; helmless's in-process
 * renderer must produce the same inventory.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RenderChart, RenderedManifest } from '../../src/discovery/types.js';

const run = promisify(execFile);

/** Splits `helm template` output into one manifest per `# Source:` document. */
export function splitHelmOutput(stdout: string): RenderedManifest[] {
  const out: RenderedManifest[] = [];
  for (const doc of stdout.split(/^---\s*$/m)) {
    if (doc.trim() === '') continue;
    const m = /^# Source: (.+)$/m.exec(doc);
    out.push({ path: m ? m[1]!.trim() : '<unknown>', content: doc });
  }
  return out;
}

/** Renders with `helm template release-<name> chart.tgz …` using the given helm binary. */
export function helmBinaryRenderer(helm: string): RenderChart {
  return async (req) => {
    const dir = mkdtempSync(join(tmpdir(), 'helmless-helm-'));
    try {
      writeFileSync(join(dir, 'chart.tgz'), req.chart);
      const args = ['template', req.releaseName, join(dir, 'chart.tgz')];
      if (req.namespace) args.push('--namespace', req.namespace);
      args.push('--kube-version', req.kubeVersion);
      for (const api of req.apiVersions) args.push('--api-versions', api);
      if (req.valuesYaml !== undefined) {
        writeFileSync(join(dir, 'values.yaml'), req.valuesYaml);
        args.push('--values', join(dir, 'values.yaml'));
      }
      args.push('--include-crds=false');
      try {
        const { stdout } = await run(helm, args, {
          maxBuffer: 100 * 1024 * 1024,
          env: { ...process.env, HELM_CACHE_HOME: join(dir, '.c'), HELM_CONFIG_HOME: join(dir, '.g') },
          signal: req.signal,
        });
        return splitHelmOutput(stdout);
      } catch (err) {
        const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
        throw new Error(stderr || (err as Error).message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
