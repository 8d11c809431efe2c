/**
 * Sprig v3.3.0 math: int64 arithmetic over cast-converted arguments (add sub mul div mod add1 max
 * min biggest), float64 helpers (floor ceil round maxf minf), decimal arithmetic (addf add1f subf
 * mulf divf) and integer sequences (until untilStep seq).
 */
import { appended } from '../gotemplate/capacity.js';
import { type FuncDef, FuncError, fn } from '../gotemplate/funcs.js';
import { T_FLOAT64, T_INT, T_INT64, T_INTERFACE, T_SLICE_INT, T_STRING } from '../gotemplate/types.js';
import { type GoValue, goInt, INT64_MAX, INT64_MIN, withType } from '../gotemplate/value.js';
import { toFloat64, toInt64 } from './conversion.js';
import {
  type Decimal,
  decimalAdd,
  decimalDiv,
  decimalFromFloat,
  decimalMul,
  decimalSub,
  decimalToFloat,
} from './decimal.js';
import { goMax, goMin, powInt } from './gomath.js';
import { checkListSize, checkStringSize, MAX_LIST_ELEMENTS } from './limits.js';

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

/**
 * A Go `int` argument as a bigint. The engine passes ints as JS numbers (exact to 2^53; ±2^63, the
 * doubles nearest the int64 limits, clamp to them); a bigint, where given, is exact.
 */
function intArg(n: number | bigint): bigint {
  if (typeof n === 'bigint') return BigInt.asIntN(64, n);
  if (n >= 2 ** 63) return INT64_MAX;
  if (n <= -(2 ** 63)) return INT64_MIN;
  return BigInt(n);
}

function divide(a: GoValue, b: GoValue, op: (x: bigint, y: bigint) => bigint): bigint {
  const x = toInt64(a);
  const y = toInt64(b);
  if (y === 0n) throw new FuncError('runtime error: integer divide by zero');
  return wrap(op(x, y)); // MinInt64 / -1 wraps to MinInt64 in Go
}

function extreme(a: GoValue, rest: GoValue[], better: (x: bigint, y: bigint) => boolean): bigint {
  let best = toInt64(a);
  for (const v of rest) {
    const x = toInt64(v);
    if (better(x, best)) best = x;
  }
  return best;
}

/** Sprig's execDecimalOp: every operand through float64 into a decimal, the result back to float64. */
function decimalOp(a: GoValue, rest: GoValue[], op: (x: Decimal, y: Decimal) => Decimal): number {
  let acc = decimalFromFloat(toFloat64(a));
  for (const v of rest) acc = op(acc, decimalFromFloat(toFloat64(v)));
  return decimalToFloat(acc);
}

/** Sprig's round: half (or rOpt) rounds up, measured on the fraction as math.Modf returns it. */
function round(a: GoValue, places: number | bigint, roundOn: number): number {
  const val = toFloat64(a);
  const pow = powInt(10, Number(places));
  const digit = pow * val;
  const frac = digit - Math.trunc(digit); // math.Modf's fraction (NaN for ±Inf)
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

/**
 * Sprig's untilStep, including Go's int64 wrap-around of the loop variable (a sequence that passes
 * the int64 range goes on from the other end), bounded by the list-size limit.
 */
export function untilStep(start: bigint, stop: bigint, step: bigint, fnName: string): bigint[] {
  let more: (v: bigint) => boolean;
  let count: bigint;
  if (stop < start) {
    if (step >= 0n) return [];
    more = (v) => v > stop;
    count = (start - stop + (-step - 1n)) / -step;
  } else {
    if (step <= 0n) return [];
    more = (v) => v < stop;
    count = (stop - start + (step - 1n)) / step;
  }
  // Without wrap-around the length is known up front; with it (Go's loop variable passes the int64
  // range and goes on from the other end), count Go's iterations first, within the limit.
  const next = start + count * step;
  if (next > INT64_MAX || next < INT64_MIN) {
    count = 0n;
    for (let v = start; more(v); v = wrap(v + step)) {
      if (++count > MAX_LIST_ELEMENTS) checkListSize(Number(count), fnName);
    }
  }
  checkListSize(Number(count), fnName);
  const out: bigint[] = new Array(Number(count));
  for (let i = 0, v = start; i < out.length; i++, v = wrap(v + step)) out[i] = v;
  return out;
}

function intSlice(values: bigint[]): GoValue[] {
  return withType(
    values.map((v) => goInt(v)),
    T_SLICE_INT,
  );
}

/** Sprig's seq: GNU seq's output for 1 to 3 integer arguments, "" otherwise. */
function seq(params: (number | bigint)[]): string {
  const p = params.map(intArg);
  let list: bigint[];
  switch (p.length) {
    case 1: {
      const end = p[0]!;
      const inc = end < 1n ? -1n : 1n;
      list = untilStep(1n, wrap(end + inc), inc, 'seq');
      break;
    }
    case 2: {
      const [start, end] = [p[0]!, p[1]!];
      const step = end < start ? -1n : 1n;
      list = untilStep(start, wrap(end + step), step, 'seq');
      break;
    }
    case 3: {
      const [start, step, end] = [p[0]!, p[1]!, p[2]!];
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      list = untilStep(start, wrap(end + inc), step, 'seq');
      break;
    }
    default:
      return '';
  }
  const text = list.join(' ');
  checkStringSize(text.length, 'seq');
  return text;
}

export const mathFunctions: Record<string, FuncDef> = {
  add1: fn([T_INTERFACE], T_INT64, (i: GoValue) => wrap(toInt64(i) + 1n)),
  add: fn([], T_INT64, (...i: GoValue[]) => wrap(i.reduce<bigint>((acc, v) => acc + toInt64(v), 0n)), {
    variadic: T_INTERFACE,
  }),
  sub: fn([T_INTERFACE, T_INTERFACE], T_INT64, (a: GoValue, b: GoValue) => wrap(toInt64(a) - toInt64(b))),
  div: fn([T_INTERFACE, T_INTERFACE], T_INT64, (a: GoValue, b: GoValue) => divide(a, b, (x, y) => x / y)),
  mod: fn([T_INTERFACE, T_INTERFACE], T_INT64, (a: GoValue, b: GoValue) => divide(a, b, (x, y) => x % y)),
  mul: fn(
    [T_INTERFACE],
    T_INT64,
    (a: GoValue, ...v: GoValue[]) => v.reduce<bigint>((acc, b) => wrap(acc * toInt64(b)), toInt64(a)),
    { variadic: T_INTERFACE },
  ),
  max: fn([T_INTERFACE], T_INT64, (a: GoValue, ...i: GoValue[]) => extreme(a, i, (x, y) => x > y), {
    variadic: T_INTERFACE,
  }),
  biggest: fn([T_INTERFACE], T_INT64, (a: GoValue, ...i: GoValue[]) => extreme(a, i, (x, y) => x > y), {
    variadic: T_INTERFACE,
  }),
  min: fn([T_INTERFACE], T_INT64, (a: GoValue, ...i: GoValue[]) => extreme(a, i, (x, y) => x < y), {
    variadic: T_INTERFACE,
  }),
  maxf: fn(
    [T_INTERFACE],
    T_FLOAT64,
    (a: GoValue, ...i: GoValue[]) => i.reduce<number>((acc, v) => goMax(acc, toFloat64(v)), toFloat64(a)),
    {
      variadic: T_INTERFACE,
    },
  ),
  minf: fn(
    [T_INTERFACE],
    T_FLOAT64,
    (a: GoValue, ...i: GoValue[]) => i.reduce<number>((acc, v) => goMin(acc, toFloat64(v)), toFloat64(a)),
    {
      variadic: T_INTERFACE,
    },
  ),
  floor: fn([T_INTERFACE], T_FLOAT64, (a: GoValue) => Math.floor(toFloat64(a))),
  ceil: fn([T_INTERFACE], T_FLOAT64, (a: GoValue) => Math.ceil(toFloat64(a))),
  round: fn(
    [T_INTERFACE, T_INT],
    T_FLOAT64,
    (a: GoValue, p: number | bigint, ...rOpt: number[]) => round(a, p, rOpt.length > 0 ? rOpt[0]! : 0.5),
    {
      variadic: T_FLOAT64,
    },
  ),
  add1f: fn([T_INTERFACE], T_FLOAT64, (i: GoValue) => decimalOp(i, [goInt(1)], decimalAdd)),
  addf: fn([], T_FLOAT64, (...i: GoValue[]) => decimalOp(0, i, decimalAdd), { variadic: T_INTERFACE }),
  subf: fn([T_INTERFACE], T_FLOAT64, (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, decimalSub), {
    variadic: T_INTERFACE,
  }),
  mulf: fn([T_INTERFACE], T_FLOAT64, (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, decimalMul), {
    variadic: T_INTERFACE,
  }),
  divf: fn([T_INTERFACE], T_FLOAT64, (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, decimalDiv), {
    variadic: T_INTERFACE,
  }),
  until: fn([T_INT], T_SLICE_INT, (count: number | bigint) => {
    const c = intArg(count);
    return appended(intSlice(untilStep(0n, c, c < 0n ? -1n : 1n, 'until')), 'int');
  }),
  untilStep: fn(
    [T_INT, T_INT, T_INT],
    T_SLICE_INT,
    (start: number | bigint, stop: number | bigint, step: number | bigint) =>
      appended(intSlice(untilStep(intArg(start), intArg(stop), intArg(step), 'untilStep')), 'int'),
  ),
  seq: fn([], T_STRING, (...params: (number | bigint)[]) => seq(params), { variadic: T_INT }),
};
