/**
 * A scriptable local HTTP(S) server for fault and protocol tests: each path maps to a handler,
 * and every request is logged with its headers.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface FakeServer {
  url: string;
  port: number;
  /** Requests seen, in order. */
  log: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  route: (path: string, handler: Handler) => void;
  hits: (path: string) => number;
  close: () => Promise<void>;
}

export async function startFakeServer(tls?: { key: string; cert: string }): Promise<FakeServer> {
  const routes = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const log: FakeServer['log'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const key = path.split('?')[0]!;
    log.push({ path, headers: req.headers });
    const hit = (counts.get(key) ?? 0) + 1;
    counts.set(key, hit);
    const h = routes.get(key);
    if (!h) {
      res.writeHead(404).end('no route');
      return;
    }
    h(req, res, hit);
  };
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    log,
    route: (path, h) => routes.set(path, h),
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A helm-style index.yaml for the given entries. */
export function indexYaml(entries: Array<{ name: string; version: string; url: string; digest?: string }>): string {
  const byName = new Map<string, typeof entries>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  let out = 'apiVersion: v1\nentries:\n';
  for (const [name, list] of byName) {
    out += `  ${name}:\n`;
    for (const e of list) {
      out += `  - apiVersion: v2\n    name: ${e.name}\n`;
      if (e.digest) out += `    digest: ${e.digest}\n`;
      out += `    urls:\n    - ${e.url}\n    version: ${e.version}\n`;
    }
  }
  return `${out}generated: "2026-01-01T00:00:00Z"\n`;
}
