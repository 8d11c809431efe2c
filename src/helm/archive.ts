/**
 * Reading and extracting chart archives (`.tgz`) safely: gunzip + tar with bounded sizes, and the
 * path rules of helm's loader (no absolute paths, nothing outside the chart directory, no parent
 * references). Links and device entries are refused outright, and
 * extraction writes into a temporary directory that is renamed into place only when complete.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { parse as parseYaml } from 'yaml';
import { quote } from '../gotemplate/strconv.js';
import { mkdirAll } from '../mkdir-all.js';

/** Size bounds for reading an archive. */
export interface ArchiveLimits {
  /** Largest single file (bytes, default 5 MiB — helm's MaxDecompressedFileSize). */
  maxFileBytes?: number;
  /** Largest total of all files (bytes, default 100 MiB — helm's MaxDecompressedChartSize). */
  maxTotalBytes?: number;
  /** Most entries (default 20000). */
  maxEntries?: number;
}

/** One file of a chart, its path relative to the chart directory (`templates/x.yaml`). */
export interface ArchiveFile {
  path: string;
  data: Uint8Array;
}

/** An archive that breaks a rule; the message says which entry and why. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const DRIVE_PATH = /^[a-zA-Z]:\//;
const gunzipAsync = promisify(gunzip);

/** Reads every regular file of a chart archive into memory, top directory stripped. */
export async function readChartArchive(bytes: Uint8Array, limits: ArchiveLimits = {}): Promise<ArchiveFile[]> {
  const maxFile = limits.maxFileBytes ?? 5 * 1024 * 1024;
  const maxTotal = limits.maxTotalBytes ?? 100 * 1024 * 1024;
  const maxEntries = limits.maxEntries ?? 20_000;
  const files: ArchiveFile[] = [];
  let total = 0;
  let entries = 0;

  // Inflated in one piece on the thread pool: tar entries then arrive as views of that one buffer
  // (no per-chunk copies), and a decompression bomb stops at the output limit.
  const inflatedLimit = maxTotal + 512 * (maxEntries + 16) + 1024 * 1024;
  let tar: Buffer;
  try {
    tar = await gunzipAsync(bytes, { maxOutputLength: inflatedLimit, chunkSize: outputChunkSize(bytes) });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ArchiveError(`chart archive inflates beyond the ${maxTotal} byte limit`);
    }
    throw new ArchiveError(gunzipFailure(bytes, err as NodeJS.ErrnoException));
  }
  const extractor = tarExtract();
  const done = new Promise<void>((resolvePromise, reject) => {
    const fail = (err: unknown) => {
      extractor.destroy();
      reject(err instanceof ArchiveError ? err : new ArchiveError(tarFailure(err as Error)));
    };
    extractor.on('error', fail);
    extractor.on('entry', (header, stream, next) => {
      entries++;
      if (entries > maxEntries) return fail(new ArchiveError(`chart archive has more than ${maxEntries} entries`));
      // tar-stream consumes pax headers itself; only real entries arrive here.
      const type: string = header.type ?? 'file';
      if (type === 'directory') {
        stream.resume();
        stream.on('end', next);
        return;
      }
      // helm reads every other entry (links, devices, FIFOs) as a file: their data, none for a link.
      // Nothing is ever followed or created, so such an entry is just an empty file here too.
      let path: string;
      try {
        path = chartRelativePath(header.name);
      } catch (err) {
        return fail(err);
      }
      const size = header.size ?? 0;
      if (total + size > maxTotal) {
        return fail(new ArchiveError(`decompressed chart is larger than the maximum size ${maxTotal}`));
      }
      if (size > maxFile) {
        return fail(
          new ArchiveError(
            `decompressed chart file ${quote(header.name)} is larger than the maximum file size ${maxFile}`,
          ),
        );
      }
      total += size;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('error', fail);
      stream.on('end', () => {
        // Views of the inflated buffer, which the chart keeps whole anyway (every file is kept).
        let data: Uint8Array = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        if (data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2]) data = data.subarray(3);
        files.push({ path, data });
        next();
      });
    });
    extractor.on('finish', () => resolvePromise());
  });
  extractor.end(tar);
  await done;
  if (files.length === 0) throw new ArchiveError('no files in chart archive');
  return files;
}

/**
 * An output buffer the size gzip's trailer gives for the inflated data (+1 so the stream sees its end
 * in the same chunk), so it arrives in one piece. The trailer is only a hint from the archive
 * (modulo 2^32, last member only): it is clamped, and the output limit still applies.
 */
function outputChunkSize(bytes: Uint8Array): number {
  const n = bytes.byteLength;
  const hint = n >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, n).getUint32(n - 4, true) : 0;
  return Math.min(Math.max(hint + 1, 64 * 1024), 16 * 1024 * 1024);
}

/**
 * What Go's gzip reader says where zlib failed: `EOF` for nothing, `unexpected EOF` for a header cut
 * short or a truncated stream, `gzip: invalid header` for a wrong magic number.
 */
function gunzipFailure(bytes: Uint8Array, err: NodeJS.ErrnoException): string {
  if (bytes.byteLength === 0) return 'EOF';
  if (bytes.byteLength < 10 || err.code === 'Z_BUF_ERROR') return 'unexpected EOF';
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return 'gzip: invalid header';
  return `invalid chart archive: ${err.message}`;
}

/** What Go's tar reader says where tar-stream failed. */
function tarFailure(err: Error): string {
  if (/unexpected end of data/i.test(err.message)) return 'unexpected EOF';
  if (/invalid tar header/i.test(err.message)) return 'archive/tar: invalid tar header';
  return `invalid chart archive: ${err.message}`;
}

/** helm's loader rules: drop the top directory, normalize, and refuse escapes (helm's texts). */
function chartRelativePath(name: string): string {
  const delimiter = name.includes('\\') ? '\\' : '/';
  const parts = name.split(delimiter);
  let n = parts.slice(1).join('/');
  if (n.startsWith('/')) throw new ArchiveError('chart illegally contains absolute paths');
  n = posix.normalize(n);
  if (n === '.' || n === '' || n === './') {
    throw new ArchiveError(`chart illegally contains content outside the base directory: ${quote(name)}`);
  }
  if (n.startsWith('..')) throw new ArchiveError('chart illegally references parent directory');
  if (DRIVE_PATH.test(n)) throw new ArchiveError('chart contains illegally named files');
  if (parts[0] === 'Chart.yaml') throw new ArchiveError('chart yaml not in base directory');
  return n;
}

/** The `name` and `version` of the archive's Chart.yaml. */
export async function readChartMetadata(
  bytes: Uint8Array,
  limits?: ArchiveLimits,
): Promise<{ name: string; version: string }> {
  return chartMetadataOf(await readChartArchive(bytes, limits));
}

function chartMetadataOf(files: ArchiveFile[]): { name: string; version: string } {
  const chartYaml = files.find((f) => f.path === 'Chart.yaml');
  if (!chartYaml) throw new ArchiveError('Chart.yaml file is missing');
  let meta: unknown;
  try {
    meta = parseYaml(Buffer.from(chartYaml.data).toString('utf8'), { maxAliasCount: 100 });
  } catch (err) {
    throw new ArchiveError(`cannot load Chart.yaml: ${(err as Error).message}`);
  }
  const m = (typeof meta === 'object' && meta !== null ? meta : {}) as { name?: unknown; version?: unknown };
  return { name: m.name == null ? '' : String(m.name), version: m.version == null ? '' : String(m.version) };
}

/** Whether `path`'s deepest existing part, its symbolic links followed, lies under `root` (real). */
async function staysInside(path: string, root: string): Promise<boolean> {
  for (let at = path; ; at = dirname(at)) {
    const real = await realpath(at).catch(() => undefined);
    if (real !== undefined) return real === root || real.startsWith(root + sep);
    if (dirname(at) === at) return false;
  }
}

/**
 * Extracts a chart archive into `<parentDir>/<chart name>` (helm's ExpandFile: the directory is named
 * after Chart.yaml's `name`), through a staging directory, so a failure writes nothing. An existing
 * directory of that name gets the files written over it, as helm does (symbolic links in it are not
 * followed out of it).
 * @returns the chart directory
 */
export async function extractChartArchive(
  bytes: Uint8Array,
  parentDir: string,
  limits?: ArchiveLimits,
): Promise<string> {
  const files = await readChartArchive(bytes, limits);
  const { name } = chartMetadataOf(files);
  if (name === '') throw new ArchiveError('chart name not specified');
  if (name === '.' || name === '..' || /[/\\]/.test(name) || name.includes('\0')) {
    throw new ArchiveError(`chart name ${JSON.stringify(name)} is not a valid directory name`);
  }
  const parent = resolve(parentDir);
  const target = join(parent, name);
  await mkdirAll(parent);
  // Every path is checked to stay inside the chart before anything is written.
  const paths = files.map((file) => {
    const parts = file.path.split('/');
    const rel = relative(target, resolve(target, ...parts));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
      throw new ArchiveError(`chart file ${file.path} would be written outside ${target}`);
    }
    return rel;
  });
  const writeInto = async (dir: string, existing: boolean) => {
    const root = existing ? await realpath(dir) : dir;
    for (const [i, file] of files.entries()) {
      const out = join(dir, paths[i]!);
      // In a directory that was there before, symbolic links must not lead the files (or the
      // directories made for them) out of it: checked before anything is made.
      if (existing && !(await staysInside(dirname(out), root))) {
        throw new ArchiveError(`chart file ${file.path} would be written outside ${target}`);
      }
      await mkdirAll(dirname(out), 0o755);
      if (existing && (await lstat(out).catch(() => undefined))?.isSymbolicLink()) {
        throw new ArchiveError(`chart file ${file.path} would be written outside ${target}`);
      }
      await writeFile(out, file.data, { mode: 0o644 });
    }
  };
  // A directory that is there already gets the files written over it, as helm does.
  if ((await stat(target).catch(() => undefined))?.isDirectory()) {
    await writeInto(target, true);
    return target;
  }
  const staging = join(parent, `.helmless-untar-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(staging);
    await writeInto(staging, false);
    // rename fails if the target appeared meanwhile (non-empty dir) rather than merging into it.
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return target;
}
