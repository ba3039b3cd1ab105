import { InvalidArgumentError } from '../core/errors.js';
import type { StatusFilter } from '../history/types.js';
import type { DeadLetterPosition } from '../queue/types.js';
import type { DeadLetterView } from './dead-letter-view.js';
import { exchangeFilterParams, paramValue, parseLimit } from './history-params.js';

/**
 * Which dead letters a list, redrive or purge covers; every field narrows. The words are the
 * history filter's (`since, until, route, method, status, path`), read against a dead letter.
 */
export interface DeadLetterFilter {
  /** Dead-lettered at or after, epoch milliseconds. */
  readonly since?: number;
  /** Dead-lettered before, epoch milliseconds. */
  readonly until?: number;
  readonly route?: string;
  /** Compared without regard to case. */
  readonly method?: string;
  /** The destination's status on the last attempt (a letter without one never matches). */
  readonly status?: StatusFilter;
  /** The request's path starts with this. */
  readonly pathPrefix?: string;
  /** Text in the last error or the reason, without regard to case. */
  readonly error?: string;
}

/** The query-string names of a {@link DeadLetterFilter}, as `/api/dlq` and the action bodies take them. */
export const DEAD_LETTER_FILTER_PARAMS = ['since', 'until', 'route', 'method', 'status', 'path', 'error'] as const;

/** A dead-letter listing as `/api/dlq` reads it from its query string. */
export interface DeadLetterQuery {
  readonly filter: DeadLetterFilter;
  readonly limit: number;
  readonly cursor?: DeadLetterPosition;
}

/**
 * Reads the filter (`since, until, route, method, status, path, error`) from a query string, in
 * the history's vocabulary: times are ISO 8601, epoch milliseconds or an age (`15m`); `status` a
 * class (`5xx`) or a code.
 *
 * @throws InvalidArgumentError (400) naming the parameter that cannot be read.
 * @example
 * ```ts
 * deadLetterFilter(new URLSearchParams('route=users&status=5xx'), Date.now()); // { route: 'users', status: { class: 5 } }
 * ```
 */
export function deadLetterFilter(params: URLSearchParams, now: number): DeadLetterFilter {
  const error = paramValue(params, 'error');
  return { ...exchangeFilterParams(params, now), ...(error !== undefined && { error }) };
}

/**
 * Reads a whole `/api/dlq` query: the filter, `limit` (1 to 1000, default 100) and `cursor`.
 *
 * @throws InvalidArgumentError (400) naming the parameter that cannot be read.
 * @example
 * ```ts
 * deadLetterQuery(new URLSearchParams('path=/api/&limit=20'), Date.now()); // { filter: { pathPrefix: '/api/' }, limit: 20 }
 * ```
 */
export function deadLetterQuery(params: URLSearchParams, now: number): DeadLetterQuery {
  const cursor = params.get('cursor') ?? '';
  return {
    filter: deadLetterFilter(params, now),
    limit: parseLimit(params.get('limit') ?? undefined, 100),
    ...(cursor !== '' && { cursor: decodeCursor(cursor) }),
  };
}

/**
 * Whether a filter narrows anything: an empty one covers every letter.
 *
 * @example
 * ```ts
 * isEmptyFilter({}); // true
 * ```
 */
export function isEmptyFilter(filter: DeadLetterFilter): boolean {
  return Object.keys(filter).length === 0;
}

/**
 * Whether a dead letter (as {@link viewDeadLetter} reads it) is one the filter selects.
 *
 * @example
 * ```ts
 * matchesDeadLetter(viewDeadLetter(letter), { route: 'users', status: { class: 5 } });
 * ```
 */
export function matchesDeadLetter(view: DeadLetterView, filter: DeadLetterFilter): boolean {
  const at = Date.parse(view.dead_lettered_at);
  if (filter.since !== undefined && at < filter.since) return false;
  if (filter.until !== undefined && at >= filter.until) return false;
  if (filter.route !== undefined && view.route !== filter.route) return false;
  if (filter.method !== undefined && view.method?.toUpperCase() !== filter.method.toUpperCase()) return false;
  if (filter.pathPrefix !== undefined && !(view.endpoint ?? '').startsWith(filter.pathPrefix)) return false;
  if (filter.status !== undefined) {
    const status = view.last_status;
    if (status === null) return false;
    if ('exact' in filter.status ? status !== filter.status.exact : Math.floor(status / 100) !== filter.status.class) return false;
  }
  if (filter.error !== undefined) {
    const words = filter.error.toLowerCase();
    if (![view.last_error, view.reason].some((text) => text?.toLowerCase().includes(words))) return false;
  }
  return true;
}

/**
 * A page cursor: the place of the page's last letter, opaque to clients. A place (not an id)
 * stays valid when that letter is redriven or purged before the next page is read.
 *
 * @example
 * ```ts
 * decodeCursor(encodeCursor({ deadLetteredAt: 1, id: 'a' })); // { deadLetteredAt: 1, id: 'a' }
 * ```
 */
export function encodeCursor(position: DeadLetterPosition): string {
  return Buffer.from(JSON.stringify([position.deadLetteredAt, position.id])).toString('base64url');
}

/**
 * Reads a cursor {@link encodeCursor} wrote.
 *
 * @throws InvalidArgumentError (400) for anything else.
 * @example
 * ```ts
 * decodeCursor('WzEsImEiXQ'); // { deadLetteredAt: 1, id: 'a' }
 * ```
 */
export function decodeCursor(text: string): DeadLetterPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string' && value[1] !== '') {
      return { deadLetteredAt: value[0] as number, id: value[1] };
    }
  } catch {
    // Reported below, as for any other shape.
  }
  throw new InvalidArgumentError('cursor: expected the next_cursor of a previous page');
}
