/**
 * The installed command's V8 code cache (src/cli/compile-cache.ts, used by the launcher in
 * dist/bin/main.js): written once per run kind, trusted only when intact, never a reason to fail.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheDir, codeCacheName, readCodeCache, runKind, writeCodeCache } from '../../src/cli/compile-cache.js';

const BIN = resolve('dist/bin/main.js');
const CHART = resolve('examples/charts/cert-manager-v1.20.2.tgz');
const work = mkdtempSync(join(tmpdir(), 'helmless-codecache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(argv: string[], env: NodeJS.ProcessEnv) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('code cache files', () => {
  it('names a run kind after a plain command word only', () => {
    expect(runKind('main', 'template')).toBe('main-template');
    expect(runKind('worker', 'mirror')).toBe('worker-mirror');
    for (const odd of [undefined, '--version', '../x', 'Template', 'a'.repeat(17)]) {
      expect(runKind('main', odd)).toBe('main-other');
    }
  });

  it('keys a file by bundle, runtime and run kind', () => {
    const a = codeCacheName('bundle one', 100, 'main-pull', {});
    expect(a).toMatch(/^[0-9a-f]{16}-[0-9a-f]{8}-main-pull\.bin$/);
    expect(codeCacheName('bundle two', 100, 'main-pull', {})).not.toBe(a);
    expect(codeCacheName('bundle one', 101, 'main-pull', {})).not.toBe(a);
    expect(codeCacheName('bundle one', 100, 'main-pull', { NODE_OPTIONS: '--max-old-space-size=100' })).not.toBe(a);
    expect(codeCacheName('bundle one', 100, 'worker-pull', {}).slice(0, 26)).toBe(a.slice(0, 26));
  });

  it('lives in the chart cache unless turned off', () => {
    expect(codeCacheDir({ HELMLESS_CACHE: '/c' })).toBe(join('/c', 'v8'));
    expect(codeCacheDir({ HELMLESS_CACHE: '/c', HELMLESS_NO_COMPILE_CACHE: '1' })).toBeUndefined();
  });

  it('returns what was written, and nothing for a damaged, short or missing file', () => {
    const dir = join(work, 'unit');
    const name = codeCacheName('x', 1, 'main-template', {});
    const data = Buffer.from('bytecode, as far as this test is concerned');
    writeCodeCache(dir, name, data);
    expect(readCodeCache(join(dir, name))).toEqual(data);
    const stored = readFileSync(join(dir, name));
    stored[stored.length - 1]! ^= 1;
    writeFileSync(join(dir, name), stored);
    expect(readCodeCache(join(dir, name))).toBeUndefined();
    writeFileSync(join(dir, name), stored.subarray(0, 32));
    expect(readCodeCache(join(dir, name))).toBeUndefined();
    expect(readCodeCache(join(dir, 'absent.bin'))).toBeUndefined();
  });

  it("removes other bundles' files a day old when writing, and keeps recent ones and its own", () => {
    const dir = join(work, 'prune');
    const mine = codeCacheName('new bundle', 1, 'main-template', {});
    const sibling = codeCacheName('new bundle', 1, 'worker-template', {});
    const stale = codeCacheName('old bundle', 1, 'main-template', {});
    const inUse = codeCacheName('other bundle', 1, 'main-template', {});
    mkdirSync(dir, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    for (const f of [sibling, stale, inUse, 'unrelated.txt']) writeFileSync(join(dir, f), 'x');
    for (const f of [sibling, stale, 'unrelated.txt']) utimesSync(join(dir, f), twoDaysAgo, twoDaysAgo);
    writeCodeCache(dir, mine, Buffer.from('y'));
    expect(files(dir)).toEqual([mine, sibling, inUse, 'unrelated.txt'].sort());
  });

  it('ignores a directory it cannot write', () => {
    const blocker = join(work, 'not-a-dir');
    writeFileSync(blocker, 'x');
    expect(() => writeCodeCache(join(blocker, 'v8'), 'a-b-main-x.bin', Buffer.from('y'))).not.toThrow();
  });
});

describe('the installed command with its code cache', () => {
  const argv = ['template', 'r', CHART, '--namespace', 'cm'];

  it('writes a file per thread that loads the commands on the first run, and reuses it unchanged', () => {
    const env = { HELMLESS_CACHE: join(work, 'reuse') };
    const dir = join(env.HELMLESS_CACHE, 'v8');
    const first = run(argv, env);
    expect(first.code).toBe(0);
    // A render runs in the main thread (a worker only takes over when its stack runs out).
    const kinds = () => files(dir).map((f) => f.replace(/^[0-9a-f]+-[0-9a-f]+-/, ''));
    expect(kinds()).toEqual(['main-template.bin']);
    expect(run(['--version'], env).stdout).toBe('helmless 0.1.0\n');
    expect(kinds()).toEqual(['main-other.bin', 'main-template.bin']);
    const before = files(dir).map((f) => statSync(join(dir, f)).ino);
    // V8 accepted the bytecode: a rejected file would have been replaced (a new inode).
    expect(run(argv, env)).toEqual(first);
    expect(run(['--version'], env).stdout).toBe('helmless 0.1.0\n');
    expect(files(dir).map((f) => statSync(join(dir, f)).ino)).toEqual(before);
  }, 60_000);

  it('prints the same after a damaged file, and replaces it', () => {
    const env = { HELMLESS_CACHE: join(work, 'damaged') };
    const dir = join(env.HELMLESS_CACHE, 'v8');
    const clean = run(argv, env);
    const cached = join(dir, files(dir).find((f) => f.endsWith('main-template.bin'))!);
    const bytes = readFileSync(cached);
    bytes.fill(0x41, 40, 4096);
    writeFileSync(cached, bytes);
    expect(run(argv, env)).toEqual(clean);
    expect(readCodeCache(cached)).toBeDefined();
    // Intact as a file but not V8 bytecode: V8 rejects it, and the run replaces it.
    const name = cached.slice(dir.length + 1);
    writeCodeCache(dir, name, Buffer.alloc(8192, 7));
    expect(run(argv, env)).toEqual(clean);
    expect(readCodeCache(cached)?.equals(Buffer.alloc(8192, 7))).toBe(false);
  }, 60_000);

  it('writes nothing when turned off', () => {
    const env = { HELMLESS_CACHE: join(work, 'off'), HELMLESS_NO_COMPILE_CACHE: '1' };
    expect(run(['--version'], env).code).toBe(0);
    expect(existsSync(join(env.HELMLESS_CACHE, 'v8'))).toBe(false);
  });
});
