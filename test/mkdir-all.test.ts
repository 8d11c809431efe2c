/** mkdirAll: Go's os.MkdirAll, where Node's recursive mkdir would never return. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirAll, mkdirAllSync } from '../src/mkdir-all.js';

const scratch = mkdtempSync(join(tmpdir(), 'helmless-mkdir-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each([
  ['mkdirAll', (p: string) => mkdirAll(p)],
  ['mkdirAllSync', async (p: string) => mkdirAllSync(p)],
] as const)('%s', (_name, make) => {
  it('makes the missing parents, and accepts a directory that exists', async () => {
    const deep = join(scratch, _name, 'a', 'b', 'c');
    await make(deep);
    await make(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('names the part of the path that is no directory', async () => {
    const file = join(scratch, `${_name}-file`);
    writeFileSync(file, '');
    await expect(make(join(file, 'x', 'y'))).rejects.toMatchObject({ code: 'ENOTDIR', path: file });
  });

  it.skipIf(process.platform !== 'linux')('returns where procfs refuses a directory', async () => {
    await expect(make('/proc/helmless-none/x')).rejects.toMatchObject({ code: 'ENOENT', path: '/proc/helmless-none' });
  });
});
