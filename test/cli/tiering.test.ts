/** The launcher's V8 tiering flags (src/cli/tiering.ts). */
import { describe, expect, it } from 'vitest';
import { TIERING_FLAGS, tieringFlagsFor, tuneTiering } from '../../src/cli/tiering.js';

describe('tuneTiering', () => {
  it('sets the larger interrupt budget where V8 has one (Node 20)', () => {
    expect(tieringFlagsFor('11.3.244.8-node.38')).toMatch(/^--interrupt-budget=\d+$/);
    expect(TIERING_FLAGS).toBe(tieringFlagsFor(process.versions.v8));
    expect(tuneTiering({})).toBe(TIERING_FLAGS);
  });

  it('sets nothing where V8 would refuse the flag (Node 21 to 24)', () => {
    expect(tieringFlagsFor('11.8.172.17-node.20')).toBe('');
    expect(tieringFlagsFor('12.4.254.21-node.57')).toBe('');
    expect(tieringFlagsFor('12.9.202.28-node.14')).toBe('');
    expect(tieringFlagsFor('13.6.233.17-node.63')).toBe('');
  });

  it('leaves a budget given to node alone', () => {
    expect(tuneTiering({ NODE_OPTIONS: '--interrupt-budget=100000' })).toBe('');
  });
});
