/**
 * A minimal OCI push of a chart archive (distribution API: monolithic blob uploads, then the
 * manifest), producing the same shape of manifest as `helm push`.
 */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { readChartArchive } from '../../src/helm/archive.js';

function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function pushBlob(
  base: string,
  repo: string,
  bytes: Uint8Array,
  headers: Record<string, string>,
): Promise<string> {
  const digest = digestOf(bytes);
  const head = await fetch(`${base}/v2/${repo}/blobs/${digest}`, { method: 'HEAD', headers });
  if (head.status === 200) return digest;
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers });
  if (start.status !== 202) throw new Error(`upload start ${repo}: ${start.status}`);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (put.status !== 201) throw new Error(`upload ${repo} ${digest}: ${put.status} ${await put.text()}`);
  return digest;
}

/**
 * Pushes `tgz` as `<host>/<repo>:<tag>` (tag `+` mapped to `_`); returns the manifest digest.
 * The config blob is the chart's Chart.yaml metadata as JSON, like helm's.
 */
export async function pushChart(
  host: string,
  repo: string,
  tag: string,
  tgz: Uint8Array,
  auth?: { username: string; password: string } | { bearer: string },
): Promise<{ manifestDigest: string; chartDigest: string }> {
  const base = `http://${host}`;
  const headers: Record<string, string> = {};
  if (auth && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
  else if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const files = await readChartArchive(tgz);
  const meta = parse(Buffer.from(files.find((f) => f.path === 'Chart.yaml')!.data).toString('utf8'));
  const config = Buffer.from(JSON.stringify(meta));
  const configDigest = await pushBlob(base, repo, config, headers);
  const chartDigest = await pushBlob(base, repo, tgz, headers);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: configDigest, size: config.byteLength },
      layers: [
        { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: chartDigest, size: tgz.byteLength },
      ],
      annotations: { 'org.opencontainers.image.title': meta.name, 'org.opencontainers.image.version': meta.version },
    }),
  );
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag.replaceAll('+', '_')}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  if (res.status !== 201) throw new Error(`manifest ${repo}:${tag}: ${res.status} ${await res.text()}`);
  return { manifestDigest: digestOf(manifest), chartDigest };
}

/**
 * Pushes a small image (an OCI image manifest with a config and one layer) as `<host>/<repo>:<tag>`;
 * returns the manifest digest. `layer` makes images of one repository differ.
 */
export async function pushImage(host: string, repo: string, tag: string, layer = tag): Promise<string> {
  const base = `http://${host}`;
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers' } }));
  const data = Buffer.from(layer);
  const configDigest = await pushBlob(base, repo, config, {});
  const layerDigest = await pushBlob(base, repo, data, {});
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.byteLength },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: data.byteLength }],
    }),
  );
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  if (res.status !== 201) throw new Error(`manifest ${repo}:${tag}: ${res.status} ${await res.text()}`);
  return digestOf(manifest);
}

/**
 * Pushes an image index as `<host>/<repo>:<tag>` whose entries are images pushed before (by
 * digest) with the given platforms; returns the index digest.
 */
export async function pushIndex(
  host: string,
  repo: string,
  tag: string,
  entries: Array<{ digest: string; platform: { os: string; architecture: string; variant?: string } }>,
): Promise<string> {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: entries.map((e) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: e.digest,
        size: 0,
        platform: e.platform,
      })),
    }),
  );
  const res = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
    body: index,
  });
  if (res.status !== 201) throw new Error(`index ${repo}:${tag}: ${res.status} ${await res.text()}`);
  return digestOf(index);
}
