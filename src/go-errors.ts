/**
 * Go's texts for failed file operations (os.PathError: `op path: reason`), from Node's errno codes,
 * so helmless reports a missing or unreadable file in the words helm uses.
 */

/** syscall.Errno texts for the codes file operations meet. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'file exists',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** Go's errno text for a Node error, when its code is one of the above. */
export function goErrnoText(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === undefined ? undefined : ERRNO_TEXT[code];
}

/** `op path: reason` for a failed operation; Node's message where Go's text is not known. */
export function goPathError(op: string, path: string, err: unknown): string {
  return `${op} ${path}: ${goErrnoText(err) ?? (err as Error).message}`;
}

/**
 * A failed os.ReadFile: Go opens a directory without complaint and fails on the read, so that error
 * names `read`; everything else fails in `open`.
 */
export function goReadFileError(path: string, err: unknown): string {
  const op = (err as NodeJS.ErrnoException)?.code === 'EISDIR' ? 'read' : 'open';
  return goPathError(op, path, err);
}
