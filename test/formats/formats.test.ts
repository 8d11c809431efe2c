/**
 * Output formats of spec §9 and the format scenarios of §11 (#20 Hauler, #21 Zarf). Expected texts
 * are the spec's own examples (§9.2, §9.3) byte for byte; string quoting is checked against real
 * yaml.v3 / encoding/json through helm in goyaml.test.ts and below.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  FormatError,
  type FormatOptions,
  formatMirrorList,
  formatWhy,
  isOutputFormat,
  type MirrorListResult,
  OUTPUT_FORMATS,
  parseOutputFormat,
} from '../../src/formats/index.js';
import { emitGoJson } from '../../src/formats/json.js';

/** The inventory of the spec's §9.2/§9.3 examples. */
const specExample: MirrorListResult = {
  images: ['nvcr.io/nvidia/gpu-operator:v26.7.1', 'registry.k8s.io/nfd/node-feature-discovery:v0.19.0'],
  charts: [
    {
      name: 'gpu-operator',
      repository: 'https://helm.ngc.nvidia.com/nvidia',
      chart: 'gpu-operator',
      version: 'v26.7.1',
      namespace: 'gpu-operator',
    },
    {
      name: 'nvsentinel',
      repository: 'oci://ghcr.io/nvidia',
      chart: 'nvsentinel',
      version: 'v1.20.0',
      namespace: 'nvsentinel',
    },
  ],
  components: [
    {
      component: 'gpu-operator',
      type: 'helm',
      images: ['nvcr.io/nvidia/gpu-operator:v26.7.1', 'registry.k8s.io/nfd/node-feature-discovery:v0.19.0'],
    },
    { component: 'nvsentinel', type: 'helm', images: [], warnings: ['helm template failed: boom'] },
  ],
  metadata: {
    recipeVersion: 'v0.1.0',
    criteria: 'criteria(service=eks, accelerator=h100, intent=training, os=ubuntu)',
  },
};

/** Upstream's test inventory for #20/#21: one OCI chart, one HTTPS chart. */
const upstreamTestList: MirrorListResult = {
  images: ['nvcr.io/nvidia/gpu-operator:v25.3.0', 'registry.k8s.io/sig-storage/csi-provisioner:v5.2.0'],
  charts: [
    {
      name: 'gpu-operator',
      repository: 'oci://ghcr.io/nvidia',
      chart: 'gpu-operator',
      version: 'v25.3.0',
      namespace: 'gpu-operator',
    },
    {
      name: 'aws-ebs-csi-driver',
      repository: 'https://kubernetes-sigs.github.io/aws-ebs-csi-driver',
      chart: 'aws-ebs-csi-driver',
      version: '2.40.0',
      namespace: 'kube-system',
    },
  ],
  components: [],
  metadata: {},
};

const imagesOnly: MirrorListResult = { images: ['nginx:latest'], charts: [], components: [], metadata: {} };

describe('--format validation (spec §1.3)', () => {
  it('lists the formats and rejects unknown ones with the spec text', () => {
    expect(OUTPUT_FORMATS).toEqual(['yaml', 'json', 'hauler', 'zarf', 'list', 'skopeo']);
    expect(isOutputFormat('zarf')).toBe(true);
    expect(isOutputFormat('YAML')).toBe(false);
    const err = (() => {
      try {
        parseOutputFormat('YAML');
      } catch (e) {
        return e as FormatError;
      }
    })();
    expect(err).toBeInstanceOf(FormatError);
    expect(err?.message).toBe(
      'unknown output format: "YAML", valid formats are: yaml, json, hauler, zarf, list, skopeo',
    );
    expect(err?.exitCode).toBe(2);
  });

  it('refuses to format a missing list and provenance outside yaml/json', () => {
    for (const f of OUTPUT_FORMATS) expect(() => formatMirrorList(null, f)).toThrow('mirror list is nil');
    expect(() => formatMirrorList(imagesOnly, 'hauler', { provenance: true })).toThrow(
      /only available with --format json or yaml/,
    );
    expect(() => formatMirrorList(imagesOnly, 'bogus' as never)).toThrow(/unknown output format: "bogus"/);
  });
});

describe('--format hauler (spec §9.2, §11 #20)', () => {
  it('prints the spec example byte for byte', () => {
    expect(formatMirrorList(specExample, 'hauler')).toBe(`apiVersion: content.hauler.cattle.io/v1
kind: Images
metadata:
  name: aicr-images
spec:
  images:
    - name: nvcr.io/nvidia/gpu-operator:v26.7.1
    - name: registry.k8s.io/nfd/node-feature-discovery:v0.19.0
---
apiVersion: content.hauler.cattle.io/v1
kind: Charts
metadata:
  name: aicr-charts
spec:
  charts:
    - name: gpu-operator
      repoURL: https://helm.ngc.nvidia.com/nvidia
      version: v26.7.1
    - name: nvsentinel
      repoURL: oci://ghcr.io/nvidia
      version: v1.20.0
`);
  });

  it('has both documents for images and charts (upstream test list)', () => {
    const out = formatMirrorList(upstreamTestList, 'hauler');
    expect(out.split('apiVersion: content.hauler.cattle.io/v1').length - 1).toBe(2);
    for (const part of [
      'kind: Images',
      'name: aicr-images',
      '---',
      'kind: Charts',
      'name: aicr-charts',
      'repoURL: oci://ghcr.io/nvidia',
      'repoURL: https://kubernetes-sigs.github.io/aws-ebs-csi-driver',
      'version: 2.40.0',
    ]) {
      expect(out).toContain(part);
    }
    const docs = parseAllDocuments(out).map((d) => d.toJS());
    expect(docs[1].spec.charts[1]).toEqual({
      name: 'aws-ebs-csi-driver',
      repoURL: 'https://kubernetes-sigs.github.io/aws-ebs-csi-driver',
      version: '2.40.0',
    });
  });

  it('prints only the Images document without charts, and an empty image list as []', () => {
    const out = formatMirrorList(imagesOnly, 'hauler');
    expect(out).not.toContain('---');
    expect(out).not.toContain('Charts');
    expect(formatMirrorList({ images: [], charts: [], components: [], metadata: {} }, 'hauler')).toBe(
      'apiVersion: content.hauler.cattle.io/v1\nkind: Images\nmetadata:\n  name: aicr-images\nspec:\n  images: []\n',
    );
  });

  it("uses only fields of hauler's content.hauler.cattle.io/v1 Images and Charts types", () => {
    // Field names from hauler pkg/apis/hauler.cattle.io/v1 image.go (Image) and chart.go (Chart).
    const imageFields = new Set(['name', 'key', 'use-tlog-verify', 'platform', 'rewrite']);
    const chartFields = new Set(['name', 'repoURL', 'version', 'rewrite', 'valuesFiles', 'platform', 'add-images']);
    const [images, charts] = parseAllDocuments(formatMirrorList(specExample, 'hauler')).map((d) => d.toJS());
    for (const doc of [images, charts]) {
      expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
      expect(doc.apiVersion).toBe('content.hauler.cattle.io/v1');
    }
    expect([images.kind, charts.kind]).toEqual(['Images', 'Charts']);
    for (const i of images.spec.images) for (const k of Object.keys(i)) expect(imageFields.has(k), k).toBe(true);
    for (const c of charts.spec.charts) for (const k of Object.keys(c)) expect(chartFields.has(k), k).toBe(true);
  });

  it('never prints warnings or namespaces', () => {
    const out = formatMirrorList(specExample, 'hauler');
    expect(out).not.toContain('namespace');
    expect(out).not.toContain('boom');
  });
});

describe('--format zarf (spec §9.3, §11 #21)', () => {
  it('prints the spec example byte for byte', () => {
    expect(
      formatMirrorList({ ...specExample, images: ['nvcr.io/nvidia/gpu-operator:v26.7.1'] }, 'zarf'),
    ).toBe(`apiVersion: zarf.dev/v1alpha1
components:
  - charts:
      - name: gpu-operator
        namespace: gpu-operator
        repoName: gpu-operator
        url: https://helm.ngc.nvidia.com/nvidia
        version: v26.7.1
      - name: nvsentinel
        namespace: nvsentinel
        url: oci://ghcr.io/nvidia/nvsentinel
        version: v1.20.0
    images:
      - nvcr.io/nvidia/gpu-operator:v26.7.1
    name: aicr-images
    required: true
kind: ZarfPackageConfig
metadata:
  description: NVIDIA AI Cluster Runtime container images and Helm charts for air-gapped deployment
  name: aicr
`);
  });

  it('joins OCI repository and chart into the URL without repoName; HTTPS charts get repoName', () => {
    const kai: MirrorListResult = {
      images: [],
      charts: [
        {
          name: 'kai-scheduler',
          repository: 'oci://ghcr.io/kai-scheduler/',
          chart: 'kai-scheduler',
          version: 'v0.2.71',
          namespace: 'kai-scheduler',
        },
      ],
      components: [],
      metadata: {},
    };
    const out = formatMirrorList(kai, 'zarf');
    expect(out).toContain('url: oci://ghcr.io/kai-scheduler/kai-scheduler\n');
    expect(out).not.toContain('repoName:');
    expect(out).not.toContain('images:');
    const upstream = formatMirrorList(upstreamTestList, 'zarf');
    for (const part of [
      'kind: ZarfPackageConfig',
      'name: aicr',
      'description: NVIDIA AI Cluster Runtime',
      'name: aicr-images',
      'required: true',
      'url: oci://ghcr.io/nvidia/gpu-operator',
      'namespace: gpu-operator',
      'url: https://kubernetes-sigs.github.io/aws-ebs-csi-driver',
      'repoName: aws-ebs-csi-driver',
    ]) {
      expect(upstream).toContain(part);
    }
  });

  it('omits charts when there are none and namespace when empty', () => {
    const out = formatMirrorList(imagesOnly, 'zarf');
    expect(out).toContain('- nginx:latest');
    expect(out).not.toContain('charts:');
    const noNs = formatMirrorList(
      { ...imagesOnly, charts: [{ name: 'a', repository: 'https://x.io', chart: 'a', version: '1.0.0' }] },
      'zarf',
    );
    expect(noNs).not.toContain('namespace');
  });

  const schemaPath = resolve(import.meta.dirname, '../../../shared/schemas/zarf.schema.json');
  it.skipIf(!existsSync(schemaPath))('validates against zarf.schema.json', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const cases: Array<[MirrorListResult, FormatOptions]> = [
      [specExample, {}],
      [upstreamTestList, {}],
      [imagesOnly, {}],
      [{ ...imagesOnly, images: [] }, {}],
      [specExample, { platform: 'linux/arm64' }],
    ];
    for (const [list, options] of cases) {
      const doc = parse(formatMirrorList(list, 'zarf', options));
      const ok = validate(doc);
      expect(validate.errors ?? [], JSON.stringify(doc)).toEqual([]);
      expect(ok).toBe(true);
    }
    // The validator is live: a broken package is rejected.
    expect(
      validate({ kind: 'ZarfPackageConfig', apiVersion: 'zarf.dev/v1alpha1', components: [{ requird: true }] }),
    ).toBe(false);
  });
});

describe('--image-platform in Hauler and Zarf output', () => {
  it('is the Images kind annotation hauler.dev/platform, and nothing else changes', () => {
    const out = formatMirrorList(specExample, 'hauler', { platform: 'linux/arm64/v8' });
    expect(out.split('---\n')[0]).toBe(`apiVersion: content.hauler.cattle.io/v1
kind: Images
metadata:
  annotations:
    hauler.dev/platform: linux/arm64/v8
  name: aicr-images
spec:
  images:
    - name: nvcr.io/nvidia/gpu-operator:v26.7.1
    - name: registry.k8s.io/nfd/node-feature-discovery:v0.19.0
`);
    expect(out.split('---\n')[1]).toBe(formatMirrorList(specExample, 'hauler').split('---\n')[1]);
  });

  it("is the Zarf package's metadata.architecture", () => {
    const out = formatMirrorList(specExample, 'zarf', { platform: 'linux/arm64' });
    expect(parse(out).metadata).toEqual({
      architecture: 'arm64',
      description: parse(formatMirrorList(specExample, 'zarf')).metadata.description,
      name: 'aicr',
    });
    expect(out.replace('  architecture: arm64\n', '')).toBe(formatMirrorList(specExample, 'zarf'));
  });
});

describe('--format yaml and json (spec §9.1)', () => {
  it('prints fields in declaration order with omissions', () => {
    expect(formatMirrorList(specExample, 'yaml')).toBe(`images:
  - nvcr.io/nvidia/gpu-operator:v26.7.1
  - registry.k8s.io/nfd/node-feature-discovery:v0.19.0
charts:
  - name: gpu-operator
    repository: https://helm.ngc.nvidia.com/nvidia
    chart: gpu-operator
    version: v26.7.1
    namespace: gpu-operator
  - name: nvsentinel
    repository: oci://ghcr.io/nvidia
    chart: nvsentinel
    version: v1.20.0
    namespace: nvsentinel
components:
  - component: gpu-operator
    type: helm
    images:
      - nvcr.io/nvidia/gpu-operator:v26.7.1
      - registry.k8s.io/nfd/node-feature-discovery:v0.19.0
  - component: nvsentinel
    type: helm
    images: []
    warnings:
      - 'helm template failed: boom'
metadata:
  recipeVersion: v0.1.0
  criteria: criteria(service=eks, accelerator=h100, intent=training, os=ubuntu)
`);
  });

  it('prints JSON with 2-space indent, a trailing newline and the same order', () => {
    const out = formatMirrorList(upstreamTestList, 'json');
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toContain('\n  "images": [\n    "nvcr.io/nvidia/gpu-operator:v25.3.0",');
    expect(Object.keys(JSON.parse(out))).toEqual(['images', 'charts', 'components', 'metadata']);
    expect(Object.keys(JSON.parse(out).charts[0])).toEqual(['name', 'repository', 'chart', 'version', 'namespace']);
    expect(out).toContain('"components": [],\n  "metadata": {}\n}');
  });

  it('prints empty lists as [] (not null) in both, and an empty metadata as {}', () => {
    const empty: MirrorListResult = {
      images: [],
      charts: [],
      components: [{ component: 'x', type: 'kustomize', images: [], warnings: [] }],
      metadata: { recipeVersion: '', criteria: '' },
    };
    expect(formatMirrorList(empty, 'yaml')).toBe(
      'images: []\ncharts: []\ncomponents:\n  - component: x\n    type: kustomize\n    images: []\nmetadata: {}\n',
    );
    expect(JSON.parse(formatMirrorList(empty, 'json'))).toEqual({
      images: [],
      charts: [],
      components: [{ component: 'x', type: 'kustomize', images: [] }],
      metadata: {},
    });
  });

  it('escapes like Go encoding/json (HTML-safe)', () => {
    const out = formatMirrorList(
      { ...imagesOnly, components: [{ component: 'c', type: 'helm', images: [], warnings: ['a <b> & c\u2028'] }] },
      'json',
    );
    expect(out).toContain('"a \\u003cb\\u003e \\u0026 c\\u2028"');
  });
});

const HELM = resolve(import.meta.dirname, '../../.helm/helm3');
describe.skipIf(!existsSync(HELM))('JSON against Go encoding/json (helm toPrettyJson)', () => {
  it('matches byte for byte on tricky strings and nesting', () => {
    const data = {
      a: ['<>&', '\u2028\u2029', 'tab\t', 'nl\n', '\u0001\u001f\u007f', 'é😀', '"q"\\', ''],
      b: { c: [], d: {}, e: [{ f: 'g' }] },
    };
    const dir = mkdtempSync(join(tmpdir(), 'helmless-json-'));
    try {
      mkdirSync(join(dir, 'templates'));
      writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: j\nversion: 0.1.0\n');
      writeFileSync(join(dir, 'templates', 'cm.yaml'), 'v: {{ toPrettyJson .Values.data | quote }}\n');
      // helm reads the values file as YAML, which folds raw line separators and rejects raw DEL/C1.
      const json = JSON.stringify({ data }).replace(
        /[\u007f-\u009f\u2028\u2029]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      writeFileSync(join(dir, 'v.json'), json);
      const out = execFileSync(HELM, ['template', 't', dir, '-f', join(dir, 'v.json')], { encoding: 'utf8' });
      const goJson = parse(out.slice(out.indexOf('v: '))).v as string;
      // Encoder.Encode = MarshalIndent + "\n".
      expect(emitGoJson(data)).toBe(`${goJson}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--format list', () => {
  it('prints one image per line, nothing for an empty list', () => {
    expect(formatMirrorList(specExample, 'list')).toBe(
      'nvcr.io/nvidia/gpu-operator:v26.7.1\nregistry.k8s.io/nfd/node-feature-discovery:v0.19.0\n',
    );
    expect(formatMirrorList({ ...imagesOnly, images: [] }, 'list')).toBe('');
  });
});

describe('--format skopeo (beyond aicr: a skopeo sync --src yaml file)', () => {
  it('groups images by registry and repository under Docker full names, charts in a comment', () => {
    const result: MirrorListResult = {
      ...specExample,
      images: [
        'busybox:1.36',
        'docker.io/library/busybox:1.37',
        'ghcr.io/org/app',
        `ghcr.io/org/app:2.0@sha256:${'a'.repeat(64)}`,
        'nvcr.io/nvidia/gpu-operator:v26.7.1',
        'registry.k8s.io/nfd/node-feature-discovery:v0.19.0',
        'localhost:5000/team/tool:1',
      ],
    };
    expect(
      formatMirrorList(result, 'skopeo'),
    ).toBe(`# Helm charts (skopeo copies images only; fetch these with helmless pull):
#   gpu-operator v26.7.1 from https://helm.ngc.nvidia.com/nvidia (namespace gpu-operator)
#   nvsentinel v1.20.0 from oci://ghcr.io/nvidia (namespace nvsentinel)
docker.io:
  images:
    library/busybox:
      - "1.36"
      - "1.37"
ghcr.io:
  images:
    org/app:
      - latest
      - sha256:${'a'.repeat(64)}
localhost:5000:
  images:
    team/tool:
      - "1"
nvcr.io:
  images:
    nvidia/gpu-operator:
      - v26.7.1
registry.k8s.io:
  images:
    nfd/node-feature-discovery:
      - v0.19.0
`);
    expect(formatMirrorList({ ...imagesOnly, images: [] }, 'skopeo')).toBe('{}\n');
  });

  it('refuses an image it cannot place, and keeps chart text inside its comment', () => {
    expect(() => formatMirrorList({ ...imagesOnly, images: ['Not/A/Reference'] }, 'skopeo')).toThrow(
      'image "Not/A/Reference" is not a valid image reference: skopeo sync cannot copy it',
    );
    const sneaky: MirrorListResult = {
      ...imagesOnly,
      charts: [{ name: 'x', repository: 'https://r', chart: 'a\nquay.io:\u2028 images: {}', version: '1' }],
    };
    const out = formatMirrorList(sneaky, 'skopeo');
    expect(parse(out)).toEqual({ 'docker.io': { images: { 'library/nginx': ['latest'] } } });
    expect(out.split('\n')[1]).toBe('#   "a\\nquay.io:\\u2028 images: {}" 1 from https://r');
  });
});

describe('provenance (--provenance, --why)', () => {
  const withProvenance: MirrorListResult = {
    ...imagesOnly,
    images: ['nginx:latest', 'q.io/z:3'],
    provenance: [
      {
        image: 'q.io/z:3',
        component: 'web',
        source: 'manifest',
        path: 'components/web/manifests/extra.yaml',
        documentIndex: 0,
        yamlPath: 'items[0].image',
      },
      {
        image: 'nginx:latest',
        component: 'web',
        source: 'rendered',
        chart: 'web',
        chartVersion: '1.2.3',
        path: 'web/templates/job.yaml',
        documentIndex: 1,
        kind: 'Job',
        name: 'hook',
        yamlPath: 'spec.template.spec.containers[0].image',
      },
      {
        image: 'nginx:latest',
        component: 'web',
        source: 'rendered',
        chart: 'web',
        chartVersion: '1.2.3',
        path: 'web/templates/deploy.yaml',
        documentIndex: 0,
        kind: 'Deployment',
        name: 'web',
        yamlPath: 'spec.template.spec.containers[0].image',
      },
    ],
  };

  it('adds a sorted provenance section to JSON and YAML only when asked', () => {
    expect(formatMirrorList(withProvenance, 'json')).not.toContain('provenance');
    const doc = JSON.parse(formatMirrorList(withProvenance, 'json', { provenance: true }));
    expect(Object.keys(doc)).toEqual(['images', 'charts', 'components', 'metadata', 'provenance']);
    expect(doc.provenance.map((p: { path: string }) => p.path)).toEqual([
      'web/templates/deploy.yaml',
      'web/templates/job.yaml',
      'components/web/manifests/extra.yaml',
    ]);
    expect(Object.keys(doc.provenance[0])).toEqual([
      'image',
      'component',
      'source',
      'chart',
      'chartVersion',
      'path',
      'documentIndex',
      'kind',
      'name',
      'yamlPath',
    ]);
    expect(Object.keys(doc.provenance[2])).toEqual([
      'image',
      'component',
      'source',
      'path',
      'documentIndex',
      'yamlPath',
    ]);
    expect(parse(formatMirrorList(withProvenance, 'yaml', { provenance: true })).provenance).toEqual(doc.provenance);
  });

  it('explains one image with --why', () => {
    expect(formatWhy(withProvenance, 'nginx:latest')).toBe(`nginx:latest
  component web: chart web 1.2.3
    web/templates/deploy.yaml (document 0, Deployment web): spec.template.spec.containers[0].image
    web/templates/job.yaml (document 1, Job hook): spec.template.spec.containers[0].image
`);
    expect(formatWhy(withProvenance, 'q.io/z:3')).toBe(
      'q.io/z:3\n  component web: manifest\n    components/web/manifests/extra.yaml (document 0): items[0].image\n',
    );
    expect(() => formatWhy(withProvenance, 'nginx')).toThrow(/"nginx" is not in the mirror list/);
    expect(() => formatWhy(imagesOnly, 'nginx:latest')).toThrow(/no provenance/);
  });
});

// ---- properties: every writer is a deterministic, lossless function of the inventory

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const ref = fc.stringMatching(/^[a-z0-9.:/@_-]{1,30}$/);
const resultArb: fc.Arbitrary<MirrorListResult> = fc.record({
  images: fc.uniqueArray(ref, { maxLength: 6 }),
  charts: fc.array(
    fc.record({
      name: text,
      repository: fc.oneof(
        ref.map((r) => `oci://${r}`),
        ref.map((r) => `https://${r}`),
      ),
      chart: text,
      version: text,
      namespace: fc.option(text, { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  components: fc.array(
    fc.record({
      component: text,
      type: fc.constantFrom('helm', 'kustomize'),
      images: fc.array(ref, { maxLength: 3 }),
      warnings: fc.option(fc.array(fc.string({ maxLength: 40 }), { maxLength: 2 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  metadata: fc.record({
    recipeVersion: fc.option(text, { nil: undefined }),
    criteria: fc.option(text, { nil: undefined }),
  }),
});

/** What the YAML/JSON documents should decode to. */
function expectedDocument(r: MirrorListResult): unknown {
  const md: Record<string, string> = {};
  if (r.metadata.recipeVersion) md.recipeVersion = r.metadata.recipeVersion;
  if (r.metadata.criteria) md.criteria = r.metadata.criteria;
  return {
    images: r.images,
    charts: r.charts.map((c) => ({
      name: c.name,
      repository: c.repository,
      chart: c.chart,
      version: c.version,
      ...(c.namespace ? { namespace: c.namespace } : {}),
    })),
    components: r.components.map((c) => ({
      component: c.component,
      type: c.type,
      images: c.images,
      ...(c.warnings?.length ? { warnings: c.warnings } : {}),
    })),
    metadata: md,
  };
}

describe('format properties', () => {
  it('YAML and JSON decode back to exactly the inventory (strings survive any quoting)', () => {
    fc.assert(
      fc.property(resultArb, (r) => {
        expect(JSON.parse(formatMirrorList(r, 'json'))).toEqual(expectedDocument(r));
        expect(parse(formatMirrorList(r, 'yaml'))).toEqual(expectedDocument(r));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('Hauler and Zarf decode back to the images and charts', () => {
    fc.assert(
      fc.property(resultArb, (r) => {
        const hauler = parseAllDocuments(formatMirrorList(r, 'hauler')).map((d) => d.toJS());
        expect(hauler[0].spec.images).toEqual(r.images.map((name) => ({ name })));
        expect(hauler.length).toBe(r.charts.length > 0 ? 2 : 1);
        if (r.charts.length > 0) {
          expect(hauler[1].spec.charts).toEqual(
            r.charts.map((c) => ({ name: c.chart, repoURL: c.repository, version: c.version })),
          );
        }
        const zarf = parse(formatMirrorList(r, 'zarf'));
        expect(zarf.components[0].images).toEqual(r.images.length > 0 ? r.images : undefined);
        expect((zarf.components[0].charts ?? []).map((c: { name: string }) => c.name)).toEqual(
          r.charts.map((c) => c.chart),
        );
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('skopeo lists every valid image exactly where skopeo looks for it', () => {
    const valid = fc.tuple(
      fc.constantFrom('', 'quay.io/', 'localhost:5000/', 'docker.io/', 'index.docker.io/', 'registry-1.example.com/'),
      // No dot in the first component: without a host, `a.b/c` would name the registry a.b.
      fc.stringMatching(/^[a-z0-9]{1,8}(?:[_-][a-z0-9]{1,4})?(?:\/[a-z0-9]{1,6}(?:\.[a-z0-9]{1,3})?){0,2}$/),
      fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/), { nil: undefined }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(valid, { maxLength: 8 }), (parts) => {
        const images = parts.map(([host, path, tag]) => `${host}${path}${tag === undefined ? '' : `:${tag}`}`);
        const doc = parse(formatMirrorList({ ...imagesOnly, images }, 'skopeo')) ?? {};
        for (const [host, path, tag] of parts) {
          const domain = host === '' || host.includes('docker.io') ? 'docker.io' : host.slice(0, -1);
          const repository = domain === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
          expect(doc[domain].images[repository]).toContain(tag ?? 'latest');
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('is deterministic: the same inventory always gives the same bytes', () => {
    fc.assert(
      fc.property(resultArb, fc.constantFrom(...OUTPUT_FORMATS), (r, f) => {
        // skopeo refuses references it cannot place: the same refusal each time.
        const format = (x: MirrorListResult) => {
          try {
            return formatMirrorList(x, f);
          } catch (e) {
            return (e as Error).message;
          }
        };
        expect(format(structuredClone(r))).toBe(format(r));
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
