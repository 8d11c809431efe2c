/**
 * Sprig's path functions: `base`, `dir`, `ext`, `clean`, `isAbs` (Go's `path`) and `osBase`,
 * `osClean`, `osDir`, `osExt`, `osIsAbs` (Go's `path/filepath`, which on Linux — where helm runs
 * in practice — behaves exactly like `path`). Purely lexical; nothing touches the file system.
 */
import { type FuncDef, fn } from '../gotemplate/funcs.js';
import { T_BOOL, T_STRING } from '../gotemplate/types.js';

/** path.Clean: shortest equivalent path by lexical processing. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p[0] === '/';
  const n = p.length;
  let out = rooted ? '/' : '';
  let r = rooted ? 1 : 0;
  let dotdot = out.length; // where `..` may no longer be removed
  while (r < n) {
    if (p[r] === '/') r++;
    else if (p[r] === '.' && (r + 1 === n || p[r + 1] === '/')) r++;
    else if (p[r] === '.' && p[r + 1] === '.' && (r + 2 === n || p[r + 2] === '/')) {
      r += 2;
      if (out.length > dotdot) {
        // Back up to the previous slash.
        let w = out.length - 1;
        while (w > dotdot && out[w] !== '/') w--;
        out = out.slice(0, w);
      } else if (!rooted) {
        if (out.length > 0) out += '/';
        out += '..';
        dotdot = out.length;
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out += '/';
      while (r < n && p[r] !== '/') out += p[r++];
    }
  }
  return out === '' ? '.' : out;
}

/** path.Base: last element, trailing slashes removed; `.` for "" and `/` for only slashes. */
export function basePath(p: string): string {
  if (p === '') return '.';
  while (p.length > 0 && p[p.length - 1] === '/') p = p.slice(0, -1);
  const i = p.lastIndexOf('/');
  if (i >= 0) p = p.slice(i + 1);
  return p === '' ? '/' : p;
}

/** path.Dir: everything but the last element, cleaned. */
export function dirPath(p: string): string {
  const i = p.lastIndexOf('/');
  return cleanPath(p.slice(0, i + 1));
}

/** path.Ext: the suffix from the final dot of the last element, or "". */
export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) {
    if (p[i] === '.') return p.slice(i);
  }
  return '';
}

export function isAbsPath(p: string): boolean {
  return p.length > 0 && p[0] === '/';
}

/** Sprig's path functions, keyed by template function name. */
export const pathFunctions: Record<string, FuncDef> = {
  base: fn([T_STRING], T_STRING, basePath),
  dir: fn([T_STRING], T_STRING, dirPath),
  ext: fn([T_STRING], T_STRING, extPath),
  clean: fn([T_STRING], T_STRING, cleanPath),
  isAbs: fn([T_STRING], T_BOOL, isAbsPath),
  osBase: fn([T_STRING], T_STRING, basePath),
  osDir: fn([T_STRING], T_STRING, dirPath),
  osExt: fn([T_STRING], T_STRING, extPath),
  osClean: fn([T_STRING], T_STRING, cleanPath),
  osIsAbs: fn([T_STRING], T_BOOL, isAbsPath),
};
