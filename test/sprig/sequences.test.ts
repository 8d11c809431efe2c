/**
 * seq/until/untilStep with exact int64 arguments next to the limits, where Go's loop variable wraps
 * around. The engine passes `int` parameters as JS numbers, which cannot hold these values, so the
 * functions are called directly with bigints. Expected values were produced by helm 3.17.3 and
 * 4.1.4 (`seq -9223372036854775808 -9223372036854775807`, `untilStep 9223372036854775807
 * 9223372036854775806 -1`, `untilStep -9223372036854775808 -9223372036854775807 9223372036854775807`).
 */
import { describe, expect, test } from 'vitest';
import { formatValue } from '../../src/gotemplate/fmt.js';
import { typeName } from '../../src/gotemplate/value.js';
import { mathFunctions } from '../../src/sprig/math.js';

const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);

describe('sequences at the int64 limits', () => {
  test('seq near MinInt64', () => {
    expect(mathFunctions.seq!.impl(MIN, MIN + 1n)).toBe('-9223372036854775808 -9223372036854775807');
  });
  test('untilStep counting down from MaxInt64', () => {
    const r = mathFunctions.untilStep!.impl(MAX, MAX - 1n, -1n);
    expect(typeName(r)).toBe('[]int');
    expect(formatValue(r)).toBe('[9223372036854775807]');
  });
  test('untilStep whose next value wraps to -1 and stops', () => {
    expect(formatValue(mathFunctions.untilStep!.impl(MIN, MIN + 1n, MAX))).toBe('[-9223372036854775808]');
  });
  test('a sequence that wraps around forever is refused instead of exhausting memory', () => {
    expect(() => mathFunctions.untilStep!.impl(0n, MAX, 1n << 62n)).toThrow(/exceeds the limit/);
    expect(() => mathFunctions.until!.impl(MIN)).toThrow(/exceeds the limit/);
  });
});
