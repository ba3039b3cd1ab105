/**
 * At most one log line per interval for a kind of event that an attacker can repeat at will
 * (wrong passwords, refusals), so the log shows that it happens, and how often, without letting
 * a flood of requests become a flood of log lines.
 *
 * @example
 * ```ts
 * const throttle = new LogThrottle(1_000);
 * const suppressed = throttle.take();
 * if (suppressed !== undefined) logger.warn({ route, suppressed }, 'wrong credentials');
 * ```
 */
export class LogThrottle {
  readonly #intervalMs: number;
  readonly #now: () => number;
  #next = -Infinity;
  #suppressed = 0;

  constructor(intervalMs = 1_000, now: () => number = () => performance.now()) {
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** Undefined when this line must be dropped; else how many were dropped since the last one. */
  take(): number | undefined {
    const now = this.#now();
    if (now < this.#next) {
      this.#suppressed += 1;
      return undefined;
    }
    this.#next = now + this.#intervalMs;
    const suppressed = this.#suppressed;
    this.#suppressed = 0;
    return suppressed;
  }
}
