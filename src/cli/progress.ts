import type { CommandIo } from './command-io.js';
import { formatCount } from './format-units.js';

/**
 * Progress of a long operation on stderr: one line rewritten in place on a terminal, a line at
 * most every `intervalMs` otherwise (logs stay short).
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
  #lastWrite = 0;

  constructor(io: CommandIo, label: string, total: number, intervalMs = 1_000) {
    this.#io = io;
    this.#label = label;
    this.#total = total;
    this.#intervalMs = intervalMs;
  }

  update(done: number): void {
    const now = Date.now();
    if (this.#io.stderrIsTty) {
      this.#io.stderr.write(`\r${this.#line(done)}`);
    } else if (now - this.#lastWrite >= this.#intervalMs) {
      this.#io.stderr.write(`${this.#line(done)}\n`);
      this.#lastWrite = now;
    }
  }

  done(done: number): void {
    this.#io.stderr.write(this.#io.stderrIsTty ? `\r${this.#line(done)}\n` : `${this.#line(done)}\n`);
  }

  #line(done: number): string {
    const percent = this.#total > 0 ? Math.min(100, Math.floor((done / this.#total) * 100)) : 100;
    return `${this.#label} ${formatCount(done)} / ${formatCount(this.#total)} (${percent}%)`;
  }
}
