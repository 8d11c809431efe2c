/**
 * The shape comparison the corpus suite uses for random data: it must accept a third independent
 * sample of the same random output and reject anything else (changed fixed lines, other lengths,
 * alphabets, keys or PEM blocks).
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareByShape, diffLines } from './support/shape.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(n: number): string {
  return [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

function rsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
  }) as string;
}

/** A manifest like a chart with random passwords, a UUID and key material (inline and base64). */
function sample(): string {
  const pem = rsaKeyPem();
  return [
    '---',
    '# Source: c/templates/secret.yaml',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: s',
    'data:',
    `  password: ${JSON.stringify(Buffer.from(randomAlnum(16)).toString('base64'))}`,
    `  tls.key: ${Buffer.from(pem).toString('base64')}`,
    'stringData:',
    `  plain: ${randomAlnum(10)}`,
    `  id: ${randomUUID()}`,
    '  key.pem: |',
    ...pem
      .trimEnd()
      .split('\n')
      .map((l) => `    ${l}`),
    '---',
    '# Source: c/templates/cm.yaml',
    'kind: ConfigMap',
    '',
  ].join('\n');
}

describe('diffLines', () => {
  it('finds the shared lines and the differing regions', () => {
    expect(diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual([
      { same: 'a' },
      { a: ['b'], b: ['x'] },
      { same: 'c' },
      { same: 'd' },
      { a: [], b: ['e'] },
    ]);
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines(['a'], ['a'])).toEqual([{ same: 'a' }]);
  });
});

describe('compareByShape', () => {
  const first = sample();
  const second = sample();

  it('accepts independent samples of the same random output', () => {
    for (let i = 0; i < 30; i++) {
      const r = compareByShape(sample(), first, second);
      expect(r.problem).toBeUndefined();
      expect(r.ok).toBe(true);
      expect(r.shapeLines).toBeGreaterThan(4);
    }
  });

  const mutate = (text: string, from: string | RegExp, to: string) => {
    const out = text.replace(from, to);
    expect(out).not.toBe(text);
    return out;
  };

  it('rejects changed fixed lines, lengths, alphabets, keys and PEM blocks', () => {
    const ours = sample();
    const bad = [
      mutate(ours, 'kind: ConfigMap', 'kind: Secret'),
      mutate(ours, /plain: \w+/, `plain: ${randomAlnum(11)}`),
      mutate(ours, /plain: \w+/, `plain: ${randomAlnum(9)}!`),
      mutate(ours, /id: [\w-]+/, `id: ${randomUUID().toUpperCase()}`),
      mutate(ours, /password:/, 'passwd:'),
      mutate(
        ours,
        /tls\.key: \S+/,
        `tls.key: ${Buffer.from(rsaKeyPem().replaceAll('RSA PRIVATE KEY', 'CERTIFICATE')).toString('base64')}`,
      ),
      mutate(ours, / {4}-----END RSA PRIVATE KEY-----\n/, ''),
      mutate(ours, /\n {2}id: [\w-]+/, ''),
    ];
    for (const b of bad) expect(compareByShape(b, first, second).ok, b).toBe(false);
  });

  it('widens an alphabet only as far as two helm samples could miss by chance', () => {
    const text = (plain: string) => mutate(first, /plain: \w+/, `plain: ${plain}`);
    // Two 10-letter samples of randAlphaNum lack digits about one time in thirty.
    expect(compareByShape(text('abc4efGHij'), text('abcdefGHij'), text('QRSTuvwxyz')).ok).toBe(true);
    // Twenty digits with never a letter: not alphanumeric.
    expect(compareByShape(text('12345678a0'), text('1234567890'), text('0987654321')).ok).toBe(false);
    // Nor is a printable character more likely to have gone unseen.
    expect(compareByShape(text('abc!efGHij'), text('abcdefGHij'), text('QRSTuvwxyz')).ok).toBe(false);
  });
});
