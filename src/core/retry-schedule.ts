/**
 * The arithmetic of the delivery retry schedule (`destination.retry`), shared by the config
 * validation and the forwarder's retry policy. Pure: no clock, no randomness.
 */

/** The schedule's settings, in milliseconds. */
export interface RetrySchedule {
  readonly base: number;
  readonly cap: number;
  /** Retries stop this long after the first attempt. */
  readonly max_age: number;
}

/**
 * The upper bound of the delay after the `attempt`-th failed attempt: `min(cap, base * 2^(attempt-1))`.
 *
 * @example
 * ```ts
 * backoffCeiling(1, { base: 1000, cap: 3_600_000 }); // 1000
 * backoffCeiling(40, { base: 1000, cap: 3_600_000 }); // 3600000
 * ```
 */
export function backoffCeiling(attempt: number, schedule: Pick<RetrySchedule, 'base' | 'cap'>): number {
  // The exponent is bounded so 2^n never overflows into Infinity for absurd attempt counts.
  const exponent = Math.min(Math.max(attempt, 1) - 1, 52);
  return Math.min(schedule.cap, schedule.base * 2 ** exponent);
}

/**
 * The shortest delay the schedule draws after the `attempt`-th failure: half its ceiling
 * (equal jitter), rounded down so that computations built on it never overestimate the time
 * the retries take.
 *
 * @example
 * ```ts
 * minimumBackoff(3, { base: 1000, cap: 3_600_000 }); // 2000
 * ```
 */
export function minimumBackoff(attempt: number, schedule: Pick<RetrySchedule, 'base' | 'cap'>): number {
  return Math.floor(backoffCeiling(attempt, schedule) / 2);
}

/** Past this many attempts the search gives up: a schedule that needs more is refused. */
export const MAX_ATTEMPTS_LIMIT = 100_000;

/**
 * The smallest attempt limit the schedule cannot reach before `max_age` ends: even if every
 * delay is the shortest the jitter can draw and every attempt fails at once, attempt number
 * `minimumMaxAttempts(schedule)` starts at or after `max_age`, where the age limit decides
 * first. With the defaults (1 s, 1 h, 24 h) it is 60: twelve doublings take 34 min at their
 * shortest, then 47 delays of at least 30 min.
 *
 * @example
 * ```ts
 * minimumMaxAttempts({ base: 1000, cap: 3_600_000, max_age: 86_400_000 }); // 60
 * ```
 */
export function minimumMaxAttempts(schedule: RetrySchedule): number {
  let elapsed = 0;
  let attempt = 1;
  // Attempt k starts after the k-1 delays before it; find the first one that starts at max_age or later.
  while (elapsed < schedule.max_age && attempt < MAX_ATTEMPTS_LIMIT) {
    // A schedule whose shortest delay is 0 ms never reaches max_age by its delays alone.
    const delay = minimumBackoff(attempt, schedule);
    if (delay <= 0 && backoffCeiling(attempt, schedule) >= schedule.cap) return MAX_ATTEMPTS_LIMIT;
    elapsed += delay;
    attempt += 1;
  }
  return attempt;
}
