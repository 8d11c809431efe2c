/** Errors of the output writers, each with the process exit code of spec §1.4. */
export class FormatError extends Error {
  constructor(
    message: string,
    /** 2 = invalid input (unknown format, bad option), 3 = not found (`--why` image), 8 = internal. */
    readonly exitCode: 2 | 3 | 8,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}
