/** The columns a history entry keeps beside its record, read from the record (SPEC §1). */
export interface HistoryFields {
  /** The capture's time (`timestamp`), epoch milliseconds; undefined when absent or not a date. */
  readonly time: number | undefined;
  readonly route: string | null;
  /** Upper-case. */
  readonly method: string | null;
  /** The record's `endpoint`: the path without the query. */
  readonly path: string | null;
  readonly status: number | null;
  /** The exchange's `duration_ms`: from the request's arrival to the response's end. */
  readonly durationMs: number | null;
}

const NONE: HistoryFields = { time: undefined, route: null, method: null, path: null, status: null, durationMs: null };

/**
 * Reads the fields a history entry is listed and filtered by from a delivered record's JSON.
 * A record that is not a JSON object (it cannot be, the forwarder rendered or parsed it, but
 * the history must never fail a batch) has none. Parsed here rather than with SQLite's
 * `json_extract`, which read the text once per field and cost more than the rest of the
 * entry's write.
 *
 * @example
 * ```ts
 * historyFields('{"timestamp":"2026-01-08T12:00:00.000Z","route":"users","method":"get","endpoint":"/users","status":200}');
 * // { time: 1767873600000, route: 'users', method: 'GET', path: '/users', status: 200, durationMs: null }
 * ```
 * @internal
 */
export function historyFields(json: string): HistoryFields {
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    return NONE;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return NONE;
  const { timestamp, route, method, endpoint, status, duration_ms: duration } = record as Record<string, unknown>;
  const time = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return {
    time: Number.isFinite(time) ? time : undefined,
    route: typeof route === 'string' ? route : null,
    method: typeof method === 'string' ? method.toUpperCase() : null,
    path: typeof endpoint === 'string' ? endpoint : null,
    status: Number.isInteger(status) ? (status as number) : null,
    durationMs: typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? duration : null,
  };
}
