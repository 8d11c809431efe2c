/**
 * helm builds its registry client before anything else a command does, and with `--cert-file` and
 * `--key-file` (both) or `--ca-file` it reads them then: a file it cannot use fails the command, even
 * for a local chart that needs no network. helmless reads them at the same step, and fails with
 * each helm's text (helm 3 and helm 4 word these differently, around Go's crypto/tls errors).
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { goReadFileError } from '../go-errors.js';
import { quote } from '../gotemplate/strconv.js';
import type { Compat } from '../helm/objects.js';
import type { ParsedFlags } from './flags.js';
import { CliError, type CliIO } from './io.js';

/** Fails like helm when `--cert-file`/`--key-file` or `--ca-file` name files helm cannot use. */
export function checkTlsFiles(flags: ParsedFlags, compat: Compat, io: CliIO): void {
  const certFile = flags.strings.get('cert-file') ?? '';
  const keyFile = flags.strings.get('key-file') ?? '';
  const caFile = flags.strings.get('ca-file') ?? '';
  // helm's registry client gets a TLS configuration only in these cases.
  const withTls = (certFile !== '' && keyFile !== '') || caFile !== '' || flags.bools.get('insecure-skip-tls-verify');
  if (!withTls) return;
  const why =
    compat === 'helm3'
      ? helm3Problem(certFile, keyFile, caFile, io.cwd)
      : helm4Problem(certFile, keyFile, caFile, io.cwd);
  if (why !== undefined) throw new CliError(`missing registry client: can't create TLS config for client: ${why}`);
}

type Read = { bytes: Buffer } | { error: string };

function read(path: string, cwd: string): Read {
  // Go opens "" as a name that does not exist (resolving it would name the working directory).
  if (path === '') return { error: 'open : no such file or directory' };
  try {
    return { bytes: readFileSync(resolve(cwd, path)) };
  } catch (err) {
    return { error: goReadFileError(path, err) };
  }
}

/** helm 3's tlsutil.NewClientTLS: the pair when both files are named (tls.LoadX509KeyPair), then the CA. */
function helm3Problem(certFile: string, keyFile: string, caFile: string, cwd: string): string | undefined {
  if (certFile !== '' && keyFile !== '') {
    const cert = read(certFile, cwd);
    const key = 'error' in cert ? cert : read(keyFile, cwd);
    const why = 'error' in key ? key.error : 'bytes' in cert ? x509KeyPairError(cert.bytes, key.bytes) : undefined;
    if (why !== undefined) return `can't load key pair from cert ${certFile} and key ${keyFile}: ${why}`;
  }
  if (caFile === '') return undefined;
  const ca = read(caFile, cwd);
  if ('error' in ca) return `can't read CA file: ${caFile}`;
  return hasUsableCertificate(ca.bytes) ? undefined : `failed to append certificates from file: ${caFile}`;
}

/**
 * helm 4's tlsutil.NewTLSConfig: reads the pair when either file is named and the CA file, joining
 * their read errors (errors.Join: one per line); then checks the pair and the CA, non-empty ones only.
 */
function helm4Problem(certFile: string, keyFile: string, caFile: string, cwd: string): string | undefined {
  const readErrors: string[] = [];
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  if (certFile !== '' || keyFile !== '') {
    const c = read(certFile, cwd);
    const k = 'error' in c ? undefined : read(keyFile, cwd);
    if ('error' in c) readErrors.push(`unable to read cert file: ${quote(certFile)}: ${c.error}`);
    else if (k && 'error' in k) readErrors.push(`unable to read key file: ${quote(keyFile)}: ${k.error}`);
    else [cert, key] = [c.bytes, (k as { bytes: Buffer }).bytes];
  }
  let ca: Buffer | undefined;
  if (caFile !== '') {
    const c = read(caFile, cwd);
    if ('error' in c) readErrors.push(`can't read CA file: ${quote(caFile)}: ${c.error}`);
    else ca = c.bytes;
  }
  if (readErrors.length > 0) return readErrors.join('\n');
  if (cert?.length && key?.length) {
    const why = x509KeyPairError(cert, key);
    if (why !== undefined) return `unable to load cert from key pair: ${why}`;
  }
  if (ca?.length && !hasUsableCertificate(ca)) return 'failed to append certificates from pem block';
  return undefined;
}

/** x509.CertPool.AppendCertsFromPEM's answer: a CERTIFICATE block without headers that parses. */
function hasUsableCertificate(pem: Buffer): boolean {
  return pemBlocks(pem).some((b) => b.type === 'CERTIFICATE' && !b.hasHeaders && parsesAsCert(b.der));
}

/** Go's tls.X509KeyPair checks, in its order, with its texts; undefined when the pair is usable. */
function x509KeyPairError(certPem: Buffer, keyPem: Buffer): string | undefined {
  const certBlocks = pemBlocks(certPem);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY')) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
  }
  const keyBlocks = pemBlocks(keyPem);
  const keyAt = keyBlocks.findIndex((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (keyAt < 0) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) return 'tls: failed to find any PEM data in key input';
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') {
      return 'tls: found a certificate rather than a key in the PEM for the private key';
    }
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
  }
  let publicKey: KeyObject;
  try {
    publicKey = new X509Certificate(certs[0]!.der).publicKey;
  } catch {
    return 'x509: malformed certificate';
  }
  const privateKey = parsePrivateKey(keyBlocks[keyAt]!.der);
  if (typeof privateKey === 'string') return privateKey;
  const kinds = ['rsa', 'ec', 'ed25519'];
  if (!kinds.includes(publicKey.asymmetricKeyType ?? '')) return 'tls: unknown public key algorithm';
  if (publicKey.asymmetricKeyType !== privateKey.asymmetricKeyType) {
    return 'tls: private key type does not match public key type';
  }
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  if (!spki(publicKey).equals(spki(createPublicKey(privateKey)))) return 'tls: private key does not match public key';
  return undefined;
}

/** Go's tls parsePrivateKey: PKCS #1, then PKCS #8 (RSA, ECDSA, Ed25519 only), then SEC 1. */
function parsePrivateKey(der: Buffer): KeyObject | string {
  const tryParse = (type: 'pkcs1' | 'pkcs8' | 'sec1') => {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      return undefined;
    }
  };
  const pkcs1 = tryParse('pkcs1');
  if (pkcs1) return pkcs1;
  const pkcs8 = tryParse('pkcs8');
  if (pkcs8) {
    return ['rsa', 'ec', 'ed25519'].includes(pkcs8.asymmetricKeyType ?? '')
      ? pkcs8
      : 'tls: found unknown private key type in PKCS#8 wrapping';
  }
  return tryParse('sec1') ?? 'tls: failed to parse private key';
}

function parsesAsCert(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

interface PemBlock {
  type: string;
  hasHeaders: boolean;
  der: Buffer;
}

/**
 * The PEM blocks Go's pem.Decode finds, in order: `-----BEGIN T-----` at the start of a line, then
 * optional `Key: value` headers, base64, and `-----END T-----`; a block whose body is not base64 is
 * passed over, as Go does.
 */
function pemBlocks(bytes: Buffer): PemBlock[] {
  const text = bytes.toString('latin1');
  const blocks: PemBlock[] = [];
  const begin = /^-----BEGIN ([^\r\n]*?)-----[ \t]*\r?\n/gm;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const type = m[1]!;
    const endMarker = `\n-----END ${type}-----`;
    const end = text.indexOf(endMarker, begin.lastIndex - 1);
    if (end < 0) continue;
    let body = text.slice(begin.lastIndex, end + 1);
    const headerEnd = /^(?:[^\r\n:]+:[^\r\n]*\r?\n)+\r?\n/.exec(body);
    if (headerEnd) body = body.slice(headerEnd[0].length);
    const base64 = body.replace(/[\r\n\t ]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) continue;
    blocks.push({ type, hasHeaders: headerEnd !== null, der: Buffer.from(base64, 'base64') });
    begin.lastIndex = end + endMarker.length;
  }
  return blocks;
}
