/**
 * Discovery for `helmless mirror list`: recipes and catalogs, values and overrides, and the
 * pipeline that renders every component and lists the images and charts an air-gapped install
 * needs.
 */
export { Catalog, type CatalogLayer, DirectoryLayer, MemoryLayer } from './catalog.js';
export { criteriaString, normalizeCriteria } from './criteria.js';
export { chartFetcher } from './engines.js';
export { MirrorError, type MirrorErrorCode } from './errors.js';
export { extractImages, ImageExtractionError, InvalidImageDescriptorError } from './extract.js';
export { hydrateValues } from './hydrate.js';
export { DEFAULT_KUBE_VERSION, kubeVersionFromConstraints } from './kube-version.js';
export { loadRecipe, parseRecipe } from './load.js';
export { coerceSetValue, parseSetFlag, type ValueOverride } from './overrides.js';
export {
  type ComponentProgress,
  DEFAULT_CONCURRENCY,
  EXTRA_API_VERSIONS,
  type MirrorListOptions,
  mirrorList,
} from './pipeline.js';
export { type ComponentRegistry, parseRegistry } from './registry.js';
export { type ResolveOptions, resolveRecipe } from './resolve.js';
export { parseRepositoryRewrite, type RepositoryRewrite, rewriteRepository } from './rewrite.js';
export type * from './types.js';
export { valuesToYaml } from './values-yaml.js';
