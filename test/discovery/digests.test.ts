/**
 * `--resolve-digests` (beyond aicr): images pinned to the manifest digest their tag names, asked of
 * each image's registry: HEAD first, GET when no digest is announced, the token flow on a challenge;
 * failures stay unpinned as component warnings.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { MirrorCommandDeps } from '../../src/cli/mirror.js';
import { applyPinning, resolveDigests } from '../../src/discovery/digests.js';
import { imageDigestResolver } from '../../src/discovery/engines.js';
import { mirrorList } from '../../src/discovery/pipeline.js';
import type { ComponentImages, ImageProvenance } from '../../src/formats/model.js';
import { FetchError, parsePlatform, resolveImageDigest } from '../../src/helm/fetch/index.js';
import { selectPlatform } from '../../src/helm/fetch/platform.js';
import { captureIO } from '../support/cli-io.js';
import { type FakeServer, startFakeServer } from '../support/fake-server.js';
import { pushImage, pushIndex } from '../support/oci-push.js';
import { type Registry, registryAvailable, startRegistry } from '../support/servers.js';
import { deployment, fakeFetcher, fakeRenderer, recipe, runMirrorList } from './support.js';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const MANIFEST = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}';

describe('resolveImageDigest against a scripted registry', () => {
  let server: FakeServer;
  let host: string;
  const methods: string[] = [];
  beforeAll(async () => {
    server = await startFakeServer();
    host = `127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());
  const resolve = (image: string) => resolveImageDigest(image, { plainHttp: true, retries: 0 });
  const manifest = (path: string, answer: (method: string, res: import('node:http').ServerResponse) => void) =>
    server.route(path, (req, res) => {
      methods.push(`${req.method} ${path}`);
      answer(req.method!, res);
    });

  it('takes the digest a HEAD announces, and sends no GET', async () => {
    const digest = sha('announced');
    manifest('/v2/team/app/manifests/1.0', (_m, res) =>
      res.writeHead(200, { 'docker-content-digest': digest, 'content-type': 'application/json' }).end(),
    );
    methods.length = 0;
    expect(await resolve(`${host}/team/app:1.0`)).toBe(digest);
    expect(methods).toEqual(['HEAD /v2/team/app/manifests/1.0']);
    expect(server.log.at(-1)!.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
  });

  it('hashes the manifest of a GET when HEAD is refused or announces nothing, and asks for latest without a tag', async () => {
    manifest('/v2/team/refuses/manifests/latest', (m, res) =>
      m === 'HEAD' ? res.writeHead(405).end() : res.writeHead(200).end(MANIFEST),
    );
    manifest('/v2/team/silent/manifests/2', (m, res) => res.writeHead(200).end(m === 'HEAD' ? undefined : MANIFEST));
    methods.length = 0;
    expect(await resolve(`${host}/team/refuses`)).toBe(sha(MANIFEST));
    expect(await resolve(`${host}/team/silent:2`)).toBe(sha(MANIFEST));
    expect(methods).toEqual([
      'HEAD /v2/team/refuses/manifests/latest',
      'GET /v2/team/refuses/manifests/latest',
      'HEAD /v2/team/silent/manifests/2',
      'GET /v2/team/silent/manifests/2',
    ]);
  });

  it('rejects a manifest whose announced digest is not its own, and a missing tag', async () => {
    manifest('/v2/team/liar/manifests/1', (m, res) =>
      res.writeHead(200, { 'docker-content-digest': sha('other') }).end(m === 'HEAD' ? undefined : MANIFEST),
    );
    // The HEAD's digest is taken as announced; only a GET can be checked, so the liar is caught there.
    manifest('/v2/team/liar2/manifests/1', (m, res) =>
      m === 'HEAD'
        ? res.writeHead(200).end()
        : res.writeHead(200, { 'docker-content-digest': sha('other') }).end(MANIFEST),
    );
    expect(await resolve(`${host}/team/liar:1`)).toBe(sha('other'));
    await expect(resolve(`${host}/team/liar2:1`)).rejects.toThrow(/digest mismatch for manifest .*: expected sha256:/);
    manifest('/v2/team/gone/manifests/9', (_m, res) => res.writeHead(404).end());
    const err = await resolve(`${host}/team/gone:9`).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.message).toBe(`${host}/team/gone:9: not found`);
  });

  it('follows a bearer challenge with an anonymous token, then asks again with it', async () => {
    const digest = sha('private');
    const tokenRequests: string[] = [];
    server.route('/token', (req, res) => {
      tokenRequests.push(req.url!);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t0k"}');
    });
    manifest('/v2/private/app/manifests/1', (_m, res) => {
      const auth = server.log.at(-1)!.headers.authorization;
      if (auth !== 'Bearer t0k') {
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="${server.url}/token",service="fake",scope="repository:private/app:pull"`,
          })
          .end();
      } else res.writeHead(200, { 'docker-content-digest': digest }).end();
    });
    expect(await resolve(`${host}/private/app:1`)).toBe(digest);
    // Go's url.Values sorts its keys: helm's registry clients ask for the scope first.
    expect(tokenRequests).toEqual(['/token?scope=repository%3Aprivate%2Fapp%3Apull&service=fake']);
  });

  it('keeps a reference that already has a digest without asking, and refuses to look up offline', async () => {
    const pinned = sha('pinned');
    const before = server.log.length;
    expect(await resolve(`${host}/team/app:1.0@${pinned}`)).toBe(pinned);
    expect(server.log.length).toBe(before);
    await expect(resolveImageDigest(`${host}/team/app:1.0`, { offline: true })).rejects.toThrow(
      `offline: cannot resolve the digest of ${host}/team/app:1.0`,
    );
  });

  it('imageDigestResolver reads Docker Hub short names under their full name, and refuses invalid references', async () => {
    const lookup = imageDigestResolver({ plainHttp: true, retries: 0, offline: true });
    await expect(lookup('busybox:1.36', new AbortController().signal)).rejects.toThrow(
      'offline: cannot resolve the digest of docker.io/library/busybox:1.36',
    );
    await expect(lookup('ghcr.io/NVIDIA/driver:550', new AbortController().signal)).rejects.toThrow(
      '"ghcr.io/NVIDIA/driver:550" is not a valid image reference',
    );
  });
});

describe('platforms (--image-platform)', () => {
  it('parses os/architecture[/variant] and refuses anything else', () => {
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    for (const bad of ['linux', 'linux/', 'linux/amd64/v1/x', 'Linux/AMD64', 'linux amd64']) {
      expect(() => parsePlatform(bad)).toThrow(`invalid platform "${bad}": expected os/architecture[/variant]`);
    }
  });

  it("picks the index entry containerd would: a missing variant is the architecture's default", () => {
    const entries = [
      { digest: 'a', platform: { os: 'linux', architecture: 'amd64' } },
      { digest: 'b', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
      { digest: 'c', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { digest: 'd', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: 'e', platform: { os: 'unknown', architecture: 'unknown' } },
      { digest: 'f' },
    ];
    const pick = (p: string) => selectPlatform(entries, parsePlatform(p))?.digest;
    expect(pick('linux/amd64')).toBe('a');
    expect(pick('linux/arm')).toBe('c');
    expect(pick('linux/arm/v6')).toBe('b');
    expect(pick('linux/arm64')).toBe('d');
    expect(pick('linux/arm64/v8')).toBe('d');
    expect(pick('linux/arm64/v9')).toBeUndefined();
    expect(pick('linux/s390x')).toBeUndefined();
    // No default variant among the entries: the first of that architecture.
    expect(selectPlatform([entries[1]!], parsePlatform('linux/arm'))?.digest).toBe('b');
  });

  it('reads the index (no HEAD) and answers with the platform manifest; a single manifest keeps its own digest', async () => {
    const server = await startFakeServer();
    try {
      const host = `127.0.0.1:${server.port}`;
      const amd = sha('amd'),
        arm = sha('arm');
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
        manifests: [
          { digest: amd, platform: { os: 'linux', architecture: 'amd64' } },
          { digest: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        ],
      });
      const methods: string[] = [];
      server.route('/v2/multi/app/manifests/1', (req, res) => {
        methods.push(req.method!);
        res.writeHead(200).end(index);
      });
      server.route('/v2/single/app/manifests/1', (_req, res) => res.writeHead(200).end(MANIFEST));
      const lookup = (image: string, platform: string) =>
        resolveImageDigest(image, { plainHttp: true, retries: 0 }, parsePlatform(platform));
      expect(await lookup(`${host}/multi/app:1`, 'linux/arm64')).toBe(arm);
      expect(await lookup(`${host}/multi/app:1`, 'linux/amd64')).toBe(amd);
      expect(methods).toEqual(['GET', 'GET']);
      expect(await lookup(`${host}/single/app:1`, 'linux/amd64')).toBe(sha(MANIFEST));
      await expect(lookup(`${host}/multi/app:1`, 'linux/s390x')).rejects.toThrow(
        `${host}/multi/app:1: no linux/s390x manifest in its index (it has linux/amd64, linux/arm64/v8)`,
      );
    } finally {
      await server.close();
    }
  });
});

describe('resolveDigests and applyPinning', () => {
  it('pins each image once, at most `concurrency` at a time, and keeps failures as warnings', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const lookup = async (image: string) => {
      asked.push(image);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (image.startsWith('gone')) throw new Error('not found');
      return sha(image);
    };
    const images = ['a:1', 'b:1', 'c:1', 'gone:1', 'a:1', `d:1@${sha('d')}`];
    const pinning = await resolveDigests(images, lookup, { concurrency: 2, signal: new AbortController().signal });
    expect(asked.sort()).toEqual(['a:1', 'b:1', 'c:1', 'gone:1']);
    expect(most).toBe(2);
    const component: ComponentImages = { component: 'x', type: 'helm', images: ['a:1', 'gone:1', `d:1@${sha('d')}`] };
    const provenance = [{ image: 'a:1' }, { image: 'gone:1' }] as ImageProvenance[];
    applyPinning(component, provenance, pinning);
    expect(component.images).toEqual([`a:1@${sha('a:1')}`, `d:1@${sha('d')}`, 'gone:1']);
    expect(provenance.map((p) => p.image)).toEqual([`a:1@${sha('a:1')}`, 'gone:1']);
    expect(component.warnings).toEqual(['digest resolution failed for gone:1: not found']);
  });

  it('stops when the operation is cancelled', async () => {
    const controller = new AbortController();
    const lookup = async () => {
      controller.abort(new Error('cancelled'));
      throw new Error('aborted lookup');
    };
    await expect(resolveDigests(['a:1', 'b:1'], lookup, { concurrency: 1, signal: controller.signal })).rejects.toThrow(
      'cancelled',
    );
  });
});

describe.skipIf(!registryAvailable())(
  'mirror list --resolve-digests against docker-registry (needs /usr/bin/docker-registry)',
  () => {
    let registry: Registry;
    let dir: string;
    const digests: Record<string, string> = {};
    beforeAll(async () => {
      registry = await startRegistry();
      digests.app = await pushImage(registry.host, 'team/app', '1.0');
      digests.sidecar = await pushImage(registry.host, 'team/sidecar', 'v2');
      digests.amd = await pushImage(registry.host, 'team/multi', 'amd64-only', 'amd64 layer');
      digests.arm = await pushImage(registry.host, 'team/multi', 'arm64-only', 'arm64 layer');
      digests.index = await pushIndex(registry.host, 'team/multi', '3.0', [
        { digest: digests.amd, platform: { os: 'linux', architecture: 'amd64' } },
        { digest: digests.arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ]);
      dir = mkdtempSync(join(tmpdir(), 'helmless-digests-'));
    }, 30_000);
    afterAll(async () => {
      await registry?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    /** `mirror list` of a one-component recipe whose chart renders a Deployment of `images`. */
    const mirrorListOf = (images: string[]) => {
      const file = join(dir, `recipe-${images.length}-${Math.random().toString(36).slice(2)}.json`);
      const component = {
        name: 'demo',
        type: 'Helm',
        source: 'https://charts.example.com',
        chart: 'demo',
        version: '1',
      };
      writeFileSync(file, JSON.stringify(recipe([component])));
      const deps: MirrorCommandDeps = {
        renderChart: fakeRenderer({ demo: deployment('d', images) }).render,
        fetcher: () => fakeFetcher().fetch,
        digestResolver: imageDigestResolver,
      };
      return (args: string[]) => runMirrorList(deps, ['--recipe', file, ...args]);
    };

    it('pins listed images, warns about a tag the registry does not have, and fails with --strict', async () => {
      const h = registry.host;
      const images = [`${h}/team/app:1.0`, `${h}/team/sidecar:v2`, `${h}/team/app:missing`];
      const run = mirrorListOf(images);
      const list = await run(['--resolve-digests', '--plain-http', '-f', 'list']);
      expect(list.code).toBe(0);
      expect(list.out).toBe(
        `${h}/team/app:1.0@${digests.app}\n${h}/team/app:missing\n${h}/team/sidecar:v2@${digests.sidecar}\n`,
      );
      const json = JSON.parse((await run(['--resolve-digests', '--plain-http', '-f', 'json', '--provenance'])).out);
      expect(json.components[0].warnings).toEqual([
        `digest resolution failed for ${h}/team/app:missing: ${h}/team/app:missing: not found`,
      ]);
      expect(json.provenance.map((p: { image: string }) => p.image)).toContain(`${h}/team/app:1.0@${digests.app}`);
      expect((await run(['--resolve-digests', '--plain-http', '--strict'])).code).toBe(1);
      // --why takes the name as written too, and explains its pinned entry.
      const why = await run(['--resolve-digests', '--plain-http', '--why', `${h}/team/sidecar:v2`]);
      expect(why.out).toBe(
        `${h}/team/sidecar:v2@${digests.sidecar}\n  component demo: chart demo 1\n    demo/templates/all.yaml (document 0, Deployment d): spec.template.spec.containers[1].image\n`,
      );
      const offline = await run(['--resolve-digests', '--offline']);
      expect(offline.code).toBe(2);
      expect(offline.err).toContain(
        '--resolve-digests asks image registries for digests: it cannot be combined with --offline',
      );
    });

    it('helmless images --resolve-digests pins the list, and fails without printing it when a lookup fails', async () => {
      const h = registry.host;
      const chart = join(dir, 'chart');
      mkdirSync(join(chart, 'templates'), { recursive: true });
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: pinned\nversion: 1.0.0\n');
      writeFileSync(join(chart, 'values.yaml'), `tag: "1.0"\n`);
      writeFileSync(
        join(chart, 'templates', 'pod.yaml'),
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: ${h}/team/app:{{ .Values.tag }}\n`,
      );
      const images = async (args: string[]) => {
        const c = captureIO();
        return {
          code: await main(['images', chart, '--resolve-digests', '--plain-http', ...args], c.io),
          out: c.out(),
          err: c.err(),
        };
      };
      const ok = await images([]);
      expect(ok).toEqual({ code: 0, out: `${h}/team/app:1.0@${digests.app}\n`, err: '' });
      const why = await images(['--why', `${h}/team/app:1.0`]);
      expect(why.out).toBe(
        `${h}/team/app:1.0@${digests.app}\tpinned/templates/pod.yaml\tPod/p\tspec.containers[0].image\n`,
      );
      const missing = await images(['--set', 'tag=nope']);
      expect(missing).toEqual({
        code: 1,
        out: '',
        err: `Error: digest resolution failed for ${h}/team/app:nope: ${h}/team/app:nope: not found\n`,
      });
      const offline = await images(['--offline']);
      expect(offline.code).toBe(2);
    });

    it('pins a multi-platform image to its index, or with --image-platform to that platform', async () => {
      const h = registry.host;
      const run = mirrorListOf([`${h}/team/multi:3.0`]);
      expect((await run(['--resolve-digests', '--plain-http', '-f', 'list'])).out).toBe(
        `${h}/team/multi:3.0@${digests.index}\n`,
      );
      expect(
        (await run(['--resolve-digests', '--plain-http', '--image-platform', 'linux/arm64', '-f', 'list'])).out,
      ).toBe(`${h}/team/multi:3.0@${digests.arm}\n`);
      const platformFlags = ['--resolve-digests', '--plain-http', '--image-platform', 'linux/arm64'];
      const hauler = await run([...platformFlags, '-f', 'hauler']);
      expect(hauler.out).toContain('  annotations:\n    hauler.dev/platform: linux/arm64\n');
      expect(hauler.out).toContain(`    - name: ${h}/team/multi:3.0@${digests.arm}\n`);
      expect((await run([...platformFlags, '-f', 'zarf'])).out).toContain('  architecture: arm64\n');
      const none = await run(['--resolve-digests', '--plain-http', '--image-platform', 'linux/s390x', '-f', 'json']);
      expect(JSON.parse(none.out).components[0].warnings).toEqual([
        `digest resolution failed for ${h}/team/multi:3.0: ${h}/team/multi:3.0: no linux/s390x manifest in its index (it has linux/amd64, linux/arm64/v8)`,
      ]);
      const alone = await run(['--image-platform', 'linux/arm64']);
      expect(alone.code).toBe(2);
      expect(alone.err).toContain(
        '--image-platform chooses which manifest --resolve-digests pins: give --resolve-digests too',
      );
      const bad = await run(['--resolve-digests', '--image-platform', 'arm64']);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('invalid platform "arm64"');
    });

    it('pins through the library API too', async () => {
      const h = registry.host;
      const result = await mirrorList(
        recipe([{ name: 'demo', type: 'Helm', source: 'https://charts.example.com', chart: 'demo', version: '1' }]),
        {
          renderChart: fakeRenderer({ demo: deployment('d', [`${h}/team/app:1.0`]) }).render,
          fetchChart: fakeFetcher().fetch,
          resolveDigest: imageDigestResolver({ plainHttp: true }),
        },
      );
      expect(result.images).toEqual([`${h}/team/app:1.0@${digests.app}`]);
    });
  },
);
