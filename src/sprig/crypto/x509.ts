/**
 * What Sprig's certificate functions need from Go's encoding/pem and crypto/x509, built on
 * node:crypto: PEM decoding with Go's rules, Go's strict base64, private key parsing with Sprig's
 * parsePrivateKeyPEM messages, key PEM blocks as Go marshals them, and certificate creation with the
 * exact extensions, encodings and key identifiers of x509.CreateCertificate (Go 1.23 for helm 3,
 * Go 1.25 for helm 4: the subject key identifier hash differs).
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, X509Certificate } from 'node:crypto';
import { isValidUTF8String, stringToBytes } from '../../gotemplate/gostring.js';
import { quote } from '../../gotemplate/strconv.js';
import {
  bitString,
  bool,
  children,
  concat,
  DerError,
  explicit,
  goSequenceMismatch,
  integer,
  intValue,
  type Node,
  nullValue,
  octets,
  oid,
  oidText,
  parse,
  seq,
  set,
  tlv,
} from './der.js';

/** An error whose message is Go's text. */
export class X509Error extends Error {
  override name = 'X509Error';
}

// ----- base64 and PEM ---------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Go's base64.StdEncoding.DecodeString (padding required, CR/LF ignored); undefined on error. */
export function goBase64Decode(bytes: Uint8Array): Uint8Array | undefined {
  const clean: number[] = [];
  for (const c of bytes) if (c !== 0x0a && c !== 0x0d) clean.push(c);
  if (clean.length % 4 !== 0) return undefined;
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const q = clean.slice(i, i + 4);
    const last = i + 4 === clean.length;
    const pad = q[3] === 0x3d ? (q[2] === 0x3d ? 2 : 1) : 0;
    if (pad && !last) return undefined;
    const vals = q.slice(0, 4 - pad).map((c) => B64_INDEX[c]!);
    if (vals.some((v) => v < 0)) return undefined;
    if (pad === 2 && q[2] !== 0x3d) return undefined;
    const n = (vals[0]! << 18) | (vals[1]! << 12) | ((vals[2] ?? 0) << 6) | (vals[3] ?? 0);
    out.push((n >> 16) & 0xff);
    if (pad < 2) out.push((n >> 8) & 0xff);
    if (pad < 1) out.push(n & 0xff);
  }
  return Uint8Array.from(out);
}

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

function getLine(data: string): [string, string] {
  const i = data.indexOf('\n');
  let line: string;
  let rest: string;
  if (i < 0) {
    line = data;
    rest = '';
  } else {
    line = data.slice(0, i);
    rest = data.slice(i + 1);
  }
  return [line.replace(/[ \t\r]+$/, ''), rest];
}

/** Go's pem.Decode: the first well-formed block, or undefined. Input is the raw bytes. */
export function pemDecode(data: Uint8Array): PemBlock | undefined {
  const text = latin1(data); // byte-exact
  let rest = text;
  for (;;) {
    if (rest.startsWith('-----BEGIN ')) rest = rest.slice(11);
    else {
      const i = rest.indexOf('\n-----BEGIN ');
      if (i < 0) return undefined;
      rest = rest.slice(i + 12);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith('-----')) continue;
    typeLine = typeLine.slice(0, -5);
    let headers = 0;
    let truncated = false;
    for (;;) {
      if (rest.length === 0) {
        truncated = true;
        break;
      }
      const [line, next] = getLine(rest);
      if (!line.includes(':')) break;
      headers++;
      rest = next;
    }
    if (truncated) return undefined;
    let endIndex: number;
    let endTrailerIndex: number;
    if (headers === 0 && rest.startsWith('-----END ')) {
      endIndex = 0;
      endTrailerIndex = 9;
    } else {
      endIndex = rest.indexOf('\n-----END ');
      endTrailerIndex = endIndex + 10;
    }
    if (endIndex < 0) continue;
    let endTrailer = rest.slice(endTrailerIndex);
    const endTrailerLen = typeLine.length + 5;
    if (endTrailer.length < endTrailerLen) continue;
    const restOfEndLine = endTrailer.slice(endTrailerLen);
    endTrailer = endTrailer.slice(0, endTrailerLen);
    if (!endTrailer.startsWith(typeLine) || !endTrailer.endsWith('-----')) continue;
    if (getLine(restOfEndLine)[0].length !== 0) continue;
    const b64 = rest.slice(0, endIndex).replace(/[ \t]/g, '');
    const bytes = goBase64Decode(Buffer.from(b64, 'latin1'));
    if (!bytes) continue;
    return { type: typeLine, bytes };
  }
}

/** Go's pem.EncodeToMemory without headers. */
export function pemEncode(type: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += `${b64.slice(i, i + 64)}\n`;
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

// ----- private keys ---------------------------------------------------------------------------

/** A parsed private key. `dsa` keys carry no KeyObject (Go cannot sign with them either). */
export type PrivateKey =
  | { kind: 'rsa' | 'ec' | 'ed25519' | 'other'; key: KeyObject }
  | { kind: 'dsa'; der: Uint8Array };

function asn1Error(der: Uint8Array, structName: string): string {
  try {
    const mismatch = goSequenceMismatch(der, structName);
    if (mismatch) return mismatch;
    parse(der);
    return 'asn1: structure error: invalid key data';
  } catch (e) {
    if (e instanceof DerError) return e.message;
    throw e;
  }
}

/**
 * The key in `der` when it is of the given format. OpenSSL 3.5 (Node 24) decodes whatever format
 * the bytes hold, whichever was asked for, so the structure is checked here: the second field of
 * the outer SEQUENCE is an INTEGER in PKCS#1 (the modulus), a SEQUENCE in PKCS#8 (the algorithm)
 * and an OCTET STRING in SEC 1 (the private key).
 */
function tryKey(der: Uint8Array, type: 'pkcs1' | 'pkcs8' | 'sec1'): KeyObject | undefined {
  if (secondFieldTag(der) !== FORMAT_SECOND_TAG[type]) return undefined;
  try {
    const key = createPrivateKey({ key: Buffer.from(der), format: 'der', type });
    if (type === 'pkcs1' && key.asymmetricKeyType !== 'rsa') return undefined;
    if (type === 'sec1' && key.asymmetricKeyType !== 'ec') return undefined;
    return key;
  } catch {
    return undefined;
  }
}

const FORMAT_SECOND_TAG = { pkcs1: 0x02, pkcs8: 0x10, sec1: 0x04 } as const;

/** The universal tag of the outer SEQUENCE's second field, or undefined. */
function secondFieldTag(der: Uint8Array): number | undefined {
  try {
    const top = parse(der);
    if (top.cls !== 0 || top.tag !== 0x10) return undefined;
    const second = children(top)[1];
    return second?.cls === 0 ? second.tag : undefined;
  } catch (e) {
    if (e instanceof DerError) return undefined;
    throw e;
  }
}

const GO_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp224r1']);

function classify(key: KeyObject): PrivateKey {
  const t = key.asymmetricKeyType;
  if (t === 'rsa') return { kind: 'rsa', key };
  if (t === 'ec') return { kind: 'ec', key };
  if (t === 'ed25519') return { kind: 'ed25519', key };
  return { kind: 'other', key };
}

/** Sprig's parsePrivateKeyPEM, with its error texts. */
export function parsePrivateKeyPEM(pemText: Uint8Array): PrivateKey {
  const block = pemDecode(pemText);
  if (!block) throw new X509Error('no PEM data in input');
  const der = block.bytes;
  if (block.type === 'PRIVATE KEY') {
    const key = tryKey(der, 'pkcs8');
    if (!key) throw new X509Error(`decoding PEM as PKCS#8: ${asn1Error(der, 'pkcs8')}`);
    const t = key.asymmetricKeyType;
    if (t !== 'rsa' && t !== 'ec' && t !== 'ed25519' && t !== 'x25519') {
      throw new X509Error('decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm');
    }
    return classify(key);
  }
  if (!block.type.endsWith(' PRIVATE KEY')) {
    throw new X509Error(`no private key data in PEM block of type ${block.type}`);
  }
  switch (block.type.slice(0, -12)) {
    case 'RSA': {
      const key = tryKey(der, 'pkcs1');
      if (key) return { kind: 'rsa', key };
      let msg = asn1Error(der, 'pkcs1PrivateKey');
      if (tryKey(der, 'sec1'))
        msg = 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)';
      else if (tryKey(der, 'pkcs8')) {
        msg = 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)';
      }
      throw new X509Error(`parsing RSA private key from PEM: ${msg}`);
    }
    case 'EC': {
      const key = tryKey(der, 'sec1');
      if (key) {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (!curve || !GO_CURVES.has(curve)) {
          throw new X509Error('parsing EC private key from PEM: x509: unknown elliptic curve');
        }
        return { kind: 'ec', key };
      }
      let msg = `x509: failed to parse EC private key: ${asn1Error(der, 'ecPrivateKey')}`;
      if (tryKey(der, 'pkcs8'))
        msg = 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)';
      else if (tryKey(der, 'pkcs1'))
        msg = 'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)';
      throw new X509Error(`parsing EC private key from PEM: ${msg}`);
    }
    case 'DSA': {
      const msg = dsaStructureError(der);
      if (msg) throw new X509Error(`parsing DSA private key from PEM: ${msg}`);
      return { kind: 'dsa', der };
    }
    default:
      throw new X509Error(`invalid private key type ${block.type}`);
  }
}

/** Checks the DSAKeyFormat structure (SEQUENCE of six INTEGERs); Go's message or undefined. */
function dsaStructureError(der: Uint8Array): string | undefined {
  try {
    const mismatch = goSequenceMismatch(der, 'DSAKeyFormat');
    if (mismatch) return mismatch;
    const items = children(parse(der));
    if (items.length < 6 || items.slice(0, 6).some((n) => n.tag !== 2 || n.cls !== 0)) {
      return 'asn1: structure error: invalid DSA key';
    }
    return undefined;
  } catch (e) {
    if (e instanceof DerError) return e.message;
    throw e;
  }
}

/** DSAKeyFormat{Version 0, P, Q, G, Y, X} from a node:crypto DSA key (Sprig's "DSA PRIVATE KEY"). */
export function dsaPrivateKeyDer(key: KeyObject): Uint8Array {
  const pkcs8 = new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }));
  const top = children(parse(pkcs8));
  const alg = children(top[1]!);
  const [p, q, g] = children(alg[1]!).map(intValue) as [bigint, bigint, bigint];
  const x = intValue(parse(top[2]!.content));
  const y = modPow(g, x, p);
  return seq(integer(0n), integer(p), integer(q), integer(g), integer(y), integer(x));
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** Sprig's pemBlockForKey, as PEM text. */
export function pemForKey(k: PrivateKey): string {
  if (k.kind === 'dsa') return pemEncode('DSA PRIVATE KEY', k.der);
  if (k.kind === 'rsa') return k.key.export({ format: 'pem', type: 'pkcs1' }).toString();
  if (k.kind === 'ec') return k.key.export({ format: 'pem', type: 'sec1' }).toString();
  return k.key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

// ----- certificates -----------------------------------------------------------------------------

/** The parts of a parsed certificate CreateCertificate uses as parent. */
export interface ParsedCert {
  rawSubject: Uint8Array;
  subjectKeyId?: Uint8Array;
  spki: Uint8Array;
}

/** x509.ParseCertificate, reduced to what signing needs; errors as Go words the common ones. */
export function parseCertificate(der: Uint8Array): ParsedCert {
  try {
    const cert = parse(der);
    if (cert.raw.length !== der.length || cert.tag !== 16) throw new DerError('malformed');
    const [tbs] = children(cert);
    if (tbs?.tag !== 16) throw new DerError('malformed');
    let items = children(tbs);
    if (items[0]?.cls === 2 && items[0].tag === 0) items = items.slice(1);
    const [, , issuer, , subject, spki, ...rest] = items;
    if (!issuer || !subject || !spki) throw new DerError('malformed');
    new X509Certificate(Buffer.from(der)); // node validates the whole structure
    let subjectKeyId: Uint8Array | undefined;
    const extWrap = rest.find((n) => n.cls === 2 && n.tag === 3);
    if (extWrap) {
      for (const ext of children(children(extWrap)[0]!)) {
        const parts = children(ext);
        if (oidText(parts[0]!) === '2.5.29.14') {
          subjectKeyId = parse(parts[parts.length - 1]!.content).content;
        }
      }
    }
    return { rawSubject: subject.raw, subjectKeyId, spki: spki.raw };
  } catch (e) {
    if (e instanceof X509Error) throw e;
    throw new X509Error('x509: malformed certificate');
  }
}

/** net.ParseIP: 4 or 16 bytes, or undefined. */
export function parseIP(s: string): Uint8Array | undefined {
  const v4 = parseIPv4(s);
  if (v4) return v4;
  return parseIPv6(s);
}

function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  let ellipsis = -1;
  let i = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return out;
  }
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(s);
    if (!m) return undefined;
    if (i + 4 <= 16 && /^[0-9]+\.[0-9]/.test(s) && s.includes('.')) {
      const v4 = parseIPv4(s);
      if (!v4) return undefined;
      out.set(v4, i);
      i += 4;
      s = '';
      break;
    }
    const n = Number.parseInt(m[0], 16);
    out[i] = n >> 8;
    out[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(m[0].length);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) out[j + n] = out[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) out[j] = 0;
  } else if (ellipsis >= 0) return undefined;
  return out;
}

/** IPv4 addresses (including IPv4-mapped IPv6) as 4 bytes, like Go's To4() in marshalSANs. */
function sanIP(ip: Uint8Array): Uint8Array {
  if (ip.length === 4) return ip;
  const mapped = ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  return mapped ? ip.slice(12) : ip;
}

/** The request for one certificate, as Sprig's getBaseCertTemplate and its callers build it. */
export interface CertTemplate {
  commonName: string;
  ips: Uint8Array[];
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  serial: bigint;
  isCA: boolean;
}

function isPrintableString(s: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
}

/** pkix.Name{CommonName: cn} as Go marshals it (an empty name is an empty SEQUENCE). */
function nameDer(cn: string, cnBytes: Uint8Array): Uint8Array {
  if (cn === '') return seq();
  const value = isPrintableString(cn) ? tlv(0x13, cnBytes) : tlv(0x0c, cnBytes);
  return seq(set(seq(oid('2.5.4.3'), value)));
}

function timeDer(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const p2 = (n: number) => String(n).padStart(2, '0');
  const rest = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, enc.encode(p2(y % 100) + rest));
  if (y < 0 || y > 9999) throw new X509Error('asn1: cannot represent time as GeneralizedTime');
  return tlv(0x18, enc.encode(String(y).padStart(4, '0') + rest));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** Signature algorithm identifier and hash for a signing key (Go's signingParamsForKey). */
function signingParams(k: PrivateKey): { alg: Uint8Array; hash: string | null } {
  if (k.kind === 'rsa') return { alg: seq(oid('1.2.840.113549.1.1.11'), nullValue()), hash: 'sha256' };
  if (k.kind === 'ed25519') return { alg: seq(oid('1.3.101.112')), hash: null };
  if (k.kind === 'ec') {
    const curve = k.key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'secp384r1') return { alg: seq(oid('1.2.840.10045.4.3.3')), hash: 'sha384' };
    if (curve === 'secp521r1') return { alg: seq(oid('1.2.840.10045.4.3.4')), hash: 'sha512' };
    return { alg: seq(oid('1.2.840.10045.4.3.2')), hash: 'sha256' };
  }
  throw new X509Error('x509: certificate private key does not implement crypto.Signer');
}

/** SubjectPublicKeyInfo DER of a private key's public half. */
export function spkiOf(k: PrivateKey): Uint8Array {
  if (k.kind === 'dsa') throw new X509Error('x509: unsupported public key type: *dsa.PublicKey');
  if (k.kind === 'other') {
    throw new X509Error(
      `x509: unsupported public key type: ${k.key.asymmetricKeyType === 'x25519' ? '*ecdh.PublicKey' : 'unknown'}`,
    );
  }
  return new Uint8Array(createPublicKey(k.key).export({ format: 'der', type: 'spki' }));
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * x509.CreateCertificate(rand, template, parent, signee public key, signer) for Sprig's templates;
 * `parent` undefined means self-signed. Returns the DER certificate.
 */
export function createCertificate(
  tpl: CertTemplate,
  signee: PrivateKey,
  parent: ParsedCert | undefined,
  signer: PrivateKey,
  compat: 'helm3' | 'helm4',
): Uint8Array {
  const { alg, hash } = signingParams(signer);
  const spki = spkiOf(signee);
  if (!isValidUTF8String(tpl.commonName)) throw new X509Error('asn1: string not valid UTF-8');
  const cnBytes = stringToBytes(tpl.commonName);
  const subject = nameDer(tpl.commonName, cnBytes);
  const issuer = parent ? parent.rawSubject : subject;
  if (parent) {
    const signerSpki = spkiOf(signer);
    if (!bytesEqual(signerSpki, parent.spki)) {
      throw new X509Error("x509: provided PrivateKey doesn't match parent's PublicKey");
    }
  }
  for (const name of tpl.dnsNames) {
    if (!/^[\x00-\x7f]*$/.test(name)) throw new X509Error(`x509: ${quote(name)} cannot be encoded as an IA5String`);
  }

  const exts: Uint8Array[] = [];
  // KeyUsage: digitalSignature | keyEncipherment (| keyCertSign for CAs), bits reversed like Go.
  exts.push(
    extension(
      '2.5.29.15',
      true,
      tpl.isCA ? bitString(new Uint8Array([0xa4]), 2) : bitString(new Uint8Array([0xa0]), 5),
    ),
  );
  exts.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))));
  exts.push(extension('2.5.29.19', true, tpl.isCA ? seq(bool(true)) : seq()));
  if (tpl.isCA) {
    const keyBits = children(parse(spki))[1]!.content.subarray(1);
    const skid =
      compat === 'helm4'
        ? createHash('sha256').update(keyBits).digest().subarray(0, 20)
        : createHash('sha1').update(keyBits).digest();
    exts.push(extension('2.5.29.14', false, octets(skid)));
  }
  if (parent?.subjectKeyId && parent.subjectKeyId.length > 0 && !bytesEqual(issuer, subject)) {
    exts.push(extension('2.5.29.35', false, seq(tlv(0x80, parent.subjectKeyId))));
  }
  if (tpl.dnsNames.length > 0 || tpl.ips.length > 0) {
    const names = [...tpl.dnsNames.map((n) => tlv(0x82, enc.encode(n))), ...tpl.ips.map((ip) => tlv(0x87, sanIP(ip)))];
    exts.push(extension('2.5.29.17', bytesEqual(subject, seq()), seq(...names)));
  }

  const tbs = seq(
    explicit(0, integer(2n)),
    integer(tpl.serial),
    alg,
    issuer,
    seq(timeDer(tpl.notBefore), timeDer(tpl.notAfter)),
    subject,
    spki,
    explicit(3, seq(...exts)),
  );
  if (signer.kind === 'dsa' || signer.kind === 'other') {
    throw new X509Error('x509: certificate private key does not implement crypto.Signer');
  }
  const signature = sign(hash, tbs, signer.key);
  return seq(tbs, alg, bitString(new Uint8Array(signature)));
}

export type { Node };
export { concat, latin1 };
