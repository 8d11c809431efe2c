/**
 * Go's resolver texts for a host name that does not resolve (net.DNSError), as helm's HTTP clients
 * print them: `dial tcp: lookup <host> on <server>: no such host`. Go's own resolver rejects a name
 * that is not a domain name without asking any server, and then names none.
 */
import { readFileSync } from 'node:fs';

let systemResolver: string | undefined | null = null;

/** The first nameserver of /etc/resolv.conf as Go's resolver reports it (`host:53`), if any. */
export function defaultResolver(): string | undefined {
  if (systemResolver !== null) return systemResolver;
  systemResolver = undefined;
  try {
    const m = /^\s*nameserver\s+(\S+)/m.exec(readFileSync('/etc/resolv.conf', 'utf8'));
    if (m) systemResolver = m[1]!.includes(':') ? `[${m[1]}]:53` : `${m[1]}:53`;
  } catch {
    // no resolver configuration: Go would name none either
  }
  return systemResolver;
}

/**
 * Go's isDomainName (RFC 1035 presentation format, underscores allowed): labels of at most 63
 * letters, digits, `_` and `-` (not leading a label, not ending one), at most 253 bytes (254 with a
 * final dot), and not all digits.
 */
export function isGoDomainName(s: string): boolean {
  if (s === '.') return true;
  const l = s.length;
  if (l === 0 || l > 254 || (l === 254 && s[l - 1] !== '.')) return false;
  let last = '.';
  let nonNumeric = false;
  let partLength = 0;
  for (const c of s) {
    if (/[A-Za-z_]/.test(c)) {
      nonNumeric = true;
      partLength++;
    } else if (/[0-9]/.test(c)) {
      partLength++;
    } else if (c === '-') {
      if (last === '.') return false;
      partLength++;
      nonNumeric = true;
    } else if (c === '.') {
      if (last === '.' || last === '-' || partLength > 63 || partLength === 0) return false;
      partLength = 0;
    } else return false;
    last = c;
  }
  return last !== '-' && partLength <= 63 && nonNumeric;
}

/**
 * `dial tcp: lookup <host>[ on <server>]: no such host`: the server is named when Go would have
 * asked one (the host is a domain name and a resolver is known).
 */
export function goLookupFailure(host: string, resolver: string | undefined = defaultResolver()): string {
  const on = resolver !== undefined && isGoDomainName(host) ? ` on ${resolver}` : '';
  return `dial tcp: lookup ${host}${on}: no such host`;
}
