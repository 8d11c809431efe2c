/** The safe chart archive reader/extractor: helm's path rules, refused links, size and bomb limits. */
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError, extractChartArchive, readChartArchive, readChartMetadata } from '../src/helm/archive.js';
import { chartArchive, tarGz } from './support/chart-archive.js';
import { HELM_BINARIES, helmAvailable } from './support/helm-render.js';
import { CHART_REPO_URL, CORPUS_DIR, corpusAvailable, ensureChartRepo } from './support/servers.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'helmless-archive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

async function rejects(bytes: Uint8Array, pattern: RegExp, limits?: Parameters<typeof readChartArchive>[1]) {
  const err = await readChartArchive(bytes, limits).catch((e) => e);
  expect(err).toBeInstanceOf(ArchiveError);
  expect(err.message).toMatch(pattern);
}

describe('reading', () => {
  it('strips the top directory and the UTF-8 BOM, skips directories', async () => {
    const bytes = await tarGz([
      { name: 'demo/', type: 'directory' },
      { name: 'demo/Chart.yaml', data: '\ufeffname: demo\nversion: 1.0.0\n' },
      { name: 'demo/templates/a.yaml', data: 'a: 1\n' },
    ]);
    const files = await readChartArchive(bytes);
    expect(files.map((f) => [f.path, Buffer.from(f.data).toString()])).toEqual([
      ['Chart.yaml', 'name: demo\nversion: 1.0.0\n'],
      ['templates/a.yaml', 'a: 1\n'],
    ]);
    expect(await readChartMetadata(bytes)).toEqual({ name: 'demo', version: '1.0.0' });
  });

  it('refuses parent references, absolute paths, content outside the base directory and drive paths', async () => {
    await rejects(await tarGz([{ name: 'demo/../../evil', data: 'x' }]), /illegally references parent directory/);
    await rejects(await tarGz([{ name: 'demo//etc/passwd', data: 'x' }]), /illegally contains absolute paths/);
    await rejects(await tarGz([{ name: 'demo', data: 'x' }]), /outside the base directory/);
    await rejects(await tarGz([{ name: 'demo/c:/x', data: 'x' }]), /illegally named files/);
    await rejects(await tarGz([{ name: 'Chart.yaml', data: 'x' }]), /outside the base directory|not in base directory/);
  });

  it('reads symlinks and hard links as empty files, like helm, and never follows them', async () => {
    const entries = [
      { name: 'demo/Chart.yaml', data: 'apiVersion: v2\nname: demo\nversion: 1.0.0\n' },
      { name: 'demo/link', type: 'symlink' as const, linkname: '/etc/passwd' },
      { name: 'demo/hard', type: 'link' as const, linkname: 'demo/Chart.yaml' },
      {
        name: 'demo/templates/cm.yaml',
        data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  link: {{ .Files.Get "link" | quote }}\n  hard: {{ .Files.Get "hard" | quote }}\n  files: "{{ range $k, $v := .Files }}{{ $k }},{{ end }}"\n',
      },
    ];
    const bytes = await tarGz(entries);
    const files = await readChartArchive(bytes);
    expect(files.filter((f) => f.path === 'link' || f.path === 'hard').map((f) => [f.path, f.data.byteLength])).toEqual(
      [
        ['link', 0],
        ['hard', 0],
      ],
    );
    if (!helmAvailable()) return;
    const archive = join(scratch, 'links.tgz');
    writeFileSync(archive, bytes);
    const helm = await run(HELM_BINARIES.helm4, ['template', 'x', archive]);
    const ours = await run(process.execPath, ['dist/bin/main.js', 'template', 'x', archive]);
    expect(ours.stdout).toBe(helm.stdout);
    expect(helm.stdout).toContain('files: "hard,link,"');
  });

  it('bounds file size, total size, entry count and inflation', async () => {
    const big = Buffer.alloc(600_000, 'a');
    await rejects(
      await tarGz([{ name: 'demo/big', data: big }]),
      /decompressed chart file "demo\/big" is larger than the maximum file size 100000/,
      {
        maxFileBytes: 100_000,
      },
    );
    await rejects(
      await tarGz([1, 2, 3].map((i) => ({ name: `demo/f${i}`, data: big }))),
      /decompressed chart is larger than the maximum size 1000000/,
      { maxTotalBytes: 1_000_000 },
    );
    await rejects(
      await tarGz(Array.from({ length: 30 }, (_, i) => ({ name: `demo/f${i}`, data: 'x' }))),
      /more than 20 entries/,
      { maxEntries: 20 },
    );
    // A valid tiny tar followed by 32 MiB of zeros: stopped on the inflated size, quickly.
    const tar = (await import('node:zlib')).gunzipSync(await chartArchive('demo', '1.0.0'));
    const bomb = gzipSync(Buffer.concat([tar, Buffer.alloc(32 * 1024 * 1024)]));
    expect(bomb.byteLength).toBeLessThan(200_000);
    const started = Date.now();
    await rejects(bomb, /inflates beyond/, { maxTotalBytes: 1_000_000, maxEntries: 100 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reports garbage with Go's gzip and tar reader errors, not a crash", async () => {
    await rejects(new Uint8Array([]), /^EOF$/);
    await rejects(new Uint8Array([1, 2, 3, 4]), /^unexpected EOF$/);
    await rejects(new Uint8Array(64), /^gzip: invalid header$/);
    // helm (both versions) says exactly this for such a subchart archive.
    await rejects(
      gzipSync(Buffer.from('not a tar at all, just text that is long enough'.repeat(20))),
      /^archive\/tar: invalid tar header$/,
    );
  });
});

describe('extracting', () => {
  it('names the directory after Chart.yaml and writes nothing when an entry is bad', async () => {
    const dir = mkdtempSync(join(scratch, 'x-'));
    const out = await extractChartArchive(await chartArchive('demo', '1.0.0'), dir);
    expect(out).toBe(join(dir, 'demo'));
    expect(Object.keys(tree(out)).sort()).toEqual(['Chart.yaml', 'templates/cm.yaml', 'values.yaml']);

    const bad = await tarGz([
      { name: 'other/Chart.yaml', data: 'name: other\nversion: 1.0.0\n' },
      { name: 'other/ok.yaml', data: 'a: 1\n' },
      { name: 'other/../../escape', data: 'x' },
    ]);
    const err = await extractChartArchive(bad, dir).catch((e) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect(readdirSync(dir)).toEqual(['demo']);
  });

  it('writes over an existing chart directory, never through its symbolic links', async () => {
    const dir = mkdtempSync(join(scratch, 'm-'));
    mkdirSync(join(dir, 'demo'));
    writeFileSync(join(dir, 'demo', 'keep.txt'), 'kept');
    writeFileSync(join(dir, 'demo', 'Chart.yaml'), 'old');
    await extractChartArchive(await chartArchive('demo', '1.0.0'), dir);
    expect(Object.keys(tree(join(dir, 'demo'))).sort()).toEqual([
      'Chart.yaml',
      'keep.txt',
      'templates/cm.yaml',
      'values.yaml',
    ]);
    expect(readFileSync(join(dir, 'demo', 'Chart.yaml'), 'utf8')).toContain('name: demo');

    const outside = mkdtempSync(join(scratch, 'outside-'));
    const linked = mkdtempSync(join(scratch, 'l-'));
    mkdirSync(join(linked, 'demo'));
    symlinkSync(outside, join(linked, 'demo', 'templates'));
    const err = await extractChartArchive(await chartArchive('demo', '1.0.0'), linked).catch((e) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a chart name that is a path', async () => {
    const dir = mkdtempSync(join(scratch, 'n-'));
    const bytes = await tarGz([{ name: 'x/Chart.yaml', data: 'name: ../../etc\nversion: 1.0.0\n' }]);
    await expect(extractChartArchive(bytes, dir)).rejects.toThrow(/not a valid directory name/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!helmAvailable() || !corpusAvailable())('produces the same tree as helm pull --untar', async () => {
    const stop = await ensureChartRepo();
    try {
      for (const [name, version, file] of [
        ['grafana', '12.3.3', 'grafana-12.3.3.tgz'],
        ['kube-prometheus-stack', '84.4.0', 'kube-prometheus-stack-84.4.0.tgz'],
        ['cert-manager', 'v1.20.2', 'cert-manager-v1.20.2.tgz'],
      ] as const) {
        const helmDir = mkdtempSync(join(scratch, 'helm-'));
        await run(
          HELM_BINARIES.helm4,
          ['pull', name, '--repo', CHART_REPO_URL, '--version', version, '--untar', '-d', helmDir],
          {
            env: { ...process.env, HELM_CACHE_HOME: join(scratch, '.c'), HELM_CONFIG_HOME: join(scratch, '.g') },
          },
        );
        const ours = mkdtempSync(join(scratch, 'ours-'));
        const chartDir = await extractChartArchive(readFileSync(join(CORPUS_DIR, file)), ours);
        expect(readdirSync(helmDir)).toEqual([name]);
        expect(tree(chartDir)).toEqual(tree(join(helmDir, name)));
      }
    } finally {
      await stop();
    }
  });
});
