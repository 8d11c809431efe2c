/**
 * `--add-image COMPONENT:IMAGE` and `--exclude-image PATTERN`: the user's corrections to what
 * discovery finds, in the pipeline, both commands and every output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { imagesCommand } from '../../src/cli/images.js';
import { MirrorError } from '../../src/discovery/errors.js';
import { globMatch, ImageExclusions, parseImageAddition } from '../../src/discovery/image-edits.js';
import { mirrorList } from '../../src/discovery/pipeline.js';
import type { ComponentRef } from '../../src/discovery/types.js';
import { formatMirrorList } from '../../src/formats/index.js';
import { tarGz } from '../support/chart-archive.js';
import { captureIO } from '../support/cli-io.js';
import { deployment, fakeFetcher, fakeRenderer, recipe, rejection, runMirrorList, thrown } from './support.js';

const component = (name: string, extra: Partial<ComponentRef> = {}): ComponentRef => ({
  name,
  type: 'Helm',
  source: 'https://charts.example.com',
  chart: name,
  version: '1.0.0',
  ...extra,
});

/** The canned renders: `app` has a workload and a `helm test` pod, `db` one image. */
const RENDERS = {
  app: `${deployment('app', ['ghcr.io/example/app:1.0', 'busybox:1.36'])}---
apiVersion: v1
kind: Pod
metadata:
  name: app-test
  annotations: {helm.sh/hook: test}
spec:
  containers:
    - name: t
      image: ghcr.io/example/app-test:1.0
`,
  db: deployment('db', ['docker.io/library/postgres:17']),
};

async function listed(options: Parameters<typeof mirrorList>[1], refs = [component('app'), component('db')]) {
  const notices: string[] = [];
  const result = await mirrorList(recipe(refs), {
    renderChart: fakeRenderer(RENDERS).render,
    fetchChart: fakeFetcher().fetch,
    onNotice: (m) => notices.push(m),
    ...options,
  });
  return { result, notices };
}

describe('globMatch', () => {
  it('matches whole references, * across slashes and colons', () => {
    const cases: Array<[string, string, boolean]> = [
      ['*-test:*', 'ghcr.io/example/app-test:1.0', true],
      ['*-test:*', 'ghcr.io/example/app-test', false],
      ['ghcr.io/*', 'ghcr.io/example/app:1.0', true],
      ['ghcr.io/*', 'xghcr.io/example/app:1.0', false],
      ['*/busybox:*', 'docker.io/library/busybox:1.36', true],
      ['busybox:1.36', 'docker.io/library/busybox:1.36', false],
      ['busybox:1.36', 'busybox:1.36', true],
      ['*', '', true],
      ['', '', true],
      ['a**b', 'ab', true],
      ['a*b*c', 'aXbYbZc', true],
      ['a*b*c', 'aXbYbZ', false],
      ['a.b', 'aXb', false],
      ['[a]', '[a]', true],
    ];
    for (const [pattern, text, want] of cases) expect(globMatch(pattern, text), `${pattern} ~ ${text}`).toBe(want);
  });

  it('agrees with the regular expression the pattern stands for', () => {
    const chars = fc.constantFrom('a', 'b', '/', ':', '.', '*');
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', ':', '.'), maxLength: 12 });
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 8 }), text, (pattern, t) => {
        const re = new RegExp(
          `^${pattern.replace(/[.*+?^${}()|[\]\\/]/g, (c) => (c === '*' ? '.*' : `\\${c}`))}$`,
          's',
        );
        expect(globMatch(pattern, t)).toBe(re.test(t));
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });

  it('stays fast on patterns that make backtracking regular expressions explode', () => {
    const started = performance.now();
    expect(globMatch(`${'*a'.repeat(40)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('parseImageAddition', () => {
  it('splits at the first colon and checks the reference', () => {
    expect(parseImageAddition('gpu-operator:nvcr.io/nvidia/cuda:12.4.1-base')).toEqual({
      component: 'gpu-operator',
      image: 'nvcr.io/nvidia/cuda:12.4.1-base',
    });
    expect(parseImageAddition('db:busybox@sha256:'.concat('a'.repeat(64)))).toEqual({
      component: 'db',
      image: `busybox@sha256:${'a'.repeat(64)}`,
    });
  });

  it('refuses a value without a component, or with an invalid reference, as invalid input', () => {
    for (const bad of ['busybox', ':busybox', 'docker.io/busybox:1', 'app:', 'app:Upper/Case:1', 'app:a b']) {
      const err = thrown(() => parseImageAddition(bad)) as MirrorError;
      expect(err, bad).toBeInstanceOf(MirrorError);
      expect(err.exitCode, bad).toBe(2);
      expect(err.message).toContain(`invalid --add-image ${JSON.stringify(bad)}`);
    }
  });

  it('refuses an empty exclusion pattern', () => {
    expect((thrown(() => new ImageExclusions(['*', ''])) as MirrorError).exitCode).toBe(2);
  });
});

describe('mirrorList with additions and exclusions', () => {
  it('leaves out matching discovered images, their provenance and nothing else', async () => {
    const { result, notices } = await listed({ excludeImages: ['*-test:*'] });
    expect(result.images).toEqual(['busybox:1.36', 'docker.io/library/postgres:17', 'ghcr.io/example/app:1.0']);
    expect(result.components[0]!.images).toEqual(['busybox:1.36', 'ghcr.io/example/app:1.0']);
    expect(result.provenance!.some((p) => p.image.includes('app-test'))).toBe(false);
    expect(notices).toEqual([]);
  });

  it('reports a pattern that matches no image', async () => {
    const { result, notices } = await listed({ excludeImages: ['*:latest', 'docker.io/*'] });
    expect(result.images).toHaveLength(3);
    expect(notices).toEqual(['--exclude-image *:latest matches no image']);
  });

  it('lists added images under their component, with provenance, never excluded', async () => {
    const { result } = await listed({
      addImages: ['db:nvcr.io/nvidia/cuda:12.4.1-base', { component: 'app', image: 'ghcr.io/example/app-test:1.0' }],
      excludeImages: ['*-test:*', 'nvcr.io/*'],
    });
    expect(result.components.map((c) => c.images)).toEqual([
      ['busybox:1.36', 'ghcr.io/example/app-test:1.0', 'ghcr.io/example/app:1.0'],
      ['docker.io/library/postgres:17', 'nvcr.io/nvidia/cuda:12.4.1-base'],
    ]);
    const added = result.provenance!.filter((p) => p.source === 'added');
    expect(added).toEqual([
      {
        image: 'ghcr.io/example/app-test:1.0',
        component: 'app',
        source: 'added',
        path: '--add-image',
        documentIndex: 0,
        yamlPath: '',
      },
      {
        image: 'nvcr.io/nvidia/cuda:12.4.1-base',
        component: 'db',
        source: 'added',
        path: '--add-image',
        documentIndex: 0,
        yamlPath: '',
      },
    ]);
    // The discovered occurrence of the re-added test image was excluded: only the addition explains it.
    expect(result.provenance!.filter((p) => p.image === 'ghcr.io/example/app-test:1.0')).toHaveLength(1);
    expect(formatMirrorList(result, 'json', { provenance: true })).toContain('"source": "added"');
  });

  it('normalises added images with normalize, and matches exclusions against the normalised names', async () => {
    const { result } = await listed({ normalize: true, addImages: ['db:alpine:3.20'], excludeImages: ['busybox:*'] });
    expect(result.images).toContain('docker.io/library/alpine:3.20');
    expect(result.images).toContain('docker.io/library/busybox:1.36');
    const { result: excluded } = await listed({ normalize: true, excludeImages: ['docker.io/library/busybox:*'] });
    expect(excluded.images.some((i) => i.includes('busybox'))).toBe(false);
  });

  it('pins added images with the digest lookup, and asks nothing for excluded ones', async () => {
    const asked: string[] = [];
    const { result } = await listed({
      addImages: ['db:nvcr.io/nvidia/cuda:12'],
      excludeImages: ['*-test:*', 'busybox:*'],
      resolveDigest: async (image) => {
        asked.push(image);
        return `sha256:${'0'.repeat(64)}`;
      },
    });
    expect(asked.sort()).toEqual([
      'docker.io/library/postgres:17',
      'ghcr.io/example/app:1.0',
      'nvcr.io/nvidia/cuda:12',
    ]);
    expect(result.images).toContain(`nvcr.io/nvidia/cuda:12@sha256:${'0'.repeat(64)}`);
  });

  it('refuses a component the recipe lacks, and notes one that is disabled', async () => {
    const invalidImage = await rejection(listed({ addImages: [{ component: 'db', image: 'Not/Valid' }] }));
    expect(invalidImage.message).toBe('invalid --add-image "db:Not/Valid": "Not/Valid" is not an image reference');
    const err = await rejection(listed({ addImages: ['nope:busybox:1'] }));
    expect(err).toBeInstanceOf(MirrorError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('--add-image nope:busybox:1: the recipe has no component "nope" (it has app, db)');
    const { result, notices } = await listed({ addImages: ['db:busybox:1'], set: ['db:enabled=false'] }, [
      component('app'),
      component('db'),
    ]);
    expect(result.images).not.toContain('busybox:1');
    expect(notices).toEqual(['--add-image db:busybox:1: component "db" is disabled; not listed']);
  });
});

describe('the flags on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helmless-image-edits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'recipe.json');
  writeFileSync(file, JSON.stringify(recipe([component('app'), component('db')])));
  const run = (args: string[]) =>
    runMirrorList({ renderChart: fakeRenderer(RENDERS).render, fetcher: () => fakeFetcher().fetch }, [
      '--recipe',
      file,
      ...args,
    ]);

  it('mirror list: the list, --why, and invalid values before anything is rendered', async () => {
    const out = await run(['-f', 'list', '--exclude-image', '*-test:*', '--add-image', 'db:nvcr.io/nvidia/cuda:12']);
    expect(out.code).toBe(0);
    expect(out.out).toBe(
      'busybox:1.36\ndocker.io/library/postgres:17\nghcr.io/example/app:1.0\nnvcr.io/nvidia/cuda:12\n',
    );
    const why = await run(['--add-image', 'db:nvcr.io/nvidia/cuda:12', '--why', 'nvcr.io/nvidia/cuda:12']);
    expect(why.out).toBe('nvcr.io/nvidia/cuda:12\n  component db: added with --add-image\n');
    const excluded = await run(['--exclude-image', '*-test:*', '--why', 'ghcr.io/example/app-test:1.0']);
    expect(excluded.code).toBe(3);
    expect(excluded.err).toBe(
      'Error: image "ghcr.io/example/app-test:1.0" is not in the mirror list: --exclude-image *-test:* leaves it out\n',
    );
    expect((await run(['--why', 'ghcr.io/example/none:1.0'])).err).toBe(
      'Error: image "ghcr.io/example/none:1.0" is not in the mirror list\n',
    );
    const unused = await run(['-f', 'list', '--exclude-image', 'quay.io/*']);
    expect(unused.err).toContain('warning: --exclude-image quay.io/* matches no image');
    for (const bad of [
      ['--add-image', 'busybox'],
      ['--exclude-image', ''],
    ]) {
      const r = await run(bad);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.out).toBe('');
    }
  });

  it('helmless images --exclude-image', async () => {
    const chart = join(dir, 'demo-1.0.0.tgz');
    writeFileSync(
      chart,
      await tarGz([
        { name: 'demo/Chart.yaml', data: 'apiVersion: v2\nname: demo\nversion: 1.0.0\n' },
        { name: 'demo/templates/all.yaml', data: RENDERS.app },
      ]),
    );
    const images = async (args: string[]) => {
      const c = captureIO();
      const code = await imagesCommand([chart, ...args], c.io);
      return { code, out: c.out(), err: c.err() };
    };
    const all = await images([]);
    expect(all.out).toBe('busybox:1.36\nghcr.io/example/app-test:1.0\nghcr.io/example/app:1.0\n');
    const some = await images(['--exclude-image', '*-test:*', '--exclude-image', 'none*']);
    expect(some.code).toBe(0);
    expect(some.out).toBe('busybox:1.36\nghcr.io/example/app:1.0\n');
    expect(some.err).toBe('warning: --exclude-image none* matches no image\n');
    const why = await images(['--exclude-image', '*-test:*', '--why', 'ghcr.io/example/app-test:1.0']);
    expect(why.code).toBe(3);
    expect(why.err).toBe('Error: image ghcr.io/example/app-test:1.0 is left out by --exclude-image *-test:*\n');
    await expect(images(['--exclude-image', ''])).rejects.toMatchObject({ exitCode: 2 });
  });
});
