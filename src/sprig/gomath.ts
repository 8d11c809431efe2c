/**
 * The few Go `math` routines whose results JavaScript's Math does not reproduce bit for bit:
 * math.Pow for integral exponents (Go multiplies by repeated squaring, V8 does not), math.Max and
 * math.Min (an infinity wins over NaN in Go), with Frexp and Ldexp as Go defines them.
 */

const view = new DataView(new ArrayBuffer(8));
const SMALLEST_NORMAL = 2.2250738585072014e-308;

function bits(f: number): bigint {
  view.setFloat64(0, f);
  return view.getBigUint64(0);
}

function fromBits(b: bigint): number {
  view.setBigUint64(0, b);
  return view.getFloat64(0);
}

const MASK = 0x7ffn;
const SHIFT = 52n;
const BIAS = 1023;

/** math.Frexp: f = frac × 2^exp with |frac| in [0.5, 1). */
export function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0];
  let exp = 0;
  if (Math.abs(f) < SMALLEST_NORMAL) {
    f *= 2 ** 52;
    exp = -52;
  }
  let x = bits(f);
  exp += Number((x >> SHIFT) & MASK) - BIAS + 1;
  x &= ~(MASK << SHIFT);
  x |= BigInt(-1 + BIAS) << SHIFT;
  return [fromBits(x), exp];
}

/** math.Ldexp: frac × 2^exp, rounding subnormal results like Go. */
export function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  if (Math.abs(frac) < SMALLEST_NORMAL) {
    frac *= 2 ** 52;
    exp -= 52;
  }
  let x = bits(frac);
  exp += Number((x >> SHIFT) & MASK) - BIAS;
  if (exp < -1075) return frac < 0 ? -0 : 0;
  if (exp > 1023) return frac < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let m = 1;
  if (exp < -1022) {
    exp += 53;
    m = 2 ** -53;
  }
  x &= ~(MASK << SHIFT);
  x |= BigInt(exp + BIAS) << SHIFT;
  return m * fromBits(x);
}

/** math.Pow(x, y) for a finite integral y (all that Sprig's `round` passes). */
export function powInt(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x)) return Number.NaN;
  if (x === 0 || !Number.isFinite(x)) return x ** y; // IEEE special cases agree with Go's
  const yi = Math.abs(y);
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Number.POSITIVE_INFINITY;
  }
  let a1 = 1;
  let ae = 0;
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      // catastrophic overflow: Ldexp handles it
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

/** math.Max. */
export function goMax(x: number, y: number): number {
  if (x === Number.POSITIVE_INFINITY || y === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? y : x;
  return Math.max(x, y);
}

/** math.Min. */
export function goMin(x: number, y: number): number {
  if (x === Number.NEGATIVE_INFINITY || y === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? x : y;
  return Math.min(x, y);
}
