/**
 * A stream of random choices that drives the hand-written generators (the "choice sequence"
 * technique): fast-check produces an array of naturals, the generators consume it one choice at a
 * time. Past the end of the array every choice is 0, and option 0 of every choice is the simplest
 * one (a leaf, "no", the first item), so a shorter or smaller array always means a simpler case and
 * generation always terminates.
 */
import fc from 'fast-check';

/** Choices per generated case (more than any case consumes in practice). */
export const STREAM_LENGTH = 700;

/** The fast-check arbitrary behind every generated case. */
export const choiceStreamArb: fc.Arbitrary<number[]> = fc.array(fc.nat({ max: 0x7fffffff }), {
  minLength: STREAM_LENGTH,
  maxLength: STREAM_LENGTH,
});

export class Choices {
  private i = 0;

  constructor(private readonly stream: readonly number[]) {}

  /** An integer in [0, n). */
  int(n: number): number {
    if (n <= 1) return 0;
    const v = this.stream[this.i++];
    return v === undefined ? 0 : v % n;
  }

  /** True with probability `p` (false once the stream is exhausted). */
  chance(p: number): boolean {
    return this.int(1000) >= 1000 - Math.round(p * 1000);
  }

  /** One of `xs` (the first is the fallback). */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** One of the entries, with the given relative weights (the first is the fallback). */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((s, [w]) => s + w, 0);
    let r = this.int(total);
    for (const [w, v] of entries) {
      if (r < w) return v;
      r -= w;
    }
    return entries[0]![1];
  }

  /** True once every choice of the stream has been used. */
  get exhausted(): boolean {
    return this.i >= this.stream.length;
  }
}
