import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { FetchError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { proxyFromEnvironment } from './proxy.js';

/** The dispatcher each request URL goes through. */
export type Dispatchers = (url: URL) => Promise<Dispatcher>;

// One keep-alive Agent per TLS configuration and proxy, so repeated pulls reuse connections.
const agents = new Map<string, Dispatcher>();

/** TLS settings of a pull: extra CAs, a client certificate, and whether servers are verified. */
interface TlsSettings {
  ca?: string;
  cert?: string;
  key?: string;
  insecure: boolean;
  /** Identifies the settings among the shared agents. */
  id: string;
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new FetchError(`can't read ${what} ${file}: ${(err as Error).message}`, 'network', { cause: err });
  }
}

async function tlsSettings(options: ResolvedOptions): Promise<TlsSettings> {
  if ((options.certFile === undefined) !== (options.keyFile === undefined)) {
    throw new FetchError(
      'a TLS client certificate needs both a certificate file and a key file (--cert-file and --key-file)',
      'invalid-reference',
    );
  }
  const ca = options.caFile ? await readPem(options.caFile, 'CA file') : undefined;
  const cert = options.certFile ? await readPem(options.certFile, 'certificate file') : undefined;
  const key = options.keyFile ? await readPem(options.keyFile, 'key file') : undefined;
  const insecure = Boolean(options.insecureSkipTlsVerify);
  const hash = createHash('sha256');
  for (const part of [ca, cert, key]) hash.update(`${part?.length ?? -1}:${part ?? ''}`);
  return { ca, cert, key, insecure, id: `${insecure}|${options.connectTimeoutMs}|${hash.digest('hex')}` };
}

/**
 * The dispatchers for these options: the injected one for everything, or shared Agents for the
 * TLS settings, through the proxy the environment names for each URL (as helm: see proxy.ts).
 */
export function dispatchersFor(options: ResolvedOptions): Dispatchers {
  const injected = options.dispatcher;
  if (injected) return async () => injected;
  const proxyFor = proxyFromEnvironment(options.env);
  let settings: Promise<TlsSettings> | undefined;
  return async (url) => {
    settings ??= tlsSettings(options);
    const tls = await settings;
    const proxy = proxyFor(url);
    const key = `${tls.id}|${proxy?.href ?? ''}|${proxy ? url.protocol : ''}`;
    let agent = agents.get(key);
    if (!agent) {
      agent = await makeAgent(tls, options.connectTimeoutMs, proxy, url.protocol);
      agents.set(key, agent);
    }
    return agent;
  };
}

async function makeAgent(
  tls: TlsSettings,
  connectTimeoutMs: number,
  proxy: URL | undefined,
  protocol: string,
): Promise<Dispatcher> {
  // undici loads on first use: a warm cache never touches the network, and loading it costs ~80 ms.
  const { Agent, ProxyAgent } = await import('undici');
  // node:tls (with net and streams) also loads only when needed: ~10 ms a cold start saves.
  const rootCertificates = tls.ca ? (await import('node:tls')).rootCertificates : [];
  const connect = {
    timeout: connectTimeoutMs,
    rejectUnauthorized: !tls.insecure,
    // Extra CAs are added to the system roots, not substituted for them (like helm's --ca-file).
    ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}),
    ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}),
  };
  const common = { connections: 16, keepAliveTimeout: 10_000 };
  if (!proxy) return new Agent({ ...common, connect });
  return new ProxyAgent({
    ...common,
    uri: proxy.href,
    // Like Go's transport, the same TLS settings serve the server and an https proxy.
    requestTls: connect,
    proxyTls: connect,
    // Like Go: plain http goes to the proxy as an absolute-URL request, https through CONNECT.
    proxyTunnel: protocol !== 'http:',
  });
}

/** Closes the shared agents (lets a short-lived process exit promptly; tests use it). */
export async function closeSharedDispatchers(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close()));
}
