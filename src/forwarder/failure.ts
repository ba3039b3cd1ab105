import { STATUS_CODES } from 'node:http';
import { errorCode, isTimeout } from '../core/errors.js';

/**
 * Why a delivery attempt failed. These are the `class` label of the failure metric and what
 * `sluice dlq show` prints, so they are stable names.
 */
export type FailureClass =
  /** Connection refused or reset, DNS, TLS: the destination could not be reached. */
  | 'network'
  /** No answer within the configured timeout (connect, headers or body). */
  | 'timeout'
  /** HTTP 408. */
  | 'request_timeout'
  /** HTTP 429. */
  | 'throttled'
  /** HTTP 5xx. */
  | 'server_error'
  /** Any other HTTP 4xx. */
  | 'client_error'
  /** 1xx or 3xx: redirects are not followed. */
  | 'unexpected_status'
  /** The destination answered `webhook-delivery: abort-message`. */
  | 'abort_message'
  /** The queued payload could not be rendered into a record. */
  | 'malformed';

/** One failed attempt, as the forwarder sees it. */
export interface DeliveryFailure {
  readonly class: FailureClass;
  /** The HTTP status, when the destination answered. */
  readonly status?: number;
  /** A short description (never the response body). */
  readonly message: string;
  /** The wait the destination asked for in `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;
}

/** Why a message went to the dead-letter queue. */
export type DeadLetterReason =
  /** Still failing `destination.retry.max_age` after the first attempt. */
  | 'max_age'
  /** The safety net, `destination.retry.max_attempts` (or the queue's `max_receive_count`). */
  | 'max_attempts'
  | 'abort_message'
  | 'client_error'
  | 'malformed';

/**
 * What the forwarder stores as a message's `lastError` (a JSON string): enough for
 * `sluice dlq show` to print attempts, the last status and error, and when it happened.
 */
export interface FailureNote {
  readonly class: FailureClass;
  readonly status: number | null;
  readonly error: string;
  /** The attempt that failed (1 = first). */
  readonly attempt: number;
  /** When it failed, epoch milliseconds. */
  readonly at: number;
  /** Set when this failure sent the message to the dead-letter queue. */
  readonly dead_letter?: DeadLetterReason;
}

const MAX_MESSAGE_LENGTH = 300;

/**
 * The failure an HTTP answer other than 2xx represents.
 *
 * @example
 * ```ts
 * classifyStatus(503).class; // 'server_error'
 * classifyStatus(404).message; // 'HTTP 404 Not Found'
 * ```
 */
export function classifyStatus(status: number, retryAfterMs?: number): DeliveryFailure {
  const message = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
  const base = { status, message, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  if (status === 408) return { class: 'request_timeout', ...base };
  if (status === 429) return { class: 'throttled', ...base };
  if (status >= 500 && status <= 599) return { class: 'server_error', ...base };
  if (status >= 400 && status <= 499) return { class: 'client_error', ...base };
  return { class: 'unexpected_status', ...base };
}

/**
 * The failure a thrown request error represents: a timeout or a network error. Errors are
 * normalised here, at the boundary with undici, with the timeout table every target uses
 * ({@link isTimeout}).
 *
 * @example
 * ```ts
 * classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })).class; // 'network'
 * ```
 */
export function classifyError(error: unknown): DeliveryFailure {
  const code = errorCode(error);
  const text = error instanceof Error ? error.message : String(error);
  const message = truncate(code && !text.includes(code) ? `${code}: ${text}` : text);
  if (isTimeout(error)) return { class: 'timeout', message };
  return { class: 'network', message };
}

/**
 * Serialises a failure for `QueueMessage.lastError` / `DeadLetter.lastError`.
 *
 * @example
 * ```ts
 * const text = formatFailureNote({ class: 'server_error', status: 503, message: 'HTTP 503' }, 2, Date.now());
 * parseFailureNote(text)?.attempt; // 2
 * ```
 */
export function formatFailureNote(failure: DeliveryFailure, attempt: number, at: number, deadLetter?: DeadLetterReason): string {
  const note: FailureNote = {
    class: failure.class,
    status: failure.status ?? null,
    error: failure.message,
    attempt,
    at,
    ...(deadLetter !== undefined && { dead_letter: deadLetter }),
  };
  return JSON.stringify(note);
}

/**
 * Reads a `lastError` written by {@link formatFailureNote}; `undefined` for anything else
 * (another producer's free text, or none), which callers then show as it is.
 *
 * @example
 * ```ts
 * parseFailureNote('{"class":"timeout","status":null,"error":"UND_ERR_HEADERS_TIMEOUT","attempt":5,"at":0}')?.class; // 'timeout'
 * parseFailureNote('disk full'); // undefined
 * ```
 */
export function parseFailureNote(text: string | null | undefined): FailureNote | undefined {
  if (!text || !text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as Partial<FailureNote>;
    if (typeof value.class !== 'string' || typeof value.error !== 'string' || typeof value.attempt !== 'number' || typeof value.at !== 'number') {
      return undefined;
    }
    return { ...value, status: typeof value.status === 'number' ? value.status : null } as FailureNote;
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}
