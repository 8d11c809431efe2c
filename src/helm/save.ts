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
import type { Chart, ChartDependency, ChartMetadata } from './chart.js';

const gzipAsync = promisify(gzip);

/** The archive helm's `chartutil.Save` writes for `chart`, and its file name. */
export async function saveChartArchive(chart: Chart): Promise<{ fileName: string; bytes: Uint8Array }> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const ended = new Promise<void>((done, fail) => {
    tar.on('end', done);
    tar.on('error', fail);
  });
  const mtime = new Date();
  const add = (name: string, data: Uint8Array) =>
    new Promise<void>((done, fail) =>
      tar.entry({ name, mode: 0o644, mtime, size: data.byteLength }, Buffer.from(data), (e) => (e ? fail(e) : done())),
    );
  await addChart(chart, chart.metadata.name, add);
  tar.finalize();
  await ended;
  const bytes = await gzipAsync(Buffer.concat(chunks));
  return { fileName: `${chart.metadata.name}-${chart.metadata.version}.tgz`, bytes };
}

async function addChart(chart: Chart, base: string, add: (name: string, data: Uint8Array) => Promise<void>) {
  await add(`${base}/Chart.yaml`, Buffer.from(marshalYamlV2(metadataValue(chart.metadata))));
  if (chart.rawValues !== undefined) await add(`${base}/values.yaml`, chart.rawValues);
  if (chart.schema !== undefined) await add(`${base}/values.schema.json`, chart.schema);
  for (const f of [...chart.templates, ...chart.files]) await add(`${base}/${f.name}`, f.data);
  for (const sub of chart.dependencies) await addChart(sub, `${base}/charts/${sub.metadata.name}`, add);
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
  put('name', m.name);
  put('home', m.home);
  put('sources', m.sources);
  put('version', m.version);
  put('description', m.description);
  put('keywords', m.keywords);
  put(
    'maintainers',
    m.maintainers?.map((x) => {
      const entry = new Map<string, GoValue>();
      if (x.name) entry.set('name', x.name);
      if (x.email) entry.set('email', x.email);
      if (x.url) entry.set('url', x.url);
      return entry;
    }),
  );
  put('icon', m.icon);
  put('apiVersion', m.apiVersion);
  put('condition', m.condition);
  put('tags', m.tags);
  put('appVersion', m.appVersion);
  put('deprecated', m.deprecated);
  put('annotations', m.annotations && new Map(Object.entries(m.annotations)));
  put('kubeVersion', m.kubeVersion);
  put('dependencies', m.dependencies?.map(dependencyValue));
  put('type', m.type);
  return out;
}

/** chart.Dependency as its JSON tags write it (`name` and `repository` always). */
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
