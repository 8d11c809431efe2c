import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Agent, Dispatcher } from 'undici';
import { FetchError } from './errors.js';
import type { ResolvedOptions } from './options.js';

// One keep-alive Agent per TLS configuration, so repeated pulls reuse connections.
const agents = new Map<string, Agent>();

/** The dispatcher for these options: the injected one, or a shared Agent for the TLS settings. */
export async function dispatcherFor(options: ResolvedOptions): Promise<Dispatcher> {
  if (options.dispatcher) return options.dispatcher;
  let ca: string | undefined;
  if (options.caFile) {
    try {
      ca = await readFile(options.caFile, 'utf8');
    } catch (err) {
      throw new FetchError(`can't read CA file ${options.caFile}: ${(err as Error).message}`, 'network', {
        cause: err,
      });
    }
  }
  const insecure = Boolean(options.insecureSkipTlsVerify);
  const caKey = ca ? createHash('sha256').update(ca).digest('hex') : '';
  const key = `${insecure}|${options.connectTimeoutMs}|${caKey}`;
  let agent = agents.get(key);
  if (!agent) {
    // undici loads on first use: a warm cache never touches the network, and loading it costs ~80 ms.
    const { Agent } = await import('undici');
    // node:tls (with net and streams) also loads only when needed: ~10 ms a cold start saves.
    const rootCertificates = ca ? (await import('node:tls')).rootCertificates : [];
    agent = new Agent({
      connections: 16,
      keepAliveTimeout: 10_000,
      connect: {
        timeout: options.connectTimeoutMs,
        rejectUnauthorized: !insecure,
        // Extra CAs are added to the system roots, not substituted for them (like helm's --ca-file).
        ...(ca ? { ca: [...rootCertificates, ca] } : {}),
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes the shared agents (lets a short-lived process exit promptly; tests use it). */
export async function closeSharedDispatchers(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close()));
}
