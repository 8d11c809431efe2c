import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goSortArray } from '../../src/helm/go-sort.js';

// Exactness against Go (which of equal elements ends where) is checked against the helm binaries in
// conformance/index-order.test.ts; here, that every path of the sort sorts.
describe('goSort', () => {
  for (const release of ['go1.23', 'go1.25'] as const) {
    it(`sorts and permutes (${release}), with many equal keys`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 600 }), (keys) => {
          const items = keys.map((k, i) => ({ k, i }));
          goSortArray(items, (a, b) => a.k < b.k, release);
          expect(items.map((x) => x.k)).toEqual([...keys].sort((a, b) => a - b));
          expect(items.map((x) => x.i).sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('keeps equal elements in order up to 12 (insertion sort)', () => {
    const items = [3, 1, 3, 2, 1, 3, 2, 1, 3, 2, 1, 3].map((k, i) => ({ k, i }));
    goSortArray(items, (a, b) => a.k < b.k, 'go1.25');
    expect(items.map((x) => `${x.k}.${x.i}`)).toEqual([
      '1.1',
      '1.4',
      '1.7',
      '1.10',
      '2.3',
      '2.6',
      '2.9',
      '3.0',
      '3.2',
      '3.5',
      '3.8',
      '3.11',
    ]);
  });

  it('sorts descending runs and organ pipes (reversal and pattern breaking)', () => {
    for (const n of [13, 50, 64, 200, 1000]) {
      const down = Array.from({ length: n }, (_, i) => n - i);
      const pipe = Array.from({ length: n }, (_, i) => Math.min(i, n - i));
      for (const list of [down, pipe]) {
        const sorted = goSortArray([...list], (a, b) => a < b, 'go1.23');
        expect(sorted).toEqual([...list].sort((a, b) => a - b));
      }
    }
  });
});
