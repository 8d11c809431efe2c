/** Bounds how many async jobs run at once (downloads share one bound per process). */
export class Limiter {
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(public max: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#active >= this.max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    try {
      return await job();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}

/** The process-wide download bound. */
export const downloadLimiter = new Limiter(8);

/** Sets how many chart/blob downloads may run at the same time in this process (default 8). */
export function setMaxConcurrentDownloads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('max concurrent downloads must be a positive integer');
  downloadLimiter.max = n;
}
