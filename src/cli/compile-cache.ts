/**
 * A V8 code cache for the bundled command (Node 20 has no compile cache for ES modules, and
 * `module.enableCompileCache` only arrived in Node 22). Every cold run parses the bundle and
 * compiles the functions it calls to bytecode; the cache keeps that bytecode, so later runs start
 * from it (~70 ms of a 1.6 s `mirror list` of 14 charts, 4–5%). Only helmless's own code is cached,
 * never anything derived from charts or values.
 *
 * Each file holds the bytecode of one kind of run (the command, in the main thread or the render
 * worker), written when the run ends if there was no usable file. Files are keyed by the bundle's
 * content, the Node version and architecture and the V8 options, and start with a SHA-256 of their
 * payload: V8 checks little more than the source length and its own version before trusting
 * cached bytecode, so anything else that does not match is ignored and rewritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../helm/fetch/cache.js';
import { mkdirAllSync } from '../mkdir-all.js';
import { TIERING_FLAGS } from './tiering.js';

const CHECKSUM_BYTES = 32;

/** Where the code cache lives: `v8/` in the chart cache, or undefined when turned off. */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.HELMLESS_NO_COMPILE_CACHE) return undefined;
  const root = cacheRoot(undefined, env);
  return root === undefined ? undefined : join(root, 'v8');
}

/**
 * The run kinds a cache file is kept for: the command name when it is a plain word (anything else
 * shares `other`, so arbitrary arguments cannot multiply the files).
 */
export function runKind(thread: 'main' | 'worker', command: string | undefined): string {
  const name = command !== undefined && /^[a-z]{1,16}$/.test(command) ? command : 'other';
  return `${thread}-${name}`;
}

/**
 * The cache file name: the bundle (its build-time content hash, and its length in case it was
 * replaced without the launcher), the runtime that compiled it (Node, architecture and V8 flags,
 * the launcher's own included), then the run kind.
 */
export function codeCacheName(bundleId: string, sourceLength: number, kind: string, env: NodeJS.ProcessEnv): string {
  const hash = (parts: unknown[], n: number) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, n);
  const bundle = hash([bundleId, sourceLength], 16);
  const flags = [process.execArgv.join(' '), env.NODE_OPTIONS ?? '', TIERING_FLAGS];
  const runtime = hash([process.version, process.arch, ...flags], 8);
  return `${bundle}-${runtime}-${kind}.bin`;
}

/** The cached bytecode in `file`, or undefined when absent, unreadable or not what was written. */
export function readCodeCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= CHECKSUM_BYTES) return undefined;
  const payload = bytes.subarray(CHECKSUM_BYTES);
  const sum = createHash('sha256').update(payload).digest();
  return sum.equals(bytes.subarray(0, CHECKSUM_BYTES)) ? payload : undefined;
}

/** Other bundles' files are removed once this old: two installed versions used in turn keep theirs. */
const STALE_MS = 24 * 60 * 60 * 1000;

/**
 * Stores `data` as `name` in `dir` (renamed into place, so readers never see a partial file) and
 * removes other bundles' files not written for a day (an upgrade leaves its predecessor's behind).
 * Failures are ignored: the cache only saves time.
 */
export function writeCodeCache(dir: string, name: string, data: Buffer): void {
  try {
    mkdirAllSync(dir);
    const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(tmp, Buffer.concat([createHash('sha256').update(data).digest(), data]));
    renameSync(tmp, join(dir, name));
    const bundle = name.slice(0, name.indexOf('-') + 1);
    const now = Date.now();
    for (const other of readdirSync(dir)) {
      if (!other.endsWith('.bin') || other.startsWith(bundle)) continue;
      const path = join(dir, other);
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    }
  } catch {
    // A read-only or full disk only means the next run compiles again.
  }
}
