import { errorCode, QueueFullError } from '../core/errors.js';

/** Why a capture could not be committed, as the metrics label it and `/healthz` reports it. */
export type CaptureFailureReason = 'queue_full' | 'disk_full' | 'commit_failed';

/** What `/healthz` reports about captures. */
export interface CaptureHealthState {
  /** A capture failed within the hold window. */
  readonly degraded: boolean;
  readonly reason?: CaptureFailureReason;
  /** The last failure's error code (e.g. `SLUICE_QUEUE_FULL`) and message. */
  readonly code?: string;
  readonly message?: string;
  /** Failures since captures began failing (the count restarts once they are healthy again). */
  readonly failures?: number;
  readonly last_failure_at?: string;
}

/**
 * Classifies a capture failure: the queue's limit (`queue.max_size`), a full disk (the queue's
 * headroom reached, SQLITE_FULL, ENOSPC), or any other commit failure.
 *
 * @example
 * ```ts
 * captureFailureReason(new QueueFullError('max_size', 'full')); // 'queue_full'
 * ```
 */
export function captureFailureReason(error: unknown): CaptureFailureReason {
  if (error instanceof QueueFullError) return error.reason === 'max_size' ? 'queue_full' : 'disk_full';
  return 'commit_failed';
}

/**
 * The gateway's memory of capture failures, read by `/healthz`: degraded from a failure until
 * `holdMs` (60 s) passed without another. A window rather than "until the next capture
 * succeeds": when only some captures fail, health would flap between two scrapes and an alert
 * could miss it; a minute is longer than any usual scrape or probe interval, so every failure
 * is seen, and health returns by itself once captures are committed again.
 *
 * @example
 * ```ts
 * const health = new CaptureHealth();
 * health.failed(error);
 * health.state().degraded; // true for the next 60 s
 * ```
 */
export class CaptureHealth {
  readonly #holdMs: number;
  readonly #now: () => number;
  #lastAt = Number.NEGATIVE_INFINITY;
  #last: { reason: CaptureFailureReason; code: string; message: string } | undefined;
  #failures = 0;

  constructor(options: { holdMs?: number; now?: () => number } = {}) {
    this.#holdMs = options.holdMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Records a failure; returns its reason. */
  failed(error: unknown): CaptureFailureReason {
    const now = this.#now();
    if (now - this.#lastAt > this.#holdMs) this.#failures = 0;
    const reason = captureFailureReason(error);
    this.#lastAt = now;
    this.#failures += 1;
    this.#last = {
      reason,
      code: codeOf(error),
      message: error instanceof Error ? error.message : String(error),
    };
    return reason;
  }

  state(): CaptureHealthState {
    const last = this.#last;
    if (last === undefined || this.#now() - this.#lastAt > this.#holdMs) return { degraded: false };
    return { degraded: true, ...last, failures: this.#failures, last_failure_at: new Date(this.#lastAt).toISOString() };
  }
}

function codeOf(error: unknown): string {
  return errorCode(error) ?? 'SLUICE_CAPTURE_FAILED';
}
