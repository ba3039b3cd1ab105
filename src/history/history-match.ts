import type { HistoryFilter, HistorySummary } from './types.js';

/**
 * Whether an entry's summary passes a filter, in memory: the twin of `filterCondition` (the SQL
 * the store runs) for entries already read, such as a change feed's. Every field narrows, with
 * the same meaning as in SQL: `since` inclusive, `until` exclusive, the method without regard to
 * case, the path by prefix. `text` is not checked (a summary holds no headers or bodies): a
 * caller that needs it searches the store.
 *
 * @example
 * ```ts
 * matchesFilter(change.summary, { route: 'users', status: { class: 5 } }); // true for a 503 on users
 * ```
 */
export function matchesFilter(summary: HistorySummary, filter: HistoryFilter): boolean {
  if (filter.since !== undefined && summary.time < filter.since) return false;
  if (filter.until !== undefined && summary.time >= filter.until) return false;
  if (filter.route !== undefined && summary.route !== filter.route) return false;
  if (filter.method !== undefined && summary.method?.toUpperCase() !== filter.method.toUpperCase()) return false;
  if (filter.status !== undefined) {
    if (summary.status === null) return false;
    if ('class' in filter.status) {
      if (Math.floor(summary.status / 100) !== filter.status.class) return false;
    } else if (summary.status !== filter.status.exact) {
      return false;
    }
  }
  if (filter.pathPrefix !== undefined && (summary.path === null || !summary.path.startsWith(filter.pathPrefix))) return false;
  if (filter.state !== undefined && summary.state !== filter.state) return false;
  return true;
}
