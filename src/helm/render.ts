/**
 * `helm template` as a library call: dependencies, values, capabilities, the kubeVersion gate,
 * template execution, NOTES removal, manifest sorting and the exact output helm prints. No process
 * state is used: many charts can be rendered concurrently in one process.
 */
import { quote } from '../gotemplate/strconv.js';
import type { ExecuteOptions } from '../gotemplate/template.js';
import type { GoMap } from '../gotemplate/value.js';
import { helmFuncMap } from '../sprig/index.js';
import { parseConstraint, parseVersion } from '../sprig/semver.js';
import { type Chart, chartName } from './chart.js';
import { CoalesceError, coalesceValues } from './coalesce.js';
import { checkDependencies, DependencyError, processDependencies } from './dependencies.js';
import { HelmError, renderTemplates } from './engine.js';
import { GoPanic } from './go-panic.js';
import { parseKubeVersion, validateReleaseName } from './kubeversion.js';
import { type Compat, capabilitiesObject, DEFAULT_API_VERSIONS, releaseObject } from './objects.js';
import { formatOutput, type Manifest, type OutputFile, sortManifests } from './output.js';
import { SchemaValidationError, validateSchemas } from './schema.js';

export interface RenderOptions {
  /** Which helm to reproduce (default helm4: helm 4.1). */
  compat?: Compat;
  /** Release name (default `release-name`, as `helm template` uses). */
  releaseName?: string;
  /** `-n/--namespace` (default `default`). */
  namespace?: string;
  /** `--is-upgrade`. */
  isUpgrade?: boolean;
  /** `--kube-version`. */
  kubeVersion?: string;
  /** `-a/--api-versions` entries, added to the default list. */
  apiVersions?: string[];
  /** User-supplied values (what `-f`/`--set` produce; see strvals.mergeValueSources). */
  values?: GoMap;
  /** `--skip-schema-validation`. */
  skipSchemaValidation?: boolean;
  /** `--debug`: the warnings include helm's debug log lines of the render (helm 4 logs its schema walk). */
  debug?: boolean;
  includeCrds?: boolean;
  skipTests?: boolean;
  noHooks?: boolean;
  showOnly?: string[];
  /** `--output-dir`: manifests are returned as files to write instead of printed. */
  outputDir?: string;
  /** `--release-name` with `--output-dir`. */
  useReleaseName?: boolean;
  /** Limits for executing untrusted templates. */
  limits?: ExecuteOptions['limits'];
  /**
   * Documents for which the manifests keep `tree`, their plain YAML values, from the parse helm's
   * YAML check does anyway (image extraction walks them instead of parsing the text again).
   */
  documentTrees?: (doc: string) => boolean;
  /**
   * Runs once the chart passed helm's own checks (installable, dependencies present), before the
   * release is rendered: a caller's check that helm makes at that point (helm 3's `--dry-run` value).
   * What it throws fails the render, after the warnings printed so far.
   */
  afterChartChecks?: () => void;
}

export interface RenderResult {
  /** Rendered, sorted manifests (without hooks). */
  manifests: Manifest[];
  /** Hooks (including test hooks), sorted by kind. */
  hooks: Manifest[];
  /** Every rendered template file (path → text), NOTES.txt excluded, before splitting. */
  files: Map<string, string>;
  /** The root chart's NOTES.txt as rendered (not printed by `helm template`). */
  notes?: string;
  /** Exactly what `helm template` prints on stdout. */
  stdout: string;
  /** Files `--output-dir` writes, in order. */
  outputFiles: OutputFile[];
  /** Lines helm prints on stderr (coalesce warnings, skipped hooks, …). */
  warnings: string[];
  /** The chart tree as rendered: after dependency processing (disabled subcharts gone, aliases applied). */
  chart: Chart;
  /** The coalesced values the templates saw as `.Values` (subchart sections included). */
  values: GoMap;
}

/** Builds the capabilities object a render sees. */
export function buildCapabilities(compat: Compat, kubeVersion?: string, apiVersions: string[] = []) {
  const kv = parseKubeVersion(kubeVersion, compat);
  const list = [...DEFAULT_API_VERSIONS[compat]];
  for (const a of apiVersions) list.push(a);
  return { kube: kv, capabilities: capabilitiesObject(compat, kv, list) };
}

/** Renders a loaded chart like `helm template`. Throws HelmError with helm's message. */
export function renderChart(chart: Chart, options: RenderOptions = {}): RenderResult {
  const compat = options.compat ?? 'helm4';
  const warnings: string[] = [];
  if (chart.metadata.type === 'library') throw new HelmError('library charts are not installable');
  if (chart.metadata.deprecated) {
    warnings.push(
      compat === 'helm3' ? 'WARNING: This chart is deprecated' : 'level=WARN msg="this chart is deprecated"',
    );
  }
  try {
    checkDependencies(chart, { compat });
  } catch (e) {
    if (e instanceof DependencyError) throw withWarnings(new HelmError(e.message), warnings);
    throw e;
  }
  try {
    options.afterChartChecks?.();
  } catch (e) {
    throw withWarnings(e as Error, warnings);
  }
  const releaseName = options.releaseName ?? 'release-name';
  try {
    validateReleaseName(releaseName, compat);
  } catch (e) {
    // helm 4 logs the failure (slog text: the error quoted like Go's strconv.Quote) and returns it.
    if (compat === 'helm4' && e instanceof HelmError) {
      const cause = e.message.replace(/^release name check failed: /, '');
      warnings.push(`level=ERROR msg="release name check failed" error=${quote(cause)}`);
    }
    throw withWarnings(e as Error, warnings);
  }
  const userValues = options.values ?? new Map();

  let processed: Chart;
  try {
    const deps = processDependencies(chart, userValues, { compat });
    warnings.push(...deps.warnings);
    processed = deps.chart;
  } catch (e) {
    if (e instanceof DependencyError) {
      warnings.push(...e.warnings);
      throw withWarnings(new HelmError(e.message), warnings);
    }
    if (e instanceof GoPanic) throw withWarnings(e, [...warnings, ...e.warnings]);
    throw e;
  }

  const { kube, capabilities } = buildCapabilities(compat, options.kubeVersion, options.apiVersions);

  let values: GoMap;
  try {
    const co = coalesceValues(processed, userValues, { compat });
    warnings.push(...co.warnings);
    values = co.values;
  } catch (e) {
    if (e instanceof CoalesceError) {
      warnings.push(...(e.warnings ?? []));
      throw withWarnings(new HelmError(e.message), warnings);
    }
    throw e;
  }
  if (!options.skipSchemaValidation) {
    try {
      warnings.push(...validateSchemas(processed, values, { compat, debug: options.debug }));
    } catch (e) {
      if (e instanceof SchemaValidationError) {
        throw withWarnings(new HelmError(e.message), [...warnings, ...e.warnings]);
      }
      if (e instanceof GoPanic) throw withWarnings(e, warnings);
      throw e;
    }
  }

  // The chart's kubeVersion gate (root chart only), reported as a render failure.
  const kubeConstraint = processed.metadata.kubeVersion;
  if (kubeConstraint) {
    // helm 4 checks the parsed version but names the one given.
    const kubeString = compat === 'helm3' ? kube.version : kube.normalized;
    if (!isCompatibleKube(kubeConstraint, kubeString, compat)) {
      throw withWarnings(
        new HelmError(
          `chart requires kubeVersion: ${kubeConstraint} which is incompatible with Kubernetes ${kube.version}`,
          true,
        ),
        warnings,
      );
    }
  }

  const release = releaseObject({
    name: releaseName,
    namespace: options.namespace ?? 'default',
    isUpgrade: options.isUpgrade ?? false,
  });
  let files: Map<string, string>;
  try {
    files = renderTemplates({
      chart: processed,
      values,
      release,
      capabilities,
      funcs: helmFuncMap(compat),
      compat,
      limits: options.limits,
    });
  } catch (e) {
    throw withWarnings(e as Error, warnings);
  }

  let notes: string | undefined;
  const rootNotes = `${chartName(processed)}/templates/NOTES.txt`;
  for (const name of [...files.keys()]) {
    if (name.endsWith('NOTES.txt')) {
      if (name === rootNotes) notes = files.get(name);
      files.delete(name);
    }
  }

  let sorted: ReturnType<typeof sortManifests>;
  try {
    sorted = sortManifests(files, compat, options.documentTrees);
  } catch (e) {
    // helm hands the rendered files to --debug so the user can see the invalid YAML.
    (e as { renderedFiles?: Map<string, string> }).renderedFiles = files;
    throw withWarnings(e as Error, warnings);
  }
  warnings.push(...sorted.warnings);
  let out: ReturnType<typeof formatOutput>;
  try {
    out = formatOutput(processed, sorted, {
      includeCrds: options.includeCrds,
      noHooks: options.noHooks,
      skipTests: options.skipTests,
      showOnly: options.showOnly,
      outputDir: options.outputDir,
      useReleaseName: options.useReleaseName,
      releaseName,
    });
  } catch (e) {
    // A --show-only miss comes after sorting: helm has printed the skipped-hook lines by then.
    throw withWarnings(e as Error, warnings);
  }
  return {
    manifests: sorted.manifests,
    hooks: sorted.hooks,
    files,
    notes,
    stdout: out.stdout,
    outputFiles: out.files,
    warnings,
    chart: processed,
    values,
  };
}

/** Attaches the stderr lines printed before a failure, so the CLI can print them too. */
function withWarnings<E extends Error>(e: E, warnings: string[]): E {
  (e as any).warnings = [...warnings];
  return e;
}

/** chartutil.IsCompatibleRange for the kubeVersion gate. */
function isCompatibleKube(constraint: string, version: string, compat: Compat): boolean {
  try {
    const c = parseConstraint(constraint, { compat });
    return c.check(parseVersion(version, { compat }));
  } catch {
    return false;
  }
}
