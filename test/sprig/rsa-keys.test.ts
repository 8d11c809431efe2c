/**
 * RSA keys assembled from primes (src/sprig/crypto/rsa-keys.ts): exact modulus size, exponent 65537,
 * consistent private values (OpenSSL's own check, and signatures that verify), every key distinct,
 * and keys from the background stock as good as keys made on the spot.
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey, generatePrimeSync, type KeyObject, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFromPrimes, newRsaKey } from '../../src/sprig/crypto/rsa-keys.js';

function jwk(k: KeyObject): Record<string, string> {
  return k.export({ format: 'jwk' }) as Record<string, string>;
}

const big = (b64: string) => BigInt(`0x${Buffer.from(b64, 'base64url').toString('hex')}`);

/** The checks every key must pass. */
function checkKey(k: KeyObject, bits: number): void {
  const j = jwk(k);
  const [n, d, p, q] = [big(j.n!), big(j.d!), big(j.p!), big(j.q!)];
  expect(n.toString(2).length).toBe(bits);
  expect(j.e).toBe('AQAB');
  expect(p * q).toBe(n);
  // e·d ≡ 1 (mod p−1) and (mod q−1); CRT values consistent.
  expect((65537n * d) % (p - 1n)).toBe(1n);
  expect((65537n * d) % (q - 1n)).toBe(1n);
  expect(big(j.dp!)).toBe(d % (p - 1n));
  expect(big(j.dq!)).toBe(d % (q - 1n));
  expect((big(j.qi!) * q) % p).toBe(1n);
  const msg = Buffer.from('helmless');
  expect(verify('sha256', msg, createPublicKey(k), sign('sha256', msg, k))).toBe(true);
}

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('RSA keys from primes', () => {
  it('2048-bit keys (made on the spot, then from the background stock) are valid and distinct', async () => {
    const keys: KeyObject[] = [];
    for (let i = 0; i < 4; i++) keys.push(newRsaKey(2048));
    // Give the background thread time to fill its stock, then take keys from it.
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 0; i < 4; i++) keys.push(newRsaKey(2048));
    for (const k of keys) checkKey(k, 2048);
    expect(new Set(keys.map((k) => jwk(k).n)).size).toBe(keys.length);
  }, 60_000);

  it('4096-bit keys (genPrivateKey) are valid', () => {
    checkKey(newRsaKey(4096), 4096);
  }, 60_000);

  it('a key built from given primes is the textbook key', () => {
    const p = generatePrimeSync(512, { bigint: true });
    const q = generatePrimeSync(512, { bigint: true });
    if ((p - 1n) % 65537n === 0n || (q - 1n) % 65537n === 0n || p === q) return;
    const k = keyFromPrimes(p, q);
    checkKey(k, (p * q).toString(2).length);
  });

  it.skipIf(!hasOpenssl)('OpenSSL accepts the keys (openssl pkey -check)', () => {
    const pem = newRsaKey(2048).export({ type: 'pkcs1', format: 'pem' }) as string;
    const r = spawnSync('openssl', ['pkey', '-check', '-noout'], { input: pem, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/valid/i);
  });
});
