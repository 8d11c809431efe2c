import { describe, expect, it } from 'vitest';
import { yamlV2Unmarshal } from '../../src/codec/yaml-decode.js';
import { PlainTreeBuilder } from '../../src/codec/yaml-plain.js';
import {
  combineImageReference,
  extractImages,
  extractImagesFromYAML,
  ImageExtractionError,
  InvalidImageDescriptorError,
  isLikelyImage,
  stripTemplateDirectives,
  TEMPLATE_PLACEHOLDER,
} from '../../src/discovery/extract.js';
import { thrown } from './support.js';

describe('workloads (spec §11 #22)', () => {
  it('finds containers and initContainers of Deployments, DaemonSets and Pods across documents, deduplicated and sorted', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: app
          image: nginx:1.27
        - name: sidecar
          image: "registry.k8s.io/pause:3.10"
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: ghcr.io/example/agent:v2
        - name: again
          image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: one
spec:
  ephemeralContainers:
    - name: debug
      image: docker.io/library/alpine:3.20
  containers:
    - name: c
      image: busybox:1.36
`;
    expect(extractImagesFromYAML(text)).toEqual([
      'busybox:1.36',
      'docker.io/library/alpine:3.20',
      'ghcr.io/example/agent:v2',
      'nginx:1.27',
      'registry.k8s.io/pause:3.10',
    ]);
  });

  it('returns nothing for empty input, comments only, or empty documents', () => {
    expect(extractImagesFromYAML('')).toEqual([]);
    expect(extractImagesFromYAML('# nothing\n---\n---\n')).toEqual([]);
  });

  it('finds image keys in arbitrary custom resources (CronJob, operator CRs)', () => {
    const text = `kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - image: quay.io/x/job:1
---
kind: Prometheus
spec:
  image: quay.io/prometheus/prometheus:v3.0.0
`;
    expect(extractImagesFromYAML(text)).toEqual(['quay.io/prometheus/prometheus:v3.0.0', 'quay.io/x/job:1']);
  });
});

describe('templated and empty values (spec §11 #23, §8.6)', () => {
  it('skips template expressions and empty values', () => {
    const text = `spec:
  containers:
    - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    - image: ""
    - image:
    - image: null
    - image: ~
    - image: true
    - image: FALSE
    - image: /usr/bin/thing
    - image: ./relative:1
    - image: real.io/ok:1
`;
    expect(extractImagesFromYAML(text)).toEqual(['real.io/ok:1']);
  });

  it('applies the likely-image filter of the newest revision', () => {
    for (const bad of [
      '',
      'null',
      'True',
      'false',
      'driver',
      'vgpu-manager',
      'a/b',
      '{{x}}',
      'x}}:1',
      '/abs:1',
      './r:1',
    ]) {
      expect(isLikelyImage(bad), bad).toBe(false);
    }
    expect(isLikelyImage(`${TEMPLATE_PLACEHOLDER}:1`)).toBe(false);
    for (const good of [
      'cos-nvidia-installer:fixed',
      'busybox:1.36',
      'nvcr.io/nvidia/driver',
      'localhost/x',
      'host:5000/x',
      'repo@sha256:abc',
      'NULL:1',
      'Nginx:1',
    ]) {
      expect(isLikelyImage(good), good).toBe(true);
    }
  });

  it('keeps references exactly as written: no normalisation (§8.7)', () => {
    const text = `a:
  image: busybox:1.36
b:
  image: docker.io/library/busybox:1.36
c:
  image: "  Docker.IO/Library/BusyBox:1.36  "
d:
  image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000
e:
  image: nginx:1.2@sha256:1111111111111111111111111111111111111111111111111111111111111111
`;
    expect(extractImagesFromYAML(text)).toEqual([
      'Docker.IO/Library/BusyBox:1.36',
      'busybox:1.36',
      'docker.io/library/busybox:1.36',
      'nginx:1.2@sha256:1111111111111111111111111111111111111111111111111111111111111111',
      'nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000',
    ]);
  });
});

describe('Helm directive pre-pass (spec §8.1, §11 #24)', () => {
  it('blanks directive-only lines (keeping line numbers) and replaces inline directives', () => {
    const input = [
      'metadata:',
      '  labels:',
      '    heritage: {{ .Release.Service }}',
      '  {{- if .Values.x }}',
      '  {{- end }} {{ "y" }}',
      'spec: {}',
    ].join('\n');
    expect(stripTemplateDirectives(input)).toBe(
      ['metadata:', '  labels:', `    heritage: ${TEMPLATE_PLACEHOLDER}`, '', '', 'spec: {}'].join('\n'),
    );
  });

  it('still finds static images in files mixing YAML and directives, without evaluating conditions', () => {
    const text = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ include "x.fullname" . }}
  labels:
    app.kubernetes.io/managed-by: {{ .Release.Service }}
spec:
  template:
    spec:
      containers:
      {{- if .Values.enabled }}
        - name: a
          image: nvcr.io/nvidia/a:1.0
      {{- end }}
      {{- range .Values.extra }}
        - name: {{ .name }}
          image: {{ .image }}
      {{- end }}
        - name: b
          image: "nvcr.io/nvidia/b:{{ .Values.tag }}"
        - name: c
          image: registry.k8s.io/c:2
`;
    expect(extractImagesFromYAML(text)).toEqual(['nvcr.io/nvidia/a:1.0', 'registry.k8s.io/c:2']);
  });

  it('keeps line numbers of descriptor errors aligned with the original file', () => {
    const text = ['{{- if .Values.x }}', 'spec:', '  image:', '    name: null', '{{- end }}', ''].join('\n');
    const err = thrown(() => extractImages([{ path: 'components/x/manifests/m.yaml', content: text }]));
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect((err as Error).message).toBe('field "name" at line 4, column 11 must be a non-null, non-empty scalar');
    expect((err as InvalidImageDescriptorError).path).toBe('components/x/manifests/m.yaml');
  });

  it('can be switched off for callers that strip directives themselves', () => {
    const text = '{{- if .X }}\nimage: q.io/a:1\n{{- end }}\n';
    expect(extractImagesFromYAML(text)).toEqual(['q.io/a:1']);
    expect(() => extractImagesFromYAML(text, { stripTemplateDirectives: false })).toThrow(ImageExtractionError);
  });
});

describe('anchors, aliases and merge keys (spec §11 #25)', () => {
  it('finds an image inside an anchored mapping reached via <<: *defaults and an image: *img alias', () => {
    const text = `defaults: &defaults
  image: quay.io/example/base:1.0
  imagePullPolicy: IfNotPresent
tag: &img ghcr.io/example/aliased:2.0
spec:
  containers:
    - <<: *defaults
      name: a
    - name: b
      image: *img
`;
    expect(extractImagesFromYAML(text)).toEqual(['ghcr.io/example/aliased:2.0', 'quay.io/example/base:1.0']);
  });

  // Upstream decodes into yaml.v3 nodes, which apply no merge: `<<` is a key like any other whose
  // value (the anchored mapping) the walk searches on its own.
  it('does not merge: siblings a merge key would contribute are not combined', () => {
    const text = `base: &base
  repository: nvcr.io/nvidia
  version: "1.0"
driver:
  <<: *base
  image: driver
  version: "2.0"
tool:
  <<: *base
  image: tool
`;
    expect(extractImagesFromYAML(text)).toEqual(['driver:2.0']);
  });

  it('does not merge into a descriptor either', () => {
    const text = `desc: &desc
  name: x
  repository: r.io/team
spec:
  image:
    <<: *desc
    tag: v2
`;
    expect(extractImagesFromYAML(text)).toEqual([]);
    const invalid = 'desc: &desc {name: ""}\nspec:\n  image: {<<: *desc, repository: r.io/y, tag: v2}\n';
    expect(extractImagesFromYAML(invalid)).toEqual(['r.io/y:v2']);
  });

  it('walks each anchored node once, so an alias bomb costs linear time', () => {
    const lines = ['a0: &a0 [{image: "bomb.io/x:1"}, {image: "bomb.io/x:1"}]'];
    for (let i = 1; i < 40; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    const started = Date.now();
    const result = extractImages([{ path: 'bomb.yaml', content: lines.join('\n') }]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.images).toEqual(['bomb.io/x:1']);
    expect(result.occurrences).toHaveLength(2);
  });

  it('resolves a redefined anchor to the closest preceding definition', () => {
    const text = `a: &x {image: "one.io/a:1"}
b: &x {image: "two.io/b:1"}
c: {<<: *x, version: "9"}
`;
    const r = extractImages([{ path: 'p', content: text }]);
    expect(r.occurrences.map((o) => `${o.yamlPath}=${o.image}`)).toEqual(['a.image=one.io/a:1', 'b.image=two.io/b:1']);
    expect(r.images).toEqual(['one.io/a:1', 'two.io/b:1']);
  });
});

// yaml.v3 reports no repeated key when it decodes into nodes (its `mapping key … already defined`
// check runs only when decoding into Go maps and structs): upstream sees every pair.
describe('repeated mapping keys (yaml.v3 node semantics)', () => {
  it('walks every value of a repeated key; the last scalar of a sibling key wins', () => {
    const text = `a:
  image: {repository: q.io/first, tag: "1"}
  image: q.io/second:2
b:
  spec: {image: q.io/b1:1}
  spec: {image: q.io/b2:2}
c:
  image: q.io/c:1
  image: q.io/c:2
d:
  image: q.io/d
  version: "1"
  version: "2"
`;
    for (const options of [{}, { referenceParser: true }]) {
      expect(extractImagesFromYAML(text, options)).toEqual([
        'q.io/b1:1',
        'q.io/b2:2',
        'q.io/c:2',
        'q.io/d:2',
        'q.io/first:1',
        'q.io/second:2',
      ]);
    }
  });

  it('checks every occurrence of a repeated descriptor field, reporting the first bad one', () => {
    const text = `spec:
  image:
    name: ""
    name: binder
    repository: r.io/kai
`;
    const err = thrown(() => extractImagesFromYAML(text)) as InvalidImageDescriptorError;
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect([err.field, err.line, err.column]).toEqual(['name', 3, 11]);
    const second = 'spec:\n  image: {name: a, repository: r.io}\n  image: {name: b, registry: x.io}\n';
    const err2 = thrown(() => extractImagesFromYAML(second)) as InvalidImageDescriptorError;
    expect([err2.field, err2.line, err2.column]).toEqual(['registry', 3, 20]);
  });

  it('gives up the renderer tree of a document with a repeated key, so the text is loaded', () => {
    const text = 'a:\n  image: q.io/x:1\n  image: {repository: q.io/y, tag: "2"}\n';
    const tree = new PlainTreeBuilder(text);
    yamlV2Unmarshal(text, tree);
    expect(tree.result()).toBeUndefined();
  });
});

describe('CRD sibling groups (spec §8.3, §8.5, §11 #26)', () => {
  it('combines NicClusterPolicy triplets', () => {
    const text = `apiVersion: mellanox.com/v1alpha1
kind: NicClusterPolicy
metadata:
  name: nic-cluster-policy
spec:
  ofedDriver:
    image: doca-driver
    repository: nvcr.io/nvidia/mellanox
    version: doca3.2.0-25.10
  rdmaSharedDevicePlugin:
    image: k8s-rdma-shared-dev-plugin
    repository: ghcr.io/mellanox/
    version: v1.5.3
`;
    expect(extractImagesFromYAML(text)).toEqual([
      'ghcr.io/mellanox/k8s-rdma-shared-dev-plugin:v1.5.3',
      'nvcr.io/nvidia/mellanox/doca-driver:doca3.2.0-25.10',
    ]);
  });

  it('combines a ClusterPolicy driver block and drops bare names without tag or registry', () => {
    const text = `kind: ClusterPolicy
spec:
  driver:
    image: driver
    repository: nvcr.io/nvidia
    version: 580.105.08
  vgpuManager:
    image: vgpu-manager
`;
    expect(extractImagesFromYAML(text)).toEqual(['nvcr.io/nvidia/driver:580.105.08']);
  });

  it('appends version without repository, and ignores repository for an already-qualified image', () => {
    const text = `a:
  image: ghcr.io/nvidia/nodewright-packages/nvidia-setup
  version: "0.2.2"
b:
  image: docker.io/library/busybox:1.36
  repository: x
  version: "9"
c:
  image: nvidia/mellanox/doca-driver
  repository: nvcr.io
d:
  image: localhost/thing
  repository: other.io
  version: "1"
`;
    expect(extractImagesFromYAML(text)).toEqual([
      'docker.io/library/busybox:1.36',
      'ghcr.io/nvidia/nodewright-packages/nvidia-setup:0.2.2',
      'localhost/thing:1',
      'nvcr.io/nvidia/mellanox/doca-driver',
    ]);
  });

  it('implements combine() as specified', () => {
    expect(combineImageReference('doca-driver', 'nvcr.io/nvidia/mellanox', 'doca3.2.0-25.10')).toBe(
      'nvcr.io/nvidia/mellanox/doca-driver:doca3.2.0-25.10',
    );
    expect(combineImageReference('docker.io/library/busybox:1.36', 'x', '9')).toBe('docker.io/library/busybox:1.36');
    expect(combineImageReference('/img', 'repo//', '')).toBe('repo/img');
    expect(combineImageReference('host:5000/img', '', '2')).toBe('host:5000/img:2');
    expect(combineImageReference('img@sha256:aa', '', '2')).toBe('img@sha256:aa');
  });

  it('does not combine a sibling tag with a scalar image (only version is combined)', () => {
    expect(extractImagesFromYAML('x:\n  image: quay.io/a/b\n  tag: "1.0"\n')).toEqual(['quay.io/a/b']);
  });

  it('appends a containerSHA digest, keeping the tag', () => {
    const sha = `sha256:${'ab'.repeat(32)}`;
    const text = `packages:
  nvidia-setup:
    image: ghcr.io/nvidia/nodewright-packages/nvidia-setup
    version: 0.1.2
    containerSHA: ${sha}
  pinned:
    image: ghcr.io/x/y@sha256:${'cd'.repeat(32)}
    containerSHA: not-checked-because-already-pinned
`;
    expect(extractImagesFromYAML(text)).toEqual([
      `ghcr.io/nvidia/nodewright-packages/nvidia-setup:0.1.2@${sha}`,
      `ghcr.io/x/y@sha256:${'cd'.repeat(32)}`,
    ]);
  });

  it('rejects a malformed containerSHA as a (non-fatal) extraction error', () => {
    const err = thrown(() =>
      extractImages([{ path: 'm.yaml', content: 'p:\n  image: ghcr.io/x/y\n  containerSHA: sha256:ABC\n' }]),
    );
    expect(err).toBeInstanceOf(ImageExtractionError);
    expect(err).not.toBeInstanceOf(InvalidImageDescriptorError);
    expect((err as Error).message).toContain('invalid containerSHA "sha256:ABC" for image "ghcr.io/x/y"');
    expect((err as Error).message).toContain('m.yaml: p.image');
  });

  it('quotes the containerSHA and image as Go %q does', () => {
    const text = 'p:\n  image: "ghcr.io/x/\u00e9"\n  containerSHA: "sha256:\\a\\u2028\\x7f"\n';
    const err = thrown(() => extractImagesFromYAML(text));
    expect((err as Error).message).toContain(
      'invalid containerSHA "sha256:\\a\\u2028\\x7f" for image "ghcr.io/x/\u00e9"',
    );
  });
});

describe('structured descriptors (spec §8.4, §11 #12, #13, #15)', () => {
  const kaiConfig = `apiVersion: kai.scheduler/v1
kind: Config
metadata:
  name: kai-config
spec:
  binder:
    image:
      name: binder
      repository: ghcr.io/kai-scheduler/kai-scheduler
      tag: v0.14.1
      pullPolicy: IfNotPresent
  operator:
    image:
      name: operator
      repository: ghcr.io/kai-scheduler/kai-scheduler
      tag: v0.14.1
  scheduler:
    image:
      name: scheduler
      repository: ghcr.io/kai-scheduler/kai-scheduler
      tag: v0.14.1
  global:
    scalingPodImage:
      name: scalingpod
      repository: ghcr.io/kai-scheduler/kai-scheduler
      tag: v0.14.1
`;

  it('extracts KAI image and scalingPodImage descriptors', () => {
    expect(extractImagesFromYAML(kaiConfig)).toEqual([
      'ghcr.io/kai-scheduler/kai-scheduler/binder:v0.14.1',
      'ghcr.io/kai-scheduler/kai-scheduler/operator:v0.14.1',
      'ghcr.io/kai-scheduler/kai-scheduler/scalingpod:v0.14.1',
      'ghcr.io/kai-scheduler/kai-scheduler/scheduler:v0.14.1',
    ]);
  });

  it('uses repository as the name when name is absent, and treats an empty or null tag as absent', () => {
    const text = `a:
  image:
    repository: quay.io/jetstack/cert-manager-controller/
    tag: v1.20.2
b:
  image:
    repository: quay.io/x/y
    tag: ""
c:
  image:
    name: z
    repository: quay.io/q
    tag: null
d:
  image: {pullPolicy: Always}
e:
  scalingPodImage:
    repository: quay.io/s/t
`;
    expect(extractImagesFromYAML(text)).toEqual([
      'quay.io/jetstack/cert-manager-controller:v1.20.2',
      'quay.io/q/z',
      'quay.io/s/t',
      'quay.io/x/y',
    ]);
  });

  it('rejects a null name with the spec text and position (KAI binder.image.name=null)', () => {
    const text = kaiConfig.replace('      name: binder\n', '      name: null\n');
    const err = thrown(() => extractImages([{ path: 'kai-scheduler/templates/config.yaml', content: text }]));
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    const e = err as InvalidImageDescriptorError;
    expect(e.message).toBe('field "name" at line 8, column 13 must be a non-null, non-empty scalar');
    expect([e.field, e.line, e.column, e.path, e.documentIndex]).toEqual([
      'name',
      8,
      13,
      'kai-scheduler/templates/config.yaml',
      0,
    ]);
  });

  it.each([
    ['empty name', 'image: {name: "", repository: r.io/x}', 'name', 1, 15],
    ['whitespace repository', 'image: {repository: "  "}', 'repository', 1, 21],
    ['mapping name', 'image: {name: {a: 1}, repository: r.io/x}', 'name', 1, 15],
    ['sequence tag', 'image: {name: a, repository: r.io/x, tag: [1]}', 'tag', 1, 43],
  ])('rejects %s', (_label, yaml, field, line, column) => {
    const err = thrown(() => extractImagesFromYAML(yaml)) as InvalidImageDescriptorError;
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect([err.field, err.line, err.column]).toEqual([field, line, column]);
    expect(err.message).toContain('must be a non-null, non-empty scalar');
  });

  it.each(['registry', 'digest'])('rejects a %s member that would be silently lost', (member) => {
    const text = `spec:\n  image:\n    ${member}: docker.io\n    repository: bitnami/redis\n    tag: "7"\n`;
    const err = thrown(() => extractImages([{ path: 'components/r/manifests/r.yaml', content: text }]));
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect((err as Error).message).toBe(
      `field "${member}" at line 3, column 5 is not combined into the extracted reference; fold it into repository or tag`,
    );
    expect((err as InvalidImageDescriptorError).path).toBe('components/r/manifests/r.yaml');
  });

  it('carries a # Source: comment over an empty document (templates that start with ---)', () => {
    const text =
      '---\n# Source: c/templates/a.yaml\nimage: q.io/a:1\n---\n# Source: c/templates/job.yaml\n---\nkind: Job\nimage: q.io/b:1\n---\nimage: q.io/c:1\n';
    for (const options of [{}, { skipDocumentsWithoutImageKeys: true }]) {
      const r = extractImages([{ path: 'c', content: text }], options);
      expect(r.occurrences.map((o) => [o.documentIndex, o.path])).toEqual([
        [0, 'c/templates/a.yaml'],
        [2, 'c/templates/job.yaml'],
        [3, 'c/templates/job.yaml'],
      ]);
    }
  });

  it('names the template path from a # Source: comment', () => {
    const text = '---\n# Source: kai/templates/a.yaml\nkind: Config\nspec:\n  image: {name: ""}\n';
    const err = thrown(() => extractImages([{ path: 'render', content: text }])) as InvalidImageDescriptorError;
    expect(err.path).toBe('kai/templates/a.yaml');
  });
});

describe('malformed YAML (spec §11 #27)', () => {
  it('fails the whole input with file, line and column', () => {
    const text = 'kind: A\nspec:\n  image: ok.io/a:1\n---\nkind: B\nspec: a: b\n';
    const err = thrown(() => extractImages([{ path: 'chart/templates/b.yaml', content: text }]));
    expect(err).toBeInstanceOf(ImageExtractionError);
    const e = err as ImageExtractionError;
    expect(e.path).toBe('chart/templates/b.yaml');
    expect([e.line, e.column]).toEqual([6, 7]);
    expect(e.message).toBe(
      'decode yaml chart/templates/b.yaml: line 6, column 7: Nested mappings are not allowed in compact mappings',
    );
  });

  it('reports a descriptor error in an earlier document before a syntax error in a later one', () => {
    const text = 'image: {name: ""}\n---\n: : :\n  - [\n';
    expect(thrown(() => extractImagesFromYAML(text))).toBeInstanceOf(InvalidImageDescriptorError);
  });

  it('turns runaway nesting into a clear error instead of a crash', () => {
    const text = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const err = thrown(() => extractImages([{ path: 'deep.yaml', content: text }]));
    expect(err).toBeInstanceOf(ImageExtractionError);
    expect((err as Error).message).toMatch(/deep\.yaml.*nesting|nesting.*deep\.yaml/);
  });

  it('enforces the size, document and depth limits', () => {
    expect(() => extractImages([{ path: 'big', content: 'a: b\n'.repeat(100) }], { maxBytes: 100 })).toThrow(
      /larger than 100 bytes \(limit reached in big\)/,
    );
    expect(() => extractImages([{ path: 'many', content: 'a: 1\n---\n'.repeat(20) }], { maxDocuments: 10 })).toThrow(
      /more than 10 YAML documents/,
    );
    expect(() => extractImagesFromYAML('a: {b: {c: {d: {image: x.io/y:1}}}}', { maxDepth: 3 })).toThrow(
      /nesting deeper than 3 levels at a\.b\.c/,
    );
  });
});

describe('YAML embedded in string values (spec §8.3, §11 #27 testdata; aicr PR #2647)', () => {
  const configMaps = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kai-config
data:
  config.yaml: |
    apiVersion: kai.scheduler/v1
    kind: Config
    metadata:
      name: kai-config
    spec:
      binder:
        image:
          name: binder
          repository: ghcr.io/kai-scheduler/kai-scheduler
          tag: v0.16.9
      scheduler:
        image:
          name: scheduler
          repository: ghcr.io/kai-scheduler/kai-scheduler
          tag: v0.16.9
      nodeScaleAdjuster:
        enabled: false
        image:
          name: nodescaleadjuster
          repository: ghcr.io/kai-scheduler/kai-scheduler
          tag: v0.16.9
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: entrypoint
data:
  entrypoint.sh: |
    #!/bin/sh
    image: [unclosed
    exec /bin/app --image=$IMAGE "$@"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: readme
data:
  README: |
    This chart pulls an image from the registry you configure.
    See the docs for image: settings.
`;

  it('finds operand images in an embedded Config CR (disabled sections included) and tolerates scripts and prose', () => {
    const r = extractImages([{ path: 'kai-scheduler/templates/config.yaml', content: configMaps }]);
    expect(r.images).toEqual([
      'ghcr.io/kai-scheduler/kai-scheduler/binder:v0.16.9',
      'ghcr.io/kai-scheduler/kai-scheduler/nodescaleadjuster:v0.16.9',
      'ghcr.io/kai-scheduler/kai-scheduler/scheduler:v0.16.9',
    ]);
    expect(r.occurrences[0]).toEqual({
      image: 'ghcr.io/kai-scheduler/kai-scheduler/binder:v0.16.9',
      path: 'kai-scheduler/templates/config.yaml',
      documentIndex: 0,
      kind: 'ConfigMap',
      name: 'kai-config',
      yamlPath: 'data["config.yaml"] > spec.binder.image',
    });
  });

  it('can be switched off', () => {
    expect(extractImagesFromYAML(configMaps, { embeddedYaml: false })).toEqual([]);
  });

  // aicr pkg/bom/testdata (PR #2647): the three ConfigMaps its extraction tests read.
  const aicrTestdata = {
    'embedded-operator-cr-configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: operator-config-manifest
data:
  operator-config.yaml: |
    apiVersion: example.com/v1
    kind: Config
    metadata:
      name: operator-config
    spec:
      binder:
        service:
          image:
            name: binder
            repository: ghcr.io/example/operator
            tag: v1.0.0
      scheduler:
        service:
          image:
            name: scheduler
            repository: ghcr.io/example/operator
            tag: v1.0.0
      nodeScaleAdjuster:
        service:
          enabled: false
          image:
            name: nodescaleadjuster
            repository: ghcr.io/example/operator
            tag: v1.0.0
`,
    'entrypoint-script-configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: entrypoint-script
data:
  entrypoint.sh: |
    #!/bin/sh
    set -e: broken [ yaml
    exec image: not-a-real-image
`,
    'readme-configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: readme
data:
  README.md: |
    just a plain paragraph of prose
    spanning two lines of folded text
`,
  };

  it('passes the aicr testdata: an embedded operator CR, a broken script and prose', () => {
    expect(extractImagesFromYAML(aicrTestdata['embedded-operator-cr-configmap.yaml'])).toEqual([
      'ghcr.io/example/operator/binder:v1.0.0',
      'ghcr.io/example/operator/nodescaleadjuster:v1.0.0',
      'ghcr.io/example/operator/scheduler:v1.0.0',
    ]);
    expect(extractImagesFromYAML(aicrTestdata['entrypoint-script-configmap.yaml'])).toEqual([]);
    expect(extractImagesFromYAML(aicrTestdata['readme-configmap.yaml'])).toEqual([]);
  });

  it('parses every multi-line string value, whatever the kind or key, as upstream does', () => {
    const text = `apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
spec:
  valuesContent: |
    image: q.io/values:1
  oneLine: |-
    image: q.io/one-line-block:1
  nested:
    - |
      outer: |
        image: q.io/deeper:2
`;
    expect(extractImagesFromYAML(text)).toEqual(['q.io/deeper:2', 'q.io/values:1']);
    // A multi-line double-quoted scalar counts too, and so does a document that is only a string.
    expect(extractImagesFromYAML('k: "image: q.io/quoted:3\\nx: 1"\n')).toEqual(['q.io/quoted:3']);
    expect(extractImagesFromYAML('|\n  image: q.io/root:4\n  x: 1\n')).toEqual(['q.io/root:4']);
  });

  it('leaves one-line string values alone, even in ConfigMaps', () => {
    const text = `kind: ConfigMap
data:
  c.json: '{"image": "q.io/x:1"}'
  c.yaml: "image: q.io/y:1"
`;
    expect(extractImagesFromYAML(text)).toEqual([]);
  });

  it('drops every image of an embedded value that fails for another reason than a descriptor', () => {
    const text = `kind: ConfigMap
data:
  bad-sha.yaml: |
    a:
      image: q.io/kept-not:1
    b:
      image: q.io/b
      containerSHA: not-a-digest
  good.yaml: |
    image: q.io/good:1
  late-syntax-error.yaml: |
    image: q.io/dropped:1
    ---
    key: [unclosed
`;
    expect(extractImagesFromYAML(text)).toEqual(['q.io/good:1']);
  });

  it('reports a descriptor error of an embedded document that precedes a syntax error', () => {
    const text = 'kind: ConfigMap\ndata:\n  c.yaml: |\n    image:\n      registry: r.io\n    ---\n    [unclosed\n';
    const err = thrown(() => extractImagesFromYAML(text)) as InvalidImageDescriptorError;
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect(err.message).toBe(
      'field "registry" at line 2, column 3 is not combined into the extracted reference; fold it into repository or tag (in YAML embedded at data["c.yaml"] document 0)',
    );
  });

  it('reports an invalid descriptor in embedded YAML as fatal, naming where it is embedded', () => {
    const text = 'kind: ConfigMap\ndata:\n  c.yaml: |\n    image:\n      name: ""\n';
    const err = thrown(() => extractImagesFromYAML(text)) as InvalidImageDescriptorError;
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect(err.message).toBe(
      'field "name" at line 2, column 9 must be a non-null, non-empty scalar (in YAML embedded at data["c.yaml"])',
    );
  });

  it('marks documents of a multi-document embedded value', () => {
    const text = 'kind: ConfigMap\ndata:\n  all: |\n    a: 1\n    ---\n    image: q.io/x:1\n';
    const r = extractImages([{ path: 'p', content: text }]);
    expect(r.occurrences.map((o) => o.yamlPath)).toEqual(['data.all > [doc 1] image']);
  });
});

describe('provenance', () => {
  it('records path, document index, kind, name and YAML path of every occurrence', () => {
    const text = `# Source: web/templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
---
# Source: web/templates/job.yaml
kind: Job
metadata: {name: "hook"}
spec:
  template:
    spec:
      containers:
        - image: nginx:1.27
          "odd key": {image: q.io/y:2}
`;
    const r = extractImages([
      { path: 'web', content: text },
      { path: 'components/web/manifests/extra.yaml', content: 'items:\n  - image: q.io/z:3\n' },
    ]);
    expect(r.images).toEqual(['nginx:1.27', 'q.io/y:2', 'q.io/z:3']);
    expect(r.occurrences).toEqual([
      {
        image: 'nginx:1.27',
        path: 'web/templates/deploy.yaml',
        documentIndex: 0,
        kind: 'Deployment',
        name: 'web',
        yamlPath: 'spec.template.spec.containers[0].image',
      },
      {
        image: 'nginx:1.27',
        path: 'web/templates/job.yaml',
        documentIndex: 1,
        kind: 'Job',
        name: 'hook',
        yamlPath: 'spec.template.spec.containers[0].image',
      },
      {
        image: 'q.io/y:2',
        path: 'web/templates/job.yaml',
        documentIndex: 1,
        kind: 'Job',
        name: 'hook',
        yamlPath: 'spec.template.spec.containers[0]["odd key"].image',
      },
      {
        image: 'q.io/z:3',
        path: 'components/web/manifests/extra.yaml',
        documentIndex: 0,
        yamlPath: 'items[0].image',
      },
    ]);
  });
});

describe('skipDocumentsWithoutImageKeys (fast mode for chart renders)', () => {
  const fast = { skipDocumentsWithoutImageKeys: true };
  const stream = `# leading comment
---
# Source: c/templates/crd.yaml
kind: CustomResourceDefinition
metadata: {name: big}
spec: {description: "no keys of interest here"}
---
# Source: c/templates/deploy.yaml
kind: Deployment
metadata:
  name: d
spec:
  containers:
    - image: &i q.io/a:1
    - "image": *i
---
---
# Source: c/templates/flow.yaml
{kind: Pod, metadata: {name: p}, spec: {containers: [{image : q.io/b:2}]}}
---
# Source: c/templates/explicit.yaml
kind: Pod
metadata: {name: e}
spec:
  ? image
  : q.io/c:3
`;

  it('finds the same images, document indices, paths and YAML paths as the full parse', () => {
    const full = extractImages([{ path: 'c', content: stream }]);
    expect(full.images).toEqual(['q.io/a:1', 'q.io/b:2', 'q.io/c:3']);
    expect(full.occurrences.map((o) => [o.documentIndex, o.path, o.name, o.yamlPath])).toEqual([
      [1, 'c/templates/deploy.yaml', 'd', 'spec.containers[0].image'],
      [1, 'c/templates/deploy.yaml', 'd', 'spec.containers[1].image'],
      [3, 'c/templates/flow.yaml', 'p', 'spec.containers[0].image'],
      [4, 'c/templates/explicit.yaml', 'e', 'spec.image'],
    ]);
    expect(extractImages([{ path: 'c', content: stream }], fast)).toEqual(full);
  });

  it('treats text before the first --- as a document only when it has content', () => {
    const text = 'a:\n  image: q.io/x:1\n---\nimage: q.io/y:2\n';
    const full = extractImages([{ path: 'p', content: text }]);
    expect(full.occurrences.map((o) => o.documentIndex)).toEqual([0, 1]);
    expect(extractImages([{ path: 'p', content: text }], fast)).toEqual(full);
  });

  it('reports syntax errors of the documents it parses with whole-text line numbers', () => {
    const text = 'kind: A\n---\nkind: B\nimage: a: b\n';
    const err = thrown(() => extractImages([{ path: 'r', content: text }], fast)) as ImageExtractionError;
    expect(err).toBeInstanceOf(ImageExtractionError);
    expect([err.line, err.column]).toEqual([4, 8]);
    const errFull = thrown(() => extractImages([{ path: 'r', content: text }])) as ImageExtractionError;
    expect(err.message).toBe(errFull.message);
  });

  it('does not notice syntax errors in documents without image keys (why it is only for renders)', () => {
    const text = 'kind: A\nspec: a: b\n---\nimage: q.io/x:1\n';
    expect(() => extractImages([{ path: 'r', content: text }])).toThrow(ImageExtractionError);
    expect(extractImages([{ path: 'r', content: text }], fast).images).toEqual(['q.io/x:1']);
  });

  it('parses every document that could spell an image key: escapes, aliases, tags, embedded YAML', () => {
    const docs = [
      'kind: A\nspec: {"im\\x61ge": q.io/a:1}', // \x escape
      'kind: B\nspec: {"scalingPod\\u0049mage": {name: q.io/b, tag: "2"}}', // \u escape
      'kind: C\nspec: {"ima\\\n  ge": q.io/c:3}', // escaped line break joins the key
      'kind: D\nk: &k image\nspec:\n  *k : q.io/d:4', // alias of an anchored key
      'kind: E\nspec:\n  ? !!str image\n  : q.io/e:5', // tagged explicit key
      'kind: ConfigMap\ndata:\n  c.yaml: |\n    image: q.io/f:6', // embedded YAML
      'kind: ConfigMap\ndata:\n  d.yaml: |\n    "im\\x61ge": q.io/g:7', // an escaped key inside embedded YAML
    ];
    const text = docs.join('\n---\n');
    const full = extractImages([{ path: 'r', content: text }]);
    expect(full.images).toEqual(['q.io/a:1', 'q.io/b:2', 'q.io/c:3', 'q.io/d:4', 'q.io/e:5', 'q.io/f:6', 'q.io/g:7']);
    expect(extractImages([{ path: 'r', content: text }], fast)).toEqual(full);
  });

  it('falls back to the full parse for streams with ... or directives', () => {
    const text = 'image: q.io/x:1\n...\nimage: q.io/y:2\n';
    expect(extractImages([{ path: 'r', content: text }], fast)).toEqual(extractImages([{ path: 'r', content: text }]));
    expect(extractImages([{ path: 'r', content: text }], fast).images).toEqual(['q.io/x:1', 'q.io/y:2']);
  });

  it('reports descriptor positions in whole-text lines', () => {
    const text = 'kind: A\n---\nkind: B\nimage:\n  name: ""\n';
    const err = thrown(() => extractImages([{ path: 'r', content: text }], fast)) as InvalidImageDescriptorError;
    expect([err.line, err.column, err.documentIndex]).toEqual([5, 9, 1]);
  });
});

describe('scalar spelling and loader fallbacks', () => {
  it('keeps scalars as written, like yaml.v3 Node.Value (numbers, nulls, explicit tags)', () => {
    const text = `a:
  image: q.io/a
  version: 1.10
b:
  image: q.io/b
  version: ~
c:
  image: q.io/c
  version: !!int 007
d:
  image: q.io/d:1
  image: q.io/d:2
`;
    expect(extractImagesFromYAML(text)).toEqual(['q.io/a:1.10', 'q.io/b:~', 'q.io/c:007', 'q.io/d:2']);
  });

  it('places a node with properties at its first property, as yaml.v3 does', () => {
    const text = 'spec:\n  image:\n    name: &n !!str ""\n    repository: r.io\n';
    const err = thrown(() => extractImagesFromYAML(text)) as InvalidImageDescriptorError;
    expect([err.field, err.line, err.column]).toEqual(['name', 3, 11]);
  });

  it('treats an explicit !!null as null whatever its text, as a yaml.v3 node tagged !!null', () => {
    for (const options of [{}, { referenceParser: true }]) {
      const absentTag = 'spec:\n  image: {repository: r.io/x, tag: !!null v1}\n';
      expect(extractImagesFromYAML(absentTag, options)).toEqual(['r.io/x']);
      // A sibling scalar is read by its text, tag or not.
      expect(extractImagesFromYAML('c:\n  image: !!null q.io/x\n  version: !!null "2"\n', options)).toEqual([
        'q.io/x:2',
      ]);
      const err = thrown(() =>
        extractImagesFromYAML('spec:\n  image: {name: !!null binder, repository: r.io}\n', options),
      );
      expect(err).toBeInstanceOf(InvalidImageDescriptorError);
      expect([(err as InvalidImageDescriptorError).field, (err as InvalidImageDescriptorError).column]).toEqual([
        'name',
        17,
      ]);
    }
  });

  it('walks documents go-yaml reads and the loaders here reject (a backslash-quote escape, a flow collection indented less than its block)', () => {
    const escaped = 'a: "it\\\'s"\nimage: q.io/escape:1\n';
    const flow = 'spec:\n  args: [a,\nb]\n  image: q.io/flow:1\n';
    for (const options of [{}, { referenceParser: true }]) {
      expect(extractImagesFromYAML(escaped, options)).toEqual(['q.io/escape:1']);
      expect(extractImagesFromYAML(`x: 1\n---\n${flow}`, options)).toEqual(['q.io/flow:1']);
    }
    // What go-yaml rejects too stays malformed.
    expect(() => extractImagesFromYAML('image: q.io/x:1\nb: @at\n')).toThrow(ImageExtractionError);
  });

  it('hands YAML js-yaml rejects (custom tags) to the yaml library, merge keys and nulls included', () => {
    const text = `base: &base
  repository: r.io/team
x:
  <<: *base
  image: !custom tool
  version: !weird "2"
y:
  image:
    name: ~
`;
    expect(extractImagesFromYAML(text.replace(/\ny:[\s\S]*$/, '\n'))).toEqual(['tool:2']);
    const err = thrown(() => extractImagesFromYAML(text)) as InvalidImageDescriptorError;
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect([err.field, err.line, err.column]).toEqual(['name', 9, 11]);
  });
});

describe('hostile keys', () => {
  it('treats __proto__ and constructor as ordinary keys, without polluting prototypes', () => {
    const text = '__proto__:\n  image: q.io/p:1\nconstructor:\n  image: q.io/c:1\n';
    for (const options of [{}, { referenceParser: true }]) {
      const r = extractImages([{ path: 'p', content: text }], options);
      expect(r.images).toEqual(['q.io/c:1', 'q.io/p:1']);
      expect(r.occurrences.map((o) => o.yamlPath)).toEqual(['__proto__.image', 'constructor.image']);
    }
    expect(({} as Record<string, unknown>).image).toBeUndefined();
  });
});

describe('scanStrings: references inside other strings (beyond upstream)', () => {
  const operator = `# Source: kps/templates/operator.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
spec:
  template:
    spec:
      containers:
        - name: operator
          image: quay.io/prometheus-operator/prometheus-operator:v0.90.1
          args:
            - --prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1
            - --thanos-default-base-image=quay.io/thanos/thanos:v0.41.0
            - --also-self=quay.io/prometheus-operator/prometheus-operator:v0.90.1
          env:
            - name: RELATED_IMAGE_INIT
              value: nvcr.io/nvidia/init:v1
            - name: TAINTS
              value: nvidia.com/gpu:NoSchedule
---
# Source: kps/templates/script.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: script
data:
  run.sh: |
    #!/bin/sh
    crane copy docker.io/library/alpine:3.20 "$TARGET"
    crane copy docker.io/library/alpine:3.20 "$OTHER"
  config.yaml: |
    sidecar:
      image: ghcr.io/o/sidecar:1
      args: ["--helper=ghcr.io/o/helper:2"]
`;

  it('is off by default: upstream does not look inside strings', () => {
    expect(extractImages([{ path: 'kps', content: operator }]).images).toEqual([
      'ghcr.io/o/sidecar:1',
      'quay.io/prometheus-operator/prometheus-operator:v0.90.1',
    ]);
  });

  it('adds args, env values and scripts, marks them, and repeats no image a key already names', () => {
    const r = extractImages([{ path: 'kps', content: operator }], { scanStrings: true });
    expect(r.images).toEqual([
      'docker.io/library/alpine:3.20',
      'ghcr.io/o/helper:2',
      'ghcr.io/o/sidecar:1',
      'nvcr.io/nvidia/init:v1',
      'quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1',
      'quay.io/prometheus-operator/prometheus-operator:v0.90.1',
      'quay.io/thanos/thanos:v0.41.0',
    ]);
    const inString = r.occurrences.filter((o) => o.inString).map((o) => [o.image, o.path, o.yamlPath]);
    expect(inString).toEqual([
      [
        'quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1',
        'kps/templates/operator.yaml',
        'spec.template.spec.containers[0].args[0]',
      ],
      ['quay.io/thanos/thanos:v0.41.0', 'kps/templates/operator.yaml', 'spec.template.spec.containers[0].args[1]'],
      ['nvcr.io/nvidia/init:v1', 'kps/templates/operator.yaml', 'spec.template.spec.containers[0].env[0].value'],
      // Twice in one string: one occurrence. The sidecar image is named by a key, so only the helper.
      ['docker.io/library/alpine:3.20', 'kps/templates/script.yaml', 'data["run.sh"]'],
      ['ghcr.io/o/helper:2', 'kps/templates/script.yaml', 'data["config.yaml"]'],
    ]);
    expect(r.occurrences.filter((o) => !o.inString).every((o) => !('inString' in o))).toBe(true);
  });

  it('reads every document, even in the fast mode for chart renders', () => {
    const script = 'kind: ConfigMap\ndata:\n  run.sh: "crane copy quay.io/x/y:1 here"\n';
    expect(extractImages([{ path: 'c', content: script }], { skipDocumentsWithoutImageKeys: true }).images).toEqual([]);
    expect(
      extractImages([{ path: 'c', content: script }], { skipDocumentsWithoutImageKeys: true, scanStrings: true })
        .images,
    ).toEqual(['quay.io/x/y:1']);
  });

  it('drops its findings with the rest when the input fails', () => {
    const bad = `kind: Pod\nspec:\n  containers:\n    - args: ["--i=quay.io/x/y:1"]\n      image: q.io/a:1\n      containerSHA: nope\n`;
    expect(thrown(() => extractImages([{ path: 'p', content: bad }], { scanStrings: true }))).toBeInstanceOf(
      ImageExtractionError,
    );
  });
});
