/**
 * Classified errors of the mirror discovery pipeline. Each class maps to one process exit code of
 * spec §1.4, so the CLI can turn any failure into the right status without inspecting messages.
 */

/** Error classes of spec §1.4 (the CLI maps them to exit codes). */
export type MirrorErrorCode = 'invalid' | 'notfound' | 'timeout' | 'internal' | 'aborted';

const EXIT_CODES: Record<MirrorErrorCode, number> = {
  invalid: 2,
  notfound: 3,
  timeout: 5,
  internal: 8,
  aborted: 9,
};

/** A discovery failure with a classification; its message is printed as is, never with a stack. */
export class MirrorError extends Error {
  constructor(
    readonly code: MirrorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MirrorError';
  }

  /** The process exit code for this error (spec §1.4). */
  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

/** The message of any thrown value, without a stack trace. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * AICR's `PropagateOrWrap`: a classified error passes through unchanged (its code and its message),
 * anything else becomes a `fallback` error whose message is `message: <error>`.
 */
export function propagateOrWrap(err: unknown, fallback: MirrorErrorCode, message: string): MirrorError {
  if (err instanceof MirrorError) return err;
  return new MirrorError(fallback, `${message}: ${errorMessage(err)}`, { cause: err });
}

/** Shorthand for an invalid-input error (exit 2). */
export function invalid(message: string): MirrorError {
  return new MirrorError('invalid', message);
}
