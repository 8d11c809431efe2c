/**
 * Sprig encoding/hashing (§4.9), path and URL functions (§4.14): documented behaviours and generated
 * differential cases against helm 3 (Go 1.23) and helm 4 (Go 1.25).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adler32, base32Decode, base64Decode } from '../../src/sprig/encoding.js';
import {
  describeMismatches,
  differential,
  goStringArb,
  goStringLit,
  HELM_READY,
  ours,
  SKIP_REASON,
  sample,
} from './diff-harness.js';

function render(t: string, compat: 'helm3' | 'helm4' = 'helm3'): string {
  const r = ours(t, compat);
  return r.ok ? r.text : `ERR ${r.error}`;
}

describe('encoding and hashing (helm-semantics §4.9)', () => {
  it.each([
    [
      '{{ b64enc "hello" }} {{ b64dec "aGVsbG8=" }} [{{ b64dec "!!" }}] {{ b32enc "hello" }} {{ b32dec "NBSWY3DP" }}',
      'aGVsbG8= hello [illegal base64 data at input byte 0] NBSWY3DP hello',
    ],
    ['{{ sha256sum "hello" }}', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    ['{{ sha1sum "hello" }}', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
    ['{{ adler32sum "hello" }}', '103547413'],
    ['{{ sha512sum "" | printf "%.16s" }}', 'cf83e1357eefb8bd'],
  ])('%s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it.each([
    ['{{ b64enc 123 }}', 'ERR expected string; found 123'],
    ['{{ sha256sum 1 }}', 'ERR expected string; found 1'],
  ])('argument type: %s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it('round-trips bytes that are not UTF-8', () => {
    expect(render('{{ b64dec "gP8=" | b64enc }} {{ b64dec "gP8=" | b32enc | b32dec | b64enc }}')).toBe('gP8= gP8=');
    expect([...base64Decode(Buffer.from('gP8='))]).toEqual([0x80, 0xff]);
    expect([...base32Decode(Buffer.from('QD7Q===='))]).toEqual([0x80, 0xff]);
  });

  it('adler32 over long input stays exact', () => {
    const b = new Uint8Array(100_000).fill(0xff);
    // Reference: the same sums computed with BigInt (no intermediate overflow).
    let s1 = 1n;
    let s2 = 0n;
    for (const x of b) {
      s1 = (s1 + BigInt(x)) % 65521n;
      s2 = (s2 + s1) % 65521n;
    }
    expect(adler32(b)).toBe(Number(s2 * 65536n + s1));
  });
});

describe('paths and URLs (helm-semantics §4.14)', () => {
  it.each([
    [
      '{{ base "/a/b.txt" }} {{ dir "/a/b.txt" }} {{ ext "b.tar.gz" }} {{ clean "a//b/../c" }} {{ isAbs "/a" }} {{ osBase "/a/b" }}',
      'b.txt /a .gz a/c true b',
    ],
    [
      '{{ urlParse "https://u:p@h.com:8080/p?q=1#f" }}',
      'map[fragment:f host:h.com:8080 hostname:h.com opaque: path:/p query:q=1 scheme:https userinfo:u:p]',
    ],
    ['{{ urlJoin (dict "scheme" "https" "host" "h.com" "path" "/p" "query" "q=1") }}', 'https://h.com/p?q=1'],
  ])('%s', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it('follows the Go version of each helm for bracketed hosts', () => {
    expect(render('{{ (urlParse "http://[zz]/p").host }}', 'helm3')).toBe('[zz]');
    expect(render('{{ urlParse "http://[zz]/p" }}', 'helm4')).toBe(
      'ERR unable to parse url: parse "http://[zz]/p": invalid host: ParseAddr("zz"): unable to parse IP',
    );
  });
});

const show = (e: string): string => `{{ ${e} | printf "%#v" | printf "%q" }}`;

const b64ish = fc.stringMatching(/^[A-Za-z0-9+/=\n\r!é]{0,13}$/);
const b32ish = fc.stringMatching(/^[A-Z2-7=\n\ra1]{0,17}$/);

const encodingCase: fc.Arbitrary<string> = fc.oneof(
  goStringArb.map((s) => show(`b64enc ${goStringLit(s)}`)),
  goStringArb.map((s) => show(`b32enc ${goStringLit(s)}`)),
  goStringArb.map((s) => show(`b64dec (b64enc ${goStringLit(s)})`)),
  goStringArb.map((s) => show(`b32dec (b32enc ${goStringLit(s)})`)),
  b64ish.map((s) => show(`b64dec ${goStringLit(s)}`)),
  b32ish.map((s) => show(`b32dec ${goStringLit(s)}`)),
  fc.uint8Array({ maxLength: 7 }).map((b) => show(`b64dec ${goStringLit(Buffer.from(b).toString('base64'))}`)),
  fc
    .tuple(fc.constantFrom('sha1sum', 'sha256sum', 'sha512sum', 'adler32sum'), goStringArb)
    .map(([f, s]) => show(`${f} ${goStringLit(s)}`)),
  fc
    .tuple(fc.constantFrom('sha1sum', 'sha256sum', 'adler32sum'), fc.uint8Array({ maxLength: 6 }))
    .map(([f, b]) => show(`${f} (b64dec ${goStringLit(Buffer.from(b).toString('base64'))})`)),
);

const pathArb = fc.oneof(
  fc.stringMatching(/^[/.ab ]{0,9}$/),
  fc.constantFrom('', '/', '//', '.', '..', '/..', 'a/..', '../../a', 'a/b/../../..', '/a/b.c.d/', 'é/ü.x', 'a\\b.c'),
);
const pathCase: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('base', 'dir', 'ext', 'clean', 'isAbs', 'osBase', 'osDir', 'osExt', 'osClean', 'osIsAbs'),
    pathArb,
  )
  .map(([f, p]) => show(`${f} ${goStringLit(p)}`));

const urlPart = (chars: RegExp) => fc.stringMatching(chars);
const urlArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'http:', 'HTTPS:', 'git+ssh:', 'mailto:', '1a:', ':', 'a:'),
      fc.constantFrom('', '//', '///'),
      fc.constantFrom('', 'u@', 'u:p@', 'u%40x:p%3A@', 'u p@', 'é@', ':@', 'u%zz@'),
      fc.constantFrom(
        '',
        'h.com',
        'h.com:8080',
        'h:80x',
        '[::1]',
        '[::1]:80',
        '[zz]',
        '[1.2.3.4]',
        '[fe80::1%25en0]',
        'a[b',
        'é.com',
        'h%41',
        'h%C3%A9',
        'a b',
      ),
      urlPart(/^[/a-c%2Fé:?;@ .]{0,6}$/),
      fc.constantFrom('', '?', '?q=1&r=%zz', '??'),
      fc.constantFrom('', '#', '#f', '#a%20b', '#%zz', '#x y'),
    )
    .map((parts) => parts.join('')),
  fc.constantFrom('*', '', 'a/b:c', '/a:b', 'http://h\u0001', 'x\udc80'),
);
const dictVal = fc.constantFrom(
  '"h.com"',
  '"/p q"',
  '"a b#!"',
  '"q=1"',
  '"u:p@x"',
  '""',
  '"é"',
  '"a:b"',
  '"x?y"',
  '"[::1]"',
);
const urlCase: fc.Arbitrary<string> = fc.oneof(
  urlArb.map((u) => show(`urlParse ${goStringLit(u)}`)),
  urlArb.map((u) => show(`urlJoin (urlParse ${goStringLit(u)})`)),
  fc
    .array(fc.tuple(fc.constantFrom('scheme', 'host', 'path', 'query', 'opaque', 'fragment', 'userinfo'), dictVal), {
      maxLength: 5,
    })
    .map((kv) => show(`urlJoin (dict${kv.map(([k, v]) => ` "${k}" ${v}`).join('')})`)),
);

describe.skipIf(!HELM_READY)(
  `encoding, paths, URLs against helm (${HELM_READY ? 'differential' : SKIP_REASON})`,
  () => {
    for (const compat of ['helm3', 'helm4'] as const) {
      const seed = compat === 'helm3' ? 41 : 42;
      it(`${compat}: generated encoding, path and URL expressions`, async () => {
        const all = [...sample(encodingCase, 250, seed), ...sample(pathCase, 150, seed), ...sample(urlCase, 300, seed)];
        const cases = all.filter((t) => ours(t, compat).ok);
        expect(cases.length).toBeGreaterThan(500);
        const ms = await differential(cases, compat);
        expect(ms, describeMismatches(ms)).toEqual([]);
      });
      it(`${compat}: generated URL errors`, async () => {
        const failing = sample(urlCase, 300, seed)
          .filter((t) => !ours(t, compat).ok)
          .slice(0, 16);
        expect(failing.length).toBeGreaterThan(10);
        const ms = await differential(failing, compat);
        expect(ms, describeMismatches(ms)).toEqual([]);
      });
    }
  },
);
