/**
 * Sprig's crypto functions (crypto.go of Masterminds/sprig v3.3.0) with real key material from
 * node:crypto: private keys in the PEM forms Go writes, X.509 certificates built exactly as Sprig's
 * templates ask Go's CreateCertificate to build them (serial, validity, key usages, extended key
 * usages, basic constraints, key identifiers, SANs), derivePassword (scrypt + HMAC, deterministic),
 * AES-CBC encryptAES/decryptAES with Sprig's zero-padded key and PKCS#7-style padding, bcrypt and
 * htpasswd (`$2a$` hashes, cost 10), and getHostByName, which helm disables ("").
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
} from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { formatValue } from '../gotemplate/fmt.js';
import { type CallContext, type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { bytesToString, stringToBytes } from '../gotemplate/gostring.js';
import { type GoType, T_INT, T_SLICE, T_STRING, T_UINT32 } from '../gotemplate/types.js';
import { GoStruct, type GoValue } from '../gotemplate/value.js';
import { newRsaKey } from './crypto/rsa-keys.js';
import {
  type CertTemplate,
  createCertificate,
  dsaPrivateKeyDer,
  goBase64Decode,
  type PrivateKey,
  parseCertificate,
  parseIP,
  parsePrivateKeyPEM,
  pemDecode,
  pemEncode,
  pemForKey,
  X509Error,
} from './crypto/x509.js';

/** Sprig's `certificate` struct: PEM certificate and PEM private key. */
export const T_CERTIFICATE: GoType = {
  kind: 'struct',
  name: 'sprig.certificate',
  fields: [
    { name: 'Cert', type: T_STRING },
    { name: 'Key', type: T_STRING },
  ],
};

/** A sprig.certificate value. */
export class SprigCertificate extends GoStruct {
  readonly goType = T_CERTIFICATE;
  constructor(
    readonly Cert: string,
    readonly Key: string,
  ) {
    super();
  }
}

// ----- keys -------------------------------------------------------------------------------------

function generateRSA(bits: number): PrivateKey {
  return { kind: 'rsa', key: newRsaKey(bits) };
}

/** genPrivateKey: "rsa"/"" (4096 bits), "dsa" (L2048N256), "ecdsa" (P-256), "ed25519". */
function genPrivateKey(typ: string): string {
  switch (typ) {
    case '':
    case 'rsa':
      return pemForKey(generateRSA(4096));
    case 'dsa': {
      const { privateKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
      return pemEncode('DSA PRIVATE KEY', dsaPrivateKeyDer(privateKey));
    }
    case 'ecdsa': {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      return pemForKey({ kind: 'ec', key: privateKey });
    }
    case 'ed25519': {
      const { privateKey } = generateKeyPairSync('ed25519');
      return pemForKey({ kind: 'ed25519', key: privateKey });
    }
    default:
      return `Unknown type ${typ}`;
  }
}

// ----- certificates -----------------------------------------------------------------------------

/** getNetIPs: every element must be a string net.ParseIP accepts. */
function netIPs(ips: GoValue[] | null): Uint8Array[] {
  if (ips === null) return [];
  return ips.map((ip) => {
    if (typeof ip !== 'string') throw new FuncError(`error parsing ip: ${formatValue(ip)} is not a string`);
    const parsed = parseIP(ip);
    if (!parsed) throw new FuncError(`error parsing ip: ${ip}`);
    return parsed;
  });
}

function dnsNames(names: GoValue[] | null): string[] {
  if (names === null) return [];
  return names.map((n) => {
    if (typeof n !== 'string') {
      throw new FuncError(`error processing alternate dns name: ${formatValue(n)} is not a string`);
    }
    return n;
  });
}

/** A uniformly random serial number in [0, 2^128), like Go's rand.Int. */
function randomSerial(): bigint {
  return BigInt(`0x${randomBytes(16).toString('hex')}`);
}

/** Go's time.Now().Add(24h * days) with int64 Duration wrap-around, at second precision. */
function addDays(now: Date, days: number): Date {
  const ns = BigInt.asIntN(64, 86_400_000_000_000n * BigInt(Math.trunc(days)));
  return new Date(now.getTime() + Number(ns / 1_000_000n));
}

function baseTemplate(cn: string, ips: GoValue[] | null, dns: GoValue[] | null, days: number): CertTemplate {
  const ipList = netIPs(ips);
  const dnsList = dnsNames(dns);
  const now = new Date();
  return {
    commonName: cn,
    ips: ipList,
    dnsNames: dnsList,
    notBefore: now,
    notAfter: addDays(now, days),
    serial: randomSerial(),
    isCA: false,
  };
}

/** getCertAndKey: signs and PEM-encodes certificate and signee key. */
function certAndKey(
  tpl: CertTemplate,
  signee: PrivateKey,
  parent: ReturnType<typeof parseCertificate> | undefined,
  signer: PrivateKey,
  compat: 'helm3' | 'helm4',
): SprigCertificate {
  let der: Uint8Array;
  try {
    der = createCertificate(tpl, signee, parent, signer, compat);
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(`error creating certificate: ${e.message}`);
    throw e;
  }
  return new SprigCertificate(pemEncode('CERTIFICATE', der), pemForKey(signee));
}

function parseKeyArg(privPEM: string, prefix: string): PrivateKey {
  try {
    return parsePrivateKeyPEM(stringToBytes(privPEM));
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(`${prefix}${e.message}`);
    throw e;
  }
}

function caWithKey(cn: string, days: number, key: PrivateKey, compat: 'helm3' | 'helm4'): SprigCertificate {
  const tpl = baseTemplate(cn, null, null, days);
  tpl.isCA = true;
  return certAndKey(tpl, key, undefined, key, compat);
}

function selfSigned(
  cn: string,
  ips: GoValue[] | null,
  dns: GoValue[] | null,
  days: number,
  key: PrivateKey,
  compat: 'helm3' | 'helm4',
): SprigCertificate {
  const tpl = baseTemplate(cn, ips, dns, days);
  return certAndKey(tpl, key, undefined, key, compat);
}

function signed(
  cn: string,
  ips: GoValue[] | null,
  dns: GoValue[] | null,
  days: number,
  ca: SprigCertificate,
  key: PrivateKey,
  compat: 'helm3' | 'helm4',
): SprigCertificate {
  const block = pemDecode(stringToBytes(ca.Cert));
  if (!block) throw new FuncError('unable to decode certificate');
  let parent: ReturnType<typeof parseCertificate>;
  try {
    parent = parseCertificate(block.bytes);
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(`error parsing certificate: decodedSignerCert.Bytes: ${e.message}`);
    throw e;
  }
  const signer = parseKeyArg(ca.Key, 'error parsing private key: ');
  const tpl = baseTemplate(cn, ips, dns, days);
  return certAndKey(tpl, key, parent, signer, compat);
}

function buildCustomCert(b64cert: string, b64key: string): SprigCertificate {
  const cert = goBase64Decode(stringToBytes(b64cert));
  if (!cert) throw new FuncError('unable to decode base64 certificate');
  const key = goBase64Decode(stringToBytes(b64key));
  if (!key) throw new FuncError('unable to decode base64 private key');
  const block = pemDecode(cert);
  if (!block) throw new FuncError('unable to decode certificate');
  try {
    parseCertificate(block.bytes);
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(`error parsing certificate: decodedCert.Bytes: ${e.message}`);
    throw e;
  }
  try {
    parsePrivateKeyPEM(key);
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(`error parsing private key: ${e.message}`);
    throw e;
  }
  return new SprigCertificate(bytesToString(cert), bytesToString(key));
}

// ----- derivePassword ---------------------------------------------------------------------------

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const SEED = Buffer.from('com.lyndir.masterpassword');

function uint32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Master Password algorithm as Sprig implements it (scrypt N=32768 r=8 p=2, HMAC-SHA256). */
function derivePassword(counter: number, passwordType: string, password: string, user: string, site: string): string {
  const templates = Object.hasOwn(PASSWORD_TEMPLATES, passwordType) ? PASSWORD_TEMPLATES[passwordType] : undefined;
  if (!templates) return `cannot find password template ${passwordType}`;
  const userBytes = stringToBytes(user);
  const siteBytes = stringToBytes(site);
  const salt = Buffer.concat([SEED, uint32be(userBytes.length), userBytes]);
  const key = scryptSync(stringToBytes(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 256 * 1024 * 1024 });
  const seed = createHmac('sha256', key)
    .update(Buffer.concat([SEED, uint32be(siteBytes.length), siteBytes, uint32be(counter)]))
    .digest();
  const temp = templates[seed[0]! % templates.length]!;
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = TEMPLATE_CHARACTERS[temp[i]!]!;
    out += chars[seed[i + 1]! % chars.length];
  }
  return out;
}

// ----- AES ----------------------------------------------------------------------------------------

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(stringToBytes(password)).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = Buffer.from(stringToBytes(plaintext));
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv);
  cipher.setAutoPadding(false);
  const ct = Buffer.concat([cipher.update(padded), cipher.final()]);
  return Buffer.concat([iv, ct]).toString('base64');
}

/** decryptAES, including the Go runtime panics helm reports for malformed input. */
function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const key = aesKey(password);
  const crypt = goBase64DecodeWithError(crypt64);
  if (crypt.length < 16)
    throw new FuncError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const iv = crypt.subarray(0, 16);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new FuncError('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()]);
  if (decrypted.length === 0) throw new FuncError('runtime error: index out of range [-1]');
  const end = decrypted.length - decrypted[decrypted.length - 1]!;
  if (end < 0) throw new FuncError(`runtime error: slice bounds out of range [:${end}]`);
  return bytesToString(decrypted.subarray(0, end));
}

/** base64.StdEncoding.DecodeString with Go's "illegal base64 data at input byte N" error. */
function goBase64DecodeWithError(s: string): Uint8Array {
  const bytes = stringToBytes(s);
  const ok = goBase64Decode(bytes);
  if (ok) return ok;
  throw new FuncError(`illegal base64 data at input byte ${illegalBase64Offset(bytes)}`);
}

/** The offset Go's base64 decoder reports for invalid input (its decodeQuantum loop). */
function illegalBase64Offset(src: Uint8Array): number {
  const isAlpha = (c: number) =>
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
  const skipNewlines = (i: number) => {
    while (i < src.length && (src[i] === 0x0a || src[i] === 0x0d)) i++;
    return i;
  };
  let si = 0;
  for (;;) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return -1;
        return si - j;
      }
      const c = src[si]!;
      si++;
      if (isAlpha(c)) continue;
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d || j < 2) return si - 1;
      if (j === 2) {
        si = skipNewlines(si);
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      si = skipNewlines(si);
      return si < src.length ? si : -1;
    }
  }
}

// ----- bcrypt -----------------------------------------------------------------------------------

function bcrypt(input: string): string {
  if (stringToBytes(input).length > 72) {
    return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  }
  // Go's x/crypto/bcrypt writes the $2a$ prefix; the hash computation is the same for $2b$.
  const salt = bcryptjs.genSaltSync(10).replace(/^\$2b\$/, '$2a$');
  return bcryptjs.hashSync(input, salt);
}

// ----- function table ---------------------------------------------------------------------------

const T_CERT = T_CERTIFICATE;
const ctx = { context: true } as const;

/** Sprig's crypto functions (and helm's getHostByName), keyed by template name. */
export const cryptoFunctions: Record<string, FuncDef> = {
  bcrypt: fn([T_STRING], T_STRING, bcrypt),
  htpasswd: fn([T_STRING, T_STRING], T_STRING, (user: string, password: string) => {
    if (user.includes(':')) return `invalid username: ${user}`;
    return `${user}:${bcrypt(password)}`;
  }),
  genPrivateKey: fn([T_STRING], T_STRING, genPrivateKey),
  derivePassword: fn([T_UINT32, T_STRING, T_STRING, T_STRING, T_STRING], T_STRING, derivePassword),
  buildCustomCert: fn([T_STRING, T_STRING], T_CERT, buildCustomCert),
  genCA: fn(
    [T_STRING, T_INT],
    T_CERT,
    (c: CallContext, cn: string, days: number) => caWithKey(cn, days, generateRSA(2048), c.compat),
    ctx,
  ),
  genCAWithKey: fn(
    [T_STRING, T_INT, T_STRING],
    T_CERT,
    (c: CallContext, cn: string, days: number, pem: string) =>
      caWithKey(cn, days, parseKeyArg(pem, 'parsing private key: '), c.compat),
    ctx,
  ),
  genSelfSignedCert: fn(
    [T_STRING, T_SLICE, T_SLICE, T_INT],
    T_CERT,
    (c: CallContext, cn: string, ips: GoValue[] | null, dns: GoValue[] | null, days: number) =>
      selfSigned(cn, ips, dns, days, generateRSA(2048), c.compat),
    ctx,
  ),
  genSelfSignedCertWithKey: fn(
    [T_STRING, T_SLICE, T_SLICE, T_INT, T_STRING],
    T_CERT,
    (c: CallContext, cn: string, ips: GoValue[] | null, dns: GoValue[] | null, days: number, pem: string) =>
      selfSigned(cn, ips, dns, days, parseKeyArg(pem, 'parsing private key: '), c.compat),
    ctx,
  ),
  genSignedCert: fn(
    [T_STRING, T_SLICE, T_SLICE, T_INT, T_CERT],
    T_CERT,
    (c: CallContext, cn: string, ips: GoValue[] | null, dns: GoValue[] | null, days: number, ca: SprigCertificate) =>
      signed(cn, ips, dns, days, ca, generateRSA(2048), c.compat),
    ctx,
  ),
  genSignedCertWithKey: fn(
    [T_STRING, T_SLICE, T_SLICE, T_INT, T_CERT, T_STRING],
    T_CERT,
    (
      c: CallContext,
      cn: string,
      ips: GoValue[] | null,
      dns: GoValue[] | null,
      days: number,
      ca: SprigCertificate,
      pem: string,
    ) => signed(cn, ips, dns, days, ca, parseKeyArg(pem, 'parsing private key: '), c.compat),
    ctx,
  ),
  encryptAES: fn([T_STRING, T_STRING], T_STRING, encryptAES),
  decryptAES: fn([T_STRING, T_STRING], T_STRING, decryptAES),
  getHostByName: fn([T_STRING], T_STRING, () => ''),
};
