import type { HistoryFilter } from './types.js';

/** A `WHERE` clause and its named parameters. */
export interface SqlCondition {
  readonly sql: string;
  readonly params: Record<string, string | number>;
}

/** Where a page starts: the last entry of the previous one. */
export interface HistoryCursor {
  readonly time: number;
  readonly seq: number;
}

/**
 * Turns a filter into a `WHERE` clause over `history_entries` with bound parameters only (no
 * user text is ever spliced into SQL). Free text becomes an FTS5 query of quoted words, all
 * required, so punctuation in what a user types is searched for, never parsed as FTS syntax.
 *
 * @example
 * ```ts
 * const { sql, params } = filterCondition({ route: 'users', status: { class: 5 } });
 * db.prepare(`SELECT id FROM history_entries WHERE ${sql}`).all(params);
 * ```
 * @internal
 */
export function filterCondition(filter: HistoryFilter, cursor?: HistoryCursor): SqlCondition {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.since !== undefined) {
    clauses.push('time >= @since');
    params.since = filter.since;
  }
  if (filter.until !== undefined) {
    clauses.push('time < @until');
    params.until = filter.until;
  }
  if (filter.route !== undefined) {
    clauses.push('route = @route');
    params.route = filter.route;
  }
  if (filter.method !== undefined) {
    clauses.push('method = @method');
    params.method = filter.method.toUpperCase();
  }
  if (filter.status !== undefined) {
    if ('class' in filter.status) {
      clauses.push('status BETWEEN @statusLow AND @statusHigh');
      params.statusLow = filter.status.class * 100;
      params.statusHigh = filter.status.class * 100 + 99;
    } else {
      clauses.push('status = @status');
      params.status = filter.status.exact;
    }
  }
  if (filter.pathPrefix !== undefined) {
    // substr, not LIKE: a prefix holding % or _ means itself.
    clauses.push('substr(path, 1, length(@pathPrefix)) = @pathPrefix');
    params.pathPrefix = filter.pathPrefix;
  }
  if (filter.state !== undefined) {
    clauses.push('state = @state');
    params.state = filter.state;
  }
  const text = filter.text === undefined ? '' : ftsQuery(filter.text);
  if (text !== '') {
    clauses.push('seq IN (SELECT rowid FROM history_text WHERE history_text MATCH @text)');
    params.text = text;
  }
  if (cursor !== undefined) {
    clauses.push('(time < @cursorTime OR (time = @cursorTime AND seq < @cursorSeq))');
    params.cursorTime = cursor.time;
    params.cursorSeq = cursor.seq;
  }
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params };
}

/**
 * Free text as an FTS5 query: each whitespace-separated word quoted (FTS5 then splits it into
 * tokens as it indexed them, so `user@example.com` finds that phrase), all words required.
 *
 * @example
 * ```ts
 * ftsQuery('morpheus "leader"'); // '"morpheus" """leader"""'
 * ```
 * @internal
 */
export function ftsQuery(text: string): string {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => `"${word.replaceAll('"', '""')}"`)
    .join(' ');
}

/**
 * A cursor as the opaque text handed to users (`1767268800000.42`).
 *
 * @example
 * ```ts
 * decodeCursor(encodeCursor({ time: 1, seq: 2 })); // { time: 1, seq: 2 }
 * ```
 */
export function encodeCursor(cursor: HistoryCursor): string {
  return `${cursor.time}.${cursor.seq}`;
}

/**
 * Reads a cursor made by {@link encodeCursor}; undefined when it is not one.
 *
 * @example
 * ```ts
 * decodeCursor('nonsense'); // undefined
 * ```
 */
export function decodeCursor(text: string): HistoryCursor | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (match === null) return undefined;
  return { time: Number(match[1]), seq: Number(match[2]) };
}
