/**
 * `--debug` on invalid rendered YAML: like helm, every rendered file is printed (helm in Go map
 * order, so the order is not compared) and the error comes without the `--debug` hint, after helm's
 * debug log lines.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'helmless-debug-'));
mkdirSync(join(dir, 'bad/templates'), { recursive: true });
writeFileSync(join(dir, 'bad/Chart.yaml'), 'apiVersion: v2\nname: bad\nversion: 0.1.0\n');
writeFileSync(join(dir, 'bad/templates/t.yaml'), 'a: 1\nb:\n\t- x\n');
writeFileSync(join(dir, 'bad/templates/ok.yaml'), 'kind: ConfigMap\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = captureIO({}, dir);
  const code = await main(['template', 'x', join(dir, 'bad'), ...args], io.io);
  return { code, out: io.out(), err: io.err() };
}

const message =
  'Error: YAML parse error on bad/templates/t.yaml: error converting YAML to JSON: yaml: line 3: found character that cannot start any token';

describe('template --debug', () => {
  it('without --debug: no output, the error with the hint', async () => {
    expect(await run([])).toEqual({
      code: 1,
      out: '',
      err: `${message}\n\nUse --debug flag to render out invalid YAML\n`,
    });
  });
  it('with --debug: every rendered file, then the error without the hint', async () => {
    const r = await run(['--debug']);
    expect(r.code).toBe(1);
    // helm 4's debug records come first (conformance/debug-log.test.ts compares them with helm's).
    expect(r.err).toBe(
      `level=DEBUG msg="Original chart version" version=""\nlevel=DEBUG msg="Chart path" path=${join(dir, 'bad')}\n` +
        `level=DEBUG msg="number of dependencies in the chart" chart=bad dependencies=0\n${message}\n`,
    );
    expect(r.out).toBe(
      '---\n# Source: bad/templates/ok.yaml\nkind: ConfigMap\n\n---\n# Source: bad/templates/t.yaml\na: 1\nb:\n\t- x\n',
    );
  });
});
