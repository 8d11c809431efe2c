/**
 * Go's texts for a server certificate that fails verification (crypto/tls wrapping crypto/x509), so
 * helmless reports it in the words helm uses: `tls: failed to verify certificate: x509: …`. Go
 * complains about the first of: the validity period, the host name, the chain. Node checks the
 * chain first, so the certificate is read again (an unverified handshake that only looks at it) to
 * find Go's first complaint. Nothing here accepts a certificate: the request has already failed.
 */
import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';

/** Node's codes for a chain that does not lead to a trusted root. */
const UNKNOWN_AUTHORITY = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);
const PERIOD = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const HOSTNAME = 'ERR_TLS_CERT_ALTNAME_INVALID';

/** Whether a Node error code is a failed certificate verification this module explains. */
export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && (UNKNOWN_AUTHORITY.has(code) || PERIOD.has(code) || code === HOSTNAME);
}

/**
 * Go's text for a failed verification of `url`'s server certificate, given Node's error code and
 * the certificate when known (Node's host-name error carries it; else it is read with
 * {@link readServerCertificate}). Undefined when Go's words cannot be known.
 */
export function goCertificateError(
  url: URL,
  code: string,
  cert: PeerCertificate | undefined,
  now = new Date(),
): string | undefined {
  const fail = (reason: string) => `tls: failed to verify certificate: x509: ${reason}`;
  if (cert?.valid_from && cert.valid_to) {
    const notBefore = new Date(cert.valid_from);
    const notAfter = new Date(cert.valid_to);
    if (now < notBefore)
      return fail(`certificate has expired or is not yet valid: ${period(now, 'before', notBefore)}`);
    if (now > notAfter) return fail(`certificate has expired or is not yet valid: ${period(now, 'after', notAfter)}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (cert) {
    const mismatch = hostnameError(cert, host);
    if (mismatch !== undefined) return fail(mismatch);
  }
  if (UNKNOWN_AUTHORITY.has(code)) return fail('certificate signed by unknown authority');
  return undefined;
}

/** Go's CertificateInvalidError detail for the validity period (times in UTC, RFC 3339). */
function period(now: Date, relation: 'before' | 'after', bound: Date): string {
  const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `current time ${rfc3339(now)} is ${relation} ${rfc3339(bound)}`;
}

/** Go's Certificate.VerifyHostname: undefined when `host` matches, else HostnameError's text. */
function hostnameError(cert: PeerCertificate, host: string): string | undefined {
  const sans = (cert.subjectaltname ?? '').split(', ').filter(Boolean);
  const dnsNames = sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  const ips = sans.filter((s) => s.startsWith('IP Address:')).map((s) => canonicalIP(s.slice(11)));
  if (isIP(host)) {
    if (ips.includes(canonicalIP(host))) return undefined;
  } else if (dnsNames.some((pattern) => matchHostname(pattern, host))) return undefined;
  const cn = typeof cert.subject?.CN === 'string' ? cert.subject.CN : '';
  if (cert.subjectaltname === undefined && matchHostname(cn, host)) {
    return 'certificate relies on legacy Common Name field, use SANs instead';
  }
  let valid: string;
  if (isIP(host)) {
    if (ips.length === 0) return `cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    valid = ips.join(', ');
  } else valid = dnsNames.join(', ');
  if (valid === '') return `certificate is not valid for any names, but wanted to match ${host}`;
  return `certificate is valid for ${valid}, not ${host}`;
}

/** An IP address as Go's net.IP.String() writes it (IPv6 compressed, as URLs hold it). */
function canonicalIP(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

/** Go's matchHostnames: case-insensitive, a `*` standing for the whole leftmost label. */
function matchHostname(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '').split('.');
  const h = host.toLowerCase().replace(/\.$/, '').split('.');
  if (pattern === '' || host === '' || p.length !== h.length) return false;
  return p.every((part, i) => (i === 0 && part === '*') || part === h[i]);
}

/**
 * The certificate `url`'s server presents, read in an unverified handshake that sends nothing and
 * is closed at once; undefined when it cannot be had within `timeoutMs`.
 */
export async function readServerCertificate(url: URL, timeoutMs: number): Promise<PeerCertificate | undefined> {
  const { connect } = await import('node:tls');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect(
      {
        host,
        port: Number(url.port || 443),
        ...(isIP(host) ? {} : { servername: host }),
        rejectUnauthorized: false,
      },
      () => {
        const cert = socket.getPeerCertificate();
        socket.destroy();
        resolve(cert && Object.keys(cert).length > 0 ? cert : undefined);
      },
    );
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.on('error', () => resolve(undefined));
  });
}
