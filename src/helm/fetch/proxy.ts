/**
 * Which proxy a request goes through, as helm decides it: Go's `http.ProxyFromEnvironment`
 * (golang.org/x/net/http/httpproxy). `HTTPS_PROXY` serves https URLs and `HTTP_PROXY` http ones
 * (upper case first, then lower case); `NO_PROXY` lists what goes direct: `*`, domains (which also
 * match their subdomains; a leading `.` or `*.` matches only subdomains), IP addresses, CIDR ranges,
 * each with an optional `:port`. `localhost` and loopback addresses are never proxied. A proxy
 * value without a scheme means `http://`; http, https and socks5 proxies are supported.
 */
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { FetchError } from './errors.js';

/** The proxy for a URL, or undefined to connect directly. Throws FetchError for a bad proxy value. */
export type ProxyFor = (url: URL) => URL | undefined;

type Matcher = (host: string, port: string, ip: boolean) => boolean;

/** Reads the proxy settings of `env`, like Go's httpproxy.FromEnvironment. */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv): ProxyFor {
  const first = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '') ?? '';
  const httpsProxy = first('HTTPS_PROXY', 'https_proxy');
  // Go ignores HTTP_PROXY in a CGI environment, where a client can set the `Proxy:` header.
  const cgi = Boolean(env.REQUEST_METHOD);
  const httpProxy = first('HTTP_PROXY', 'http_proxy');
  const matchers = noProxyMatchers(first('NO_PROXY', 'no_proxy'));
  if (httpsProxy === '' && httpProxy === '') return () => undefined;
  return (url) => {
    let value: string;
    if (url.protocol === 'https:') value = httpsProxy;
    else if (url.protocol === 'http:') {
      value = httpProxy;
      if (value !== '' && cgi) {
        throw new FetchError(
          'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy',
          'invalid-reference',
        );
      }
    } else return undefined;
    if (value === '' || !useProxy(url, matchers)) return undefined;
    return parseProxy(value);
  };
}

/** A proxy value as Go reads it: a URL, or a host[:port] taken as `http://host[:port]`. */
function parseProxy(value: string): URL {
  let proxy: URL | undefined;
  try {
    proxy = new URL(value);
  } catch {}
  if (proxy === undefined || proxy.host === '') {
    try {
      proxy = new URL(`http://${value}`);
    } catch {
      throw new FetchError(`invalid proxy address ${JSON.stringify(value)}`, 'invalid-reference');
    }
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:' && proxy.protocol !== 'socks5:') {
    throw new FetchError(
      `proxy ${JSON.stringify(value)}: only http://, https:// and socks5:// proxies are supported`,
      'invalid-reference',
    );
  }
  return proxy;
}

/** The host (lower case, brackets removed) and port (default for the scheme) a URL connects to. */
function hostAndPort(url: URL): { host: string; port: string } {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { host, port };
}

function useProxy(url: URL, matchers: Matcher[]): boolean {
  const { host, port } = hostAndPort(url);
  if (host === 'localhost') return false;
  const ip = isIP(host) !== 0;
  if (ip && isLoopback(host)) return false;
  return !matchers.some((m) => m(host, port, ip));
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function isLoopback(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return LOOPBACK.check(mapped, 'ipv4');
  return LOOPBACK.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/** Splits `host:port` or `[v6]:port` like Go's net.SplitHostPort; undefined when it is not one. */
function splitHostPort(s: string): { host: string; port: string } | undefined {
  const m = /^\[([^\]]*)\]:([^:]*)$/.exec(s) ?? /^([^:[\]]*):([^:[\]]*)$/.exec(s);
  return m ? { host: m[1]!, port: m[2]! } : undefined;
}

/** NO_PROXY entries as Go's httpproxy config parses them. */
function noProxyMatchers(noProxy: string): Matcher[] {
  const out: Matcher[] = [];
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return [() => true];
    const cidr = /^(.*)\/(\d+)$/.exec(entry);
    if (cidr && isIP(cidr[1]!) !== 0) {
      const family = isIP(cidr[1]!) === 6 ? 'ipv6' : 'ipv4';
      const prefix = Number(cidr[2]);
      if (prefix <= (family === 'ipv6' ? 128 : 32)) {
        const range = new BlockList();
        range.addSubnet(cidr[1]!, prefix, family);
        out.push((host, _port, ip) => ip && range.check(host, isIP(host) === 6 ? 'ipv6' : 'ipv4'));
        continue;
      }
    }
    const split = splitHostPort(entry);
    if (split && split.host === '') continue;
    const host = split?.host ?? entry;
    const port = split?.port ?? '';
    if (isIP(host) !== 0) {
      out.push((h, p, ip) => ip && sameIp(h, host) && (port === '' || port === p));
      continue;
    }
    let domain = host.startsWith('*.') ? host.slice(1) : host;
    const matchHost = !domain.startsWith('.');
    if (matchHost) domain = `.${domain}`;
    domain = domainToASCII(domain.slice(1)) === '' ? domain : `.${domainToASCII(domain.slice(1))}`;
    out.push((h, p) => (h.endsWith(domain) || (matchHost && h === domain.slice(1))) && (port === '' || port === p));
  }
  return out;
}

/** Whether two textual IP addresses are the same address (Go compares the parsed bytes). */
function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  const list = new BlockList();
  list.addAddress(b, isIP(b) === 6 ? 'ipv6' : 'ipv4');
  return list.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4');
}
