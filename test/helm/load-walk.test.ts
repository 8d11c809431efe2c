/**
 * Chart directory walks are bounded like archives: helm re-reads a chart's files along a link loop
 * (~40 times before the kernel refuses the path), which an untrusted directory must not turn into
 * gigabytes.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDir } from '../../src/helm/load.js';

const root = mkdtempSync(join(tmpdir(), 'helmless-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function chart(name: string, fileBytes = 16): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(join(dir, 'templates', 'cm.yaml'), `# ${'x'.repeat(fileBytes)}\n`);
  return dir;
}

describe('chart directory walk', () => {
  it('stops when a link loop would read the files past the size bound', async () => {
    const dir = chart('loopbytes', 1000);
    symlinkSync('..', join(dir, 'templates', 'up'));
    await expect(loadDir(dir, { compat: 'helm4', walkLimits: { bytes: 10_000 } })).rejects.toThrow(
      'chart directory files are larger than the maximum total size 10000',
    );
  });

  it('stops when a link loop would list more entries than the bound', async () => {
    const dir = chart('loopentries');
    symlinkSync('..', join(dir, 'templates', 'up'));
    await expect(loadDir(dir, { compat: 'helm4', walkLimits: { entries: 50 } })).rejects.toThrow(
      /^chart directory has more than 50 entries to walk \(at .*\/templates\/up\/templates\/up/,
    );
  });

  it('loads a chart inside the bounds as before', async () => {
    const c = await loadDir(chart('plain'), { compat: 'helm4', walkLimits: { entries: 50, bytes: 10_000 } });
    expect(c.templates.map((t) => t.name)).toEqual(['templates/cm.yaml']);
  });
});
