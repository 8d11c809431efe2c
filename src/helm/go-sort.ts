/**
 * Go's `sort.Sort`: pattern-defeating quicksort over Less and Swap callbacks, step for step, so that
 * elements that compare equal end in the order Go leaves them in. helm sorts repository index
 * entries and registry tags this way (`sort.Sort(sort.Reverse(…))`); versions such as `1.0.0` and
 * `1.0.0+build` compare equal, and which of them a constraint picks depends on that order. Lists of
 * up to 12 elements are insertion-sorted (stable); longer ones are not.
 *
 * The pseudo-random swaps that break patterns changed between the Go releases the two helms are built
 * with (helm 3.17.3: go1.23.7; helm 4.1.4: go1.25.9): go1.23 shifts its 64-bit xorshift by 13, 17
 * and 5, go1.25 by 13, 7 and 17. Both verified against the helm binaries.
 */

/** Reports whether element i sorts before element j. May throw: the sort stops where Go's would fail. */
export type GoLess = (i: number, j: number) => boolean;
export type GoSwap = (i: number, j: number) => void;

/** The Go release whose `sort` package is reproduced. */
export type GoRelease = 'go1.23' | 'go1.25';

/** The Go release each helm this project matches was built with. */
export function goReleaseOf(compat: 'helm3' | 'helm4'): GoRelease {
  return compat === 'helm3' ? 'go1.23' : 'go1.25';
}

/** `sort.Sort` of n elements. */
export function goSort(n: number, less: GoLess, swap: GoSwap, release: GoRelease): void {
  if (n <= 1) return;
  new Pdq(less, swap, release === 'go1.23' ? OLD_SHIFTS : NEW_SHIFTS).sort(0, n, bitLength(n));
}

/** `sort.Sort` of an array in place, with `less` on the elements. */
export function goSortArray<T>(items: T[], less: (a: T, b: T) => boolean, release: GoRelease): T[] {
  goSort(
    items.length,
    (i, j) => less(items[i]!, items[j]!),
    (i, j) => {
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    },
    release,
  );
  return items;
}

/** `bits.Len`: the number of bits needed to write n. */
function bitLength(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

const MAX_INSERTION = 12;
const SHORTEST_NINTHER = 50;
const MAX_SWAPS = 4 * 3;
const PARTIAL_MAX_STEPS = 5;
const PARTIAL_SHORTEST_SHIFTING = 50;

enum Hint {
  Unknown,
  Increasing,
  Decreasing,
}

class Pdq {
  /** choosePivot's count of out-of-order pairs, shared by its median helpers. */
  private swaps = 0;

  constructor(
    private readonly less: GoLess,
    private readonly swap: GoSwap,
    private readonly shifts: Shifts,
  ) {}

  sort(a: number, b: number, limit: number): void {
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= MAX_INSERTION) {
        this.insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        this.heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        this.breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = this.choosePivot(a, b);
      if (hint === Hint.Decreasing) {
        this.reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = Hint.Increasing;
      }
      if (wasBalanced && wasPartitioned && hint === Hint.Increasing && this.partialInsertionSort(a, b)) return;
      // Nothing in a…b is smaller than the element before a (the previous pivot): put the ones equal
      // to the pivot first and go on with the rest.
      if (a > 0 && !this.less(a - 1, pivot)) {
        a = this.partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, alreadyPartitioned] = this.partition(a, b, pivot);
      wasPartitioned = alreadyPartitioned;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.trunc(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        this.sort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        this.sort(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  private insertionSort(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) {
      for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
    }
  }

  private siftDown(lo: number, hi: number, first: number): void {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      this.swap(first + root, first + child);
      root = child;
    }
  }

  private heapSort(a: number, b: number): void {
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, a);
    for (let i = hi - 1; i >= 0; i--) {
      this.swap(a, a + i);
      this.siftDown(0, i, a);
    }
  }

  /** One partition around data[pivot]; returns its new index and whether nothing had to move. */
  private partition(a: number, b: number, pivot: number): [number, boolean] {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      this.swap(j, a);
      return [j, true];
    }
    this.swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    this.swap(j, a);
    return [j, false];
  }

  /** Moves the elements equal to data[pivot] first (none is smaller); returns where the rest starts. */
  private partitionEqual(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    return i;
  }

  /** Fixes a few out-of-order neighbours; reports whether a…b ended up sorted. */
  private partialInsertionSort(a: number, b: number): boolean {
    let i = a + 1;
    for (let step = 0; step < PARTIAL_MAX_STEPS; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < PARTIAL_SHORTEST_SHIFTING) return false;
      this.swap(i, i - 1);
      // Go shifts down to index 1 of the whole data, not to a.
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
    }
    return false;
  }

  /** Swaps three elements around the middle with pseudo-random others, seeded by the length. */
  private breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length < 8) return;
    const random = new XorShift(BigInt(length), this.shifts);
    const modulus = 1 << bitLength(length);
    const middle = a + Math.trunc(length / 4) * 2;
    for (let idx = middle - 1; idx <= middle + 1; idx++) {
      let other = Number(random.next() & BigInt(modulus - 1));
      if (other >= length) other -= length;
      this.swap(idx, a + other);
    }
  }

  private choosePivot(a: number, b: number): [number, Hint] {
    const l = b - a;
    this.swaps = 0;
    let i = a + Math.trunc(l / 4) * 1;
    let j = a + Math.trunc(l / 4) * 2;
    let k = a + Math.trunc(l / 4) * 3;
    if (l >= 8) {
      if (l >= SHORTEST_NINTHER) {
        i = this.median(i - 1, i, i + 1);
        j = this.median(j - 1, j, j + 1);
        k = this.median(k - 1, k, k + 1);
      }
      j = this.median(i, j, k);
    }
    if (this.swaps === 0) return [j, Hint.Increasing];
    if (this.swaps === MAX_SWAPS) return [j, Hint.Decreasing];
    return [j, Hint.Unknown];
  }

  /** The index of the median of the three, counting the pairs found out of order. */
  private median(a: number, b: number, c: number): number {
    [a, b] = this.order2(a, b);
    [b, c] = this.order2(b, c);
    [a, b] = this.order2(a, b);
    return b;
  }

  private order2(a: number, b: number): [number, number] {
    if (this.less(b, a)) {
      this.swaps++;
      return [b, a];
    }
    return [a, b];
  }

  private reverseRange(a: number, b: number): void {
    for (let i = a, j = b - 1; i < j; i++, j--) this.swap(i, j);
  }
}

const MASK64 = (1n << 64n) - 1n;

/** The xorshift's left, right and left shifts. */
type Shifts = readonly [bigint, bigint, bigint];
const OLD_SHIFTS: Shifts = [13n, 17n, 5n];
const NEW_SHIFTS: Shifts = [13n, 7n, 17n];

/** Go's 64-bit xorshift generator of breakPatterns. */
class XorShift {
  constructor(
    private state: bigint,
    private readonly shifts: Shifts,
  ) {}

  next(): bigint {
    const [a, b, c] = this.shifts;
    let s = this.state;
    s ^= (s << a) & MASK64;
    s ^= s >> b;
    s ^= (s << c) & MASK64;
    this.state = s;
    return s;
  }
}
