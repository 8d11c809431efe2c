/**
 * Registry credentials the way helm finds them: helm's own `registry/config.json` first, then
 * docker's `config.json`; in each, `credHelpers`/`credsStore` helpers or inline `auths` entries.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A credential for one registry host. */
export interface RegistryCredential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token endpoint. */
  identityToken?: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The config files consulted, in order. */
export function credentialFiles(env: NodeJS.ProcessEnv, registryConfig?: string, dockerConfigDir?: string): string[] {
  const home = env.HOME || homedir();
  const helmConfigHome = env.HELM_CONFIG_HOME || join(env.XDG_CONFIG_HOME || join(home, '.config'), 'helm');
  const helm = registryConfig ?? env.HELM_REGISTRY_CONFIG ?? join(helmConfigHome, 'registry', 'config.json');
  const docker = join(dockerConfigDir ?? env.DOCKER_CONFIG ?? join(home, '.docker'), 'config.json');
  return [helm, docker];
}

/** Finds the credential for `host` (`name[:port]`), or undefined for anonymous access. */
export async function findRegistryCredential(
  host: string,
  files: string[],
  warn: (m: string) => void,
): Promise<RegistryCredential | undefined> {
  for (const file of files) {
    const config = await readConfig(file, warn);
    if (!config) continue;
    const helper = config.credHelpers?.[host] ?? findByHost(config.credHelpers ?? {}, host);
    if (helper) {
      const cred = await runHelper(helper, host, warn);
      if (cred) return cred;
    }
    const entry = config.auths?.[host] ?? findByHost(config.auths ?? {}, host);
    if (entry) {
      const cred = fromAuthEntry(entry);
      if (cred) return cred;
    }
    if (config.credsStore) {
      const cred = await runHelper(config.credsStore, host, warn);
      if (cred) return cred;
    }
  }
  return undefined;
}

async function readConfig(file: string, warn: (m: string) => void): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as DockerConfig) : undefined;
  } catch (err) {
    warn(`ignoring unreadable credentials file ${file}: ${(err as Error).message}`);
    return undefined;
  }
}

/** Matches keys written as `https://host/v1/`, `http://host` or `host`. */
function findByHost<T>(map: Record<string, T>, host: string): T | undefined {
  for (const [key, value] of Object.entries(map)) {
    const bare = key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
    if (bare === host) return value;
    if (host === 'registry-1.docker.io' && (bare === 'index.docker.io' || bare === 'docker.io')) return value;
  }
  return undefined;
}

function fromAuthEntry(entry: NonNullable<DockerConfig['auths']>[string]): RegistryCredential | undefined {
  if (entry.identitytoken) return { identityToken: entry.identitytoken, username: entry.username };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at > 0) return { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

/** Runs `docker-credential-<helper> get`; a missing helper or an unknown host yields undefined. */
async function runHelper(
  helper: string,
  host: string,
  warn: (m: string) => void,
): Promise<RegistryCredential | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) return undefined;
  // Loaded on use: node:child_process pulls in net, dgram and streams, which most runs never need.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(`docker-credential-${helper}`, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], timeout: 10_000 });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (out.length < 65536) out += d;
    });
    child.on('error', () => {
      warn(`credential helper docker-credential-${helper} is not available`);
      resolve(undefined);
    });
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      try {
        const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
        if (!parsed.Secret) return resolve(undefined);
        if (parsed.Username === '<token>') return resolve({ identityToken: parsed.Secret });
        resolve({ username: parsed.Username, password: parsed.Secret });
      } catch {
        resolve(undefined);
      }
    });
    child.stdin.end(host);
  });
}
