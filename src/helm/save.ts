/**
 * helm's chartutil.Save: a loaded chart packaged as `<name>-<version>.tgz`, its subcharts as
 * directories under `charts/`. Chart.yaml is written from the metadata (sigs.k8s.io/yaml of
 * chart.Metadata: empty fields left out, keys sorted), the other files as they were loaded.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { marshalYamlV2 } from '../codec/yaml-write-v2.js';
import type { GoValue } from '../gotemplate/value.js';
import type { Chart, ChartDependency, ChartMetadata, Maintainer } from './chart.js';

const gzipAsync = promisify(gzip);

/** The archive helm's `chartutil.Save` writes for `chart`, and its file name. */
export async function saveChartArchive(chart: Chart): Promise<{ fileName: string; bytes: Uint8Array }> {
  const files: ArchiveEntry[] = [];
  collectChart(chart, chart.metadata.name, files);
  const bytes = await tarGzip(files, new Date());
  return { fileName: `${chart.metadata.name}-${chart.metadata.version}.tgz`, bytes };
}

/** A file of an archive: its path inside the archive and its bytes. */
export interface ArchiveEntry {
  name: string;
  data: Uint8Array;
}

/** A gzip'd tar of the files, in order, each with mode 0644 and the time `mtime`. */
export async function tarGzip(files: readonly ArchiveEntry[], mtime: Date): Promise<Uint8Array> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const ended = new Promise<void>((done, fail) => {
    tar.on('end', done);
    tar.on('error', fail);
  });
  for (const f of files) {
    await new Promise<void>((done, fail) =>
      tar.entry({ name: f.name, mode: 0o644, mtime, size: f.data.byteLength }, Buffer.from(f.data), (e) =>
        e ? fail(e) : done(),
      ),
    );
  }
  tar.finalize();
  await ended;
  return gzipAsync(Buffer.concat(chunks));
}

function collectChart(chart: Chart, base: string, out: ArchiveEntry[]): void {
  out.push({ name: `${base}/Chart.yaml`, data: Buffer.from(marshalYamlV2(metadataValue(chart.metadata))) });
  if (chart.rawValues !== undefined) out.push({ name: `${base}/values.yaml`, data: chart.rawValues });
  if (chart.schema !== undefined) out.push({ name: `${base}/values.schema.json`, data: chart.schema });
  for (const f of [...chart.templates, ...chart.files]) out.push({ name: `${base}/${f.name}`, data: f.data });
  for (const sub of chart.dependencies) collectChart(sub, `${base}/charts/${sub.metadata.name}`, out);
}

/** chart.Metadata as its JSON tags write it: every field `omitempty`. */
function metadataValue(m: ChartMetadata): GoValue {
  const out = new Map<string, GoValue>();
  const put = (key: string, v: GoValue | undefined) => {
    if (v === undefined || v === '' || v === false) return;
    if (Array.isArray(v) && v.length === 0) return;
    if (v instanceof Map && v.size === 0) return;
    out.set(key, v);
  };
  for (const key of METADATA_FIELDS) {
    const v = m[key];
    if (key === 'maintainers') put(key, m.maintainers?.map(maintainerValue));
    else if (key === 'annotations') put(key, m.annotations && new Map(Object.entries(m.annotations)));
    else if (key === 'dependencies') put(key, m.dependencies?.map(dependencyValue));
    else put(key, v as GoValue);
  }
  return out;
}

/** chart.Metadata's fields (the YAML writer sorts the keys anyway). */
const METADATA_FIELDS = [
  'name',
  'home',
  'sources',
  'version',
  'description',
  'keywords',
  'maintainers',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'deprecated',
  'annotations',
  'kubeVersion',
  'dependencies',
  'type',
] as const satisfies ReadonlyArray<keyof ChartMetadata>;

function maintainerValue(x: Maintainer): Map<string, GoValue> {
  const entry = new Map<string, GoValue>();
  if (x.name) entry.set('name', x.name);
  if (x.email) entry.set('email', x.email);
  if (x.url) entry.set('url', x.url);
  return entry;
}

/**
 * chart.Dependency as its JSON tags write it, fields in the struct's order (`name` and `repository`
 * always, the rest when set).
 */
export function dependencyValue(d: ChartDependency): Map<string, GoValue> {
  const out = new Map<string, GoValue>([['name', d.name]]);
  if (d.version) out.set('version', d.version);
  out.set('repository', d.repository ?? '');
  if (d.condition) out.set('condition', d.condition);
  if (d.tags && d.tags.length > 0) out.set('tags', d.tags);
  if (d.enabled) out.set('enabled', true);
  if (d.importValues && d.importValues.length > 0) out.set('import-values', d.importValues as GoValue);
  if (d.alias) out.set('alias', d.alias);
  return out;
}
