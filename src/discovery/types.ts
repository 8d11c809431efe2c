/**
 * Types shared by the `mirror list` discovery pipeline: the recipe model (spec §2.3), the values
 * tree, and the injected renderer and chart fetcher the pipeline drives.
 */
import type { PlainYaml } from '../codec/yaml-plain.js';
import type { DeclaredImage } from './declared-images.js';

/** A values tree as a Go YAML decoder produces it: maps are null-prototype objects. */
export type Value = null | boolean | number | string | Value[] | ValueMap;
/** A values map (always created with a null prototype so keys like `__proto__` are plain keys). */
export interface ValueMap {
  [key: string]: Value;
}

/** What the pipeline asks the renderer for: the equivalent of one `helm template` call (spec §7.1). */
export interface RenderRequest {
  /** The component name, for error messages. */
  component: string;
  /** The release name: `release-<component>`. */
  releaseName: string;
  /** Chart `.tgz` bytes, as returned by the fetcher. */
  chart: Uint8Array;
  /** Target namespace; absent when the recipe sets none (helm then uses `default`). */
  namespace?: string;
  /** The user values file content (YAML); omitted when the values are empty. */
  valuesYaml?: string;
  /** Kubernetes version for `.Capabilities.KubeVersion`, e.g. `1.33.0`. */
  kubeVersion: string;
  /** Extra API versions (`--api-versions`). */
  apiVersions: string[];
  /**
   * The extractor will walk every document (the string scan), not only those that can name an
   * image key: a renderer that parses documents may keep every parse, to spare a second one.
   */
  everyDocument?: boolean;
  /**
   * Also report the images the chart and its rendered subcharts declare in Chart.yaml annotations
   * (`--declared-images`); the renderer then answers with a {@link RenderedChart}.
   */
  declaredImages?: boolean;
  /** Aborted when the per-component time bound or the whole operation ends. */
  signal?: AbortSignal;
}

/** One rendered template file (or document) as `helm template` would print it. */
export interface RenderedManifest {
  /** Template path as helm prints it in `# Source:`, e.g. `gpu-operator/templates/operator.yaml`. */
  path: string;
  content: string;
  /**
   * The document already parsed by the renderer (see `ManifestText.tree`): optional, saves the
   * extractor a parse.
   */
  tree?: PlainYaml;
}

/** A render with what the chart declares besides its manifests. */
export interface RenderedChart {
  manifests: RenderedManifest[];
  /** With `RenderRequest.declaredImages`: the images the chart tree declares (see `declared-images.ts`). */
  declaredImages?: DeclaredImage[];
  /** Annotation entries that could not be read; each becomes a component warning. */
  warnings?: string[];
}

/**
 * Renders a chart in-process (the `helm template` equivalent). A renderer that declares nothing may
 * answer with the manifests alone.
 */
export type RenderChart = (req: RenderRequest) => Promise<RenderedManifest[] | RenderedChart>;

/** Chart coordinates for the fetcher: a repository URL or `oci://` prefix, a chart name, a version. */
export interface ChartCoordinates {
  repository: string;
  chart: string;
  version?: string;
  plainHttp?: boolean;
  /** Aborted when the component's time bound or the whole operation ends. */
  signal?: AbortSignal;
}

/** Fetches (and caches) chart bytes; `digest` identifies the exact archive that was rendered. */
export type FetchChart = (coords: ChartCoordinates) => Promise<{ bytes: Uint8Array; digest: string }>;

/** A recipe constraint (spec §2.3). */
export interface Constraint {
  name: string;
  value: string;
  severity?: string;
  remediation?: string;
  unit?: string;
}

/** Recipe criteria (spec §3): `any` or empty means unspecified; `nodes` 0 means unspecified. */
export interface Criteria {
  service?: string;
  accelerator?: string;
  intent?: string;
  os?: string;
  platform?: string;
  nodes?: number;
}

/** One component of a recipe (spec §2.3). Absent strings mean empty. */
export interface ComponentRef {
  name: string;
  /** `Helm` or `Kustomize` (any case on input). */
  type?: string;
  /** Repository URL (`https://…`) or OCI base (`oci://…`); empty for manifest-only components. */
  source?: string;
  chart?: string;
  version?: string;
  namespace?: string;
  valuesFile?: string;
  /** Inline values, the highest recipe precedence; `enabled`/`install: false` disables the component. */
  overrides?: ValueMap;
  dependencyRefs?: string[];
  manifestFiles?: string[];
  preManifestFiles?: string[];
  /** Kustomize only. */
  tag?: string;
  /** Kustomize only. */
  path?: string;
  /** Unsupported: an enabled ref with patches is rejected. */
  patches?: string[];
  cleanup?: boolean;
  expectedResources?: unknown[];
  healthCheckAsserts?: string;
  healthCheckSkip?: boolean;
}

/** The profile a recipe was generated with and the value paths it owns (spec §6.5). */
export interface SelectedProfile {
  name: string;
  value: string;
  advertiser?: string;
  /** Owned dotted value paths per canonical component name; `enabled` stands for presence. */
  ownedPaths: Record<string, string[]>;
}

/** RecipeResult metadata (only the parts discovery uses are typed precisely). */
export interface RecipeMetadataBlock {
  version?: string;
  appliedOverlays?: string[];
  selectedProfile?: SelectedProfile;
  [key: string]: unknown;
}

/** A hydrated recipe (spec §2.3): the input of `mirrorList`. */
export interface RecipeResult {
  kind: string;
  apiVersion: string;
  metadata: RecipeMetadataBlock;
  criteria?: Criteria;
  /** Typed choices such as `slurm.accounting.mode`, kept as decoded. */
  configuration?: ValueMap;
  constraints: Constraint[];
  componentRefs: ComponentRef[];
  deploymentOrder?: string[];
}
