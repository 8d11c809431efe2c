/**
 * OCI pulls against Debian's docker-registry (anonymous and htpasswd), compared with what real
 * helm pulls and prints, plus the bearer-token flow and digest checks against a scripted registry.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, ociPullMessage, pullChart } from '../src/helm/fetch/index.js';
import { chartArchive } from './support/chart-archive.js';
import { startFakeServer } from './support/fake-server.js';
import { HELM_BINARIES, type HelmName, helmAvailable } from './support/helm-render.js';
import { pushChart } from './support/oci-push.js';
import {
  CORPUS_DIR,
  corpusAvailable,
  corpusCharts,
  type Registry,
  registryAvailable,
  startRegistry,
} from './support/servers.js';
import { startTokenServer, type TokenServer } from './support/token-server.js';

const run = promisify(execFile);
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const skipReason = !registryAvailable()
  ? 'docker-registry is not installed (apt-get install docker-registry)'
  : !corpusAvailable()
    ? `the corpus ${CORPUS_DIR} is missing`
    : undefined;
if (skipReason) console.warn(`OCI registry tests skipped: ${skipReason}`);

const scratch = mkdtempSync(join(tmpdir(), 'helmless-oci-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs helm with its own config/cache dirs; returns stdout, stderr and the exit code. */
async function helm(name: HelmName, args: string[], cwd: string) {
  try {
    const r = await run(HELM_BINARIES[name], args, {
      cwd,
      env: {
        ...process.env,
        HELM_CONFIG_HOME: join(scratch, `${name}-config`),
        HELM_CACHE_HOME: join(scratch, `${name}-cache`),
        HELM_DATA_HOME: join(scratch, `${name}-data`),
        DOCKER_CONFIG: join(scratch, 'no-docker'),
      },
    });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code ?? 1 };
  }
}

describe.skipIf(skipReason)('docker-registry, anonymous', () => {
  let registry: Registry;
  const pushed = new Map<string, { manifestDigest: string; chartDigest: string }>();
  let cacheDir: string;
  let plusChart: Uint8Array;

  beforeAll(async () => {
    registry = await startRegistry();
    cacheDir = mkdtempSync(join(scratch, 'cache-'));
    await Promise.all(
      corpusCharts().map(async (c) => {
        const tgz = readFileSync(join(CORPUS_DIR, c.file));
        pushed.set(c.name, await pushChart(registry.host, `charts/${c.name}`, c.version, tgz));
      }),
    );
    plusChart = await chartArchive('plus', '1.0.0+build.1');
    await pushChart(registry.host, 'charts/plus', '1.0.0+build.1', plusChart);
    if (helmAvailable()) {
      for (const file of ['grafana-12.3.3.tgz', 'topograph-1.0.0.tgz']) {
        const r = await helm(
          'helm3',
          ['push', join(CORPUS_DIR, file), `oci://${registry.host}/helm`, '--plain-http'],
          scratch,
        );
        if (r.code !== 0) throw new Error(r.stderr);
      }
    }
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const oci = (path: string) => `oci://${registry.host}/${path}`;

  it('pulls every corpus chart back by tag and by digest, byte for byte', async () => {
    const charts = corpusCharts();
    const byTag = await Promise.all(
      charts.map((c) => pullChart(oci(`charts/${c.name}`), { version: c.version, plainHttp: true, cacheDir })),
    );
    const byDigest = await Promise.all(
      charts.map((c) =>
        pullChart(oci(`charts/${c.name}@${pushed.get(c.name)!.manifestDigest}`), { plainHttp: true, cacheDir: false }),
      ),
    );
    charts.forEach((c, i) => {
      const tarball = readFileSync(join(CORPUS_DIR, c.file));
      const t = byTag[i]!;
      const d = byDigest[i]!;
      expect(Buffer.from(t.bytes).equals(tarball), c.file).toBe(true);
      expect(Buffer.from(d.bytes).equals(tarball), c.file).toBe(true);
      expect(t.digest).toBe(`sha256:${hex(tarball)}`);
      expect(t.manifestDigest).toBe(pushed.get(c.name)!.manifestDigest);
      expect([t.name, t.version]).toEqual([c.name, c.version]);
      expect(t.fileName).toBe(`${c.name}-${c.version}.tgz`);
      expect(t.sourceUrl).toBe(`${oci(`charts/${c.name}`)}:${c.version}`);
      expect(d.fileName).toBe(`${c.name}@${pushed.get(c.name)!.manifestDigest.replace(':', '-')}.tgz`);
    });
  });

  it('serves repeat pulls from the cache and works offline by tag and digest', async () => {
    const first = await pullChart(oci('charts/grafana'), { version: '12.3.3', plainHttp: true, cacheDir });
    const again = await pullChart(oci('charts/grafana:12.3.3'), { plainHttp: true, cacheDir });
    expect(again.fromCache).toBe(true);
    const off = await pullChart(oci('charts/grafana:12.3.3'), { plainHttp: true, cacheDir, offline: true });
    const offDigest = await pullChart(oci(`charts/grafana@${first.manifestDigest}`), { cacheDir, offline: true });
    expect(Buffer.from(off.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(offDigest.digest).toBe(first.digest);
  });

  it('resolves ranges over the semver tags and maps + to _', async () => {
    expect((await pullChart(oci('charts/grafana'), { version: '^12', plainHttp: true, cacheDir })).version).toBe(
      '12.3.3',
    );
    expect((await pullChart(oci('charts/grafana'), { plainHttp: true, cacheDir })).version).toBe('12.3.3');
    const plus = await pullChart(oci('charts/plus'), { version: '1.0.0+build.1', plainHttp: true, cacheDir });
    expect(plus.sourceUrl).toBe(`${oci('charts/plus')}:1.0.0_build.1`);
    expect(Buffer.from(plus.bytes).equals(Buffer.from(plusChart))).toBe(true);
    expect((await pullChart(oci('charts/plus'), { version: '^1', plainHttp: true, cacheDir })).fileName).toBe(
      'plus-1.0.0+build.1.tgz',
    );
  });

  it.skipIf(!helmAvailable())('pulls what helm pulls and prints what helm prints', async () => {
    const cases: Array<[string, string[]]> = [
      ['charts/grafana', ['--version', '12.3.3']],
      ['charts/gpu-operator:v26.7.0', []],
      ['charts/grafana', ['--version', '^12']],
      ['helm/grafana', ['--version', '12.3.3']],
      ['helm/topograph', []],
      ['charts/plus', ['--version', '1.0.0+build.1']],
      [`charts/grafana@${pushed.get('grafana')!.manifestDigest}`, []],
    ];
    for (const h of ['helm3', 'helm4'] as const) {
      for (const [path, flags] of cases) {
        const dir = mkdtempSync(join(scratch, 'helm-pull-'));
        const r = await helm(h, ['pull', oci(path), '--plain-http', '-d', dir, ...flags], dir);
        expect(r.code, r.stderr).toBe(0);
        const [file] = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
        const ours = await pullChart(oci(path), {
          version: flags[1],
          plainHttp: true,
          cacheDir,
          compat: h,
        });
        expect(ours.fileName).toBe(file);
        expect(Buffer.from(ours.bytes).equals(readFileSync(join(dir, file!)))).toBe(true);
        expect(ociPullMessage(ours)).toBe(r.stderr);
      }
    }
  });

  it.skipIf(!helmAvailable())('picks among tags that compare equal as helm does (Go sorts them unstably)', async () => {
    // 40 tags of three versions that differ only in build metadata: helm sorts them with Go's
    // sort.Sort, whose order of equal versions differs by Go release, and takes the first match of a
    // range (an exact version is pulled as the tag itself).
    const classes = ['2.0.0', '1.1.0', '1.0.0'];
    const versions = Array.from({ length: 40 }, (_, i) => `${classes[(i * 7 + (i >> 2)) % 3]}+b${i}`);
    for (const v of versions) await pushChart(registry.host, 'charts/equal', v, await chartArchive('equal', v));
    for (const h of ['helm3', 'helm4'] as const) {
      for (const cls of classes) {
        const range = `~${cls}`;
        const dir = mkdtempSync(join(scratch, 'helm-pull-'));
        const r = await helm(h, ['pull', oci('charts/equal'), '--plain-http', '-d', dir, '--version', range], dir);
        expect(r.code, r.stderr).toBe(0);
        const ours = await pullChart(oci('charts/equal'), {
          version: range,
          plainHttp: true,
          cacheDir: false,
          compat: h,
        });
        expect(ours.fileName, `${h} --version ${range}`).toBe(readdirSync(dir)[0]);
      }
    }
  });

  it.skipIf(!helmAvailable())('fails like helm for missing tags, bad constraints and mismatches', async () => {
    const cases: Array<[string, string[]]> = [
      ['charts/grafana', ['--version', '12.3.4']],
      ['charts/grafana', ['--version', '^13']],
      ['charts/grafana', ['--version', '!!']],
      ['charts/grafana:12.3.3', ['--version', '12.3.2']],
      ['charts/grove-charts', ['--devel']],
      ['charts/nothere', ['--version', '1.0.0']],
    ];
    for (const h of ['helm3', 'helm4'] as const) {
      for (const [path, flags] of cases) {
        const r = await helm(h, ['pull', oci(path), '--plain-http', '-d', scratch, ...flags], scratch);
        expect(r.code).toBe(1);
        const err = await pullChart(oci(path), {
          version: flags[0] === '--version' ? flags[1] : undefined,
          devel: flags.includes('--devel'),
          plainHttp: true,
          cacheDir,
          compat: h,
        }).catch((e) => e);
        expect(err).toBeInstanceOf(Error);
        expect(`Error: ${err.message}\n`).toBe(r.stderr);
      }
    }
  });
});

describe.skipIf(skipReason)('docker-registry with htpasswd', () => {
  let registry: Registry;
  const auth = { username: 'chartuser', password: 's3cret-pass' };
  let tgz: Buffer;

  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: `${auth.username}:${bcrypt.hashSync(auth.password, 5)}\n` });
    tgz = readFileSync(join(CORPUS_DIR, 'topograph-1.0.0.tgz'));
    await pushChart(registry.host, 'private/topograph', '1.0.0', tgz, auth);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const ref = () => `oci://${registry.host}/private/topograph`;

  it('refuses anonymous pulls with a clear error', async () => {
    const err = await pullChart(ref(), { version: '1.0.0', plainHttp: true, cacheDir: false, env: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('unauthorized');
    // helm 3's registry client's words (the default rules); the URL names the registry.
    expect(err.message).toBe(
      'pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials',
    );
    expect(err.url).toContain(registry.host);
  });

  it('pulls with explicit credentials, docker config.json and helm registry config', async () => {
    const a = await pullChart(ref(), { version: '1.0.0', plainHttp: true, cacheDir: false, auth, env: {} });
    expect(Buffer.from(a.bytes).equals(tgz)).toBe(true);

    const dockerDir = mkdtempSync(join(scratch, 'docker-'));
    const entry = { auth: Buffer.from(`${auth.username}:${auth.password}`).toString('base64') };
    writeFileSync(join(dockerDir, 'config.json'), JSON.stringify({ auths: { [registry.host]: entry } }));
    const b = await pullChart(ref(), {
      version: '1.0.0',
      plainHttp: true,
      cacheDir: false,
      env: { DOCKER_CONFIG: dockerDir },
    });
    expect(b.digest).toBe(a.digest);

    const helmHome = mkdtempSync(join(scratch, 'helmcfg-'));
    mkdirSync(join(helmHome, 'registry'));
    writeFileSync(
      join(helmHome, 'registry', 'config.json'),
      JSON.stringify({ auths: { [`http://${registry.host}`]: entry } }),
    );
    const c = await pullChart(ref(), {
      version: '1.0.0',
      plainHttp: true,
      cacheDir: false,
      env: { HELM_CONFIG_HOME: helmHome, DOCKER_CONFIG: join(scratch, 'none') },
    });
    expect(c.digest).toBe(a.digest);
  });

  it('asks a docker credential helper named in credHelpers', async () => {
    const bin = mkdtempSync(join(scratch, 'bin-'));
    const helper = join(bin, 'docker-credential-helmlesstest');
    writeFileSync(
      helper,
      `#!/bin/sh\nread host\nprintf '{"ServerURL":"%s","Username":"${auth.username}","Secret":"${auth.password}"}' "$host"\n`,
      { mode: 0o755 },
    );
    const dockerDir = mkdtempSync(join(scratch, 'docker-helper-'));
    writeFileSync(join(dockerDir, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'helmlesstest' } }));
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      const got = await pullChart(ref(), {
        version: '1.0.0',
        plainHttp: true,
        cacheDir: false,
        env: { DOCKER_CONFIG: dockerDir },
      });
      expect(Buffer.from(got.bytes).equals(tgz)).toBe(true);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it.skipIf(!helmAvailable())('matches helm pull --username/--password', async () => {
    const dir = mkdtempSync(join(scratch, 'helm-auth-'));
    const r = await helm(
      'helm3',
      [
        'pull',
        ref(),
        '--version',
        '1.0.0',
        '--plain-http',
        '--username',
        auth.username,
        '--password',
        auth.password,
        '-d',
        dir,
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const ours = await pullChart(ref(), { version: '1.0.0', plainHttp: true, cacheDir: false, auth, env: {} });
    expect(ociPullMessage(ours)).toBe(r.stderr);
    expect(Buffer.from(ours.bytes).equals(readFileSync(join(dir, 'topograph-1.0.0.tgz')))).toBe(true);
  });
});

describe.skipIf(skipReason)('docker-registry with token auth (JWT from a token server)', () => {
  let registry: Registry | undefined;
  let tokens: TokenServer | undefined;
  const auth = { username: 'robot', password: 'r0bot-pass' };
  let tgz: Buffer;

  beforeAll(async () => {
    tokens = await startTokenServer({ [auth.username]: auth.password });
    if (!tokens) return;
    registry = await startRegistry({ token: tokens });
    tgz = readFileSync(join(CORPUS_DIR, 'topograph-1.0.0.tgz'));
    const push = tokens.mint('pusher', [{ name: 'private/topograph', actions: ['pull', 'push'] }]);
    await pushChart(registry.host, 'private/topograph', '1.0.0', tgz, { bearer: push });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.close();
  });

  it('is refused anonymously and pulls with credentials exchanged for a token', async (ctx) => {
    if (!tokens || !registry) return ctx.skip();
    const ref = `oci://${registry.host}/private/topograph`;
    const denied = await pullChart(ref, { version: '1.0.0', plainHttp: true, cacheDir: false, env: {} }).catch(
      (e) => e,
    );
    expect(denied.code).toBe('unauthorized');
    const got = await pullChart(ref, { version: '1.0.0', plainHttp: true, cacheDir: false, env: {}, auth });
    expect(Buffer.from(got.bytes).equals(tgz)).toBe(true);
    expect(tokens.seen).toEqual([
      undefined,
      `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
    ]);
    const wrong = await pullChart(ref, {
      version: '1.0.0',
      plainHttp: true,
      cacheDir: false,
      env: {},
      auth: { username: auth.username, password: 'nope' },
    }).catch((e) => e);
    expect(wrong.code).toBe('unauthorized');
    expect(wrong.message).toContain('failed to authorize');
  });

  it.skipIf(!helmAvailable())('pulls what helm pulls with the same credentials', async (ctx) => {
    if (!tokens || !registry) return ctx.skip();
    const ref = `oci://${registry.host}/private/topograph`;
    const dir = mkdtempSync(join(scratch, 'helm-token-'));
    const r = await helm(
      'helm4',
      [
        'pull',
        ref,
        '--version',
        '1.0.0',
        '--plain-http',
        '--username',
        auth.username,
        '--password',
        auth.password,
        '-d',
        dir,
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const ours = await pullChart(ref, {
      version: '1.0.0',
      plainHttp: true,
      cacheDir: false,
      auth,
      env: {},
      compat: 'helm4',
    });
    expect(ociPullMessage(ours)).toBe(r.stderr);
    expect(Buffer.from(ours.bytes).equals(readFileSync(join(dir, 'topograph-1.0.0.tgz')))).toBe(true);
  });
});

describe('bearer token flow and blob verification (scripted registry)', () => {
  it('gets an anonymous or credentialed token, keeps it off redirected blob storage, and checks every digest', async () => {
    const registry = await startFakeServer();
    const storage = await startFakeServer();
    try {
      const tgz = await chartArchive('demo', '1.0.0');
      const config = Buffer.from(JSON.stringify({ name: 'demo', version: '1.0.0', apiVersion: 'v2' }));
      const d = (b: Uint8Array) => `sha256:${hex(b)}`;
      const manifest = (layer: Uint8Array) =>
        Buffer.from(
          JSON.stringify({
            schemaVersion: 2,
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            config: {
              mediaType: 'application/vnd.cncf.helm.config.v1+json',
              digest: d(config),
              size: config.byteLength,
            },
            layers: [
              {
                mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
                digest: d(layer),
                size: layer.byteLength,
              },
            ],
          }),
        );
      const good = manifest(tgz);
      const tampered = Buffer.from(tgz);
      tampered[tampered.length - 5] ^= 0xff;
      const tokens: Array<string | undefined> = [];
      const challenge = (repo: string) =>
        `Bearer realm="${registry.url}/token",service="fake-registry",scope="repository:${repo}:pull"`;
      registry.route('/token', (q, res) => {
        tokens.push(q.headers.authorization);
        const u = new URL(q.url!, registry.url);
        res.end(JSON.stringify({ token: `tok-${u.searchParams.get('scope')}` }));
      });
      const guarded =
        (repo: string, body: (res: import('node:http').ServerResponse) => void) =>
        (q: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
          if (q.headers.authorization !== `Bearer tok-repository:${repo}:pull`) {
            return res.writeHead(401, { 'www-authenticate': challenge(repo) }).end();
          }
          body(res);
        };
      for (const repo of ['team/demo', 'team/bad']) {
        registry.route(
          `/v2/${repo}/manifests/1.0.0`,
          guarded(repo, (res) =>
            res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(good),
          ),
        );
        registry.route(
          `/v2/${repo}/blobs/${d(config)}`,
          guarded(repo, (res) => res.end(config)),
        );
      }
      // The chart blob lives on other storage: the registry redirects there, to another host name
      // (Go's client would keep the token for another port of the registry's own host).
      const storageUrl = storage.url.replace('127.0.0.1', 'localhost');
      registry.route(
        `/v2/team/demo/blobs/${d(tgz)}`,
        guarded('team/demo', (res) => res.writeHead(307, { location: `${storageUrl}/blob/demo` }).end()),
      );
      storage.route('/blob/demo', (_q, res) => res.end(tgz));
      registry.route(
        `/v2/team/bad/blobs/${d(tgz)}`,
        guarded('team/bad', (res) => res.end(tampered)),
      );

      const pulled = await pullChart(`oci://127.0.0.1:${registry.port}/team/demo:1.0.0`, {
        plainHttp: true,
        cacheDir: false,
        env: {},
      });
      expect(Buffer.from(pulled.bytes).equals(Buffer.from(tgz))).toBe(true);
      expect(tokens).toEqual([undefined]);
      expect(storage.log.map((l) => l.headers.authorization)).toEqual([undefined]);

      await pullChart(`oci://127.0.0.1:${registry.port}/team/demo:1.0.0`, {
        plainHttp: true,
        cacheDir: false,
        env: {},
        auth: { username: 'robot', password: 'pw' },
      });
      expect(tokens[1]).toBe(`Basic ${Buffer.from('robot:pw').toString('base64')}`);

      // Tag lists are paginated with Link headers; only strict semver tags count.
      registry.route('/v2/team/paged/tags/list', (q, res) => {
        if (!q.url!.includes('last=')) {
          return res
            .writeHead(200, { link: '</v2/team/paged/tags/list?last=junk&n=2>; rel="next"' })
            .end(JSON.stringify({ tags: ['0.1.0', 'junk'] }));
        }
        res.end(JSON.stringify({ tags: ['0.2.0', 'v1.0.0'] }));
      });
      registry.route('/v2/team/paged/manifests/0.2.0', (_q, res) => res.end(good));
      registry.route(`/v2/team/paged/blobs/${d(config)}`, (_q, res) => res.end(config));
      registry.route(`/v2/team/paged/blobs/${d(tgz)}`, (_q, res) => res.end(tgz));
      const paged = await pullChart(`oci://127.0.0.1:${registry.port}/team/paged`, {
        plainHttp: true,
        cacheDir: false,
        env: {},
      });
      expect(paged.sourceUrl).toBe(`oci://127.0.0.1:${registry.port}/team/paged:0.2.0`);

      const err = await pullChart(`oci://127.0.0.1:${registry.port}/team/bad:1.0.0`, {
        plainHttp: true,
        cacheDir: false,
        env: {},
      }).catch((e) => e);
      expect(err.code).toBe('digest-mismatch');
      expect(err.message).toContain(d(tgz));
    } finally {
      await registry.close();
      await storage.close();
    }
  });
});

describe('digest pulls and the cache (scripted registry)', () => {
  it('serves a repeated pull by digest from the cache without touching the registry', async () => {
    const registry = await startFakeServer();
    const cacheDir = mkdtempSync(join(scratch, 'digest-cache-'));
    try {
      const tgz = await chartArchive('demo', '2.0.0');
      const config = Buffer.from(JSON.stringify({ name: 'demo', version: '2.0.0' }));
      const d = (b: Uint8Array) => `sha256:${hex(b)}`;
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: d(config), size: config.byteLength },
          layers: [
            { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: d(tgz), size: tgz.byteLength },
          ],
        }),
      );
      registry.route(`/v2/org/demo/manifests/${d(manifest)}`, (_q, res) => res.end(manifest));
      registry.route(`/v2/org/demo/blobs/${d(config)}`, (_q, res) => res.end(config));
      registry.route(`/v2/org/demo/blobs/${d(tgz)}`, (_q, res) => res.end(tgz));
      const ref = `oci://127.0.0.1:${registry.port}/org/demo@${d(manifest)}`;
      const first = await pullChart(ref, { plainHttp: true, cacheDir, env: {} });
      const requests = registry.log.length;
      expect(requests).toBe(3);
      const second = await pullChart(ref, { plainHttp: true, cacheDir, env: {} });
      expect(registry.log.length).toBe(requests);
      expect(second.fromCache).toBe(true);
      expect([second.name, second.version, second.digest, second.manifestDigest]).toEqual([
        'demo',
        '2.0.0',
        first.digest,
        d(manifest),
      ]);
    } finally {
      await registry.close();
    }
  });
});

describe('index entries that point into a registry', () => {
  it('pulls the chart from the registry named by the index', async () => {
    const registry = await startFakeServer();
    const repo = await startFakeServer();
    try {
      const tgz = await chartArchive('demo', '3.0.0');
      const config = Buffer.from(JSON.stringify({ name: 'demo', version: '3.0.0' }));
      const d = (b: Uint8Array) => `sha256:${hex(b)}`;
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: d(config), size: config.byteLength },
          layers: [
            { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: d(tgz), size: tgz.byteLength },
          ],
        }),
      );
      registry.route('/v2/org/demo/manifests/3.0.0', (_q, res) => res.end(manifest));
      registry.route(`/v2/org/demo/blobs/${d(config)}`, (_q, res) => res.end(config));
      registry.route(`/v2/org/demo/blobs/${d(tgz)}`, (_q, res) => res.end(tgz));
      repo.route('/index.yaml', (_q, res) =>
        res.end(
          `apiVersion: v1\nentries:\n  demo:\n  - name: demo\n    version: 3.0.0\n    urls:\n    - oci://127.0.0.1:${registry.port}/org/demo:3.0.0\n`,
        ),
      );
      const got = await pullChart('demo', {
        repo: repo.url,
        version: '3.0.0',
        plainHttp: true,
        cacheDir: false,
        env: {},
      });
      expect(Buffer.from(got.bytes).equals(Buffer.from(tgz))).toBe(true);
      expect(got.sourceUrl).toBe(`oci://127.0.0.1:${registry.port}/org/demo:3.0.0`);
    } finally {
      await registry.close();
      await repo.close();
    }
  });
});
