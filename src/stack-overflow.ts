/**
 * JavaScript stack overflows, counted wherever one is caught. The `helmless` command renders in its
 * own thread first, whose stack is about 1 MB, and repeats the run in a worker with a large stack
 * when that stack ran out anywhere (src/cli/isolate.ts). Code that turns an overflow into a message,
 * a warning or a fallback therefore asks {@link isStackOverflow}, which counts it.
 */

let overflows = 0;

/** V8's message for an exhausted stack. */
const OVERFLOW_MESSAGE = /Maximum call stack size exceeded/;

/** Whether `err` is V8's stack overflow error; counts it when it is. */
export function isStackOverflow(err: unknown): boolean {
  if (!(err instanceof RangeError) || !OVERFLOW_MESSAGE.test(err.message)) return false;
  overflows++;
  return true;
}

/** How many overflows {@link isStackOverflow} has seen in this thread. */
export function stackOverflowCount(): number {
  return overflows;
}

/**
 * The texts an overflow can surface as: V8's own message, and the limit errors it is turned into.
 * Output that contains one of them may come from an overflow no caller counted.
 */
export const STACK_OVERFLOW_TEXTS: readonly string[] = [
  'Maximum call stack size exceeded',
  'template recursion is too deep',
  'YAML nesting too deep',
];
