/** Builds chart archives in memory for tests, including deliberately malicious ones. */
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export interface TarEntry {
  name: string;
  data?: string | Uint8Array;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
  /** Declared size, when it should differ from the data (header-only tricks). */
  size?: number;
}

/** A gzip'd tar of the entries, in order. */
export async function tarGz(entries: TarEntry[]): Promise<Uint8Array> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data ? Buffer.from(e.data) : undefined;
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: e.name,
        type: e.type ?? 'file',
        linkname: e.linkname,
        mode: e.type === 'directory' ? 0o755 : 0o644,
        size: e.size ?? data?.byteLength ?? 0,
      };
      if (data && (e.type ?? 'file') === 'file') p.entry(header, data, (err) => (err ? reject(err) : resolve()));
      else p.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** A minimal valid chart `<name>-<version>.tgz`. */
export function chartArchive(name: string, version: string, extra: TarEntry[] = []): Promise<Uint8Array> {
  return tarGz([
    { name: `${name}/Chart.yaml`, data: `apiVersion: v2\nname: ${name}\nversion: ${version}\n` },
    { name: `${name}/values.yaml`, data: 'replicas: 1\n' },
    {
      name: `${name}/templates/cm.yaml`,
      data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    },
    ...extra,
  ]);
}
