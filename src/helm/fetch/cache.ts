/**
 * The on-disk cache: chart archives and OCI blobs stored by digest, repository indexes by URL, and
 * small records mapping a reference (chart URL, OCI tag) to a digest for offline use.
 *
 * Every write goes to a temporary file in the cache and is renamed into place, so concurrent
 * processes never see partial files; blobs are verified against their digest when read, so a
 * corrupt file is dropped and fetched again rather than served.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdirAll } from '../../mkdir-all.js';
import { isSha256Digest, sha256Digest } from './digest.js';

/**
 * Where the cache lives: the option, else `$HELMLESS_CACHE`, else `/tmp/helmless-cache` on AWS
 * Lambda, else `$XDG_CACHE_HOME/helmless` or `~/.cache/helmless`; undefined when caching is off.
 */
export function cacheRoot(option: string | false | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (option === false) return undefined;
  if (option) return option;
  if (env.HELMLESS_CACHE) return env.HELMLESS_CACHE;
  // Serverless functions can only write below /tmp.
  if (env.AWS_LAMBDA_FUNCTION_NAME) return join(tmpdir(), 'helmless-cache');
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'helmless');
}

/** Metadata kept beside a cached index. */
export interface IndexMeta {
  url: string;
  /** When the index was last fetched or revalidated (ms since epoch). */
  fetchedAt: number;
  etag?: string;
  lastModified?: string;
  /** Digest of the cached index bytes (guards against a half-replaced pair). */
  digest: string;
  /**
   * Fetched with credentials: used again only after the server answers a new request for it (a
   * revalidation), so a run without those credentials cannot read it from the cache.
   */
  credentials?: true;
}

/** What a chart URL or OCI tag resolved to last time (for offline mode and cache hits). */
export interface RefRecord {
  digest: string;
  name: string;
  version: string;
  sourceUrl: string;
  manifestDigest?: string;
  fileName: string;
  savedAt: number;
}

export class ChartCache {
  constructor(readonly root: string) {}

  #blobPath(digest: string): string {
    return join(this.root, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  /** The blob's bytes if cached and intact; a corrupt file is removed. */
  async readBlob(digest: string): Promise<Uint8Array | undefined> {
    if (!isSha256Digest(digest)) return undefined;
    const path = this.#blobPath(digest);
    const bytes = await readIfExists(path);
    if (!bytes) return undefined;
    if (sha256Digest(bytes) !== digest) {
      await rm(path, { force: true });
      return undefined;
    }
    return bytes;
  }

  /** Stores bytes under their digest; returns it. */
  async writeBlob(bytes: Uint8Array): Promise<string> {
    const digest = sha256Digest(bytes);
    await this.#atomicWrite(this.#blobPath(digest), bytes);
    return digest;
  }

  async readIndex(url: string): Promise<{ bytes: Uint8Array; meta: IndexMeta } | undefined> {
    const base = join(this.root, 'indexes', hashKey(url));
    const metaBytes = await readIfExists(`${base}.json`);
    const bytes = await readIfExists(`${base}.yaml`);
    if (!metaBytes || !bytes) return undefined;
    try {
      const meta = JSON.parse(Buffer.from(metaBytes).toString('utf8')) as IndexMeta;
      if (meta.url !== url || meta.digest !== sha256Digest(bytes)) return undefined;
      return { bytes, meta };
    } catch {
      return undefined;
    }
  }

  async writeIndex(url: string, bytes: Uint8Array, meta: Omit<IndexMeta, 'url' | 'digest'>): Promise<void> {
    const base = join(this.root, 'indexes', hashKey(url));
    await this.#atomicWrite(`${base}.yaml`, bytes);
    const full: IndexMeta = { ...meta, url, digest: sha256Digest(bytes) };
    await this.#atomicWrite(`${base}.json`, Buffer.from(JSON.stringify(full)));
  }

  async readRef(key: string): Promise<RefRecord | undefined> {
    const bytes = await readIfExists(join(this.root, 'refs', `${hashKey(key)}.json`));
    if (!bytes) return undefined;
    try {
      const rec = JSON.parse(Buffer.from(bytes).toString('utf8')) as RefRecord & { key?: string };
      return rec.key === key && isSha256Digest(rec.digest) ? rec : undefined;
    } catch {
      return undefined;
    }
  }

  async writeRef(key: string, record: RefRecord): Promise<void> {
    const path = join(this.root, 'refs', `${hashKey(key)}.json`);
    await this.#atomicWrite(path, Buffer.from(JSON.stringify({ key, ...record })));
  }

  async #atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
    const tmpDir = join(this.root, 'tmp');
    await mkdirAll(tmpDir);
    await mkdirAll(join(path, '..'));
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A file's bytes, or undefined when it cannot be read: an unreadable cache is a cache miss. */
async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}
