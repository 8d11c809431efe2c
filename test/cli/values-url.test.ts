/**
 * `-f URL` and `--set-file key=URL`: helm fetches values files over http(s). Each case runs real
 * helm and `helmless template` against a local server and compares stdout, stderr and exit status.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/cli-io.js';
import { HELM_BINARIES, helmAvailable } from '../support/helm-render.js';

const work = mkdtempSync(join(tmpdir(), 'helmless-values-url-'));
const chart = join(work, 'chart');
let server: Server;
let base = '';

beforeAll(async () => {
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: vu\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'templates/cm.yaml'), 'a: {{ .Values.a }}\nb: {{ .Values.b | quote }}\n');
  server = createServer((req, res) => {
    if (req.url === '/v.yaml') res.end('a: 42\n');
    else if (req.url === '/reason.yaml') res.writeHead(404, 'Custom Reason').end();
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

function helm(compat: 'helm3' | 'helm4', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, HELM_CACHE_HOME: join(work, 'h'), HELM_CONFIG_HOME: join(work, 'h') };
  return new Promise((done) =>
    execFile(HELM_BINARIES[compat], ['template', ...args], { env, cwd: work }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe.skipIf(!helmAvailable())('values files by URL', () => {
  const cases = () => [
    ['r', chart, '-f', `${base}/v.yaml`],
    ['r', chart, '--set-file', `b=${base}/v.yaml`],
    ['r', chart, '-f', `${base}/missing.yaml`],
    ['r', chart, '-f', `${base}/reason.yaml`],
    ['r', chart, '-f', 'http://127.0.0.1:1/v.yaml'],
    ['r', chart, '-f', 'nothere.yaml', '-f', 'http://127.0.0.1:1/v.yaml'],
  ];
  for (const compat of ['helm3', 'helm4'] as const) {
    it(`renders and fails as ${compat} does`, async () => {
      for (const args of cases()) {
        const expected = await helm(compat, args);
        const { io, out, err } = captureIO({}, work);
        const code = await main(['template', ...args, '--compat', compat], io);
        expect({ code, stdout: out(), stderr: err() }, args.join(' ')).toEqual(expected);
      }
      expect((await helm(compat, cases()[0]!)).stdout).toContain('a: 42');
    }, 60_000);
  }
});
