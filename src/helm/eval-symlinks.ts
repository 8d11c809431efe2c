/**
 * Go's filepath.EvalSymlinks on Unix, which helm's chart walk calls at every symlink: the path is
 * resolved one component at a time (lstat, readlink), so its errors name the first component that
 * fails, and it gives up after 255 links rather than at the kernel's 40 (realpath(3) would stop
 * there, before helm's walk meets the kernel's limit on the unresolved path).
 */
import { lstat, readlink } from 'node:fs/promises';
import { normalize } from 'node:path';
import { goPathError } from '../go-errors.js';

const MAX_LINKS = 255;

/** A failed resolution; `message` is Go's text. */
export class EvalSymlinksError extends Error {}

/** The path with every symlink resolved; `path` is absolute. */
export async function evalSymlinks(path: string): Promise<string> {
  let rest = path;
  let dest = '/';
  let links = 0;
  let start = 0;
  while (start < rest.length) {
    while (rest[start] === '/') start++;
    let end = start;
    while (end < rest.length && rest[end] !== '/') end++;
    if (end === start) break;
    const part = rest.slice(start, end);
    start = end;
    if (part === '.') continue;
    if (part === '..') {
      dest = backUp(dest);
      continue;
    }
    dest = dest.endsWith('/') ? dest + part : `${dest}/${part}`;
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(dest);
    } catch (e) {
      throw new EvalSymlinksError(goPathError('lstat', dest, e));
    }
    if (!info.isSymbolicLink()) {
      if (!info.isDirectory() && end < rest.length) throw new EvalSymlinksError('not a directory');
      continue;
    }
    if (++links > MAX_LINKS) throw new EvalSymlinksError('EvalSymlinks: too many links');
    let link: string;
    try {
      link = await readlink(dest);
    } catch (e) {
      throw new EvalSymlinksError(goPathError('readlink', dest, e));
    }
    // The link's text replaces the component; an absolute one restarts from the root.
    rest = link + rest.slice(end);
    start = 0;
    dest = link.startsWith('/') ? '/' : withoutLast(dest);
  }
  return normalize(dest);
}

/**
 * `..`: the last component dropped, except one right under the root (or a kept `..`), which Go keeps
 * and follows with `..` (`/a` becomes `/a/..`, which the kernel resolves and error texts name).
 */
function backUp(dest: string): string {
  const slash = dest.lastIndexOf('/');
  if (slash < 1 || dest.slice(slash + 1) === '..') return dest.length > 1 ? `${dest}/..` : '/..';
  return dest.slice(0, slash);
}

/** A relative link replaces the last component of the resolved path. */
function withoutLast(dest: string): string {
  const slash = dest.lastIndexOf('/');
  return slash < 1 ? '/' : dest.slice(0, slash);
}
