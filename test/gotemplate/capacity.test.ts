/**
 * Go slice capacity (src/gotemplate/capacity.ts). The expected capacities were measured with helm
 * 3.17.3 and 4.1.4 (the largest `slice L 0 k` each accepts); conformance/charts/capacity compares
 * whole renders with both helms.
 */
import { describe, expect, it } from 'vitest';
import { appendedOneByOne, capacityOf, elementsThrough, reslice, withCapacity } from '../../src/gotemplate/capacity.js';
import { renderTemplateString } from '../../src/gotemplate/index.js';

describe('slice capacity', () => {
  it('follows Go append growth, malloc headers and size classes included', () => {
    // Decoded values lists of these lengths (values.yaml, fromJsonArray) have these capacities in helm.
    const measured: Array<[number, number]> = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 4],
      [5, 8],
      [9, 16],
      [17, 32],
      [33, 71],
      [257, 303],
      [300, 303],
      [600, 1023],
      [2000, 2560],
    ];
    for (const [length, cap] of measured) expect([length, appendedOneByOne(length)]).toEqual([length, cap]);
    // `until 40` and `until 300` ([]int, no pointers); regexFindAll starts with room for 10 strings.
    expect(appendedOneByOne(40, 'int')).toBe(64);
    expect(appendedOneByOne(300, 'int')).toBe(512);
    expect(appendedOneByOne(38, 'string', 10)).toBe(43);
  });

  it('reslices keep the elements past the end, up to the capacity', () => {
    const base = withCapacity([1, 2, 3], 5);
    expect(capacityOf(base)).toBe(5);
    expect(elementsThrough(base, 5, null)).toEqual([1, 2, 3, null, null]);
    const middle = reslice(base, 1, 2, 5, null);
    expect(middle).toEqual([2]);
    expect(capacityOf(middle)).toBe(4);
    expect(elementsThrough(middle, 4, null)).toEqual([2, 3, null, null]);
    // A third index limits the capacity.
    expect(capacityOf(reslice(base, 1, 2, 3, null))).toBe(2);
  });

  it('lets the engine builtin slice up to the capacity, and no further', () => {
    const run = (t: string) => renderTemplateString(t, { data: new Map([['l', withCapacity([1, 2, 3], 5)]]) });
    expect(run('{{ slice .l 0 5 }}')).toBe('[1 2 3 <nil> <nil>]');
    expect(run('{{ slice (slice .l 1 2) 0 4 }}')).toBe('[2 3 <nil> <nil>]');
    // Go's three-index form sets the capacity of the result.
    expect(() => run('{{ slice (slice .l 0 1 2) 0 3 }}')).toThrow(/index out of range: 3/);
    expect(() => run('{{ slice .l 0 6 }}')).toThrow(/index out of range: 6/);
  });
});
