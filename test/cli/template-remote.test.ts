/**
 * `helmless template` on chart references, against real helm: `oci://…` from a real OCI registry
 * (docker-registry) and `--repo URL NAME` from the local corpus repository. The output must be
 * exactly what helm prints for the same reference.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/cli-io.js';
import { pushChart } from '../support/oci-push.js';
import {
  CHART_REPO_URL,
  CORPUS_DIR,
  corpusAvailable,
  ensureChartRepo,
  type Registry,
  registryAvailable,
  startRegistry,
} from '../support/servers.js';

const run = promisify(execFile);
const HELM = { helm3: resolve('.helm/helm3'), helm4: resolve('.helm/helm4') };
const CHARTS = [
  { name: 'topograph', version: '1.0.0', file: 'topograph-1.0.0.tgz' },
  { name: 'cert-manager', version: 'v1.20.2', file: 'cert-manager-v1.20.2.tgz' },
  { name: 'external-dns', version: '1.21.1', file: 'external-dns-1.21.1.tgz' },
];

const capture = (env: NodeJS.ProcessEnv) => captureIO(env);

async function helm(compat: 'helm3' | 'helm4', args: string[], home: string): Promise<string> {
  const env = { ...process.env, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config') };
  const r = await run(HELM[compat], ['template', ...args], { env, maxBuffer: 1 << 28 });
  return r.stdout;
}

const skip = !corpusAvailable()
  ? 'needs ../shared/charts'
  : !registryAvailable()
    ? 'needs docker-registry (.ci/run installs it)'
    : undefined;

describe.skipIf(skip)(`template on remote chart references${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: Registry;
  let home: string;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'helmless-template-remote-'));
    registry = await startRegistry();
    for (const c of CHARTS) {
      await pushChart(registry.host, `charts/${c.name}`, c.version, readFileSync(join(CORPUS_DIR, c.file)));
    }
    await ensureChartRepo();
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  for (const c of CHARTS) {
    for (const compat of ['helm3', 'helm4'] as const) {
      it(`oci://…/${c.name} --version ${c.version} --plain-http (${compat})`, async () => {
        const ref = `oci://${registry.host}/charts/${c.name}`;
        const args = ['x', ref, '--version', c.version, '--plain-http'];
        const expected = await helm(compat, args, home);
        const cap = capture({ HELMLESS_CACHE: join(home, 'helmless') });
        expect(await main(['template', ...args, '--compat', compat], cap.io)).toBe(0);
        expect(cap.out()).toBe(expected);
      });
    }
    it(`--repo ${CHART_REPO_URL} ${c.name} --version ${c.version}`, async () => {
      const args = ['x', c.name, '--repo', CHART_REPO_URL, '--version', c.version];
      const expected = await helm('helm4', args, home);
      const cap = capture({ HELMLESS_CACHE: join(home, 'helmless') });
      expect(await main(['template', ...args], cap.io)).toBe(0);
      expect(cap.out()).toBe(expected);
    });
  }

  it('reports a missing version like a fetch error, exit 1', async () => {
    const cap = capture({ HELMLESS_CACHE: join(home, 'helmless') });
    expect(await main(['template', 'x', 'topograph', '--repo', CHART_REPO_URL, '--version', '9.9.9'], cap.io)).toBe(1);
    expect(cap.err()).toMatch(/^Error: chart "topograph" version "9\.9\.9" not found in /);
    expect(cap.out()).toBe('');
  });
});
