import { backoffCeiling, minimumBackoff } from '../core/retry-schedule.js';
import type { DeadLetterReason, DeliveryFailure } from './failure.js';

/** `destination.retry`, in milliseconds. */
export interface RetrySettings {
  readonly base: number;
  readonly cap: number;
  /** Retries stop this long after the first attempt. */
  readonly max_age: number;
  /** The safety net: never more attempts than this, whatever the clock says. */
  readonly max_attempts: number;
}

export interface RetryPolicyOptions {
  readonly retry: RetrySettings;
  /** Dead-letter a 4xx (other than 408 and 429) at once instead of retrying it. */
  readonly deadLetterOn4xx: boolean;
  /** The longest `Retry-After` honoured; longer requests wait this long. @default 1 hour */
  readonly maxRetryAfterMs?: number;
  /** Jitter source in [0, 1); injectable so tests are deterministic. @default Math.random */
  readonly random?: () => number;
}

/** One failed attempt, as the policy needs it. */
export interface FailedAttempt {
  readonly failure: DeliveryFailure;
  /** 1 for the first attempt: the message's receive count. */
  readonly attempt: number;
  /** When the record was first attempted (received), epoch milliseconds. */
  readonly firstAttemptAt: number;
  /** Now, epoch milliseconds (the caller's clock). */
  readonly now: number;
}

export type RetryDecision = { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'dead_letter'; readonly reason: DeadLetterReason };

/** Never wait more than this long for a `Retry-After` by default (SQS caps visibility at 12 h). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * What happens to a record after a failed delivery attempt: retried after a delay, or moved to
 * the dead-letter queue with a reason. The one implementation used by `sluice forward` and
 * `sluice serve` (over any queue) and by the forwarder Lambda function (over SQS batches).
 *
 * - `webhook-delivery: abort-message`, an unreadable payload, and a 4xx with
 *   `dead_letter_on_4xx` dead-letter at once.
 * - The budget is a duration: once `max_age` has passed since the first attempt, the record is
 *   dead-lettered (`max_age`). The first attempt, not the enqueue time, starts it: a backlog
 *   that waited for a slow forwarder must not eat the retry budget of its records.
 * - `max_attempts` is a safety net (a clock that jumps back, receives that never end in an
 *   attempt): the config refuses a value the schedule could reach before `max_age`.
 * - Delays use exponential backoff with **equal jitter**: half the ceiling
 *   `min(cap, base * 2^(attempt-1))` fixed plus half drawn at random. Full jitter let five
 *   attempts fall within a few seconds (a 4 s outage dead-lettered records); equal jitter keeps
 *   every delay at least half its ceiling, so the schedule has a known shortest duration and
 *   the safety net can be computed from it, while the random half still spreads a burst that
 *   failed together. Decorrelated jitter would need the previous delay, which SQS cannot store
 *   on a message; equal jitter needs only the attempt number, which every queue counts.
 * - A `Retry-After` is honoured up to `maxRetryAfterMs` (the delay is the larger of the two).
 * - The next attempt never falls after `max_age`: a delay that would cross it is shortened to
 *   end there, but not below the schedule's shortest delay for the attempt; when even that, or
 *   the wait `Retry-After` asks for, does not fit, the record is dead-lettered now (`max_age`).
 *
 * @example
 * ```ts
 * const policy = new RetryPolicy({ retry: { base: 1000, cap: 3_600_000, max_age: 86_400_000, max_attempts: 60 }, deadLetterOn4xx: false });
 * policy.decide({ failure: { class: 'network', message: 'ECONNREFUSED' }, attempt: 1, firstAttemptAt: 0, now: 10 });
 * // { action: 'retry', delayMs: 500 … 1000 }
 * ```
 */
export class RetryPolicy {
  readonly #retry: RetrySettings;
  readonly #deadLetterOn4xx: boolean;
  readonly #maxRetryAfterMs: number;
  readonly #random: () => number;

  constructor(options: RetryPolicyOptions) {
    this.#retry = options.retry;
    this.#deadLetterOn4xx = options.deadLetterOn4xx;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.#random = options.random ?? Math.random;
  }

  /** The settings the policy applies. */
  get retry(): RetrySettings {
    return this.#retry;
  }

  /**
   * Decides the fate of a record after its `attempt`-th delivery failed.
   *
   * @example
   * ```ts
   * policy.decide({ failure, attempt: message.receiveCount, firstAttemptAt: message.firstReceivedAt, now: Date.now() });
   * ```
   */
  decide(attempt: FailedAttempt): RetryDecision {
    const { failure } = attempt;
    if (failure.class === 'abort_message') return deadLetter('abort_message');
    if (failure.class === 'malformed') return deadLetter('malformed');
    if (failure.class === 'client_error' && this.#deadLetterOn4xx) return deadLetter('client_error');
    const deadline = attempt.firstAttemptAt + this.#retry.max_age;
    const remaining = deadline - attempt.now;
    if (remaining <= 0) return deadLetter('max_age');
    if (attempt.attempt >= this.#retry.max_attempts) return deadLetter('max_attempts');
    const jittered = this.backoff(attempt.attempt);
    const asked = failure.retryAfterMs === undefined ? 0 : Math.min(failure.retryAfterMs, this.#maxRetryAfterMs);
    const delayMs = Math.max(jittered, asked);
    if (delayMs <= remaining) return { action: 'retry', delayMs };
    // A last attempt at max_age, when the destination did not ask for longer and the schedule's
    // shortest delay still fits: the budget is used up to its end, never past it.
    if (asked <= remaining && minimumBackoff(attempt.attempt, this.#retry) <= remaining) return { action: 'retry', delayMs: remaining };
    return deadLetter('max_age');
  }

  /**
   * The jittered delay after the `attempt`-th failure, ignoring `Retry-After` and `max_age`:
   * `ceiling / 2 + random() * ceiling / 2` (equal jitter).
   *
   * @example
   * ```ts
   * policy.backoff(3); // 2000 … 4000 with base 1 s
   * ```
   */
  backoff(attempt: number): number {
    const ceiling = backoffCeiling(attempt, this.#retry);
    const half = Math.floor(ceiling / 2);
    return half + Math.round(this.#random() * (ceiling - half));
  }
}

function deadLetter(reason: DeadLetterReason): RetryDecision {
  return { action: 'dead_letter', reason };
}
