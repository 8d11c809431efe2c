/**
 * Helm's built-in template objects as Go values: `.Values` (chartutil.Values with AsMap, YAML,
 * Table, PathValue), `.Files` (engine.files with Get, GetBytes, Glob, Lines, AsConfig, AsSecrets),
 * `.Capabilities` (KubeVersion, APIVersions with Has, HelmVersion), `.Chart` (a struct in helm 3, a map
 * in helm 4), `.Release`, `.Template`. Type names follow the helm version (`chartutil.` vs `common.`).
 */
import { marshalYamlV2, toYaml } from '../codec/yaml-write-v2.js';
import { FuncError, fn } from '../gotemplate/funcs.js';
import { bytesToString } from '../gotemplate/gostring.js';
import {
  type FieldDef,
  type GoType,
  ptrTo,
  sliceOf,
  T_BOOL,
  T_BYTES,
  T_INTERFACE,
  T_MAP,
  T_MAP_STRING_STRING,
  T_SLICE_STRING,
  T_STRING,
} from '../gotemplate/types.js';
import {
  type GoMap,
  GoNamed,
  GoStruct,
  type GoValue,
  goInt,
  nilMap,
  nilSlice,
  stringSlice,
  structType,
  withType,
} from '../gotemplate/value.js';
import { type Chart, type ChartFile, type ChartMetadata, ImportPair } from './chart.js';
import { globToRegExp } from './glob.js';

export type Compat = 'helm3' | 'helm4';

// ---------------------------------------------------------------------------------------------
// .Values — chartutil.Values / common.Values

function pkg(compat: Compat): string {
  return compat === 'helm3' ? 'chartutil' : 'common';
}

function tableLookup(v: GoMap, simple: string): GoMap {
  if (!v.has(simple)) throw new FuncError(`"${simple}" is not a table`);
  const v2 = v.get(simple);
  if (v2 instanceof GoNamed && v2.value instanceof Map) return v2.value;
  if (v2 instanceof Map && (v2 as any)[Symbol.for('helmless.goType')] === undefined) return v2 as GoMap;
  throw new FuncError(`"${simple}" is not a table`);
}

function table(v: GoMap, name: string): GoMap {
  let t = v;
  for (const n of name.split('.')) t = tableLookup(t, n);
  return t;
}

function isTable(v: GoValue): boolean {
  return v instanceof Map && (v as any)[Symbol.for('helmless.goType')] === undefined;
}

const valuesTypes = new Map<Compat, GoType>();

/** The named `Values` map type of the given helm version. */
export function valuesType(compat: Compat): GoType {
  let t = valuesTypes.get(compat);
  if (t) return t;
  const methods = new Map();
  t = { kind: 'map', name: `${pkg(compat)}.Values`, key: T_STRING, elem: T_INTERFACE, underlying: T_MAP, methods };
  const self = t;
  methods.set(
    'AsMap',
    fn([], T_MAP, (recv: GoNamed) => {
      const m = recv.value as GoMap;
      return m.size === 0 ? new Map() : m;
    }),
  );
  methods.set(
    'YAML',
    fn([], T_STRING, (recv: GoNamed) => marshalYamlV2(recv.value)),
  );
  methods.set(
    'Table',
    fn([T_STRING], self, (recv: GoNamed, name: string) => new GoNamed(self, table(recv.value as GoMap, name))),
  );
  methods.set(
    'PathValue',
    fn([T_STRING], T_INTERFACE, (recv: GoNamed, path: string) => {
      if (path === '') throw new FuncError('YAML path cannot be empty');
      const parts = path.split('.');
      const v = recv.value as GoMap;
      const key = parts[parts.length - 1]!;
      let t: GoMap = v;
      if (parts.length > 1) {
        try {
          t = table(v, parts.slice(0, -1).join('.'));
        } catch {
          throw new FuncError(`"${key}" is not a value`);
        }
      }
      if (t.has(key) && !isTable(t.get(key))) return t.get(key);
      throw new FuncError(`"${key}" is not a value`);
    }),
  );
  valuesTypes.set(compat, t);
  return t;
}

/** Wraps a values map as the `Values` named type. */
export function valuesObject(m: GoMap, compat: Compat): GoNamed {
  return new GoNamed(valuesType(compat), m);
}

// ---------------------------------------------------------------------------------------------
// .Files — engine.files (map[string][]byte)

const filesType: GoType = (() => {
  const methods = new Map();
  const t: GoType = {
    kind: 'map',
    name: 'engine.files',
    key: T_STRING,
    elem: T_BYTES,
    underlying: { kind: 'map', name: 'map[string][]uint8', key: T_STRING, elem: T_BYTES },
    methods,
  };
  const files = (recv: GoNamed) => recv.value as Map<string, Uint8Array>;
  methods.set(
    'Get',
    fn([T_STRING], T_STRING, (recv: GoNamed, name: string) => {
      const b = files(recv).get(name);
      return b ? bytesToString(b) : '';
    }),
  );
  methods.set(
    'GetBytes',
    // helm's Files.GetBytes: a missing file is an empty (non-nil) []byte.
    fn([T_STRING], T_BYTES, (recv: GoNamed, name: string) => files(recv).get(name) ?? new Uint8Array(0)),
  );
  methods.set(
    'Glob',
    fn([T_STRING], t, (recv: GoNamed, pattern: string) => {
      const re = globToRegExp(pattern) ?? globToRegExp('**')!;
      const out = new Map<string, Uint8Array>();
      for (const [name, data] of files(recv)) if (re.test(name)) out.set(name, data);
      return new GoNamed(t, out);
    }),
  );
  methods.set(
    'AsConfig',
    fn([], T_STRING, (recv: GoNamed) => {
      const m: GoMap = new Map();
      for (const [k, v] of files(recv)) m.set(baseName(k), bytesToString(v));
      return toYaml(withType(m, T_MAP_STRING_STRING));
    }),
  );
  methods.set(
    'AsSecrets',
    fn([], T_STRING, (recv: GoNamed) => {
      const m: GoMap = new Map();
      for (const [k, v] of files(recv)) m.set(baseName(k), Buffer.from(v).toString('base64'));
      return toYaml(withType(m, T_MAP_STRING_STRING));
    }),
  );
  methods.set(
    'Lines',
    fn([T_STRING], T_SLICE_STRING, (recv: GoNamed, path: string) => {
      const b = files(recv).get(path);
      if (!b) return stringSlice([]);
      let s = bytesToString(b);
      if (s.length === 0) throw new FuncError('runtime error: index out of range [-1]');
      if (s.endsWith('\n')) s = s.slice(0, -1);
      return stringSlice(s.split('\n'));
    }),
  );
  return t;
})();

function baseName(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return p === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `.Files` of a chart (every non-template file, including crds/ and .helmignore). */
export function filesObject(files: ChartFile[]): GoNamed {
  const m = new Map<string, Uint8Array>();
  for (const f of files) m.set(f.name, f.data);
  return new GoNamed(filesType, m);
}

// ---------------------------------------------------------------------------------------------
// .Capabilities

export interface CapabilitiesInput {
  compat: Compat;
  /** The raw `--kube-version` text, or undefined for the default. */
  kubeVersion?: string;
  /** Extra `--api-versions` entries (already split on commas). */
  apiVersions?: string[];
}

const HELM_VERSIONS: Record<Compat, { version: string; commit: string; go: string; kubeClient?: string }> = {
  helm3: { version: 'v3.17.3', commit: 'e4da49785aa6e6ee2b86efd5dd9e43400318262b', go: 'go1.23.7' },
  helm4: { version: 'v4.1.4', commit: '05fa37973dc9e42b76e1d2883494c87174b6074f', go: 'go1.25.9', kubeClient: 'v1.35' },
};

const COMMON_APIS_HEAD = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
];

/** helm's DefaultVersionSet per version (printed by `{{ .Capabilities.APIVersions }}`). */
export const DEFAULT_API_VERSIONS: Record<Compat, readonly string[]> = {
  helm3: [
    ...COMMON_APIS_HEAD,
    'networking.k8s.io/v1alpha1',
    'networking.k8s.io/v1beta1',
    'node.k8s.io/v1',
    'node.k8s.io/v1alpha1',
    'node.k8s.io/v1beta1',
    'policy/v1',
    'policy/v1beta1',
    'rbac.authorization.k8s.io/v1',
    'rbac.authorization.k8s.io/v1beta1',
    'rbac.authorization.k8s.io/v1alpha1',
    'resource.k8s.io/v1beta1',
    'resource.k8s.io/v1alpha3',
    'scheduling.k8s.io/v1alpha1',
    'scheduling.k8s.io/v1beta1',
    'scheduling.k8s.io/v1',
    'storage.k8s.io/v1beta1',
    'storage.k8s.io/v1',
    'storage.k8s.io/v1alpha1',
    'storagemigration.k8s.io/v1alpha1',
    'apiextensions.k8s.io/v1beta1',
    'apiextensions.k8s.io/v1',
  ],
  helm4: [
    ...COMMON_APIS_HEAD,
    'networking.k8s.io/v1beta1',
    'node.k8s.io/v1',
    'node.k8s.io/v1alpha1',
    'node.k8s.io/v1beta1',
    'policy/v1',
    'policy/v1beta1',
    'rbac.authorization.k8s.io/v1',
    'rbac.authorization.k8s.io/v1beta1',
    'rbac.authorization.k8s.io/v1alpha1',
    'resource.k8s.io/v1',
    'resource.k8s.io/v1beta2',
    'resource.k8s.io/v1beta1',
    'resource.k8s.io/v1alpha3',
    'scheduling.k8s.io/v1alpha1',
    'scheduling.k8s.io/v1beta1',
    'scheduling.k8s.io/v1',
    'storage.k8s.io/v1beta1',
    'storage.k8s.io/v1',
    'storage.k8s.io/v1alpha1',
    'storagemigration.k8s.io/v1beta1',
    'apiextensions.k8s.io/v1beta1',
    'apiextensions.k8s.io/v1',
  ],
};

export const DEFAULT_KUBE_VERSION: Record<Compat, string> = { helm3: 'v1.32.0', helm4: 'v1.35.0' };

class Struct extends GoStruct {
  constructor(
    readonly goType: GoType,
    fields: Record<string, GoValue>,
  ) {
    super();
    Object.assign(this, fields);
  }
}

const capsTypes = new Map<Compat, { caps: GoType; kube: GoType; versionSet: GoType; build: GoType }>();

function capabilitiesTypes(compat: Compat) {
  let t = capsTypes.get(compat);
  if (t) return t;
  const p = pkg(compat);
  const kubeFields: FieldDef[] =
    compat === 'helm3'
      ? [
          { name: 'Version', type: T_STRING },
          { name: 'Major', type: T_STRING },
          { name: 'Minor', type: T_STRING },
        ]
      : [
          { name: 'Version', type: T_STRING },
          { name: 'normalizedVersion', type: T_STRING, json: { skip: true } },
          { name: 'Major', type: T_STRING },
          { name: 'Minor', type: T_STRING },
        ];
  // helm 4 prints the normalized version, or Version where that is unset (a deepCopy's copy).
  const kubeString = (kv: any) =>
    compat === 'helm3' || kv.normalizedVersion === '' ? kv.Version : kv.normalizedVersion;
  const kube: GoType = {
    kind: 'struct',
    name: `${p}.KubeVersion`,
    fields: kubeFields,
    stringer: kubeString,
    stringerOnPtr: true,
    methods: new Map([
      ['String', fn([], T_STRING, kubeString)],
      ['GitVersion', fn([], T_STRING, (kv: any) => kv.Version)],
    ]),
  };
  const versionSet: GoType = {
    kind: 'slice',
    name: `${p}.VersionSet`,
    elem: T_STRING,
    underlying: T_SLICE_STRING,
    methods: new Map([
      ['Has', fn([T_STRING], T_BOOL, (recv: GoNamed, v: string) => (recv.value as string[]).includes(v))],
    ]),
  };
  const buildFields: FieldDef[] = [
    { name: 'Version', type: T_STRING, json: { name: 'version', omitempty: true } },
    { name: 'GitCommit', type: T_STRING, json: { name: 'git_commit', omitempty: true } },
    { name: 'GitTreeState', type: T_STRING, json: { name: 'git_tree_state', omitempty: true } },
    { name: 'GoVersion', type: T_STRING, json: { name: 'go_version', omitempty: true } },
  ];
  if (compat === 'helm4') {
    buildFields.push({
      name: 'KubeClientVersion',
      type: T_STRING,
      json: { name: 'kube_client_version', omitempty: true },
    });
  }
  const build: GoType = { kind: 'struct', name: 'version.BuildInfo', fields: buildFields };
  const capsStruct: GoType = {
    kind: 'struct',
    name: `${p}.Capabilities`,
    fields: [
      { name: 'KubeVersion', type: kube },
      { name: 'APIVersions', type: versionSet },
      { name: 'HelmVersion', type: build },
    ],
  };
  t = { caps: ptrTo(capsStruct), kube, versionSet, build };
  capsTypes.set(compat, t);
  return t;
}

/** A parsed Kubernetes version as `.Capabilities.KubeVersion` holds it. */
export interface KubeVersionParts {
  version: string;
  normalized: string;
  major: string;
  minor: string;
}

/** Builds `.Capabilities` for a render. */
export function capabilitiesObject(compat: Compat, kube: KubeVersionParts, apiVersions: readonly string[]): GoStruct {
  const t = capabilitiesTypes(compat);
  const kubeFields: Record<string, GoValue> = { Version: kube.version, Major: kube.major, Minor: kube.minor };
  if (compat === 'helm4') kubeFields.normalizedVersion = kube.normalized;
  const hv = HELM_VERSIONS[compat];
  const buildFields: Record<string, GoValue> = {
    Version: hv.version,
    GitCommit: hv.commit,
    GitTreeState: 'clean',
    GoVersion: hv.go,
  };
  if (hv.kubeClient) buildFields.KubeClientVersion = hv.kubeClient;
  return new Struct(t.caps, {
    KubeVersion: new Struct(t.kube, kubeFields),
    APIVersions: new GoNamed(t.versionSet, [...apiVersions]),
    HelmVersion: new Struct(t.build, buildFields),
  });
}

// ---------------------------------------------------------------------------------------------
// .Chart

const maintainerType: GoType = {
  kind: 'struct',
  name: 'chart.Maintainer',
  fields: [
    { name: 'Name', type: T_STRING, json: { name: 'name', omitempty: true } },
    { name: 'Email', type: T_STRING, json: { name: 'email', omitempty: true } },
    { name: 'URL', type: T_STRING, json: { name: 'url', omitempty: true } },
  ],
};
const maintainerPtr = ptrTo(maintainerType);

const dependencyType: GoType = {
  kind: 'struct',
  name: 'chart.Dependency',
  fields: [
    { name: 'Name', type: T_STRING, json: { name: 'name' } },
    { name: 'Version', type: T_STRING, json: { name: 'version', omitempty: true } },
    { name: 'Repository', type: T_STRING, json: { name: 'repository' } },
    { name: 'Condition', type: T_STRING, json: { name: 'condition', omitempty: true } },
    { name: 'Tags', type: T_SLICE_STRING, json: { name: 'tags', omitempty: true } },
    { name: 'Enabled', type: T_BOOL, json: { name: 'enabled', omitempty: true } },
    { name: 'ImportValues', type: sliceOf(T_INTERFACE), json: { name: 'import-values', omitempty: true } },
    { name: 'Alias', type: T_STRING, json: { name: 'alias', omitempty: true } },
  ],
};
const dependencyPtr = ptrTo(dependencyType);

const metadataFields: FieldDef[] = [
  { name: 'Name', type: T_STRING, json: { name: 'name', omitempty: true } },
  { name: 'Home', type: T_STRING, json: { name: 'home', omitempty: true } },
  { name: 'Sources', type: T_SLICE_STRING, json: { name: 'sources', omitempty: true } },
  { name: 'Version', type: T_STRING, json: { name: 'version', omitempty: true } },
  { name: 'Description', type: T_STRING, json: { name: 'description', omitempty: true } },
  { name: 'Keywords', type: T_SLICE_STRING, json: { name: 'keywords', omitempty: true } },
  { name: 'Maintainers', type: sliceOf(maintainerPtr), json: { name: 'maintainers', omitempty: true } },
  { name: 'Icon', type: T_STRING, json: { name: 'icon', omitempty: true } },
  { name: 'APIVersion', type: T_STRING, json: { name: 'apiVersion', omitempty: true } },
  { name: 'Condition', type: T_STRING, json: { name: 'condition', omitempty: true } },
  { name: 'Tags', type: T_STRING, json: { name: 'tags', omitempty: true } },
  { name: 'AppVersion', type: T_STRING, json: { name: 'appVersion', omitempty: true } },
  { name: 'Deprecated', type: T_BOOL, json: { name: 'deprecated', omitempty: true } },
  { name: 'Annotations', type: T_MAP_STRING_STRING, json: { name: 'annotations', omitempty: true } },
  { name: 'KubeVersion', type: T_STRING, json: { name: 'kubeVersion', omitempty: true } },
  { name: 'Dependencies', type: sliceOf(dependencyPtr), json: { name: 'dependencies', omitempty: true } },
  { name: 'Type', type: T_STRING, json: { name: 'type', omitempty: true } },
];
const metadataType: GoType = { kind: 'struct', name: 'chart.Metadata', fields: metadataFields };

/** helm 3's `struct { chart.Metadata; IsRoot bool }` with Metadata's fields promoted. */
const chartStructType: GoType = {
  kind: 'struct',
  name: 'struct { chart.Metadata; IsRoot bool }',
  fields: [
    { name: 'Metadata', type: metadataType, embedded: true },
    { name: 'IsRoot', type: T_BOOL },
  ],
};

function stringsOrNil(v: string[] | undefined): GoValue[] {
  return v ? stringSlice([...v]) : nilSlice(T_SLICE_STRING);
}

function metadataValues(md: ChartMetadata): Record<string, GoValue> {
  const annotations = md.annotations
    ? withType(new Map(Object.entries(md.annotations)) as GoMap, T_MAP_STRING_STRING)
    : withType(nilMap(), T_MAP_STRING_STRING);
  return {
    Name: md.name ?? '',
    Home: md.home ?? '',
    Sources: stringsOrNil(md.sources),
    Version: md.version ?? '',
    Description: md.description ?? '',
    Keywords: stringsOrNil(md.keywords),
    Maintainers: md.maintainers
      ? withType(
          md.maintainers.map(
            (m) => new Struct(maintainerPtr, { Name: m?.name ?? '', Email: m?.email ?? '', URL: m?.url ?? '' }),
          ),
          sliceOf(maintainerPtr),
        )
      : nilSlice(sliceOf(maintainerPtr)),
    Icon: md.icon ?? '',
    APIVersion: md.apiVersion ?? '',
    Condition: md.condition ?? '',
    Tags: md.tags ?? '',
    AppVersion: md.appVersion ?? '',
    Deprecated: md.deprecated ?? false,
    Annotations: annotations,
    KubeVersion: md.kubeVersion ?? '',
    Dependencies: md.dependencies
      ? withType(
          md.dependencies.map(
            (d) =>
              new Struct(dependencyPtr, {
                Name: d.name,
                Version: d.version ?? '',
                Repository: d.repository ?? '',
                Condition: d.condition ?? '',
                Tags: stringsOrNil(d.tags),
                Enabled: d.enabled ?? false,
                // Processed import-values are strings or map[string]string{child, parent} in both helms.
                ImportValues: d.importValues
                  ? d.importValues.map((iv) =>
                      !(iv instanceof ImportPair)
                        ? iv
                        : withType(
                            new Map<string, GoValue>([
                              ['child', iv.child],
                              ['parent', iv.parent],
                            ]),
                            T_MAP_STRING_STRING,
                          ),
                    )
                  : nilSlice(),
                Alias: d.alias ?? '',
              }),
          ),
          sliceOf(dependencyPtr),
        )
      : nilSlice(sliceOf(dependencyPtr)),
    Type: md.type ?? '',
  };
}

/** The `.Chart` object: helm 3's embedded struct, or helm 4's map with Go-cased keys. */
export function chartObject(chart: Chart, compat: Compat): GoValue {
  const md = metadataValues(chart.metadata);
  const isRoot = chart.parent === undefined;
  if (compat === 'helm3') {
    const metadata = new Struct(metadataType, md);
    return new Struct(chartStructType, { Metadata: metadata, IsRoot: isRoot });
  }
  // helm 4 converts the metadata struct to a map: every slice becomes a non-nil []interface {}
  // (structs in it become maps of their Go field names); maps such as Annotations keep their type.
  const m: GoMap = new Map();
  for (const [k, v] of Object.entries(md)) m.set(k, Array.isArray(v) ? v.map(structToMap) : v);
  m.set('IsRoot', isRoot);
  return m;
}

/** A struct (pointer) in .Chart's slices as helm 4's map (field order is irrelevant: maps print sorted). */
function structToMap(v: GoValue): GoValue {
  if (!(v instanceof Struct)) return v;
  const m: GoMap = new Map();
  for (const f of structType(v).fields ?? []) {
    const x = (v as any)[f.name] as GoValue;
    m.set(f.name, Array.isArray(x) ? x.map(structToMap) : x);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// .Release, .Template

export interface ReleaseInput {
  name: string;
  namespace: string;
  isUpgrade: boolean;
}

export function releaseObject(r: ReleaseInput): GoMap {
  return new Map<string, GoValue>([
    ['Name', r.name],
    ['Namespace', r.namespace],
    ['IsUpgrade', r.isUpgrade],
    ['IsInstall', !r.isUpgrade],
    ['Revision', goInt(1)],
    ['Service', 'Helm'],
  ]);
}

export function templateObject(name: string, basePath: string, compat: Compat): GoNamed {
  return valuesObject(
    new Map<string, GoValue>([
      ['Name', name],
      ['BasePath', basePath],
    ]),
    compat,
  );
}
