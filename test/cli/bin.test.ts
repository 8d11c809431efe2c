/**
 * The installed `helmless` command is the esbuild bundle in dist/bin (see scripts/bundle-cli.mjs);
 * the other CLI tests run the TypeScript sources. These runs check that the bundle, started as a
 * process the way users start it, prints exactly what the sources print.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoArgs } from '../../scripts/demo-args.mjs';
import { main, runIsolated } from '../../src/cli/main.js';
import { captureIO } from '../support/cli-io.js';

const BIN = resolve('dist/bin/main.js');
const EXAMPLES = resolve('examples');
const work = mkdtempSync(join(tmpdir(), 'helmless-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function inProcess(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const { io, out, err } = captureIO(env);
  const code = await main(argv, io);
  return { code, stdout: out(), stderr: err() };
}

function bundled(argv: string[]): { code: number | null; stdout: string; stderr: string } {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    encoding: 'utf8',
    // The code cache goes to the chart cache: keep it out of the user's.
    env: { ...process.env, NO_COLOR: '1', HELMLESS_CACHE: join(work, 'cache') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, not blocking this process (whose event loop may be serving the child's requests). */
function bundledAsync(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the bundled helmless command (dist/bin)', () => {
  it('prints the version and usage the sources print', async () => {
    for (const argv of [['--version'], ['--help'], ['bogus']]) {
      const expected = await inProcess(argv);
      expect(bundled(argv)).toEqual(expected);
    }
  });

  it('lists the same images and charts for the demo recipe, in every format', async () => {
    for (const format of ['yaml', 'json', 'hauler', 'zarf', 'list', 'skopeo']) {
      const expected = await inProcess([...demoArgs(join(work, 'a')), '--format', format]);
      expect(expected.code).toBe(0);
      expect(expected.stdout).toContain(
        format === 'skopeo' ? 'nfd/node-feature-discovery:' : 'registry.k8s.io/nfd/node-feature-discovery',
      );
      expect(bundled([...demoArgs(join(work, 'b')), '--format', format])).toEqual(expected);
    }
  }, 120_000);

  it('renders a chart byte for byte like the sources, and fails the same way', async () => {
    const chart = join(EXAMPLES, 'charts/cert-manager-v1.20.2.tgz');
    for (const argv of [
      ['template', 'r', chart, '--namespace', 'cm', '--set', 'crds.enabled=true'],
      ['template', 'r', chart, '--set', 'replicaCount=[1'],
      ['images', chart],
    ]) {
      const expected = await inProcess(argv);
      expect(bundled(argv)).toEqual(expected);
    }
  }, 120_000);

  it('renders an include recursion too deep for its own thread in its large-stack worker', async () => {
    // ~400 nested includes exhaust a thread's default stack; helm (and the worker) allow 1000.
    const chart = join(work, 'recursion');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: recursion\nversion: 0.1.0\n');
    writeFileSync(
      join(chart, 'templates/cm.yaml'),
      '{{- define "r" -}}{{- if lt (int .n) (int .max) -}}{{ include "r" (dict "n" (add1 .n) "max" .max) }}' +
        '{{- else -}}depth {{ .n }}{{- end -}}{{- end -}}\n' +
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  x: {{ include "r" (dict "n" 0 "max" .Values.n) | quote }}\n',
    );
    for (const n of ['600', '1200']) {
      const argv = ['template', 'x', chart, '--set', `n=${n}`];
      const { io, out, err } = captureIO();
      const code = await runIsolated(argv, io);
      const expected = { code, stdout: out(), stderr: err() };
      expect(bundled(argv)).toEqual(expected);
    }
    expect(bundled(['template', 'x', chart, '--set', 'n=600']).stdout).toContain('x: "depth 600"');
    expect(bundled(['template', 'x', chart, '--set', 'n=1200']).stderr).toContain(
      'rendering template has a nested reference name: r',
    );
  }, 120_000);

  it('fetches over HTTP (undici, loaded on first use) like the sources', async () => {
    const charts = join(EXAMPLES, 'charts');
    const server = createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
      if (!readdirSync(charts).includes(name)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      let body = readFileSync(join(charts, name));
      if (name === 'index.yaml') body = Buffer.from(body.toString('utf8').replace(/file:\/\/[^\n]*\//g, `${url}/`));
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const pull = (dir: string) => ['pull', 'cert-manager', '--repo', url, '--version', 'v1.20.2', '-d', dir];
      for (const dir of ['pull-a', 'pull-b']) mkdirSync(join(work, dir));
      // Separate empty caches: both runs fetch the index and the archive.
      const expected = await inProcess(pull(join(work, 'pull-a')), { HELMLESS_CACHE: join(work, 'cache-a') });
      expect(expected.stderr).toBe('');
      expect(expected.code).toBe(0);
      const got = await bundledAsync(pull(join(work, 'pull-b')), { HELMLESS_CACHE: join(work, 'cache-b') });
      expect(got).toEqual(expected);
      expect(readFileSync(join(work, 'pull-b/cert-manager-v1.20.2.tgz'))).toEqual(
        readFileSync(join(charts, 'cert-manager-v1.20.2.tgz')),
      );
    } finally {
      server.close();
    }
  }, 60_000);
});
