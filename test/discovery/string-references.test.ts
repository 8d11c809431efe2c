/**
 * The string scan's reference finder (beyond upstream): fully qualified references inside other
 * strings, with no false positives on the shapes free text in manifests is full of.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findStringReferences, isQualifiedReference } from '../../src/discovery/string-references.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('isQualifiedReference', () => {
  it.each([
    'quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1',
    'nvcr.io/nvidia/mellanox/network-operator-init-container:network-operator-v26.4.1',
    `nvcr.io/nvidia/skyhook/agent:v6.4.1@${DIGEST}`,
    `registry.k8s.io/pause@${DIGEST}`,
    'registry.k8s.io/pause:3.10',
    'localhost/a:1',
    'localhost:5000/team/app:latest',
    'registry:5000/app:1.0',
    'my-registry.example.com:8443/a/b/c:2024.01_rc-1',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1',
    'us-central1-docker.pkg.dev/k8s-staging-images/kueue/kueue:release-0.19',
    'ghcr.io/org/name__with.separators---here:tag',
  ])('accepts %s', (ref) => {
    expect(isQualifiedReference(ref)).toBe(true);
  });

  it.each([
    ['no tag or digest', 'quay.io/prometheus/prometheus'],
    ['no registry host', 'library/busybox:1.36'],
    ['a bare name', 'busybox:1.36'],
    ['only a registry', 'quay.io:443'],
    ['a URL', 'https://quay.io/prometheus/prometheus:v1'],
    ['upper case in the path', 'ghcr.io/NVIDIA/driver:550'],
    ['a leading separator', 'quay.io/-x/y:1'],
    ['an empty path component', 'quay.io//y:1'],
    ['a tag too long', `quay.io/x:${'a'.repeat(129)}`],
    ['a short digest', 'quay.io/x@sha256:abc'],
    ['a taint key and effect', 'node-role.kubernetes.io/control-plane:NoSchedule'],
    ['a taint on a vendor key', 'nvidia.com/gpu:NoExecute'],
    ['a label domain', 'topology.kubernetes.io/zone:us-east-1a'],
    ['a Go module version', 'k8s.io/client-go@v0.30.1'],
    ['a name over 255 characters', `quay.io/${'a'.repeat(250)}:1`],
  ])('rejects %s', (_what, text) => {
    expect(isQualifiedReference(text)).toBe(false);
  });
});

describe('findStringReferences', () => {
  it('finds references after flags, in env-like assignments, quoted, in lists and in scripts', () => {
    expect(
      findStringReferences(
        '--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1',
      ),
    ).toEqual(['quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1']);
    expect(findStringReferences('RELATED_IMAGE_AGENT="nvcr.io/nvidia/agent:v1",other=ghcr.io/o/b:2')).toEqual([
      'nvcr.io/nvidia/agent:v1',
      'ghcr.io/o/b:2',
    ]);
    expect(
      findStringReferences('#!/bin/sh\nset -e\ncrane copy docker.io/library/alpine:3.20 localhost:5000/alpine:3.20\n'),
    ).toEqual(['docker.io/library/alpine:3.20', 'localhost:5000/alpine:3.20']);
    expect(findStringReferences('[quay.io/a/b:1, quay.io/a/b:1]')).toEqual(['quay.io/a/b:1', 'quay.io/a/b:1']);
  });

  it('leaves sentence punctuation off and skips what is not a reference', () => {
    expect(findStringReferences('Pull quay.io/x/y:v1. Then run it.')).toEqual(['quay.io/x/y:v1']);
    expect(findStringReferences('see https://quay.io/x/y:v1 and /etc/config.yaml:3, key=value')).toEqual([]);
    expect(findStringReferences('--taints=nvidia.com/gpu:NoSchedule --image-name=quay.io/x/y')).toEqual([]);
    expect(findStringReferences('no slash here at all: v1.2.3')).toEqual([]);
  });

  it('takes linear time on long runs of reference characters', () => {
    const long = `${'a.'.repeat(200_000)}/x:1 ${'b'.repeat(400_000)} ${':/'.repeat(100_000)}`;
    const start = performance.now();
    expect(findStringReferences(long)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('finds any qualified reference between separators, and only such references', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:[._-][a-z0-9]{1,4})?$/);
    const reference = fc
      .tuple(
        fc.constantFrom('quay.io', 'nvcr.io', 'registry.k8s.io', 'localhost:5000', 'r.example.com:8443'),
        fc.array(component, { minLength: 1, maxLength: 3 }),
        fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}[A-Za-z0-9_]$/),
      )
      .map(([host, path, tag]) => `${host}/${path.join('/')}:${tag}`)
      .filter((r) => !/:(?:NoSchedule|PreferNoSchedule|NoExecute)$/.test(r));
    const separator = fc.constantFrom(' ', '=', '"', "'", ',', '\n', '\t', '(', ')', ' --flag=');
    const filler = fc.string({ maxLength: 12 }).map((s) => s.replace(/[A-Za-z0-9._:/@-]/g, ' '));
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, separator, reference, separator), { maxLength: 4 }), (parts) => {
        const text = parts.map(([f, a, r, b]) => `${f}${a}${r}${b}`).join('');
        const found = findStringReferences(text);
        expect(found).toEqual(parts.map(([, , r]) => r));
        for (const r of found) expect(isQualifiedReference(r)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
