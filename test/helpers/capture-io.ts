import { PassThrough } from 'node:stream';
import type { CommandIo } from '../../src/cli/command-io.js';

export interface CapturedIo {
  readonly io: CommandIo;
  stdout(): string;
  stderr(): string;
}

/**
 * A `CommandIo` that records what a command prints, for running commands in-process. With
 * `input`, stdin answers prompts with it (and counts as a terminal unless `interactive: false`).
 *
 * @example
 * ```ts
 * const out = captureIo({ input: 'y\n' });
 * await dlqPurge(config, [], { all: true }, out.io);
 * expect(out.stdout()).toContain('Purged');
 * ```
 */
export function captureIo(options: { input?: string; interactive?: boolean; tty?: boolean } = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stdin = new PassThrough();
  if (options.input !== undefined) stdin.end(options.input);
  return {
    io: {
      stdout: out,
      stderr: err,
      stdin,
      interactive: options.interactive ?? options.input !== undefined,
      stdoutIsTty: options.tty ?? false,
      stderrIsTty: options.tty ?? false,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
