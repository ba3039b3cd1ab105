/**
 * Where a command reads and writes. Commands take it as a parameter so tests can run them
 * in-process with their own streams; the command line passes {@link processIo}.
 */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  /** True when a person can answer a prompt: stdin is a terminal. */
  readonly interactive: boolean;
  /** True when stdout is a terminal (clear the screen, colours). */
  readonly stdoutIsTty: boolean;
  /** True when stderr is a terminal (progress lines that rewrite themselves). */
  readonly stderrIsTty: boolean;
}

/**
 * The process's own streams.
 *
 * @example
 * ```ts
 * await runStatus(options, processIo());
 * ```
 */
export function processIo(): CommandIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
  };
}
