import { InvalidArgumentError, ReplayBusyError } from '../core/errors.js';
import type { HistoryAccess } from './history-access.js';
import { historyQuery, MAX_PAGE } from './history-params.js';
import { parseReplayRate, parseReplayTarget, replay, type ReplayOptions, type ReplaySummary } from '../replay/index.js';

/** The filter keys `POST /api/replay` accepts: those of `/api/history`, by the same names. */
const FILTER_KEYS = ['since', 'until', 'route', 'method', 'status', 'path', 'state', 'q'] as const;

/**
 * A replay started from the dashboard runs inside one HTTP request, so it is bounded: the
 * newest {@link MAX_PAGE} matches at most, and by default a fixed rate rather than the
 * original pace (which could keep the request open for as long as the recording lasted).
 */
const DEFAULT_RATE = '20/s';

export interface ReplayServiceOptions {
  /** Passed to every replay (tests give a dispatcher or a clock). */
  readonly engine?: Pick<ReplayOptions, 'dispatcher' | 'clock' | 'timeoutMs'>;
  readonly now?: () => number;
}

/**
 * `POST /api/replay` (issue 14 §3): `{ "to": URL, "ids": [...] | "filter": {...}, "rate", "dryRun" }`
 * read from the history and sent with the replay engine, one replay at a time per process
 * (a second is refused while one runs, rather than doubling the load on the target).
 *
 * @example
 * ```ts
 * const replayFromDashboard = replayService(history);
 * await replayFromDashboard({ to: 'http://127.0.0.1:3000', ids: ['01J…'] }, signal);
 * ```
 */
export function replayService(history: HistoryAccess, options: ReplayServiceOptions = {}) {
  let running = false;
  return async (body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<ReplaySummary> => {
    const request = readReplayRequest(body, (options.now ?? Date.now)());
    if (running) throw new ReplayBusyError();
    const store = history.store();
    const empty: ReplaySummary = { total: 0, sent: 0, failed: 0, statusChanged: 0, bodyChanged: 0, redacted: 0, dryRun: request.dryRun === true, results: [] };
    if (store === undefined) return empty;
    running = true;
    try {
      return await replay(store, { ...options.engine, ...request, ...(signal !== undefined && { signal }) });
    } finally {
      running = false;
    }
  };
}

/**
 * Checks a `POST /api/replay` body.
 *
 * @throws InvalidArgumentError (400) naming the field that cannot be read.
 */
export function readReplayRequest(body: Readonly<Record<string, unknown>>, now: number): ReplayOptions {
  const to = parseReplayTarget(body.to);
  const dryRun = body.dryRun === undefined ? false : body.dryRun;
  if (typeof dryRun !== 'boolean') throw new InvalidArgumentError('dryRun: expected true or false');
  const rateText = body.rate === undefined || body.rate === '' ? DEFAULT_RATE : body.rate;
  if (typeof rateText !== 'string') throw new InvalidArgumentError('rate: expected a string such as "2x" or "100/s"');
  const rate = parseReplayRate(rateText);
  if (body.ids !== undefined) {
    if (body.filter !== undefined) throw new InvalidArgumentError('give either ids or filter, not both');
    if (!Array.isArray(body.ids) || body.ids.length === 0 || !body.ids.every((id) => typeof id === 'string' && id !== ''))
      throw new InvalidArgumentError('ids: expected a non-empty array of history ids');
    if (body.ids.length > MAX_PAGE) throw new InvalidArgumentError(`ids: at most ${MAX_PAGE} in one replay, got ${body.ids.length}`);
    return { to, ids: body.ids as string[], rate, dryRun };
  }
  return { to, filter: readFilter(body.filter, now), limit: MAX_PAGE, rate, dryRun };
}

function readFilter(value: unknown, now: number) {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidArgumentError('filter: expected an object such as { "route": "users", "status": "5xx" }');
  const params = new URLSearchParams();
  for (const [key, field] of Object.entries(value)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) throw new InvalidArgumentError(`filter.${key}: unknown; expected one of ${FILTER_KEYS.join(', ')}`);
    if (typeof field !== 'string') throw new InvalidArgumentError(`filter.${key}: expected a string`);
    params.set(key, field);
  }
  return historyQuery(params, now).filter;
}
