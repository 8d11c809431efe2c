/**
 * Allocation bounds: functions whose result size is chosen by their arguments refuse oversized
 * results at once (Go would try to allocate them, or loop forever for a wrapping sequence), so an
 * untrusted chart cannot exhaust memory through them.
 */
import { describe, expect, test } from 'vitest';
import { errorText, render } from './support/render.js';

const cases: [string, RegExp][] = [
  ['{{ repeat 100000000 "ab" }}', /^repeat: result of 200000000 bytes exceeds the limit/],
  ['{{ indent 100000000 "a\\nb" }}', /^indent: result of \d+ bytes exceeds the limit/],
  ['{{ nindent 100000000 "a" }}', /^nindent: result of \d+ bytes exceeds the limit/],
  ['{{ until 100000000 }}', /^until: result of 100000000 elements exceeds the limit/],
  ['{{ until -9223372036854775808 }}', /^until: result of \d+ elements exceeds the limit/],
  ['{{ untilStep 0 100000000 1 }}', /^untilStep: result of 100000000 elements exceeds the limit/],
  [
    '{{ untilStep 9223372036854774784 9223372036854775807 1000 }}',
    /^untilStep: result of \d+ elements exceeds the limit/,
  ],
  ['{{ seq 100000000 }}', /^seq: result of 100000000 elements exceeds the limit/],
  ['{{ replace "" (repeat 1000 "x") (repeat 100000 "y") }}', /^replace: result of \d+ bytes exceeds the limit/],
  ['{{ replace "y" (repeat 1000 "x") (repeat 100000 "y") }}', /^replace: result of \d+ bytes exceeds the limit/],
  ['{{ wrapWith 1 (repeat 100000 "-") (repeat 100000 "a ") }}', /^wrap: result of \d+ bytes exceeds the limit/],
  ['{{ join (repeat 10000 "x") (until 10000) }}', /^join: result of \d+ bytes exceeds the limit/],
];

describe('size-driven functions are bounded', () => {
  test.each(cases)('%s', (template, expected) => {
    const started = Date.now();
    const out = render(template);
    expect(out.startsWith('ERROR: ')).toBe(true);
    expect(errorText(out)).toMatch(expected);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('results just under the limits are built', () => {
    expect(render('{{ len (repeat 1000000 "ab") }}')).toBe('2000000');
    expect(render('{{ len (until 100000) }}')).toBe('100000');
  });
});
