/**
 * helmless: render Helm charts without helm, fetch them from HTTP repositories and OCI registries,
 * and list every image and chart an air-gapped install needs.
 *
 * ```ts
 * import { loadChart, renderChart, pullChart, mirrorList, extractImages } from 'helmless';
 *
 * const chart = await loadChart('./mychart');                  // a directory or a .tgz
 * const { stdout, manifests } = renderChart(chart, { releaseName: 'demo' });
 * ```
 *
 * Every function is free of process-global state: many charts can be rendered concurrently in one
 * process (serverless functions, test suites).
 */

// ---- Discovery ---------------------------------------------------------------------------------
// mirrorList(recipe, { catalog, renderChart: inProcessRenderer(), fetchChart: chartFetcher() }):
// the recipe from loadRecipe (a file) or resolveRecipe (criteria against a Catalog).
export { Catalog } from './discovery/catalog.js';
// The images a rendered chart declares in Chart.yaml annotations: declaredImages(result.chart, result.values).
export {
  type DeclaredImage,
  type DeclaredImages,
  declaredImages,
  IMAGE_ANNOTATIONS,
} from './discovery/declared-images.js';
export type { ResolveDigest } from './discovery/digests.js';
export { chartFetcher, imageDigestResolver, inProcessRenderer } from './discovery/engines.js';
export { MirrorError } from './discovery/errors.js';
export {
  type ExtractionResult,
  type ExtractOptions,
  extractImages,
  ImageExtractionError,
  type ImageOccurrence,
  InvalidImageDescriptorError,
  type ManifestText,
} from './discovery/extract.js';
export type { ImageAddition } from './discovery/image-edits.js';
export { loadRecipe, parseRecipe } from './discovery/load.js';
export { isImageReference, normalizeImageReference } from './discovery/normalize.js';
export { type MirrorListOptions, mirrorList } from './discovery/pipeline.js';
export { resolveRecipe } from './discovery/resolve.js';
export { findStringReferences, isQualifiedReference } from './discovery/string-references.js';
export type {
  ChartCoordinates,
  ComponentRef,
  FetchChart,
  RecipeResult,
  RenderChart,
  RenderedChart,
  RenderedManifest,
  RenderRequest,
} from './discovery/types.js';
export { formatMirrorList, OUTPUT_FORMATS, type OutputFormat } from './formats/index.js';
export type { ChartRef, ComponentImages, ImageProvenance, MirrorListResult } from './formats/model.js';
// ---- The template engine ----------------------------------------------------------------------
export {
  ExecError,
  LimitError,
  ParseError,
  type RenderStringOptions,
  renderTemplateString,
  TemplateSet,
} from './gotemplate/index.js';
// ---- Charts and rendering -------------------------------------------------------------------
export type { Chart, ChartDependency, ChartFile, ChartMetadata } from './helm/chart.js';
export {
  DependencyUpdateError,
  type DependencyUpdateOptions,
  updateDependencies,
} from './helm/dependency-update.js';
export { HelmError } from './helm/engine.js';
// ---- Fetching ---------------------------------------------------------------------------------
export {
  type FetchAuth,
  FetchError,
  type PulledChart,
  type PullOptions,
  pullChart,
  resolveImageDigest,
} from './helm/fetch/index.js';
export { ChartLoadError, type LoadOptions, loadArchive, loadChart, loadFiles } from './helm/load.js';
export type { Compat } from './helm/objects.js';
export type { Manifest, OutputFile } from './helm/output.js';
// Provenance (`--verify`): pull with `provenance: true`, then verifyProvenance(bytes, fileName, text, keyring).
export {
  defaultKeyring,
  ProvenanceError,
  type ProvenanceVerification,
  verifyChartFile,
  verifyProvenance,
} from './helm/provenance.js';
export { buildCapabilities, type RenderOptions, type RenderResult, renderChart } from './helm/render.js';
export { mergeValueSources, type ValueSources, ValuesError } from './helm/strvals.js';
export { helmFuncMap } from './sprig/index.js';
