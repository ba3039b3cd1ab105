import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

/** Keys as a terminal sends them. */
export const KEYS = { enter: '\r', down: '\x1b[B', up: '\x1b[A', backspace: '\x7f' } as const;

// CSI and OSC sequences, and the cursor-save/restore ones: what a prompt library draws with.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[78=>]/g;

/**
 * A command run in a real pseudo-terminal, through util-linux `script` (no pty package needed):
 * its stdin, stdout and stderr are a terminal, so prompt libraries draw and read keys as they do
 * for a person. The test waits for each prompt's text before typing, never for a fixed time.
 *
 * @example
 * ```ts
 * const session = PtySession.start(['node', 'bin/sluice.js', 'deploy'], { cwd, env });
 * await session.waitFor('AWS region');
 * session.type('eu-west-1', KEYS.enter);
 * expect(await session.exit).toBe(0);
 * ```
 */
export class PtySession {
  readonly #child: ChildProcessWithoutNullStreams;
  #raw = '';
  /** Where the next `waitFor` starts looking, in the text without escape sequences. */
  #cursor = 0;
  readonly #waiters = new Set<() => void>();
  /** The exit code (the command's own, `script -e`). */
  readonly exit: Promise<number>;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    const onData = (chunk: Buffer): void => {
      this.#raw += chunk.toString('utf8');
      for (const wake of this.#waiters) wake();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.exit = once(child, 'close').then(([code]) => {
      for (const wake of this.#waiters) wake();
      return (code as number | null) ?? -1;
    });
  }

  /** Starts `argv` in a terminal of 160 × 50 characters (wide enough for no line to wrap). */
  static start(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): PtySession {
    const command = `stty cols 160 rows 50 && exec ${argv.map(shellQuote).join(' ')}`;
    return new PtySession(spawn('script', ['-qfec', command, '/dev/null'], { cwd: options.cwd, env: options.env }));
  }

  /** Everything the terminal showed so far, without escape sequences. */
  text(): string {
    return this.#raw.replace(ANSI, '');
  }

  /**
   * Waits until `expected` appears after what earlier waits matched, and returns the text from
   * there up to the end of the match.
   *
   * @throws Error with the screen so far when the command exits first.
   */
  async waitFor(expected: string | RegExp): Promise<string> {
    for (;;) {
      const text = this.text();
      const rest = text.slice(this.#cursor);
      const match = typeof expected === 'string' ? (rest.includes(expected) ? { index: rest.indexOf(expected), 0: expected } : null) : expected.exec(rest);
      if (match !== null) {
        const end = this.#cursor + match.index + match[0].length;
        const seen = text.slice(this.#cursor, end);
        this.#cursor = end;
        return seen;
      }
      if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
        throw new Error(`exited before ${String(expected)} appeared; the terminal showed:\n${text.slice(this.#cursor)}`);
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.#waiters.delete(wake);
          resolve();
        };
        this.#waiters.add(wake);
      });
    }
  }

  /** Types the keys, as one write each (a prompt library reads key by key). */
  type(...keys: string[]): void {
    for (const key of keys) this.#child.stdin.write(key);
  }

  /** Ends the session's input and stops the command if it still runs. */
  close(): void {
    this.#child.stdin.end();
    if (this.#child.exitCode === null) this.#child.kill();
  }
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
