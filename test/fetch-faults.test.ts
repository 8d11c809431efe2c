/**
 * Chart repository fetching against scripted local servers: retries, truncation, digests, timeouts,
 * redirects, credentials, TLS, caching and concurrency. Everything runs on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError, type PullOptions, pullChart } from '../src/helm/fetch/index.js';
import { selfSignedCertificate } from './support/certificates.js';
import { chartArchive } from './support/chart-archive.js';
import { type FakeServer, indexYaml, startFakeServer } from './support/fake-server.js';

const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let server: FakeServer;
let other: FakeServer;
let cacheDir: string;
let chart: Uint8Array;
let chart2: Uint8Array;

/** Fast retries so fault tests stay quick. */
const fast: PullOptions = { retries: 2, retryDelayMs: 5, timeoutMs: 5000 };

beforeAll(async () => {
  chart = await chartArchive('demo', '1.2.3');
  chart2 = await chartArchive('demo', '1.3.0-rc.1');
});

beforeEach(async () => {
  server = await startFakeServer();
  other = await startFakeServer();
  cacheDir = mkdtempSync(join(tmpdir(), 'helmless-faults-'));
});

afterEach(async () => {
  await server.close();
  await other.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

function serveIndex(path: string, entries: Parameters<typeof indexYaml>[0]) {
  server.route(path, (_q, res) => res.end(indexYaml(entries)));
}

function serveChart(s: FakeServer, path: string, bytes: Uint8Array) {
  s.route(path, (_q, res) => {
    res.writeHead(200, { 'content-length': bytes.byteLength });
    res.end(bytes);
  });
}

const standardIndex = () => [
  { name: 'demo', version: '1.2.3', url: 'demo-1.2.3.tgz', digest: hex(chart) },
  { name: 'demo', version: '1.3.0-rc.1', url: 'demo-1.3.0-rc.1.tgz', digest: hex(chart2) },
];

describe('transient failures are retried', () => {
  it('500 then success', async () => {
    server.route('/r/index.yaml', (_q, res, hit) =>
      hit === 1 ? res.writeHead(500).end('boom') : res.end(indexYaml(standardIndex())),
    );
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    const got = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir });
    expect(Buffer.from(got.bytes).equals(Buffer.from(chart))).toBe(true);
    expect(server.hits('/r/index.yaml')).toBe(2);
  });

  it('429 with Retry-After, then success', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    server.route('/r/demo-1.2.3.tgz', (_q, res, hit) => {
      if (hit === 1) return res.writeHead(429, { 'retry-after': '0' }).end();
      res.end(chart);
    });
    const got = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir });
    expect(got.digest).toBe(`sha256:${hex(chart)}`);
    expect(server.hits('/r/demo-1.2.3.tgz')).toBe(2);
  });

  it('a truncated body is retried, and reported when it persists', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    const truncate = (res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-length': chart.byteLength });
      res.write(chart.subarray(0, 100));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    server.route('/r/demo-1.2.3.tgz', (_q, res, hit) => (hit === 1 ? truncate(res) : res.end(chart)));
    const got = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir });
    expect(got.bytes.byteLength).toBe(chart.byteLength);

    server.route('/r/demo-1.2.3.tgz', (_q, res) => truncate(res));
    const err = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir: false }).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('network');
    expect(err.message).toContain(`${server.url}/r/demo-1.2.3.tgz`);
  });

  it('gives up after the configured retries with the last status', async () => {
    server.route('/r/index.yaml', (_q, res) => res.writeHead(503).end());
    const err = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir }).catch((e) => e);
    expect(err.message).toBe(
      `looks like "${server.url}/r" is not a valid chart repository or cannot be reached: failed to fetch ${server.url}/r/index.yaml : 503 Service Unavailable`,
    );
    expect(err.status).toBe(503);
    expect(server.hits('/r/index.yaml')).toBe(3);
  });
});

describe('integrity and limits', () => {
  it('refuses a chart whose digest differs from the index, and caches nothing for it', async () => {
    serveIndex('/r/index.yaml', [{ name: 'demo', version: '1.2.3', url: 'demo-1.2.3.tgz', digest: hex(chart2) }]);
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    const err = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir }).catch((e) => e);
    expect(err.code).toBe('digest-mismatch');
    expect(err.message).toContain(`${server.url}/r/demo-1.2.3.tgz`);
    const blobs = join(cacheDir, 'blobs', 'sha256');
    expect(existsSync(blobs) ? readdirSync(blobs) : []).toEqual([]);
  });

  it('drops a corrupted cache file and downloads again', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir });
    writeFileSync(join(cacheDir, 'blobs', 'sha256', hex(chart)), 'garbage');
    const again = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir });
    expect(again.fromCache).toBe(false);
    expect(Buffer.from(again.bytes).equals(Buffer.from(chart))).toBe(true);
    expect(readFileSync(join(cacheDir, 'blobs', 'sha256', hex(chart))).equals(Buffer.from(chart))).toBe(true);
  });

  it('enforces the size limit', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    const err = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir, maxChartBytes: 100 }).catch(
      (e) => e,
    );
    expect(err.code).toBe('too-large');
  });

  it('rejects an invalid index with the repository named', async () => {
    server.route('/r/index.yaml', (_q, res) => res.end('entries: [\n'));
    const err = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir }).catch((e) => e);
    expect(err.code).toBe('invalid-index');
    server.route('/r2/index.yaml', (_q, res) => res.end('entries:\n  demo: []\n'));
    const noApi = await pullChart('demo', { ...fast, repo: `${server.url}/r2`, cacheDir }).catch((e) => e);
    expect(noApi.message).toBe(
      `looks like "${server.url}/r2" is not a valid chart repository or cannot be reached: no API version specified`,
    );
    expect(err.message).toMatch(
      /^looks like ".*\/r" is not a valid chart repository or cannot be reached: error converting YAML to JSON: /,
    );
  });
});

describe('time limits and redirects', () => {
  it('times out a server that does not answer, within the bound', async () => {
    server.route('/slow/index.yaml', () => {});
    const started = Date.now();
    const err = await pullChart('demo', {
      repo: `${server.url}/slow`,
      cacheDir,
      timeoutMs: 300,
      retries: 1,
      retryDelayMs: 5,
    }).catch((e) => e);
    expect(err.code).toBe('timeout');
    expect(err.message).toContain(`${server.url}/slow/index.yaml`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.hits('/slow/index.yaml')).toBe(2);
  });

  it('times out a body that stalls', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    server.route('/r/demo-1.2.3.tgz', (_q, res) => {
      res.writeHead(200, { 'content-length': chart.byteLength });
      res.write(chart.subarray(0, 10));
    });
    const err = await pullChart('demo', { repo: `${server.url}/r`, cacheDir, timeoutMs: 300, retries: 0 }).catch(
      (e) => e,
    );
    expect(err.code).toBe('timeout');
  });

  it('stops a redirect loop', async () => {
    server.route('/a/index.yaml', (_q, res) => res.writeHead(302, { location: '/b/index.yaml' }).end());
    server.route('/b/index.yaml', (_q, res) => res.writeHead(302, { location: '/a/index.yaml' }).end());
    const err = await pullChart('demo', { ...fast, repo: `${server.url}/a`, cacheDir }).catch((e) => e);
    expect(err.code).toBe('redirect-loop');
    expect(err.message).toContain('stopped after 10 redirects');
  });

  it('follows redirects for the index and the chart', async () => {
    server.route('/moved/index.yaml', (_q, res) => res.writeHead(301, { location: '/r/index.yaml' }).end());
    serveIndex('/r/index.yaml', [{ name: 'demo', version: '1.2.3', url: `${server.url}/dl/demo.tgz` }]);
    server.route('/dl/demo.tgz', (_q, res) => res.writeHead(307, { location: `${other.url}/store/demo.tgz` }).end());
    serveChart(other, '/store/demo.tgz', chart);
    const got = await pullChart('demo', { ...fast, repo: `${server.url}/moved`, cacheDir });
    expect(got.fileName).toBe('demo.tgz');
    expect(got.bytes.byteLength).toBe(chart.byteLength);
  });

  it('is cancelled by an AbortSignal', async () => {
    server.route('/slow/index.yaml', () => {});
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await pullChart('demo', { repo: `${server.url}/slow`, cacheDir, signal: ac.signal }).catch((e) => e);
    expect(err.code).toBe('aborted');
  });
});

describe('versions and URLs', () => {
  it('lists available versions when the index lacks the version', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    const err = await pullChart('demo', { ...fast, repo: `${server.url}/r`, version: '2.0.0', cacheDir }).catch(
      (e) => e,
    );
    expect(err.code).toBe('version-not-found');
    expect(err.message).toBe(
      `chart "demo" version "2.0.0" not found in ${server.url}/r repository; available: 1.3.0-rc.1, 1.2.3`,
    );
    expect(err.details.availableVersions).toEqual(['1.3.0-rc.1', '1.2.3']);
  });

  it('resolves relative URLs under the repository and keeps its query', async () => {
    serveIndex('/r/index.yaml', [{ name: 'demo', version: '1.2.3', url: 'sub/demo-1.2.3.tgz' }]);
    serveChart(server, '/r/sub/demo-1.2.3.tgz', chart);
    const got = await pullChart('demo', { ...fast, repo: `${server.url}/r/?sig=abc`, cacheDir });
    expect(got.sourceUrl).toBe(`${server.url}/r/sub/demo-1.2.3.tgz?sig=abc`);
    expect(server.log.map((l) => l.path)).toEqual(['/r/index.yaml?sig=abc', '/r/sub/demo-1.2.3.tgz?sig=abc']);
  });

  it('picks the newest match and prereleases only with devel', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    serveChart(server, '/r/demo-1.3.0-rc.1.tgz', chart2);
    expect((await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir })).version).toBe('1.2.3');
    expect((await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir, devel: true })).version).toBe(
      '1.3.0-rc.1',
    );
  });
});

describe('credentials', () => {
  const basic = `Basic ${Buffer.from('u:p').toString('base64')}`;

  it('sends basic auth to the repository, and a bearer token when given one', async () => {
    server.route('/p/index.yaml', (q, res) =>
      q.headers.authorization === basic || q.headers.authorization === 'Bearer t0k'
        ? res.end(indexYaml(standardIndex()))
        : res.writeHead(401).end(),
    );
    serveChart(server, '/p/demo-1.2.3.tgz', chart);
    const denied = await pullChart('demo', { ...fast, repo: `${server.url}/p`, cacheDir }).catch((e) => e);
    expect(denied.message).toContain(': 401 Unauthorized');
    await pullChart('demo', {
      ...fast,
      repo: `${server.url}/p`,
      cacheDir: false,
      auth: { username: 'u', password: 'p' },
    });
    await pullChart('demo', { ...fast, repo: `${server.url}/p`, cacheDir: false, auth: { token: 't0k' } });
    expect(server.log.filter((l) => l.path.endsWith('.tgz')).map((l) => l.headers.authorization)).toEqual([
      basic,
      'Bearer t0k',
    ]);
  });

  it('keeps credentials on the repository origin unless passCredentials', async () => {
    serveIndex('/r/index.yaml', [{ name: 'demo', version: '1.2.3', url: `${other.url}/demo-1.2.3.tgz` }]);
    serveChart(other, '/demo-1.2.3.tgz', chart);
    const auth = { username: 'u', password: 'p' };
    await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir: false, auth });
    await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir: false, auth, passCredentials: true });
    expect(server.log.map((l) => l.headers.authorization)).toEqual([basic, basic]);
    expect(other.log.map((l) => l.headers.authorization)).toEqual([undefined, basic]);
  });
});

describe('cache behaviour', () => {
  it('serves the index from the cache within the TTL and revalidates with ETag after', async () => {
    server.route('/r/index.yaml', (q, res) => {
      if (q.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"' }).end(indexYaml(standardIndex()));
    });
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    const o = { ...fast, repo: `${server.url}/r`, cacheDir };
    await pullChart('demo', { ...o, indexTtlMs: 60_000 });
    await pullChart('demo', { ...o, indexTtlMs: 60_000 });
    expect(server.hits('/r/index.yaml')).toBe(1);
    await pullChart('demo', { ...o, indexTtlMs: 0 });
    expect(server.hits('/r/index.yaml')).toBe(2);
    expect(server.log.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(server.hits('/r/demo-1.2.3.tgz')).toBe(1);
  });

  it('offline mode uses only the cache, and misses loudly', async () => {
    const miss = await pullChart('demo', { repo: `${server.url}/r`, cacheDir, offline: true }).catch((e) => e);
    expect(miss.code).toBe('offline-miss');
    serveIndex('/r/index.yaml', [{ name: 'demo', version: '1.2.3', url: 'demo-1.2.3.tgz' }]);
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir });
    await server.close();
    const got = await pullChart('demo', { repo: `${server.url}/r`, cacheDir, offline: true });
    expect(got.fromCache).toBe(true);
    expect(got.version).toBe('1.2.3');
    server = await startFakeServer();
  });

  it('concurrent pulls into one cache all succeed and leave no partial files', async () => {
    const charts = await Promise.all(Array.from({ length: 12 }, (_, i) => chartArchive(`c${i}`, '1.0.0')));
    serveIndex(
      '/r/index.yaml',
      charts.map((c, i) => ({ name: `c${i}`, version: '1.0.0', url: `c${i}.tgz`, digest: hex(c) })),
    );
    charts.forEach((c, i) => {
      server.route(`/r/c${i}.tgz`, (_q, res) => setTimeout(() => res.end(c), 5 + (i % 4) * 5));
    });
    // Several "processes" (separate pulls with their own state) racing on the same cache.
    const jobs = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < charts.length; i++)
        jobs.push(pullChart(`c${i}`, { ...fast, repo: `${server.url}/r`, cacheDir }));
    }
    const results = await Promise.all(jobs);
    results.forEach((r, k) => {
      expect(Buffer.from(r.bytes).equals(Buffer.from(charts[k % charts.length]!))).toBe(true);
    });
    const blobs = readdirSync(join(cacheDir, 'blobs', 'sha256')).sort();
    expect(blobs).toEqual(charts.map((c) => hex(c)).sort());
    for (const b of blobs) expect(hex(readFileSync(join(cacheDir, 'blobs', 'sha256', b)))).toBe(b);
    expect(readdirSync(join(cacheDir, 'tmp'))).toEqual([]);
  });
});

let tlsDir: string | undefined;
function makeCert(): { key: string; cert: string; certFile: string } | undefined {
  tlsDir = mkdtempSync(join(tmpdir(), 'helmless-tls-'));
  return selfSignedCertificate(tlsDir, 'cert', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1');
}

const tls = makeCert();
if (!tls) console.warn('TLS tests skipped: openssl is not available to make a test certificate');
afterAll(() => {
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
});

describe.skipIf(!tls)('TLS', () => {
  it('refuses an unknown CA, trusts --ca-file, and skips checks when insecure', async () => {
    const https = await startFakeServer({ key: tls!.key, cert: tls!.cert });
    try {
      https.route('/r/index.yaml', (_q, res) => res.end(indexYaml(standardIndex())));
      serveChart(https, '/r/demo-1.2.3.tgz', chart);
      const o = { ...fast, repo: `${https.url}/r`, cacheDir: false as const };
      const err = await pullChart('demo', o).catch((e) => e);
      expect(err.code).toBe('network');
      expect(err.message).toMatch(/self.signed|certificate/i);
      expect((await pullChart('demo', { ...o, caFile: tls!.certFile })).version).toBe('1.2.3');
      expect((await pullChart('demo', { ...o, insecureSkipTlsVerify: true })).version).toBe('1.2.3');
    } finally {
      await https.close();
    }
  });
});

describe('cache location', () => {
  it('follows the option, HELMLESS_CACHE, Lambda and XDG rules', async () => {
    const { cacheRoot } = await import('../src/helm/fetch/index.js');
    expect(cacheRoot('/x', { HELMLESS_CACHE: '/y' })).toBe('/x');
    expect(cacheRoot(false, { HELMLESS_CACHE: '/y' })).toBeUndefined();
    expect(cacheRoot(undefined, { HELMLESS_CACHE: '/y' })).toBe('/y');
    expect(cacheRoot(undefined, { AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe(join(tmpdir(), 'helmless-cache'));
    expect(cacheRoot(undefined, { XDG_CACHE_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/helmless');
    expect(cacheRoot(undefined, { HOME: '/h' })).toBe('/h/.cache/helmless');
  });

  it('treats an unwritable cache as a warning, not a failure', async () => {
    serveIndex('/r/index.yaml', standardIndex());
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    const blocker = join(cacheDir, 'file');
    writeFileSync(blocker, 'not a directory');
    const warnings: string[] = [];
    const got = await pullChart('demo', {
      ...fast,
      repo: `${server.url}/r`,
      cacheDir: join(blocker, 'cache'),
      onWarning: (m) => warnings.push(m),
    });
    expect(got.version).toBe('1.2.3');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/^could not write to the cache/);
  });
});

describe('error pages', () => {
  it('reads only the start of a huge error body', async () => {
    server.route('/r/index.yaml', (_q, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.byteLength;
        if (sent < 64 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      res.on('error', () => {});
      pump();
    });
    const started = Date.now();
    const err = await pullChart('demo', { repo: `${server.url}/r`, cacheDir, retries: 0, maxIndexBytes: 1024 }).catch(
      (e) => e,
    );
    expect(err.status).toBe(500);
    expect(err.message).toContain(': 500 Internal Server Error');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('index cache poisoning', () => {
  it('does not cache an index that does not read', async () => {
    server.route('/r/index.yaml', (_q, res, hit) => res.end(hit === 1 ? 'entries: [\n' : indexYaml(standardIndex())));
    serveChart(server, '/r/demo-1.2.3.tgz', chart);
    const o = { ...fast, repo: `${server.url}/r`, cacheDir, indexTtlMs: 60_000 };
    const bad = await pullChart('demo', o).catch((e) => e);
    expect(bad.code).toBe('invalid-index');
    const good = await pullChart('demo', o);
    expect(good.version).toBe('1.2.3');
    expect(server.hits('/r/index.yaml')).toBe(2);
  });
});

describe('errors stay FetchErrors', () => {
  it('reports an archive URL that is not a chart', async () => {
    server.route('/x.tgz', (_q, res) => res.end('not a gzip'));
    const err = await pullChart(`${server.url}/x.tgz`, { ...fast, cacheDir: false }).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('invalid-chart');
    expect(err.message).toContain(`${server.url}/x.tgz: gzip: invalid header`);
  });
});

describe('malformed URLs', () => {
  it('are reported as invalid references', async () => {
    const bad = await pullChart('demo', { repo: 'http://[nope', cacheDir: false }).catch((e) => e);
    expect(bad).toBeInstanceOf(FetchError);
    server.route('/r/index.yaml', (_q, res) => res.end(indexYaml(standardIndex())));
    server.route('/r/demo-1.2.3.tgz', (_q, res) => res.writeHead(302, { location: 'http://[broken' }).end());
    const redirect = await pullChart('demo', { ...fast, repo: `${server.url}/r`, cacheDir: false }).catch((e) => e);
    expect(redirect).toBeInstanceOf(FetchError);
    expect(redirect.code).toBe('invalid-reference');
  });
});
