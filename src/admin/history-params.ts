import { InvalidArgumentError } from '../core/errors.js';
import { parseDuration } from '../core/units.js';
import { HISTORY_STATES } from '../history/types.js';
import type { ExchangeFilter, HistoryFilter, HistoryState, StatusFilter } from '../history/types.js';

/** The most entries one page of `/api/history` returns. */
export const MAX_PAGE = 1000;

/** A history query as `/api/history` reads it from its query string. */
export interface HistoryQuery {
  readonly filter: HistoryFilter;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Reads `since, until, route, method, status, path, state, q, cursor, limit` (the filters of
 * `sluice history list`, `q` the free text) from a query string. Times are ISO 8601, epoch
 * milliseconds or an age (`15m`); `status` a class (`5xx`) or a code.
 *
 * @throws InvalidArgumentError (400) naming the parameter that cannot be read.
 * @example
 * ```ts
 * historyQuery(new URLSearchParams('status=5xx&since=1h&limit=20'), Date.now());
 * // { filter: { status: { class: 5 }, since: … }, limit: 20 }
 * ```
 */
export function historyQuery(params: URLSearchParams, now: number): HistoryQuery {
  const value = (name: string): string | undefined => paramValue(params, name);
  const state = value('state');
  const text = value('q');
  const cursor = value('cursor');
  const filter: HistoryFilter = {
    ...exchangeFilterParams(params, now),
    ...(state !== undefined && { state: parseState(state) }),
    ...(text !== undefined && { text }),
  };
  return { filter, limit: parseLimit(value('limit'), 50), ...(cursor !== undefined && { cursor }) };
}

/**
 * Reads `since, until, route, method, status, path` from a query string: the words the history
 * and the dead-letter filters share. Times are ISO 8601, epoch milliseconds or an age (`15m`);
 * `status` a class (`5xx`) or a code.
 *
 * @throws InvalidArgumentError (400) naming the parameter that cannot be read.
 * @example
 * ```ts
 * exchangeFilterParams(new URLSearchParams('route=users&status=5xx'), Date.now()); // { route: 'users', status: { class: 5 } }
 * ```
 */
export function exchangeFilterParams(params: URLSearchParams, now: number): ExchangeFilter {
  const since = paramValue(params, 'since');
  const until = paramValue(params, 'until');
  const route = paramValue(params, 'route');
  const method = paramValue(params, 'method');
  const status = paramValue(params, 'status');
  const path = paramValue(params, 'path');
  return {
    ...(since !== undefined && { since: parseWhen('since', since, now) }),
    ...(until !== undefined && { until: parseWhen('until', until, now) }),
    ...(route !== undefined && { route }),
    ...(method !== undefined && { method }),
    ...(status !== undefined && { status: parseStatus(status) }),
    ...(path !== undefined && { pathPrefix: path }),
  };
}

/** A parameter's trimmed value; undefined when absent or blank. */
export function paramValue(params: URLSearchParams, name: string): string | undefined {
  const text = params.get(name)?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/**
 * A whole number from 1 to {@link MAX_PAGE}, or `fallback` when absent.
 *
 * @throws InvalidArgumentError otherwise.
 * @example
 * ```ts
 * parseLimit('20', 50); // 20
 * ```
 */
export function parseLimit(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new InvalidArgumentError(`limit: expected a whole number from 1 to ${MAX_PAGE}, got ${text}`);
  return limit;
}

/**
 * A status filter: a class (`5xx`) or a code (`404`). Shared with the dead-letter filter.
 *
 * @throws InvalidArgumentError otherwise.
 * @example
 * ```ts
 * parseStatus('5xx'); // { class: 5 }
 * ```
 */
export function parseStatus(text: string): StatusFilter {
  const match = /^([1-5])xx$/i.exec(text);
  if (match !== null) return { class: Number(match[1]) as 1 | 2 | 3 | 4 | 5 };
  const exact = Number(text);
  if (Number.isInteger(exact) && exact >= 100 && exact <= 599) return { exact };
  throw new InvalidArgumentError(`status: expected a class such as 5xx or a code such as 404, got ${text}`);
}

function parseState(text: string): HistoryState {
  const state = HISTORY_STATES.find((candidate) => candidate === text);
  if (state === undefined) throw new InvalidArgumentError(`state: expected one of ${HISTORY_STATES.join(', ')}, got ${text}`);
  return state;
}

/**
 * An age (`15m`: that long ago), epoch milliseconds, or a time with a date. Shared with the
 * dead-letter filter.
 *
 * @throws InvalidArgumentError naming `name` otherwise.
 * @example
 * ```ts
 * parseWhen('since', '2h', Date.now()); // two hours ago, epoch milliseconds
 * ```
 */
export function parseWhen(name: string, text: string, now: number): number {
  if (/^\d{12,}$/.test(text)) return Number(text);
  if (/^\d/.test(text) && !/^\d{4}-/.test(text)) {
    const age = parseDuration(text);
    if (age !== undefined) return now - age;
  }
  const time = Date.parse(text);
  if (!Number.isNaN(time)) return time;
  throw new InvalidArgumentError(`${name}: expected a time such as 2026-01-01T12:00:00Z or an age such as 2h, got ${text}`);
}
