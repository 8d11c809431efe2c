/**
 * The typed result of `helmless mirror list` (spec §9.1). The discovery pipeline produces it; the
 * writers in `src/formats/` print it. Field declaration order here is the order the YAML and JSON
 * writers print, so keep it in sync with the spec when adding fields (only ever add optional ones).
 */

/** One Helm chart to mirror: the coordinates of a rendered component (spec §9.1 `charts[]`). */
export interface ChartRef {
  /** The component name (not the chart name). */
  name: string;
  /** Repository exactly as the recipe has it: an `https://…` repo URL or an `oci://…` base. */
  repository: string;
  /** Chart name: the last path segment of the recipe's chart, or the component name when unset. */
  chart: string;
  /** Chart version exactly as pinned by the recipe (e.g. `v26.7.0`). */
  version: string;
  /** Target namespace; omitted from YAML/JSON output when empty or absent. */
  namespace?: string;
}

/** What one enabled component contributes (spec §9.1 `components[]`). */
export interface ComponentImages {
  /** The component name from the recipe. */
  component: string;
  /** Lower-cased component type: `helm` or `kustomize`. */
  type: string;
  /** Images of this component: exact-string deduplicated and sorted byte-wise. */
  images: string[];
  /**
   * Non-fatal problems (spec §5.4 texts, e.g. `helm template failed: …`); omitted from output when
   * empty or absent. Hauler and Zarf outputs never carry them.
   */
  warnings?: string[];
}

/** Run metadata (spec §9.1 `metadata`); each field is omitted from output when empty or absent. */
export interface MirrorMetadata {
  /** The version of the tool that produced the list (not the recipe's own `metadata.version`). */
  recipeVersion?: string;
  /** Human-readable criteria (spec §3), e.g. `criteria(service=eks, accelerator=h100)`. */
  criteria?: string;
}

/**
 * Where one image reference was found inside a set of YAML texts, as reported by the extractor
 * (`src/discovery/extract.ts`). The pipeline adds the component and chart to make an
 * {@link ImageProvenance}.
 */
export interface ImageOccurrence {
  /** The extracted reference, exactly as it appears in the image list. */
  image: string;
  /**
   * The text it came from: for a rendered chart the template path as helm prints it in
   * `# Source:` (e.g. `gpu-operator/templates/operator.yaml`), for a raw manifest the catalog path
   * (e.g. `components/kueue/manifests/cluster-queue.yaml`).
   */
  path: string;
  /** Zero-based index of the YAML document within that text. */
  documentIndex: number;
  /** `kind` of the top-level document the reference sits in, when it has a scalar one. */
  kind?: string;
  /** `metadata.name` of that document, when it has a scalar one. */
  name?: string;
  /**
   * Human-readable location of the `image`/`scalingPodImage` key inside the document, e.g.
   * `spec.template.spec.containers[0].image`. Keys that are not plain identifiers are quoted
   * (`data["config.yaml"]`); for YAML embedded in a ConfigMap string, the path into the embedded
   * document follows the outer path after ` > ` (with `[doc N]` when the embedded text has several
   * documents).
   */
  yamlPath: string;
  /**
   * Set when the reference was written inside a string value (a container argument, an env value,
   * a script) and found by the string scan (`--scan-strings`), not under an `image` key;
   * `yamlPath` then names that string.
   */
  inString?: boolean;
  /** With `--normalize`: the reference as written, when normalising changed it. */
  asWritten?: string;
}

/** Where an image of the final list came from (`--why IMAGE`, JSON `--provenance`). */
export interface ImageProvenance extends ImageOccurrence {
  /** The component whose render or manifest contained the image. */
  component: string;
  /**
   * `rendered` for chart templates, `manifest` for `manifestFiles`/`preManifestFiles` entries,
   * `declared` for a chart's Chart.yaml image annotations (`--declared-images`; `path` is that
   * Chart.yaml, `yamlPath` the entry's `image`), `added` for `--add-image` (`path` is `--add-image`,
   * `documentIndex` 0, `yamlPath` empty).
   */
  source: 'rendered' | 'manifest' | 'declared' | 'added';
  /** For charts (rendered or declared): the chart name (as in {@link ChartRef.chart}); absent for manifests. */
  chart?: string;
  /** For rendered charts: the chart version; absent for manifests. */
  chartVersion?: string;
}

/** The complete `mirror list` result, in spec §9.1 field order. */
export interface MirrorListResult {
  /** Every image of every component: exact-string deduplicated and sorted byte-wise. */
  images: string[];
  /** One entry per Helm component with a chart source, in component order (never merged). */
  charts: ChartRef[];
  /** One entry per enabled component, in recipe `componentRefs` order. */
  components: ComponentImages[];
  metadata: MirrorMetadata;
  /**
   * Every place each image was found. Optional: printed only in YAML/JSON with the `provenance`
   * format option, and used by `--why`. Writers sort it, so producers may fill it in any order.
   */
  provenance?: ImageProvenance[];
}
