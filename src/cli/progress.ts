import type { CommandIo } from './command-io.js';
import { progressBar, progressText, type ProgressState } from './progress-line.js';

export interface ProgressOptions {
  /** Between plain lines when stderr is not a terminal. @default 10_000 */
  readonly intervalMs?: number;
  /** The terminal's width when the stream does not say (`columns`). @default 80 */
  readonly columns?: number;
  /** The clock (tests). @default Date.now */
  readonly now?: () => number;
}

/** Clears from the cursor to the end of the line: a shorter line must not leave the end of a longer one. */
const CLEAR_TO_END = '\x1b[K';

/**
 * Progress of a long operation on stderr. On a terminal, a bar rewritten in place
 * (`replayed [#####-----] 45/100  2.1/s  eta 26s`); otherwise a plain line at most every
 * `intervalMs` (logs stay short: a run quicker than that prints only its final line).
 *
 * @example
 * ```ts
 * const progress = new Progress(io, 'redriven', total);
 * progress.update(500);
 * progress.done(total);
 * ```
 */
export class Progress {
  readonly #io: CommandIo;
  readonly #label: string;
  readonly #total: number;
  readonly #intervalMs: number;
  readonly #columns: number;
  readonly #now: () => number;
  readonly #started: number;
  #lastWrite: number;

  constructor(io: CommandIo, label: string, total: number, options: ProgressOptions = {}) {
    this.#io = io;
    this.#label = label;
    this.#total = total;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#columns = options.columns ?? 80;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#lastWrite = this.#started;
  }

  update(done: number): void {
    const now = this.#now();
    if (this.#io.stderrIsTty) {
      this.#io.stderr.write(`\r${this.#bar(done, now)}${CLEAR_TO_END}`);
    } else if (now - this.#lastWrite >= this.#intervalMs) {
      this.#io.stderr.write(`${progressText(this.#label, this.#state(done, now))}\n`);
      this.#lastWrite = now;
    }
  }

  done(done: number): void {
    const now = this.#now();
    this.#io.stderr.write(this.#io.stderrIsTty ? `\r${this.#bar(done, now)}${CLEAR_TO_END}\n` : `${progressText(this.#label, this.#state(done, now))}\n`);
  }

  #bar(done: number, now: number): string {
    // A terminal that is resized between updates gets a bar that fits its new width.
    const columns = (this.#io.stderr as { columns?: number }).columns ?? this.#columns;
    return progressBar(this.#label, this.#state(done, now), columns);
  }

  #state(done: number, now: number): ProgressState {
    return { done, total: this.#total, elapsedMs: now - this.#started };
  }
}
