/** The exponential backoff of the destination's `retry` settings, in milliseconds. */
export interface BackoffPolicy {
  readonly base: number;
  readonly cap: number;
}

/**
 * How long a message stays hidden after its `attempt`-th failed delivery: exponential backoff
 * with full jitter, `random(0, min(cap, base * 2^(attempt-1)))`. Full jitter spreads the retries
 * of a burst that failed together (a destination that was down) instead of sending them back in
 * one wave when it comes up.
 *
 * @param attempt 1 for the first delivery attempt.
 * @param random A source in [0, 1); injectable so tests are deterministic.
 * @example
 * ```ts
 * backoffDelay(3, { base: 1000, cap: 900_000 }); // somewhere in [0, 4000]
 * backoffDelay(3, { base: 1000, cap: 900_000 }, () => 0.5); // 2000
 * ```
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.round(random() * backoffCeiling(attempt, policy));
}

/**
 * The upper bound of {@link backoffDelay} for an attempt: `min(cap, base * 2^(attempt-1))`.
 *
 * @example
 * ```ts
 * backoffCeiling(1, { base: 1000, cap: 900_000 }); // 1000
 * backoffCeiling(40, { base: 1000, cap: 900_000 }); // 900000
 * ```
 */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  // The exponent is bounded so 2^n never overflows into Infinity for absurd attempt counts.
  const exponent = Math.min(Math.max(attempt, 1) - 1, 52);
  return Math.min(policy.cap, policy.base * 2 ** exponent);
}
