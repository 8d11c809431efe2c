/**
 * The cases of aicr's own extraction tests (pkg/bom/extract_test.go, newest revision read), with
 * their inputs and expectations, so a difference from upstream shows up as a failing case here.
 * Where helmless keeps spec §8.4 over that revision (a `digest` descriptor member is fatal, not
 * folded in as `@digest`), the case says so and checks the spec's behaviour.
 */
import { describe, expect, it } from 'vitest';
import {
  extractImagesFromYAML,
  ImageExtractionError,
  InvalidImageDescriptorError,
  isLikelyImage,
} from '../../src/discovery/extract.js';
import { thrown } from './support.js';

const found: Array<[name: string, input: string, want: string[]]> = [
  [
    'single deployment',
    `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          image: nvcr.io/nvidia/gpu-operator:v25.3.0
`,
    ['nvcr.io/nvidia/gpu-operator:v25.3.0'],
  ],
  [
    'init and main containers',
    `apiVersion: apps/v1
kind: DaemonSet
spec:
  template:
    spec:
      initContainers:
        - image: busybox:1.36
      containers:
        - image: ghcr.io/foo/bar:v1
        - image: ghcr.io/foo/bar:v1
`,
    ['busybox:1.36', 'ghcr.io/foo/bar:v1'],
  ],
  [
    'multi-document yaml',
    `apiVersion: v1
kind: Pod
spec:
  containers:
    - image: docker.io/nginx:1.27
---
apiVersion: v1
kind: Pod
spec:
  containers:
    - image: quay.io/jetstack/cert-manager-controller:v1.20.2
`,
    ['docker.io/nginx:1.27', 'quay.io/jetstack/cert-manager-controller:v1.20.2'],
  ],
  [
    'skips unrendered templates and empty',
    `apiVersion: v1
kind: Pod
spec:
  containers:
    - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    - image: ""
    - image: registry.k8s.io/pause:3.10
`,
    ['registry.k8s.io/pause:3.10'],
  ],
  [
    'yaml mixed with helm template directives',
    `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ib-node-config
  labels:
    app: ib-node-config
    app.kubernetes.io/managed-by: {{ .Release.Service }}
    helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
spec:
  template:
    spec:
      containers:
        - name: node
          image: busybox:1.36
        - name: dyn
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`,
    ['busybox:1.36'],
  ],
  [
    'helm template control flow blocks',
    `apiVersion: v1
kind: Pod
spec:
  {{- if .Values.scheduling.enabled }}
  nodeSelector:
    {{- toYaml .Values.scheduling.nodeSelector | nindent 4 }}
  {{- end }}
  containers:
    {{- range .Values.images }}
    - image: pytorch/pytorch:2.9.1-cuda12.8-cudnn9-runtime
    {{- end }}
`,
    ['pytorch/pytorch:2.9.1-cuda12.8-cudnn9-runtime'],
  ],
  [
    'image referenced via yaml anchor and alias',
    `defaults: &defaults
  image: ghcr.io/example/sidecar:v1
spec:
  containers:
    - name: app
      image: nvcr.io/nvidia/gpu-operator:v25.3.0
    - <<: *defaults
      name: sidecar
`,
    ['ghcr.io/example/sidecar:v1', 'nvcr.io/nvidia/gpu-operator:v25.3.0'],
  ],
  [
    'image value is a direct scalar alias',
    `commonImage: &img ghcr.io/example/shared:v2
spec:
  containers:
    - name: app
      image: *img
    - name: other
      image: nvcr.io/nvidia/gpu-operator:v25.3.0
`,
    ['ghcr.io/example/shared:v2', 'nvcr.io/nvidia/gpu-operator:v25.3.0'],
  ],
  [
    'CRD-style triplet with repository, image, and version siblings',
    `apiVersion: mellanox.com/v1alpha1
kind: NicClusterPolicy
spec:
  ofedDriver:
    repository: nvcr.io/nvidia/mellanox
    image: doca-driver
    version: doca3.2.0-25.10
  rdmaSharedDevicePlugin:
    repository: nvcr.io/nvidia/mellanox
    image: k8s-rdma-shared-dev-plugin
    version: network-operator-v26.1.0
`,
    [
      'nvcr.io/nvidia/mellanox/doca-driver:doca3.2.0-25.10',
      'nvcr.io/nvidia/mellanox/k8s-rdma-shared-dev-plugin:network-operator-v26.1.0',
    ],
  ],
  [
    'CRD-style pair with image and version siblings (no repository)',
    `spec:
  packages:
    nvidia-setup-kernel:
      image: ghcr.io/nvidia/nodewright-packages/nvidia-setup
      version: "0.2.2"
    nvidia-tuned:
      image: ghcr.io/nvidia/nodewright-packages/nvidia-tuned
      version: "0.3.0"
`,
    ['ghcr.io/nvidia/nodewright-packages/nvidia-setup:0.2.2', 'ghcr.io/nvidia/nodewright-packages/nvidia-tuned:0.3.0'],
  ],
  [
    'Skyhook Package with containerSHA sibling folds in as digest',
    `spec:
  packages:
    nvidia-tuning-gke:
      image: ghcr.io/nvidia/nodewright-packages/nvidia-tuning-gke
      version: "0.1.2"
      containerSHA: sha256:6671d49f006afdbeefd8858f1fa1216f7748205bc42edab3340210a2cc459a81
`,
    [
      'ghcr.io/nvidia/nodewright-packages/nvidia-tuning-gke:0.1.2@sha256:6671d49f006afdbeefd8858f1fa1216f7748205bc42edab3340210a2cc459a81',
    ],
  ],
  [
    'inline @digest in image takes precedence over containerSHA sibling',
    `spec:
  packages:
    pkg:
      image: ghcr.io/nvidia/nodewright-packages/nvidia-tuned@sha256:cc99c8c0675f3752f5081f0978ae57174368952ca0bb5fcac07640fe62c156c7
      containerSHA: sha256:0000000000000000000000000000000000000000000000000000000000000000
`,
    [
      'ghcr.io/nvidia/nodewright-packages/nvidia-tuned@sha256:cc99c8c0675f3752f5081f0978ae57174368952ca0bb5fcac07640fe62c156c7',
    ],
  ],
  [
    'CRD triplet prepends repository even when image has slashes',
    `apiVersion: mellanox.com/v1alpha1
kind: NicClusterPolicy
spec:
  ofedDriver:
    repository: nvcr.io
    image: nvidia/mellanox/doca-driver
    version: doca3.2.0-25.10
`,
    ['nvcr.io/nvidia/mellanox/doca-driver:doca3.2.0-25.10'],
  ],
  [
    'CRD triplet does not override an already-qualified image',
    `spec:
  containers:
    - image: docker.io/library/busybox:1.36
      repository: someother/registry
      version: 9.9.9
`,
    ['docker.io/library/busybox:1.36'],
  ],
  [
    'image inside deeply nested CR with CRD triplet at top level',
    `apiVersion: nvidia.com/v1
kind: ClusterPolicy
spec:
  driver:
    image: driver
    repository: nvcr.io/nvidia
    version: 580.105.08
  toolkit:
    spec:
      template:
        spec:
          containers:
            - image: nvcr.io/nvidia/k8s/container-toolkit:v1.18.0
`,
    ['nvcr.io/nvidia/driver:580.105.08', 'nvcr.io/nvidia/k8s/container-toolkit:v1.18.0'],
  ],
  [
    'operator image mappings with name repository and tag',
    `apiVersion: kai.scheduler/v1
kind: Config
metadata:
  name: kai-config
spec:
  binder:
    service:
      image:
        name: binder
        repository: ghcr.io/kai-scheduler/kai-scheduler
        tag: &kaiTag v0.14.1
        pullPolicy: IfNotPresent
  scheduler:
    service:
      image:
        name: scheduler
        repository: ghcr.io/kai-scheduler/kai-scheduler/
        tag: *kaiTag
  operator:
    image:
      repository: ghcr.io/kai-scheduler/kai-scheduler/operator
      tag: v0.14.1
`,
    [
      'ghcr.io/kai-scheduler/kai-scheduler/binder:v0.14.1',
      'ghcr.io/kai-scheduler/kai-scheduler/operator:v0.14.1',
      'ghcr.io/kai-scheduler/kai-scheduler/scheduler:v0.14.1',
    ],
  ],
  [
    'operator image mapping skips unresolved templates and incomplete descriptors',
    `spec:
  templated:
    image:
      name: "{{ .Values.image.name }}"
      repository: ghcr.io/example
      tag: v1.0.0
  missing:
    image:
      tag: v1.0.0
`,
    [],
  ],
  [
    'operator image mapping trims trailing repository slash in name fallback',
    `spec:
  operator:
    image:
      repository: ghcr.io/kai-scheduler/kai-scheduler/
      tag: v0.14.1
`,
    ['ghcr.io/kai-scheduler/kai-scheduler:v0.14.1'],
  ],
  [
    'operator image mapping treats empty and null tag as absent',
    `spec:
  empty:
    image:
      repository: ghcr.io/example/empty-tag
      tag: ""
  nulltag:
    image:
      repository: ghcr.io/example/null-tag
      tag:
`,
    ['ghcr.io/example/empty-tag', 'ghcr.io/example/null-tag'],
  ],
];

describe('aicr extract_test.go: TestExtractImagesFromYAML', () => {
  it.each(found)('%s', (_name, input, want) => {
    expect(extractImagesFromYAML(input)).toEqual(want);
  });

  // The newest revision folds a descriptor's `digest` in as `@digest` (and treats an empty or null
  // one as absent); spec §8.4 makes any `digest` member fatal, which helmless keeps.
  it.each([
    [
      'separate digest field (aicr: tag@digest ref)',
      'spec:\n  db:\n    image:\n      repository: docker.io/library/postgres\n      tag: "17.4"\n      digest: sha256:304ab813518754228f9f792f79d6da36359b82d8ecf418096c636725f8c930ad\n      pullPolicy: IfNotPresent\n',
    ],
    [
      'empty digest (aicr: absent)',
      'spec:\n  empty:\n    image:\n      repository: ghcr.io/example/unpinned\n      tag: v1\n      digest: ""\n',
    ],
    [
      'null digest (aicr: absent)',
      'spec:\n  null:\n    image:\n      repository: ghcr.io/example/unpinned-null\n      tag: v1\n      digest:\n',
    ],
  ])('spec §8.4 over the newest revision: %s is a fatal descriptor error', (_name, input) => {
    const err = thrown(() => extractImagesFromYAML(input)) as InvalidImageDescriptorError;
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect(err.message).toContain('field "digest" at line');
  });
});

describe('aicr extract_test.go: invalid descriptors and inputs', () => {
  it.each([
    ['null name', 'name: null\n      repository: ghcr.io/kai-scheduler/kai-scheduler\n      tag: v0.14.1', 'name'],
    ['null repository', 'name: binder\n      repository: ~\n      tag: v0.14.1', 'repository'],
    [
      'non-scalar tag',
      'name: binder\n      repository: ghcr.io/kai-scheduler/kai-scheduler\n      tag:\n        - v0.14.1',
      'tag',
    ],
    ['registry member present', 'registry: nvcr.io\n      repository: nvidia/foo\n      tag: v1', 'registry'],
    ['empty name', 'name: ""\n      repository: ghcr.io/kai-scheduler/kai-scheduler\n      tag: v0.14.1', 'name'],
    [
      'non-scalar name',
      'name:\n        - binder\n      repository: ghcr.io/kai-scheduler/kai-scheduler\n      tag: v0.14.1',
      'name',
    ],
  ])('%s is an invalid structured descriptor naming its field', (_name, descriptor, field) => {
    const input = `spec:\n  binder:\n    image:\n      ${descriptor}\n`;
    const err = thrown(() => extractImagesFromYAML(input));
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect((err as Error).message).toContain(`field "${field}"`);
  });

  it('reports the line of the original file when directive-only lines precede the descriptor', () => {
    const input = `{{- if .Values.enabled }}
{{- $tag := .Values.tag }}
spec:
  binder:
    image:
      name: ""
      repository: ghcr.io/kai-scheduler/kai-scheduler
`;
    expect((thrown(() => extractImagesFromYAML(input)) as Error).message).toContain('line 6');
  });

  it('fails on malformed YAML', () => {
    const input = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: [unclosed\n';
    expect(thrown(() => extractImagesFromYAML(input))).toBeInstanceOf(ImageExtractionError);
  });

  it.each([
    ['non-sha256 prefix', 'not-a-digest', 'invalid containerSHA "not-a-digest"'],
    ['sha256 prefix but short hex', 'sha256:abc123', 'invalid containerSHA "sha256:abc123"'],
    [
      'sha256 prefix but uppercase hex (OCI digest is lowercase)',
      'sha256:CC99C8C0675F3752F5081F0978AE57174368952CA0BB5FCAC07640FE62C156C7',
      'invalid containerSHA',
    ],
  ])('rejects a containerSHA with %s', (_name, sha, wantSub) => {
    const input = `spec:\n  packages:\n    pkg:\n      image: ghcr.io/nvidia/nodewright-packages/nvidia-tuned\n      version: "0.3.0"\n      containerSHA: ${sha}\n`;
    const err = thrown(() => extractImagesFromYAML(input));
    expect(err).toBeInstanceOf(ImageExtractionError);
    expect(err).not.toBeInstanceOf(InvalidImageDescriptorError);
    expect((err as Error).message).toContain(wantSub);
  });

  it.each([
    ['non-sha256 prefix in digest field', 'notasha256'],
    ['sha256 prefix but truncated hex in digest field', 'sha256:abc123'],
    ['uppercase hex in digest field', 'sha256:304AB813518754228F9F792F79D6DA36359B82D8ECF418096C636725F8C930AD'],
  ])('rejects %s as an invalid structured descriptor', (_name, digest) => {
    const input = `spec:\n  db:\n    image:\n      repository: docker.io/library/postgres\n      tag: "17.4"\n      digest: ${digest}\n`;
    const err = thrown(() => extractImagesFromYAML(input));
    expect(err).toBeInstanceOf(InvalidImageDescriptorError);
    expect((err as Error).message).toContain('field "digest"');
  });
});

describe('aicr extract_test.go: TestIsLikelyImage', () => {
  it.each([
    ['nvcr.io/nvidia/gpu-operator:v1', true],
    ['nvcr.io/nvidia/driver', true],
    ['busybox:1.36', true],
    ['localhost:5000/myimg', true],
    ['foo@sha256:abc', true],
    ['', false],
    ['null', false],
    ['true', false],
    ['{{ .Values.image }}', false],
    ['/etc/foo', false],
    ['./local', false],
    ['plain-name', false],
    ['nvidia/cuda', false],
    ['vgpu-manager', false],
    ['driver', false],
  ] as const)('isLikelyImage(%j) is %s', (input, want) => {
    expect(isLikelyImage(input)).toBe(want);
  });
});
