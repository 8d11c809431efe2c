/**
 * Error statuses name the reason phrase the server sent, as Go's Response.Status does, not the
 * standard one. The expected texts are what helm 3.17.3 and 4.1.4 print against this server (both
 * word them alike); when the helm binaries are present they are run against it too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchValuesFile, pullChart } from '../src/helm/fetch/index.js';
import { HELM_BINARIES, helmAvailable } from './support/helm-render.js';

let server: Server;
let base = '';
let home = '';

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'helmless-reason-'));
  writeFileSync(join(home, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  server = createServer((req, res) => {
    if (req.url === '/good/index.yaml') {
      res.end(
        `apiVersion: v1\nentries:\n  demo:\n  - apiVersion: v2\n    name: demo\n    urls:\n    - ${base}/good/demo-1.0.0.tgz\n    version: 1.0.0\n`,
      );
    } else if (req.url === '/good/demo-1.0.0.tgz') {
      res.writeHead(404, 'Gone Fishing').end();
    } else if (req.url === '/odd.yaml') {
      res.writeHead(451, ' Odd  Thing ').end('x');
    } else {
      res.writeHead(404, 'Custom Reason').end('nope');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  rmSync(home, { recursive: true, force: true });
});

/** `helm template` arguments, and the error helm prints for them. */
const cases = () => [
  {
    args: ['r', '--repo', `${base}/nope`, 'demo'],
    error: `looks like "${base}/nope" is not a valid chart repository or cannot be reached: failed to fetch ${base}/nope/index.yaml : 404 Custom Reason`,
  },
  {
    args: ['r', '--repo', `${base}/good`, 'demo'],
    error: `failed to fetch ${base}/good/demo-1.0.0.tgz : 404 Gone Fishing`,
  },
  { args: ['r', '.', '-f', `${base}/odd.yaml`], error: `failed to fetch ${base}/odd.yaml : 451  Odd  Thing ` },
];

describe('HTTP error statuses keep the server reason phrase', () => {
  it('in a repository index, a chart download and a values file', async () => {
    const opts = { cacheDir: false as const, retries: 0 };
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: Error) => e.message,
      );
    const [index, chart, values] = cases();
    expect(await failure(pullChart('demo', { repo: `${base}/nope`, ...opts }))).toBe(index!.error);
    expect(await failure(pullChart('demo', { repo: `${base}/good`, ...opts }))).toBe(chart!.error);
    expect(await failure(fetchValuesFile(`${base}/odd.yaml`, opts))).toBe(values!.error);
  });

  it.skipIf(!helmAvailable())(
    'as both helms print it',
    async () => {
      const env = {
        PATH: process.env.PATH,
        HOME: home,
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      };
      for (const c of cases()) {
        for (const helm of Object.values(HELM_BINARIES)) {
          const stderr = await new Promise<string>((done) =>
            execFile(helm, ['template', ...c.args], { env, cwd: home }, (_err, _out, err) => done(err)),
          );
          expect(stderr).toBe(`Error: ${c.error}\n`);
        }
      }
    },
    60_000,
  );
});
