/**
 * Crypto functions. Keys and certificates are random, so helmless and helm are compared by shape:
 * every certificate is decoded (PEM, DER, node:crypto X509Certificate) into a description — version,
 * serial size, algorithms, issuer and subject bytes, validity in days, each extension with its
 * criticality and value (key identifiers checked against the key hashes helm 3 and helm 4 use),
 * key type and size, and whether the issuer's key verifies the signature — and the descriptions of
 * the same template rendered by helmless and by helm must be equal. Deterministic functions
 * (derivePassword, decryptAES of helm-encrypted data and the reverse, error texts) are compared
 * byte for byte.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { children, type Node, oidText, parse } from '../../src/sprig/crypto/der.js';
import { pemDecode } from '../../src/sprig/crypto/x509.js';
import { renderBatch } from '../support/helm-batch.js';
import { renderLines } from '../support/helm-render.js';
import {
  type Compat,
  diffBatch,
  goLit,
  HELM_BINS,
  HELM_READY,
  helmLine,
  ours,
  SEED,
  SKIP_REASON,
} from './time-support.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function der(pem: string): Uint8Array {
  const block = pemDecode(Buffer.from(pem, 'latin1'));
  if (!block) throw new Error(`no PEM block in ${pem.slice(0, 40)}`);
  return block.bytes;
}

/** Description of a certificate that is equal for two certificates built by the same code path. */
interface CertShape {
  exts: { id: string; critical: boolean; value: string }[];
  ca: boolean;
  verified: boolean;
  [field: string]: unknown;
}

function certShape(pem: string, issuerPem: string | undefined, compat: Compat): CertShape {
  const bytes = der(pem);
  const cert = parse(bytes);
  const [tbs, sigAlg] = children(cert) as [Node, Node];
  const [version, serial, alg, issuer, validity, subject, spki, extWrap] = children(tbs) as Node[];
  const x = new X509Certificate(Buffer.from(bytes));
  const issuerCert = new X509Certificate(issuerPem ?? pem);
  const keyBits = children(spki!)[1]!.content.subarray(1);
  const skidOf = (bits: Uint8Array) =>
    compat === 'helm4'
      ? createHash('sha256').update(bits).digest().subarray(0, 20)
      : createHash('sha1').update(bits).digest();
  const issuerKeyBits = children(children(children(parse(der(issuerPem ?? pem)))[0]!)[6]!)[1]!.content.subarray(1);
  const exts = children(children(extWrap!)[0]!).map((e) => {
    const parts = children(e);
    const id = oidText(parts[0]!);
    const critical = parts.length === 3;
    let value = hex(parts[parts.length - 1]!.content);
    if (id === '2.5.29.14')
      value =
        hex(parse(parts[parts.length - 1]!.content).content) === hex(skidOf(keyBits))
          ? 'SKID(own key)'
          : `bad SKID ${value}`;
    if (id === '2.5.29.35') {
      const keyId = children(parse(parts[parts.length - 1]!.content))[0]!.content;
      value = hex(keyId) === hex(skidOf(issuerKeyBits)) ? 'AKID(issuer key)' : `bad AKID ${hex(keyId)}`;
    }
    return { id, critical, value };
  });
  const [notBefore, notAfter] = children(validity!);
  const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
  return {
    version: hex(version!.raw),
    serialBytes: serial!.content.length <= 17 && (serial!.content[0]! & 0x80) === 0,
    alg: hex(alg!.raw),
    sigAlg: hex(sigAlg.raw),
    issuer: hex(issuer!.raw),
    subject: hex(subject!.raw),
    validityTags: [notBefore!.tag, notAfter!.tag],
    days: Math.round(days),
    spkiAlg: hex(children(spki!)[0]!.raw),
    keyBits: keyBits.length,
    exts,
    ca: x.ca,
    verified: x.verify(issuerCert.publicKey),
  };
}

/** Type, parameters and consistency of a private key PEM. */
function keyShape(pem: string): Record<string, unknown> {
  const header = pem.split('\n')[0];
  if (header === '-----BEGIN DSA PRIVATE KEY-----') {
    const ints = children(parse(der(pem))).map((n) => BigInt(`0x${hex(n.content) || '0'}`));
    const [v, p, q, g, y, x] = ints as [bigint, bigint, bigint, bigint, bigint, bigint];
    let r = 1n;
    let b = g % p;
    let e = x;
    while (e > 0n) {
      if (e & 1n) r = (r * b) % p;
      b = (b * b) % p;
      e >>= 1n;
    }
    return {
      header,
      v,
      count: ints.length,
      pBits: p.toString(2).length,
      qBits: q.toString(2).length,
      yMatches: r === y,
    };
  }
  const key = createPrivateKey(pem);
  const body = pem.split('\n').slice(1, -2);
  const wrapped64 =
    body.slice(0, -1).every((l) => l.length === 64) && body.at(-1)!.length <= 64 && pem.endsWith('-----\n');
  return { header, type: key.asymmetricKeyType, details: key.asymmetricKeyDetails, wrapped64 };
}

describe('crypto functions (unit, helm-semantics §4.13)', () => {
  it('genCA, genSignedCert and genPrivateKey write the PEM types helm writes', () => {
    const t =
      '{{ $ca := genCA "my-ca" 365 }}{{ $ca.Cert }}{{ $ca.Key }}{{ $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.local") 1 $ca }}{{ $c.Cert }}|{{ typeOf $c }}|{{ kindOf $c }}';
    const r = ours(t, 'helm3');
    expect(r).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----BEGIN CERTIFICATE-----\n[\s\S]+\|sprig\.certificate\|struct$/,
    );
    expect(ours('{{ genPrivateKey "ecdsa" }}', 'helm3')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(ours('{{ genPrivateKey "ed25519" }}', 'helm3')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(ours('{{ genPrivateKey "bogus" }}', 'helm3')).toBe('Unknown type bogus');
  });

  it('bcrypt, htpasswd, AES round trip, buildCustomCert errors, derivePassword', () => {
    expect(ours('{{ htpasswd "u" "p" | hasPrefix "u:$2a$" }} {{ bcrypt "p" | hasPrefix "$2a$" }}', 'helm3')).toBe(
      'true true',
    );
    expect(ours('{{ htpasswd "u" "p" }}', 'helm3')).toMatch(/^u:\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync('p', ours('{{ bcrypt "p" }}', 'helm3'))).toBe(true);
    expect(ours('{{ htpasswd "a:b" "p" }}', 'helm3')).toBe('invalid username: a:b');
    expect(ours('{{ encryptAES "k" "secret" | decryptAES "k" }}', 'helm3')).toBe('secret');
    expect(ours('{{ buildCustomCert "bad" "bad" }}', 'helm3')).toBe('ERROR: unable to decode base64 certificate');
    expect(ours('{{ derivePassword 1 "long" "password" "user" "example.com" }}', 'helm3')).toBe('ZedaFaxcZaso9*');
    expect(ours('[{{ getHostByName "localhost" }}]', 'helm3')).toBe('[]');
  });

  it('decrypts values encrypted by real helm 3.17.3', () => {
    // `encryptAES "my-key" "héllo, wörld"` and a key longer than 32 bytes, rendered by helm 3.17.3
    expect(ours('{{ decryptAES "my-key" "nBgnRK3JpYX4sIsdVFuvS6CUcpJ3FAqzi2Z0eGGP6cg=" }}', 'helm3')).toBe(
      'héllo, wörld',
    );
    expect(
      ours(
        '{{ decryptAES "a-much-longer-password-than-thirty-two-bytes" "xNY20dUSaxSV6FjkHMSyimI+lkw0ECeiqQ5u+O9LwZNyDw0Bo058yaYukuRc/ByB" }}',
        'helm3',
      ),
    ).toBe('sixteen bytes!!!');
  });
});

describe.skipIf(!HELM_READY)(`crypto compared with helm${HELM_READY ? '' : ` — ${SKIP_REASON}`}`, () => {
  const CERT_TEMPLATE = [
    '{{ $ca := genCA "my-ca" 365 }}',
    '{{ $c := genSignedCert "svc" (list "10.0.0.1" "::1" "::ffff:1.2.3.4" "2001:db8::8a2e:370:7334") (list "svc.local" "b") 3 $ca }}',
    '{{ $ss := genSelfSignedCert "" nil (list "only.san") 0 }}',
    '{{ $ek := genPrivateKey "ecdsa" }}{{ $ed := genPrivateKey "ed25519" }}',
    '{{ $es := genSelfSignedCertWithKey "*.example.com" (list "127.0.0.1") nil -1 $ek }}',
    '{{ $eca := genCAWithKey "edca" 40000 $ed }}',
    '{{ $c2 := genSignedCertWithKey "svc2" nil nil 2 $eca $ek }}',
    '{{ $c3 := genSignedCert "ss3" nil nil 3 $es }}',
    '{{ $same := genSignedCert "my-ca" nil nil 3 $ca }}',
    '{{ $utf := genSelfSignedCertWithKey "héllo & co" nil nil 1 $ek }}',
    'ca={{ $ca.Cert | b64enc }} cakey={{ $ca.Key | b64enc }} c={{ $c.Cert | b64enc }} ckey={{ $c.Key | b64enc }}',
    ' ss={{ $ss.Cert | b64enc }} es={{ $es.Cert | b64enc }} eskey={{ $es.Key | b64enc }} eca={{ $eca.Cert | b64enc }}',
    ' ecakey={{ $eca.Key | b64enc }} c2={{ $c2.Cert | b64enc }} c3={{ $c3.Cert | b64enc }} same={{ $same.Cert | b64enc }}',
    ' utf={{ $utf.Cert | b64enc }}',
  ].join('');
  const KEY_TEMPLATE =
    'ecdsa={{ genPrivateKey "ecdsa" | b64enc }} ed25519={{ genPrivateKey "ed25519" | b64enc }} dsa={{ genPrivateKey "dsa" | b64enc }} rsa={{ genPrivateKey "rsa" | b64enc }}';

  function fields(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const part of text.trim().split(/\s+/)) {
      const i = part.indexOf('=');
      out[part.slice(0, i)] = Buffer.from(part.slice(i + 1), 'base64').toString('latin1');
    }
    return out;
  }

  function describeCerts(f: Record<string, string>, compat: Compat) {
    return {
      ca: certShape(f.ca!, undefined, compat),
      c: certShape(f.c!, f.ca, compat),
      ss: certShape(f.ss!, undefined, compat),
      es: certShape(f.es!, undefined, compat),
      eca: certShape(f.eca!, undefined, compat),
      c2: certShape(f.c2!, f.eca, compat),
      c3: certShape(f.c3!, f.es, compat),
      same: certShape(f.same!, f.ca, compat),
      utf: certShape(f.utf!, undefined, compat),
      keys: [keyShape(f.cakey!), keyShape(f.ckey!), keyShape(f.eskey!), keyShape(f.ecakey!)],
    };
  }

  for (const compat of ['helm3', 'helm4'] as const) {
    it(`${compat}: certificates have the same shape as helm's`, async () => {
      const [helmOut] = await renderBatch(HELM_BINS[compat], [{ template: CERT_TEMPLATE }]);
      const helm = describeCerts(fields(helmOut!), compat);
      const mine = describeCerts(fields(ours(CERT_TEMPLATE, compat)), compat);
      expect(mine).toEqual(helm);
      // a few facts, so that a shape both sides got wrong would still fail
      expect(helm.ca.ca).toBe(true);
      expect(helm.c.verified && helm.c2.verified && helm.c3.verified).toBe(true);
      expect(helm.c.exts.map((e) => e.id)).toEqual(['2.5.29.15', '2.5.29.37', '2.5.29.19', '2.5.29.35', '2.5.29.17']);
      expect(helm.ss.exts.at(-1)).toMatchObject({ id: '2.5.29.17', critical: true });
    }, 180_000);

    it(`${compat}: private keys have the same form as helm's`, async () => {
      const [helmOut] = await renderBatch(HELM_BINS[compat], [{ template: KEY_TEMPLATE }]);
      const shape = (f: Record<string, string>) =>
        Object.fromEntries(Object.entries(f).map(([k, v]) => [k, keyShape(v)]));
      const helm = shape(fields(helmOut!));
      expect(shape(fields(ours(KEY_TEMPLATE, compat)))).toEqual(helm);
      expect(helm.dsa).toMatchObject({ pBits: 2048, qBits: 256, yMatches: true, count: 6 });
      expect(helm.rsa).toMatchObject({ type: 'rsa', details: { modulusLength: 4096 } });
    }, 180_000);
  }

  const passwordCases = fc
    .sample(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('maximum', 'long', 'medium', 'short', 'basic', 'pin', 'bogus', ''),
        fc.string({ maxLength: 12, unit: 'grapheme' }),
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 20, unit: 'grapheme' }),
      ),
      { numRuns: 12, seed: SEED },
    )
    .map(
      ([counter, type, pw, user, site]) =>
        `{{ derivePassword ${counter} ${goLit(type)} ${goLit(pw)} ${goLit(user)} ${goLit(site)} }}`,
    );

  const aesInputs = fc.sample(
    fc.tuple(fc.string({ maxLength: 40, unit: 'grapheme' }), fc.string({ maxLength: 80, unit: 'grapheme' })),
    { numRuns: 150, seed: SEED + 1 },
  );

  for (const compat of ['helm3', 'helm4'] as const) {
    it(`${compat}: derivePassword byte for byte`, async () => {
      expect(await diffBatch(compat, passwordCases)).toEqual([]);
    }, 180_000);

    it(`${compat}: decryptAES of helm-encrypted values, and helm decrypting ours`, async () => {
      const helmEnc = await renderBatch(
        HELM_BINS[compat],
        aesInputs.map(([k, p]) => ({ template: `{{ encryptAES ${goLit(k)} ${goLit(p)} }}` })),
      );
      const decrypted = aesInputs.map(([k], i) => ours(`{{ decryptAES ${goLit(k)} ${goLit(helmEnc[i]!)} }}`, compat));
      expect(decrypted).toEqual(aesInputs.map(([, p]) => p));
      const ourEnc = aesInputs.map(([k, p]) => ours(`{{ encryptAES ${goLit(k)} ${goLit(p)} }}`, compat));
      const helmDec = await renderBatch(
        HELM_BINS[compat],
        aesInputs.map(([k], i) => ({ template: `{{ decryptAES ${goLit(k)} ${goLit(ourEnc[i]!)} }}` })),
      );
      expect(helmDec).toEqual(aesInputs.map(([, p]) => p));
    }, 180_000);

    it(`${compat}: bcrypt and htpasswd hashes verify both ways`, async () => {
      const words = ['héllo wörld', '', 'x'.repeat(72)];
      const helm = await renderBatch(
        HELM_BINS[compat],
        words.map((w) => ({ template: `{{ bcrypt ${goLit(w)} }}|{{ htpasswd "user" ${goLit(w)} }}` })),
      );
      words.forEach((w, i) => {
        const [hb, hh] = helm[i]!.split('|') as [string, string];
        const [ob, oh] = ours(`{{ bcrypt ${goLit(w)} }}|{{ htpasswd "user" ${goLit(w)} }}`, compat).split('|') as [
          string,
          string,
        ];
        for (const h of [hb, ob, hh.slice(5), oh.slice(5)]) {
          expect(h).toMatch(/^\$2a\$10\$/);
          expect(bcryptjs.compareSync(w, h)).toBe(true);
        }
      });
    }, 180_000);
  }

  it('error texts match helm 3', async () => {
    const badPem = (type: string) => goLit(`-----BEGIN ${type}-----\nYWJj\n-----END ${type}-----\n`);
    const exprs = [
      '{{ buildCustomCert "bad" "bad" }}',
      '{{ buildCustomCert "YWJj" "bad" }}',
      '{{ buildCustomCert "YWJj" "YWJj" }}',
      `{{ buildCustomCert ${goLit(Buffer.from('-----BEGIN CERTIFICATE-----\nYWJj\n-----END CERTIFICATE-----\n').toString('base64'))} "YWJj" }}`,
      '{{ genCAWithKey "x" 1 "junk" }}',
      `{{ genCAWithKey "x" 1 ${badPem('RSA PRIVATE KEY')} }}`,
      `{{ genCAWithKey "x" 1 ${badPem('PRIVATE KEY')} }}`,
      `{{ genCAWithKey "x" 1 ${badPem('EC PRIVATE KEY')} }}`,
      `{{ genCAWithKey "x" 1 ${badPem('DSA PRIVATE KEY')} }}`,
      `{{ genCAWithKey "x" 1 ${badPem('FOO PRIVATE KEY')} }}`,
      `{{ genCAWithKey "x" 1 ${badPem('CERTIFICATE')} }}`,
      '{{ genCAWithKey "x" 1 (genPrivateKey "ed25519" | replace "PRIVATE KEY" "RSA PRIVATE KEY") }}',
      '{{ genSelfSignedCertWithKey "x" (list 1) nil 1 (genPrivateKey "ecdsa") }}',
      '{{ genSelfSignedCertWithKey "x" (list "1.2.3") nil 1 (genPrivateKey "ecdsa") }}',
      '{{ genSelfSignedCertWithKey "x" (list "01.2.3.4") nil 1 (genPrivateKey "ecdsa") }}',
      '{{ genSelfSignedCertWithKey "x" nil (list 1) 1 (genPrivateKey "ecdsa") }}',
      '{{ genSelfSignedCertWithKey "x" nil (list "é.com") 1 (genPrivateKey "ecdsa") }}',
      '{{ $ca := genCAWithKey "ca" 1 (genPrivateKey "ecdsa") }}{{ genSignedCertWithKey "x" nil nil 1 (buildCustomCert ($ca.Cert | b64enc) (genPrivateKey "ecdsa" | b64enc)) (genPrivateKey "ecdsa") }}',
      '{{ decryptAES "k" "!!" }}',
      '{{ decryptAES "k" "YWJj" }}',
      '{{ decryptAES "k" "YWJjZGVmZ2hpamtsbW5vcA==" }}',
      '{{ decryptAES "k" "YWJjZGVmZ2hpamtsbW5vcGFiY2RlZmdoaWprbG1ub3A=" }}',
      '{{ decryptAES "k" "YWJjZGVmZ2hpamtsbW5vcGFiY2RlZmdoaWprbG1ub3BxcnM=" }}',
      '{{ decryptAES "k" "YWJjZA=" }}',
      '{{ decryptAES "k" "YWJjZA==YWJj" }}',
      '{{ decryptAES "k" "YW\\nJj" }}',
      '{{ derivePassword 1 "bogus" "p" "u" "s" }}',
      '{{ htpasswd "a:b" "p" }}',
      '{{ bcrypt (repeat 73 "a") }}',
    ];
    const helm = await renderLines('helm3', exprs);
    expect(exprs.map((e) => ours(e, 'helm3'))).toEqual(helm.map(helmLine));
  }, 300_000);
});
