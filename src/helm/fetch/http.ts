/**
 * One HTTP GET (or token POST) over undici with what chart fetching needs: a time limit per
 * attempt, retries with backoff on transient failures, redirects handled here so credentials are
 * re-decided at every hop, and a hard cap on the body size.
 */

import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PeerCertificate } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { Dispatcher } from 'undici';
import { goLookupFailure } from '../../go-dns.js';
import { FetchError } from './errors.js';
import { goCertificateError, isCertificateError, readServerCertificate } from './tls-errors.js';

export const USER_AGENT = 'helmless/0.1.0';

/** Transport settings shared by every request of one pull. */
export interface HttpContext {
  /**
   * The dispatcher for a request URL (direct or through a proxy), made when first needed: a pull
   * served from the cache never needs one.
   */
  dispatcher: (url: URL) => Promise<Dispatcher>;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  signal?: AbortSignal;
}

export interface HttpRequest {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /**
   * The Authorization header of the first request, decided by its URL (undefined sends none). A
   * redirect keeps it as Go's client does: to the same host or a subdomain of it, any port or scheme.
   */
  authorization?: (url: URL) => string | undefined;
  /** The body is refused beyond this many bytes. */
  maxBytes: number;
  maxRedirects?: number;
}

export interface HttpResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  /** `404 Not Found`: the code and the server's reason phrase, as Go's Response.Status. */
  statusLine: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_RETRY_DELAY_MS = 10_000;
const ERROR_BODY_BYTES = 64 * 1024;

/** Performs the request, following redirects; non-2xx answers are returned, not thrown. */
export async function httpRequest(url: string, req: HttpRequest, ctx: HttpContext): Promise<HttpResponse> {
  const maxRedirects = req.maxRedirects ?? 10;
  let current = new URL(url);
  if (current.protocol === 'file:') return readLocalFile(current, req);
  let method = req.method ?? 'GET';
  let body = req.body;
  const initial = current;
  const authorization = req.authorization?.(initial);
  for (let hop = 0; ; hop++) {
    const auth = authorization !== undefined && isDomainOrSubdomain(current, initial) ? authorization : undefined;
    const res = await withRetries(current, () => once(current, method, body, req, ctx, auth), ctx);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || !location) return res;
    // Go's client refuses to follow the redirect after the tenth, naming its Location as sent.
    if (hop + 1 >= maxRedirects) {
      throw new FetchError(
        `${goVerb(method)} "${location}": stopped after ${maxRedirects} redirects`,
        'redirect-loop',
        {
          url: current.href,
          status: res.status,
        },
      );
    }
    current = new URL(location, current);
    if (res.status === 303) {
      method = 'GET';
      body = undefined;
    }
  }
}

async function withRetries(url: URL, attempt: () => Promise<HttpResponse>, ctx: HttpContext): Promise<HttpResponse> {
  for (let n = 0; ; n++) {
    let res: HttpResponse;
    try {
      res = await attempt();
    } catch (err) {
      if (n < ctx.retries && err instanceof FetchError && (err.code === 'network' || err.code === 'timeout')) {
        if ((err.details.cause as { retryable?: boolean } | undefined)?.retryable === false) throw err;
        await pause(backoff(ctx.retryDelayMs, n), ctx.signal, url);
        continue;
      }
      throw err;
    }
    if (n < ctx.retries && (res.status === 429 || (res.status >= 500 && res.status !== 501 && res.status !== 505))) {
      await pause(retryAfter(res.headers['retry-after']) ?? backoff(ctx.retryDelayMs, n), ctx.signal, url);
      continue;
    }
    return res;
  }
}

function backoff(base: number, attempt: number): number {
  const d = base * 2 ** attempt;
  return Math.min(MAX_RETRY_DELAY_MS, d / 2 + Math.random() * (d / 2));
}

function retryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(MAX_RETRY_DELAY_MS, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_DELAY_MS, Math.max(0, at - Date.now()));
}

async function pause(ms: number, signal: AbortSignal | undefined, url: URL): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new FetchError(`Get "${url.href}": request aborted`, 'aborted', { url: url.href });
  }
}

/** How long reading a refused server certificate (for Go's words about it) may take. */
const CERTIFICATE_READ_TIMEOUT_MS = 3000;

// Errors after which trying again is pointless (nothing listens, the name does not resolve).
const PERMANENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_INVALID_URL',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

async function once(
  given: URL,
  method: 'GET' | 'HEAD' | 'POST',
  body: string | undefined,
  req: HttpRequest,
  ctx: HttpContext,
  authorization: string | undefined,
): Promise<HttpResponse> {
  // Go's client sends a URL's user information as basic credentials unless the request has its own,
  // and names the URL in its errors with the password masked.
  const url = withoutUserinfo(given);
  const shown = goErrorUrl(given);
  if (ctx.signal?.aborted) throw new FetchError(`Get "${shown}": request aborted`, 'aborted', { url: given.href });
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...req.headers };
  const auth = authorization ?? userinfoAuthorization(given);
  if (auth) headers.authorization = auth;
  const verb = goVerb(method);
  try {
    const { request } = await import('undici');
    const res = await request(url, {
      method,
      headers,
      body,
      signal,
      dispatcher: await ctx.dispatcher(url),
      headersTimeout: ctx.timeoutMs,
      bodyTimeout: ctx.timeoutMs,
    });
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
    const declared = Number(flat['content-length']);
    if (Number.isFinite(declared) && declared > req.maxBytes && res.statusCode >= 200 && res.statusCode <= 299) {
      res.body.on('error', () => {});
      res.body.destroy();
      throw tooLarge(given, req.maxBytes);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Error pages are only kept in part: nothing reads them beyond a first look.
    const failed = res.statusCode < 200 || res.statusCode > 299;
    for await (const chunk of res.body) {
      size += (chunk as Uint8Array).byteLength;
      if (failed && size > ERROR_BODY_BYTES) {
        res.body.on('error', () => {});
        res.body.destroy();
        break;
      }
      if (!failed && size > req.maxBytes) {
        res.body.on('error', () => {});
        res.body.destroy();
        throw tooLarge(given, req.maxBytes);
      }
      chunks.push(chunk as Uint8Array);
    }
    if (failed) size = chunks.reduce((n, c) => n + c.byteLength, 0);
    return {
      url: given.href,
      status: res.statusCode,
      statusLine: statusLine(res.statusCode, res.statusText),
      headers: flat,
      body: concat(chunks, size),
    };
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (ctx.signal?.aborted)
      throw new FetchError(`${verb} "${shown}": request aborted`, 'aborted', { url: given.href });
    if (timeout.aborted || isTimeout(err)) {
      throw new FetchError(`${verb} "${shown}": timed out after ${ctx.timeoutMs} ms`, 'timeout', {
        url: given.href,
        cause: err,
      });
    }
    const e = err as {
      code?: string;
      message?: string;
      hostname?: string;
      address?: string;
      cert?: PeerCertificate;
      cause?: { code?: string; message?: string; hostname?: string; address?: string; cert?: PeerCertificate };
    };
    const code = e.cause?.code ?? e.code;
    let reason = e.cause?.message ?? e.message ?? String(err);
    // Go's wording for the common cases, so messages read like helm's: the resolver's text (unless
    // the name that failed is another's, a proxy's), a refused connection, HTTPS to plain HTTP.
    if (code === 'ENOTFOUND' && (e.cause?.hostname ?? e.hostname ?? url.hostname) === url.hostname) {
      reason = goLookupFailure(url.hostname);
    } else if (code === 'ECONNREFUSED') {
      // Go names the address it dialed (a name resolved), Node's error carries it.
      const address = e.cause?.address ?? e.address;
      const host = address === undefined ? url.hostname : address.includes(':') ? `[${address}]` : address;
      reason = `dial tcp ${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}: connect: connection refused`;
    } else if (isCertificateError(code)) {
      // Go names the first of expiry, host name and chain that fails; Node's host-name error holds
      // the certificate, for the others it is read again.
      const cert =
        code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? (e.cause?.cert ?? e.cert)
          : await readServerCertificate(url, Math.min(ctx.timeoutMs, CERTIFICATE_READ_TIMEOUT_MS));
      reason = goCertificateError(url, code!, cert) ?? reason;
    } else if (code === 'UND_ERR_SOCKET' && reason === 'other side closed') {
      // The server hung up before answering (plain HTTP to a TLS port, say): Go reads EOF.
      reason = 'EOF';
    } else if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      // What an HTTPS request to a plain HTTP server gets (the registry needs --plain-http).
      reason = 'http: server gave HTTP response to HTTPS client';
    }
    const retryable = !(code && (PERMANENT_CODES.has(code) || isCertificateError(code)));
    throw new FetchError(`${verb} "${shown}": ${reason}`, 'network', {
      url: given.href,
      cause: Object.assign(err instanceof Error ? err : new Error(String(err)), { retryable }),
    });
  }
}

/**
 * Go's rule for sensitive headers on a redirect: kept when the new host is the first request's, or
 * a subdomain of it (ports and schemes aside; an IP address only matches itself).
 */
function isDomainOrSubdomain(dest: URL, initial: URL): boolean {
  const host = (u: URL) => u.hostname.replace(/^\[(.*)\]$/, '$1');
  const sub = host(dest);
  const parent = host(initial);
  if (sub === parent) return true;
  if (/[:%]/.test(sub)) return false;
  return sub.endsWith(`.${parent}`);
}

/** The URL without its user information (sent as a header instead). */
function withoutUserinfo(url: URL): URL {
  if (url.username === '' && url.password === '') return url;
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare;
}

function decodeUserinfo(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Basic credentials from a URL's user information (Go's client: username and password, decoded). */
function userinfoAuthorization(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return authorizationHeader({ username: decodeUserinfo(url.username), password: decodeUserinfo(url.password) });
}

/** The URL as Go's client names it in errors: a password shown as `***`. */
function goErrorUrl(url: URL): string {
  if (url.password === '') return url.href;
  return url.href.replace(`${url.username}:${url.password}@`, `${decodeUserinfo(url.username)}:***@`);
}

/** The method as Go's url.Error names it. */
function goVerb(method: 'GET' | 'HEAD' | 'POST'): string {
  return method === 'GET' ? 'Get' : method === 'HEAD' ? 'Head' : 'Post';
}

/**
 * Go's Response.Status: the status line after the HTTP version, so the reason phrase is the one the
 * server sent, spaces and all. The parser reports a missing reason (`HTTP/1.1 404`) and an empty one
 * (`HTTP/1.1 404 `) alike; the empty one, which RFC 9112 prescribes, is assumed.
 */
function statusLine(code: number, reason: string): string {
  return `${code} ${reason}`;
}

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

function tooLarge(url: URL, max: number): FetchError {
  return new FetchError(`${url.href} is larger than the limit of ${max} bytes`, 'too-large', { url: url.href });
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** `Authorization` value for credentials. */
export function authorizationHeader(auth: { username: string; password: string } | { token: string }): string {
  if ('token' in auth) return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

/** Whether two URLs share scheme, host and port (where credentials may follow). */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host;
}

/**
 * `file://` repositories: a directory holding index.yaml and chart archives (an air-gapped mirror on
 * disk, or the bundled example). Answers like a server would: 200 with the bytes, or 404.
 */
async function readLocalFile(url: URL, req: HttpRequest): Promise<HttpResponse> {
  const path = fileURLToPath(url);
  let body: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    if (info.size > req.maxBytes) {
      throw new FetchError(`file ${path} is larger than the ${req.maxBytes} byte limit`, 'too-large', {
        url: url.href,
      });
    }
    body = await readFile(path);
  } catch (e) {
    if (e instanceof FetchError) throw e;
    return { url: url.href, status: 404, statusLine: '404 Not Found', headers: {}, body: new Uint8Array() };
  }
  return { url: url.href, status: 200, statusLine: '200 OK', headers: {}, body };
}
