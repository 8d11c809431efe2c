/**
 * `--normalize` (beyond upstream): Docker's `ParseNormalizedNamed`. The cases are the expectations
 * of distribution/reference's own tests (normalize_test.go: TestParseRepositoryInfo,
 * TestNormalizedSplitHostname, TestParseAnyReference, TestValidateReferenceName), with tags and
 * digests kept as written.
 */
import { describe, expect, it } from 'vitest';
import { extractImages } from '../../src/discovery/extract.js';
import { isImageReference, normalizeImageReference } from '../../src/discovery/normalize.js';

const DIGEST = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';
const HEX64 = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a';

describe('normalizeImageReference', () => {
  it.each([
    ['fooo/bar', 'docker.io/fooo/bar'],
    ['index.docker.io/fooo/bar', 'docker.io/fooo/bar'],
    ['ubuntu', 'docker.io/library/ubuntu'],
    ['library/ubuntu', 'docker.io/library/ubuntu'],
    ['docker.io/foo', 'docker.io/library/foo'],
    ['ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base'],
    ['index.docker.io/library/ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base'],
    ['library/foo/bar', 'docker.io/library/foo/bar'],
    ['store/foo/bar', 'docker.io/store/foo/bar'],
    ['other/library', 'docker.io/other/library'],
    ['test_com/foo', 'docker.io/test_com/foo'],
    ['docker/migrator', 'docker.io/docker/migrator'],
    ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000/private/moonbase'],
    ['example.com/privatebase', 'example.com/privatebase'],
    ['example.com:8000/private/moonbase', 'example.com:8000/private/moonbase'],
    ['test-com:8080/foo', 'test-com:8080/foo'],
    ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080/foo'],
    ['localhost/foo:1', 'localhost/foo:1'],
    ['redis:latest', 'docker.io/library/redis:latest'],
    [`redis@${DIGEST}`, `docker.io/library/redis@${DIGEST}`],
    [`dmcgowan/myapp@${DIGEST}`, `docker.io/dmcgowan/myapp@${DIGEST}`],
    [`busybox:latest@${DIGEST}`, `docker.io/library/busybox:latest@${DIGEST}`],
    [`docker.io/${HEX64}`, `docker.io/library/${HEX64}`],
    [
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      'docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    ],
    ['dock__er/docker:1.36', 'docker.io/dock__er/docker:1.36'],
    ['quay.io/jetstack/cert-manager-controller:v1.20.2', 'quay.io/jetstack/cert-manager-controller:v1.20.2'],
  ])('%s is %s', (ref, expected) => {
    expect(normalizeImageReference(ref)).toBe(expected);
    expect(isImageReference(ref)).toBe(true);
  });

  it.each([
    'https://github.com/docker/docker',
    'docker/Docker',
    '-docker',
    '-docker/docker',
    '-docker.io/docker/docker',
    'docker///docker',
    'docker.io/docker/Docker',
    HEX64,
    'docker-/docker',
    '____/____',
    'dock..er/docker',
    'docker/',
    `${'a'.repeat(250)}/docker`,
    'ghcr.io/NVIDIA/driver:550',
    'nginx:{{ .Values.tag }}',
    'busybox:-1',
    'x'.repeat(5000),
  ])('leaves %s as written (not a valid reference)', (ref) => {
    expect(normalizeImageReference(ref)).toBe(ref);
    expect(isImageReference(ref)).toBe(false);
  });
});

describe('extractImages with normalize', () => {
  const text = `kind: Pod
spec:
  initContainers:
    - image: busybox:1.36
  containers:
    - image: docker.io/library/busybox:1.36
    - image: index.docker.io/grafana/grafana:13.0.1
      args: ["--helper=docker.io/grafana/grafana:13.0.1", "--other=quay.io/x/y:1"]
`;

  it('merges spellings of one image and keeps each spelling it changed', () => {
    expect(extractImages([{ path: 'p', content: text }]).images).toEqual([
      'busybox:1.36',
      'docker.io/library/busybox:1.36',
      'index.docker.io/grafana/grafana:13.0.1',
    ]);
    const r = extractImages([{ path: 'p', content: text }], { normalize: true, scanStrings: true });
    expect(r.images).toEqual(['docker.io/grafana/grafana:13.0.1', 'docker.io/library/busybox:1.36', 'quay.io/x/y:1']);
    expect(r.occurrences.map((o) => [o.image, o.asWritten, o.inString])).toEqual([
      ['docker.io/library/busybox:1.36', 'busybox:1.36', undefined],
      ['docker.io/library/busybox:1.36', undefined, undefined],
      ['docker.io/grafana/grafana:13.0.1', 'index.docker.io/grafana/grafana:13.0.1', undefined],
      // The argument names an image an image key already names (once normalised): not repeated.
      ['quay.io/x/y:1', undefined, true],
    ]);
  });
});
