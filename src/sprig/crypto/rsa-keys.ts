/**
 * RSA private keys for genCA, genSelfSignedCert, genSignedCert and genPrivateKey, built from two
 * random primes. Node's generateKeyPairSync('rsa') (OpenSSL 3) takes about twice as long as two
 * generatePrimeSync calls for the same key size (measured here: ~210 vs ~100 ms for 2048 bits),
 * and charts ask for several keys within one synchronous render.
 *
 * Once a render has asked for a key of some size, a background thread keeps a few primes of that
 * size ready, so later keys (in the same render or the next) are mostly assembled from them
 * without waiting. Every prime is fresh (made in this process, after the first request), used in
 * exactly one key and never leaves the process; when none is ready the caller makes its own.
 */
import { createPrivateKey, generatePrimeSync, type KeyObject } from 'node:crypto';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

const E = 65537n;

/** Primes of one size the background thread keeps ready (two per key). */
const STOCK = 8;

/** The background prime maker: CommonJS source, so it runs whatever module system loaded us. */
const WORKER_SOURCE = `
const { generatePrimeSync } = require('node:crypto');
const { workerData } = require('node:worker_threads');
const port = workerData.port;
const wanted = new Map();
let busy = false;
function step() {
  busy = false;
  for (const [bits, n] of wanted) {
    if (n <= 0) continue;
    wanted.set(bits, n - 1);
    const p = generatePrimeSync(bits, { bigint: true });
    port.postMessage({ bits, p });
    busy = true;
    setImmediate(step);
    return;
  }
}
port.on('message', (m) => {
  wanted.set(m.bits, (wanted.get(m.bits) ?? 0) + m.count);
  if (!busy) step();
});
`;

class PrimeStock {
  private worker: Worker | undefined;
  /** Where the worker's primes arrive (read synchronously: renders never yield). */
  private port: MessagePort | undefined;
  private failed = false;
  private readonly ready = new Map<number, bigint[]>();
  /** Primes asked of the worker and not yet received, per size. */
  private readonly pending = new Map<number, number>();

  /** A random prime of `bits` bits with its top two bits set. */
  take(bits: number): bigint {
    this.drain();
    const p = this.ready.get(bits)?.shift();
    this.refill(bits);
    return p ?? generatePrimeSync(bits, { bigint: true });
  }

  /** Asks the worker for `count` primes of `bits` bits before anyone needs them (up to the stock). */
  prefetch(bits: number, count: number): void {
    this.drain();
    const have = (this.ready.get(bits)?.length ?? 0) + (this.pending.get(bits) ?? 0);
    const want = Math.min(count, STOCK) - have;
    if (want <= 0 || !this.start()) return;
    this.pending.set(bits, (this.pending.get(bits) ?? 0) + want);
    this.port!.postMessage({ bits, count: want });
  }

  private drain(): void {
    const port = this.port;
    if (!port) return;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const { bits, p } = m.message as { bits: number; p: bigint };
      this.pending.set(bits, (this.pending.get(bits) ?? 1) - 1);
      let list = this.ready.get(bits);
      if (!list) this.ready.set(bits, (list = []));
      list.push(p);
    }
  }

  private refill(bits: number): void {
    const have = (this.ready.get(bits)?.length ?? 0) + (this.pending.get(bits) ?? 0);
    if (have >= STOCK || !this.start()) return;
    this.pending.set(bits, (this.pending.get(bits) ?? 0) + STOCK - have);
    this.port!.postMessage({ bits, count: STOCK - have });
  }

  private start(): boolean {
    if (this.worker) return true;
    if (this.failed) return false;
    try {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2 }, transferList: [port2] });
      // Never keep the process alive for primes nobody may ask for.
      worker.unref();
      port1.unref();
      worker.on('error', () => {
        this.failed = true;
        this.worker = undefined;
        this.port = undefined;
      });
      this.worker = worker;
      this.port = port1;
      return true;
    } catch {
      this.failed = true;
      return false;
    }
  }
}

const stock = new PrimeStock();

/** A fresh RSA private key of `bits` bits (public exponent 65537), as Go's rsa.GenerateKey makes. */
export function newRsaKey(bits: number): KeyObject {
  const half = bits >> 1;
  for (;;) {
    const p = stock.take(bits - half);
    const q = stock.take(half);
    // Primes with their top two bits set give an exactly `bits`-bit modulus; e must be invertible.
    if (p === q || bitLength(p * q) !== bits || (p - 1n) % E === 0n || (q - 1n) % E === 0n) continue;
    return keyFromPrimes(p, q);
  }
}

/**
 * Starts making the primes of `keys` keys of `bits` bits in the background, for a render that is
 * likely to ask for them (its templates call genCA & co.): the first keys are then mostly ready.
 */
export function prefetchRsaKeys(bits: number, keys = 2): void {
  const half = bits >> 1;
  if (bits - half === half) stock.prefetch(half, 2 * keys);
  else {
    stock.prefetch(bits - half, keys);
    stock.prefetch(half, keys);
  }
}

/** The private key with modulus p·q: d = e⁻¹ mod lcm(p−1, q−1) and the CRT values. */
export function keyFromPrimes(p: bigint, q: bigint): KeyObject {
  const n = p * q;
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  const d = modInverse(E, lambda);
  const b64 = (v: bigint) => toBytes(v).toString('base64url');
  return createPrivateKey({
    key: {
      kty: 'RSA',
      n: b64(n),
      e: b64(E),
      d: b64(d),
      p: b64(p),
      q: b64(q),
      dp: b64(d % (p - 1n)),
      dq: b64(d % (q - 1n)),
      qi: b64(modInverse(q, p)),
    },
    format: 'jwk',
  });
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}

function toBytes(v: bigint): Buffer {
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** a⁻¹ mod m (extended Euclid); a and m coprime. */
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const k = r0 / r1;
    [r0, r1] = [r1, r0 - k * r1];
    [s0, s1] = [s1, s0 - k * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return ((s0 % m) + m) % m;
}
