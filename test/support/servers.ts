/**
 * Real servers for fetch tests: the corpus chart repository on http://127.0.0.1:8879/charts (its
 * index.yaml hard-codes that address) and Debian's docker-registry on a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The corpus folder (../shared/charts from the project root). */
export const CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/charts');
export const CHART_REPO_PORT = 8879;
export const CHART_REPO_URL = `http://127.0.0.1:${CHART_REPO_PORT}/charts`;
export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export function corpusAvailable(): boolean {
  return existsSync(join(CORPUS_DIR, 'index.yaml'));
}

export function registryAvailable(): boolean {
  return existsSync(REGISTRY_BINARY);
}

/** Corpus chart archives: file name, chart name and version (from the index). */
export function corpusCharts(): Array<{ file: string; name: string; version: string }> {
  const text = readFileSync(join(CORPUS_DIR, 'index.yaml'), 'utf8');
  const out: Array<{ file: string; name: string; version: string }> = [];
  // The index is helm-generated: each entry has `name:`, `urls:` then `version:` at four spaces.
  let name = '';
  let file = '';
  for (const line of text.split('\n')) {
    const n = /^ {4}name: (.+)$/.exec(line);
    if (n) name = n[1]!;
    const u = /^ {4}- http:\/\/127\.0\.0\.1:8879\/charts\/(.+\.tgz)$/.exec(line);
    if (u) file = u[1]!;
    const v = /^ {4}version: (.+)$/.exec(line);
    if (v) out.push({ file, name, version: v[1]! });
  }
  return out;
}

const DAEMON = resolve(import.meta.dirname, 'chart-repo-daemon.mjs');
const DAEMON_IDLE_MS = 90_000;

async function servesCorpus(expected: Buffer): Promise<boolean> {
  const res = await fetch(`${CHART_REPO_URL}/index.yaml`).catch(() => undefined);
  if (!res?.ok) return false;
  return Buffer.from(await res.arrayBuffer()).equals(expected);
}

/**
 * Makes sure the corpus repository answers on port 8879. The server is a detached daemon shared by
 * every test process on the machine (vitest runs files in parallel processes, and other runs may
 * be going on): it is started once, never stopped by a test, and exits after 90 idle seconds.
 * Returns a no-op stop function for symmetry with the other servers.
 */
export async function ensureChartRepo(): Promise<() => Promise<void>> {
  const expected = readFileSync(join(CORPUS_DIR, 'index.yaml'));
  if (await servesCorpus(expected)) return async () => {};
  const child = spawn(process.execPath, [DAEMON, CORPUS_DIR, String(CHART_REPO_PORT), String(DAEMON_IDLE_MS)], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await servesCorpus(expected)) return async () => {};
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${CHART_REPO_PORT} does not serve the corpus index (is something else listening there?)`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => done(port));
    });
  });
}

export interface Registry {
  /** `127.0.0.1:PORT` */
  host: string;
  stop: () => Promise<void>;
}

/**
 * Starts docker-registry with a temporary storage directory; with `htpasswd` (file contents) the
 * registry requires basic auth.
 */
export async function startRegistry(
  options: {
    htpasswd?: string;
    /** Token auth: the token server's realm URL and the PEM certificate that signs its tokens. */
    token?: { realm: string; service: string; issuer: string; certPem: string };
  } = {},
): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'helmless-registry-'));
  const port = await freePort();
  mkdirSync(join(dir, 'data'));
  let auth = '';
  if (options.htpasswd) {
    writeFileSync(join(dir, 'htpasswd'), options.htpasswd);
    auth = `auth:\n  htpasswd:\n    realm: helmless-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  if (options.token) {
    writeFileSync(join(dir, 'token-cert.pem'), options.token.certPem);
    const t = options.token;
    auth = `auth:\n  token:\n    realm: ${t.realm}\n    service: ${t.service}\n    issuer: ${t.issuer}\n    rootcertbundle: ${join(dir, 'token-cert.pem')}\n`;
  }
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: helmless-test-secret\n${auth}`,
  );
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    if (stderr.length < 10000) stderr += String(d);
  });
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    const ok = await fetch(`http://${host}/v2/`)
      .then((r) => r.status === 200 || r.status === 401)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
