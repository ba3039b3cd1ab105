import { InvalidArgumentError } from '../core/errors.js';
import type { HistoryStore } from '../history/history-store.js';
import type { HistoryFilter, HistorySummary } from '../history/types.js';

/** Entries read per page while selecting. */
const PAGE = 1000;

/**
 * The entries a replay sends, in capture order (oldest first). By `ids`: exactly those; by
 * `filter`: every match, or the newest `limit` of them. Only summaries are held (a few hundred
 * bytes each); each record is read when its turn comes.
 *
 * @throws InvalidArgumentError when an id is not in the history, or `limit` is not a positive whole number.
 * @example
 * ```ts
 * const entries = selectEntries(store, { filter: { route: 'users' }, limit: 100 });
 * ```
 */
export function selectEntries(
  store: HistoryStore,
  selection: { readonly filter?: HistoryFilter; readonly ids?: readonly string[]; readonly limit?: number },
): HistorySummary[] {
  const { limit } = selection;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new InvalidArgumentError(`limit must be a positive whole number, got ${limit}`);
  if (selection.ids !== undefined) {
    const entries = selection.ids.map((id) => {
      const entry = store.get(id);
      if (entry === undefined) throw new InvalidArgumentError(`no history entry with id ${id}`);
      const { record: _record, attemptLog: _attempts, ...summary } = entry;
      return summary;
    });
    return byCaptureOrder(entries).slice(limit === undefined ? 0 : -limit);
  }
  const newestFirst: HistorySummary[] = [];
  let cursor: string | undefined;
  do {
    const wanted = limit === undefined ? PAGE : Math.min(PAGE, limit - newestFirst.length);
    const page = store.list(selection.filter ?? {}, { limit: wanted, ...(cursor !== undefined && { cursor }) });
    newestFirst.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor !== undefined && (limit === undefined || newestFirst.length < limit));
  return newestFirst.reverse();
}

/** Oldest first; ids (UUIDv7, time-ordered) break ties between entries captured in the same millisecond. */
function byCaptureOrder(entries: HistorySummary[]): HistorySummary[] {
  return entries.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
