/** The launcher's V8 tiering flags (src/cli/tiering.ts). */
import { describe, expect, it } from 'vitest';
import { TIERING_FLAGS, tuneTiering } from '../../src/cli/tiering.js';

describe('tuneTiering', () => {
  it('sets the larger interrupt budget', () => {
    expect(TIERING_FLAGS).toMatch(/^--interrupt-budget=\d+$/);
    expect(tuneTiering({})).toBe(TIERING_FLAGS);
  });

  it('leaves a budget given to node alone', () => {
    expect(tuneTiering({ NODE_OPTIONS: '--interrupt-budget=100000' })).toBe('');
  });
});
