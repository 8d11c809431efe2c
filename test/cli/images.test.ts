/**
 * `helmless images CHART`: the images of one chart rendered in process must equal the images the
 * same extraction finds in real helm's render of that chart.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { extractImages } from '../../src/discovery/extract.js';
import { splitHelmOutput } from '../discovery/helm-binary-renderer.js';
import { captureIO } from '../support/cli-io.js';

const CHARTS = resolve('../shared/charts');
const HELM4 = resolve('.helm/helm4');

const capture = () => captureIO();

const live = existsSync(CHARTS) && existsSync(HELM4);

describe.skipIf(!live)('helmless images (needs ../shared/charts and .helm/helm4)', () => {
  it.each(['gpu-operator-v26.7.0.tgz', 'kube-prometheus-stack-84.4.0.tgz', 'kai-scheduler-v0.16.8.tgz'])(
    '%s lists what helm renders',
    async (file) => {
      const chart = resolve(CHARTS, file);
      const c = capture();
      expect(await main(['images', 'x', chart], c.io)).toBe(0);
      const helmOut = execFileSync(HELM4, ['template', 'x', chart], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const expected = extractImages(splitHelmOutput(helmOut)).images;
      expect(expected.length).toBeGreaterThan(0);
      expect(c.out()).toBe(expected.map((i) => `${i}\n`).join(''));
    },
  );

  it('explains where an image comes from with --why, and fails for an unknown one', async () => {
    const chart = resolve(CHARTS, 'gpu-operator-v26.7.0.tgz');
    const c = capture();
    expect(await main(['images', chart, '--why', 'nvcr.io/nvidia/gpu-operator:v26.7.0'], c.io)).toBe(0);
    expect(c.out()).toContain(
      'gpu-operator/templates/operator.yaml\tDeployment/gpu-operator\tspec.template.spec.containers[0].image',
    );
    const d = capture();
    expect(await main(['images', chart, '--why', 'nope:1'], d.io)).toBe(3);
    expect(d.err()).toBe('Error: image nope:1 is not referenced by the chart\n');
  });

  it('adds the images operators start from their args with --scan-strings, and says where', async () => {
    const chart = resolve(CHARTS, 'kube-prometheus-stack-84.4.0.tgz');
    const plain = capture();
    expect(await main(['images', 'x', chart], plain.io)).toBe(0);
    const scanned = capture();
    expect(await main(['images', 'x', chart, '--scan-strings'], scanned.io)).toBe(0);
    const added = scanned
      .out()
      .split('\n')
      .filter((l) => l !== '' && !plain.out().includes(`${l}\n`));
    expect(added).toEqual([
      'quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1',
      'quay.io/thanos/thanos:v0.41.0',
    ]);
    const why = capture();
    const reloader = 'quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1';
    expect(await main(['images', 'x', chart, '--scan-strings', '--why', reloader], why.io)).toBe(0);
    expect(why.out()).toBe(
      `${reloader}\tkube-prometheus-stack/templates/prometheus-operator/deployment.yaml\tDeployment/x-kube-prometheus-stack-operator\tspec.template.spec.containers[0].args[4]\t(inside the string)\n`,
    );
  });

  it('prints helm errors like helm template', async () => {
    const c = capture();
    expect(await main(['images', resolve(CHARTS, 'nope.tgz')], c.io)).toBe(1);
    expect(c.err()).toBe(`Error: path "${resolve(CHARTS, 'nope.tgz')}" not found\n`);
  });
});
