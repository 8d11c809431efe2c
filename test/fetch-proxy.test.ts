/**
 * Proxies and TLS client certificates. A recording forward proxy maps every host name to this
 * machine, so charts can be addressed by names that do not resolve (and are therefore only
 * reachable through the proxy). Which requests take the proxy is compared with real helm 4 on the
 * same cases (HTTP_PROXY/HTTPS_PROXY/NO_PROXY rules of Go's ProxyFromEnvironment).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELM_BINARY } from '../conformance/support/cli-runs.js';
import { closeSharedDispatchers, type PullOptions, pullChart } from '../src/helm/fetch/index.js';
import { opensslAvailable, selfSignedCertificate } from './support/certificates.js';
import { chartArchive } from './support/chart-archive.js';
import { indexYaml } from './support/fake-server.js';

const FAKE_HOST = 'charts.example.test';

interface RecordingProxy {
  port: number;
  /** `GET host:port/path` or `CONNECT host:port`, in order. */
  log: string[];
  /** Proxy-Authorization headers seen. */
  auth: string[];
  close: () => Promise<void>;
}

/** A forward proxy that sends every request, whatever its host, to the same port on 127.0.0.1. */
async function startProxy(): Promise<RecordingProxy> {
  const log: string[] = [];
  const auth: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    log.push(`GET ${target.host}${target.pathname}`);
    if (req.headers['proxy-authorization']) auth.push(req.headers['proxy-authorization']);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port || 80, path: target.pathname + target.search, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head) => {
    log.push(`CONNECT ${req.url}`);
    if (req.headers['proxy-authorization']) auth.push(req.headers['proxy-authorization']);
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    log,
    auth,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

let work: string;
let chart: Uint8Array;
/** A certificate for FAKE_HOST and 127.0.0.1 (server), and one for a client; undefined without openssl. */
let certs:
  | { serverKey: string; serverCert: string; serverCertFile: string; clientCert: string; clientKey: string }
  | undefined;

function makeCerts(): typeof certs {
  const server = selfSignedCertificate(
    work,
    'server',
    `/CN=${FAKE_HOST}`,
    `subjectAltName=DNS:${FAKE_HOST},IP:127.0.0.1`,
  );
  const client = selfSignedCertificate(work, 'client', '/CN=helmless-client', 'extendedKeyUsage=clientAuth');
  if (!server || !client) return undefined;
  return {
    serverKey: server.key,
    serverCert: server.cert,
    serverCertFile: server.certFile,
    clientCert: client.certFile,
    clientKey: client.keyFile,
  };
}

/** Serves `/r/index.yaml` and `/r/demo-1.2.3.tgz` (relative URL), over TLS when given options. */
async function startRepo(tls?: object): Promise<{ port: number; close: () => Promise<void> }> {
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/r/index.yaml') res.end(indexYaml([{ name: 'demo', version: '1.2.3', url: 'demo-1.2.3.tgz' }]));
    else if (path === '/r/demo-1.2.3.tgz') res.end(chart);
    else res.writeHead(404).end();
  };
  const server = tls ? createHttpsServer(tls, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const quick: PullOptions = { retries: 0, timeoutMs: 5000, connectTimeoutMs: 3000, cacheDir: false };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'helmless-proxy-'));
  chart = await chartArchive('demo', '1.2.3');
  certs = makeCerts();
});
afterAll(async () => {
  await closeSharedDispatchers();
  rmSync(work, { recursive: true, force: true });
});

describe('proxies', () => {
  it('pulls through HTTP_PROXY with absolute URLs, and through HTTPS_PROXY with CONNECT', async () => {
    const proxy = await startProxy();
    const repo = await startRepo();
    try {
      const env = { HTTP_PROXY: `127.0.0.1:${proxy.port}` };
      const pulled = await pullChart('demo', { ...quick, env, repo: `http://${FAKE_HOST}:${repo.port}/r` });
      expect(pulled.version).toBe('1.2.3');
      expect(proxy.log).toEqual([
        `GET ${FAKE_HOST}:${repo.port}/r/index.yaml`,
        `GET ${FAKE_HOST}:${repo.port}/r/demo-1.2.3.tgz`,
      ]);
    } finally {
      await repo.close();
      await proxy.close();
    }
  });

  it.skipIf(!opensslAvailable())('tunnels https and sends the credentials of the proxy URL', async () => {
    const proxy = await startProxy();
    const repo = await startRepo({ key: certs!.serverKey, cert: certs!.serverCert });
    try {
      const env = { HTTPS_PROXY: `http://us%3Aer:p%40ss@127.0.0.1:${proxy.port}` };
      const pulled = await pullChart('demo', {
        ...quick,
        env,
        repo: `https://${FAKE_HOST}:${repo.port}/r`,
        caFile: certs!.serverCertFile,
      });
      expect(pulled.version).toBe('1.2.3');
      // One tunnel per connection the client opens.
      expect(proxy.log.length).toBeGreaterThan(0);
      expect(new Set(proxy.log)).toEqual(new Set([`CONNECT ${FAKE_HOST}:${repo.port}`]));
      expect(proxy.auth[0]).toBe(`Basic ${Buffer.from('us:er:p@ss').toString('base64')}`);
    } finally {
      await repo.close();
      await proxy.close();
    }
  });

  it('rejects a proxy it cannot use, clearly', async () => {
    const env = { HTTP_PROXY: 'ftp://proxy.example.test:21' };
    const err = await pullChart(`http://${FAKE_HOST}/demo-1.2.3.tgz`, { ...quick, env }).catch((e) => e);
    expect(err.message).toMatch(/only http:\/\/, https:\/\/ and socks5:\/\/ proxies are supported/);
  });
});

/** A non-loopback IPv4 address of this machine (for NO_PROXY IP and CIDR rules), if any. */
function localAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

const helm4 = HELM_BINARY.helm4;
const haveHelm = (() => {
  try {
    execFileSync(helm4, ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!haveHelm)('which requests take the proxy, compared with helm 4', () => {
  it('follows HTTP_PROXY, HTTPS_PROXY and NO_PROXY like helm', async () => {
    const proxy = await startProxy();
    const repo = await startRepo();
    const tlsRepo = certs ? await startRepo({ key: certs.serverKey, cert: certs.serverCert }) : undefined;
    const p = `127.0.0.1:${proxy.port}`;
    const dead = '127.0.0.1:1';
    const http = (host: string) => `http://${host}:${repo.port}/r/demo-1.2.3.tgz`;
    const ip = localAddress();
    const cases: Array<{ url: string; env: Record<string, string> }> = [
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p } },
      { url: http(FAKE_HOST), env: { http_proxy: `http://${p}` } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, http_proxy: dead } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: '', http_proxy: p } },
      { url: http(FAKE_HOST), env: { HTTPS_PROXY: p } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: 'example.test' } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: '.example.test' } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: '*.example.test' } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: 'ample.test' } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: `Charts.Example.Test:${repo.port}` } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: 'charts.example.test:1' } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: ' other.test , *' } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, no_proxy: 'example.test' } },
      { url: http(FAKE_HOST), env: { HTTP_PROXY: p, NO_PROXY: ':80,example.test' } },
      { url: http('localhost'), env: { HTTP_PROXY: p } },
      { url: http('127.0.0.2'), env: { HTTP_PROXY: p } },
      ...(ip
        ? [
            { url: http(ip), env: { HTTP_PROXY: p } },
            { url: http(ip), env: { HTTP_PROXY: p, NO_PROXY: ip } },
            { url: http(ip), env: { HTTP_PROXY: p, NO_PROXY: `${ip}/24` } },
            { url: http(ip), env: { HTTP_PROXY: p, NO_PROXY: `${ip}:${repo.port}` } },
            { url: http(ip), env: { HTTP_PROXY: p, NO_PROXY: `${ip}:1` } },
          ]
        : []),
      ...(tlsRepo
        ? [
            { url: `https://${FAKE_HOST}:${tlsRepo.port}/r/demo-1.2.3.tgz`, env: { HTTPS_PROXY: p } },
            { url: `https://${FAKE_HOST}:${tlsRepo.port}/r/demo-1.2.3.tgz`, env: { HTTP_PROXY: p } },
          ]
        : []),
    ];
    const home = mkdtempSync(join(work, 'helm-'));
    const helmPull = (url: string, env: Record<string, string>) =>
      new Promise<void>((done) => {
        execFile(
          helm4,
          ['pull', url, '--insecure-skip-tls-verify', '-d', home],
          {
            env: {
              PATH: process.env.PATH,
              HOME: home,
              HELM_CACHE_HOME: join(home, 'cache'),
              HELM_CONFIG_HOME: join(home, 'config'),
              HELM_DATA_HOME: join(home, 'data'),
              ...env,
            },
            timeout: 20_000,
          },
          () => done(),
        );
      });
    const seen = async (run: () => Promise<unknown>) => {
      proxy.log.length = 0;
      await run();
      return [...proxy.log];
    };
    try {
      for (const c of cases) {
        const theirs = await seen(() => helmPull(c.url, c.env));
        const ours = await seen(() =>
          pullChart(c.url, { ...quick, env: c.env, insecureSkipTlsVerify: true }).catch(() => undefined),
        );
        expect({ ...c, proxied: ours }).toEqual({ ...c, proxied: theirs });
      }
    } finally {
      await repo.close();
      await tlsRepo?.close();
      await proxy.close();
    }
  }, 120_000);
});

describe.skipIf(!opensslAvailable())('TLS client certificates', () => {
  it('presents --cert-file/--key-file to a server that requires one, like helm', async () => {
    const repo = await startRepo({
      key: certs!.serverKey,
      cert: certs!.serverCert,
      requestCert: true,
      rejectUnauthorized: true,
      ca: readFileSync(certs!.clientCert, 'utf8'),
    });
    const url = `https://127.0.0.1:${repo.port}/r/demo-1.2.3.tgz`;
    const o = { ...quick, caFile: certs!.serverCertFile };
    try {
      const refused = await pullChart(url, o).catch((e) => e);
      expect(refused.code).toBe('network');
      const pulled = await pullChart(url, { ...o, certFile: certs!.clientCert, keyFile: certs!.clientKey });
      expect(pulled.version).toBe('1.2.3');
      const half = await pullChart(url, { ...o, certFile: certs!.clientCert }).catch((e) => e);
      expect(half.message).toMatch(/needs both a certificate file and a key file/);
      if (haveHelm) {
        // Asynchronously: the server runs in this process.
        const dest = mkdtempSync(join(work, 'pull-'));
        const env = { PATH: process.env.PATH, HOME: dest, HELM_CACHE_HOME: dest, HELM_CONFIG_HOME: dest };
        const args = ['pull', url, '--ca-file', certs!.serverCertFile, '-d', dest];
        const helm = (extra: string[]) =>
          new Promise<number>((done) =>
            execFile(helm4, [...args, ...extra], { env, timeout: 20_000 }, (err) => done(err ? 1 : 0)),
          );
        expect(await helm([])).toBe(1);
        expect(await helm(['--cert-file', certs!.clientCert, '--key-file', certs!.clientKey])).toBe(0);
        expect(readFileSync(join(dest, 'demo-1.2.3.tgz'))).toEqual(Buffer.from(pulled.bytes));
      }
    } finally {
      await repo.close();
    }
  });
});
