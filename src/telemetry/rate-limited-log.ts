import type { Logger } from 'pino';

export interface RateLimitedLogOptions {
  /** At most one line per this many milliseconds. @default 10000 */
  readonly intervalMs?: number;
  readonly level?: 'error' | 'warn' | 'info';
}

/**
 * Logs a recurring event at most once per interval: the first occurrence at once, the ones
 * after it counted, and at the end of the interval one line for them with `suppressed` (how many
 * were not logged) and the fields of the latest. A failure hit by every request (a full disk at
 * thousands of requests per second) then writes one line per interval, never one per request,
 * and a burst that stops still has its count logged.
 *
 * @example
 * ```ts
 * const failures = new RateLimitedLog(logger, { intervalMs: 10_000 });
 * failures.log({ err, route }, 'capture failed');   // logged
 * failures.log({ err, route }, 'capture failed');   // counted; logged 10 s later with suppressed: 1
 * failures.close();
 * ```
 */
export class RateLimitedLog {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #level: 'error' | 'warn' | 'info';
  #quietUntil = 0;
  #suppressed = 0;
  #latest: { fields: Record<string, unknown>; message: string } | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(logger: Logger, options: RateLimitedLogOptions = {}) {
    this.#logger = logger;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#level = options.level ?? 'error';
  }

  log(fields: Record<string, unknown>, message: string): void {
    if (Date.now() >= this.#quietUntil) {
      this.#write(fields, message, 0);
      return;
    }
    this.#suppressed += 1;
    this.#latest = { fields, message };
    this.#timer ??= setTimeout(() => this.#flush(), Math.max(0, this.#quietUntil - Date.now())).unref();
  }

  /** Logs what is still counted and stops the timer. */
  close(): void {
    this.#flush();
  }

  #flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const latest = this.#latest;
    const suppressed = this.#suppressed;
    this.#latest = undefined;
    this.#suppressed = 0;
    if (latest !== undefined && suppressed > 0) this.#write(latest.fields, latest.message, suppressed);
  }

  #write(fields: Record<string, unknown>, message: string, suppressed: number): void {
    this.#quietUntil = Date.now() + this.#intervalMs;
    this.#logger[this.#level]({ ...fields, suppressed, interval_ms: this.#intervalMs }, message);
  }
}
