/**
 * A Go runtime panic that helm does not recover (helm 3's `import-values` type assertions): the
 * process dies with exit status 2 and Go's panic report on stderr. Only the report's deterministic
 * head is reproduced — the message and the goroutine header — then the panicking function without
 * the arguments, addresses and further frames Go prints, which vary from run to run.
 *
 * A fatal runtime error ({@link GoFatalError}: helm 3 recursing without end in a schema) ends the
 * same way; its report starts differently.
 */

import type { GoValue } from '../gotemplate/value.js';
import { typeName } from '../gotemplate/value.js';

/** The exit status of a Go program killed by a panic. */
export const GO_PANIC_EXIT_CODE = 2;

export class GoPanic extends Error {
  /** Log lines helm printed before it panicked. */
  warnings: string[] = [];

  constructor(
    message: string,
    /** The Go function that panicked, package-qualified. */
    readonly goFunction: string,
    /** For a fault (a nil pointer dereference), the `[signal …]` line Go prints under the message. */
    readonly signal?: string,
  ) {
    super(message);
    this.name = 'GoPanic';
  }

  /** What the Go runtime writes on stderr, up to the first frame. */
  report(): string {
    const signal = this.signal === undefined ? '' : `${this.signal}\n`;
    return `panic: ${this.message}\n${signal}\ngoroutine 1 [running]:\n${this.goFunction}(...)\n`;
  }
}

/** The panic of a failed `x.(string)` on an `interface {}` holding `v`. */
export function stringAssertionPanic(v: GoValue, goFunction: string): GoPanic {
  const dynamic = v === null || v === undefined ? 'nil' : typeName(v);
  return new GoPanic(`interface conversion: interface {} is ${dynamic}, not string`, goFunction);
}

/**
 * A nil pointer dereference in helm 3.17.3's linux/amd64 binary at `pc` (the program counter Go
 * prints is the faulting instruction's; it is fixed for a given binary and source line).
 */
export function nilDereferencePanic(goFunction: string, pc: string): GoPanic {
  return new GoPanic(
    'runtime error: invalid memory address or nil pointer dereference',
    goFunction,
    `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=${pc}]`,
  );
}

/**
 * A fatal error of the Go runtime, which no recover can stop: the process dies with exit status 2
 * like a panic. Reproduced are the report's lines up to `fatal error: …` that do not vary; the
 * runtime's stack pointers and the goroutine dumps after it are not.
 */
export class GoFatalError extends GoPanic {
  constructor(
    message: string,
    /** The runtime's lines before `fatal error:`. */
    readonly before: readonly string[],
  ) {
    super(message, '');
    this.name = 'GoFatalError';
  }

  override report(): string {
    return `${this.before.map((l) => `${l}\n`).join('')}fatal error: ${this.message}\n`;
  }
}

/**
 * Go's stack overflow: a goroutine's stack outgrew the 1 GB limit (endless recursion). Go prints
 * `runtime: sp=0x… stack=[0x…, 0x…]` between the two lines kept here.
 */
export function goStackOverflow(): GoFatalError {
  return new GoFatalError('stack overflow', ['runtime: goroutine stack exceeds 1000000000-byte limit']);
}
