/** The streams a CLI command writes to; injectable so commands can be tested in-process. */
export interface CliIO {
  stdout: (chunk: string | Uint8Array) => void;
  stderr: (chunk: string) => void;
  /** Whether stderr is a terminal (progress output is shown only then). */
  stderrIsTTY: boolean;
  /** Reads all of standard input (for `-f -`). */
  readStdin: () => Promise<Uint8Array>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A subcommand: parses its own arguments and returns the process exit code. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

/** An error that should be printed as `Error: message` with the given exit code, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Printed as is, without `Error: ` (helm 4's log-line failures). */
    readonly bare = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
