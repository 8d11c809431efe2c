/**
 * Makes a directory and its missing parents, as Go's os.MkdirAll does. Node's own recursive mkdir
 * never returns for a path whose existing parent refuses new entries with ENOENT (under /proc, say),
 * so paths a user names go through these instead. A part of the path that exists but is no
 * directory fails with ENOTDIR, naming that part (`err.path`), as Go names it.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import { goPathError } from './go-errors.js';

function notADirectory(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), {
    code: 'ENOTDIR',
    syscall: 'mkdir',
    path,
  });
}

export async function mkdirAll(path: string, mode = 0o777): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return;
  if (existing) throw notADirectory(path);
  const parent = dirname(path);
  if (parent !== path) await mkdirAll(parent, mode);
  try {
    await mkdir(path, { mode });
  } catch (err) {
    // Made meanwhile by someone else: fine if it is a directory.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(path).catch(() => undefined))?.isDirectory()) {
      return;
    }
    throw err;
  }
}

export function mkdirAllSync(path: string, mode = 0o777): void {
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) return;
  if (existing) throw notADirectory(path);
  const parent = dirname(path);
  if (parent !== path) mkdirAllSync(parent, mode);
  try {
    mkdirSync(path, { mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statOrUndefined(path)?.isDirectory()) return;
    throw err;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Go's MkdirAll error for a {@link mkdirAll} failure on `shown` (the path as the user gave it,
 * relative to `cwd`): `mkdir <the part of it that could not be made>: <reason>`.
 */
export function goMkdirAllError(shown: string, cwd: string, err: unknown): string {
  const failed = (err as NodeJS.ErrnoException).path;
  let part = shown;
  while (failed !== undefined && resolve(cwd, part) !== failed && posix.dirname(part) !== part) {
    part = posix.dirname(part);
  }
  return goPathError('mkdir', resolve(cwd, part) === failed ? part : shown, err);
}
