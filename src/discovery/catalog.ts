/**
 * A recipe catalog in the AI Cluster Runtime layout (spec §2): `registry.yaml`, `overlays/`,
 * `mixins/`, `components/`. helmless ships no catalog of its own; `--data DIR` (repeatable) points
 * at one. Later layers shadow earlier ones file by file, and `registry.yaml` is merged by component
 * name (spec §4.6). Paths are catalog-relative: absolute paths, `..` and symlinks are refused, and
 * files are limited to 10 MB.
 */
import { lstat, open, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errorMessage, invalid, MirrorError } from './errors.js';
import { ComponentRegistry, parseRegistry, validateRegistry } from './registry.js';

/** Largest catalog file read (spec §4.6). */
export const MAX_CATALOG_FILE_BYTES = 10 * 1024 * 1024;

/** One source of catalog files. */
export interface CatalogLayer {
  /** Shown in messages, e.g. the directory. */
  readonly description: string;
  /** File content, or undefined when the layer has no such file. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Names of the YAML files directly inside a catalog directory (e.g. `overlays`). */
  list(dir: string): Promise<string[]>;
}

/**
 * Checks a catalog-relative path and returns it without a leading `./`. Rejects absolute paths,
 * `..` segments, backslashes and NUL bytes.
 */
export function checkCatalogPath(path: string): string {
  const p = path.startsWith('./') ? path.slice(2) : path;
  if (p === '' || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.includes('\\') || p.includes('\0')) {
    throw invalid(`invalid catalog path "${path}": paths must be relative to the catalog root`);
  }
  if (p.split('/').some((seg) => seg === '..' || seg === '')) {
    throw invalid(`invalid catalog path "${path}": ".." and empty segments are not allowed`);
  }
  return p;
}

/** A catalog directory on disk. */
export class DirectoryLayer implements CatalogLayer {
  readonly description: string;
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.description = dir;
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const rel = checkCatalogPath(path);
    const segments = rel.split('/');
    let current = this.root;
    for (let i = 0; i < segments.length; i++) {
      current = join(current, segments[i]!);
      let st: Awaited<ReturnType<typeof lstat>>;
      try {
        st = await lstat(current);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') {
          return undefined;
        }
        throw err;
      }
      if (st.isSymbolicLink())
        throw invalid(`${this.description}: "${rel}" goes through a symlink, which is not allowed`);
      if (i < segments.length - 1 && !st.isDirectory()) return undefined;
      if (i === segments.length - 1) {
        if (!st.isFile()) throw invalid(`${this.description}: "${rel}" is not a regular file`);
        if (st.size > MAX_CATALOG_FILE_BYTES) {
          throw invalid(`${this.description}: "${rel}" is larger than the 10 MB catalog file limit`);
        }
      }
    }
    return readBounded(current, MAX_CATALOG_FILE_BYTES, `${this.description}: "${rel}"`);
  }

  async list(dir: string): Promise<string[]> {
    const rel = checkCatalogPath(dir);
    const full = join(this.root, rel);
    try {
      const st = await lstat(full);
      if (st.isSymbolicLink() || !st.isDirectory()) return [];
    } catch {
      return [];
    }
    const entries = await readdir(full, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => e.name)
      .sort();
  }
}

/** Reads a file, refusing to read more than `limit` bytes even if it grows meanwhile. */
async function readBounded(file: string, limit: number, label: string): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw invalid(`${label} is larger than the 10 MB catalog file limit`);
      chunks.push(buf.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks);
  } finally {
    await fh.close();
  }
}

/** An in-memory catalog layer (tests, and library callers that build catalogs in code). */
export class MemoryLayer implements CatalogLayer {
  private readonly files: Map<string, Uint8Array>;

  constructor(
    files: Record<string, string | Uint8Array>,
    readonly description = 'in-memory catalog',
  ) {
    this.files = new Map(
      Object.entries(files).map(([k, v]) => [checkCatalogPath(k), typeof v === 'string' ? Buffer.from(v) : v]),
    );
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(checkCatalogPath(path));
  }

  async list(dir: string): Promise<string[]> {
    const prefix = `${checkCatalogPath(dir)}/`;
    return [...this.files.keys()]
      .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/') && /\.ya?ml$/.test(k))
      .map((k) => k.slice(prefix.length))
      .sort();
  }
}

const NO_CATALOG_HINT =
  'no recipe catalog given: pass --data DIR pointing at a catalog in the AI Cluster Runtime layout ' +
  '(registry.yaml, overlays/, components/), e.g. a checkout of the aicr recipes/ folder or helmless examples/catalog';

/** Layered catalog access: file reads, the merged registry, overlays and mixins. */
export class Catalog {
  private registryPromise: Promise<ComponentRegistry> | undefined;

  constructor(readonly layers: CatalogLayer[]) {}

  /** Opens `--data` directories in order (each must contain `registry.yaml`, spec §4.6). */
  static async openDirectories(dirs: string[]): Promise<Catalog> {
    const layers: CatalogLayer[] = [];
    for (const dir of dirs) {
      let st: Awaited<ReturnType<typeof lstat>>;
      try {
        st = await lstat(dir);
      } catch {
        throw new MirrorError('notfound', `--data ${dir}: directory not found`);
      }
      if (!st.isDirectory()) throw invalid(`--data ${dir}: not a directory`);
      const layer = new DirectoryLayer(dir);
      if ((await layer.read('registry.yaml')) === undefined) {
        throw invalid(`--data ${dir}: registry.yaml not found; a catalog directory must contain registry.yaml`);
      }
      layers.push(layer);
    }
    return new Catalog(layers);
  }

  /** Whether any catalog was given at all. */
  get isEmpty(): boolean {
    return this.layers.length === 0;
  }

  /** A description of the layers for messages. */
  describe(): string {
    return this.layers.map((l) => l.description).join(', ');
  }

  /** The content of a catalog file from the last layer that has it, or undefined. */
  async tryReadFile(path: string, signal?: AbortSignal): Promise<string | undefined> {
    if (this.isEmpty) throw invalid(`cannot read "${path}": ${NO_CATALOG_HINT}`);
    checkCatalogPath(path);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      signal?.throwIfAborted();
      const bytes = await this.layers[i]!.read(path);
      signal?.throwIfAborted();
      if (bytes !== undefined) return decodeUtf8(bytes, path);
    }
    return undefined;
  }

  /** The content of a catalog file; a missing file is a not-found error. */
  async readFile(path: string, signal?: AbortSignal): Promise<string> {
    const text = await this.tryReadFile(path, signal);
    if (text === undefined) throw new MirrorError('notfound', `file "${path}" not found in catalog ${this.describe()}`);
    return text;
  }

  /**
   * The registry merged over all layers (cached). A parse failure is an internal error
   * (`failed to parse registry.yaml: …`, spec §11 case 17); without any catalog it is empty.
   */
  registry(): Promise<ComponentRegistry> {
    this.registryPromise ??= this.loadRegistry();
    return this.registryPromise;
  }

  private async loadRegistry(): Promise<ComponentRegistry> {
    let merged = new ComponentRegistry([]);
    for (const layer of this.layers) {
      const bytes = await layer.read('registry.yaml');
      if (bytes === undefined) continue;
      try {
        merged = merged.mergedWith(
          parseRegistry(decodeUtf8(bytes, 'registry.yaml'), `${layer.description}/registry.yaml`),
        );
      } catch (err) {
        throw new MirrorError('internal', `failed to parse registry.yaml: ${errorMessage(err)}`, { cause: err });
      }
    }
    validateRegistry(merged);
    return merged;
  }

  /** Catalog-relative paths of the YAML files in a directory across all layers (shadowed once). */
  async listFiles(dir: string): Promise<string[]> {
    if (this.isEmpty) throw invalid(NO_CATALOG_HINT);
    const names = new Set<string>();
    for (const layer of this.layers) for (const n of await layer.list(dir)) names.add(n);
    return [...names].sort().map((n) => `${dir}/${n}`);
  }
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalid(`"${path}" is not valid UTF-8`);
  }
}

/** The hint shown when criteria are given without any catalog. */
export const noCatalogMessage = NO_CATALOG_HINT;
