import type { HistoryStore } from '../history/history-store.js';
import type { HistoryChangeEvent, HistoryChanges } from './event-stream.js';

/** How many of the newest entries each read looks at. */
const WINDOW = 200;

/**
 * The history's changes read from `HistoryStore.list`: the newest entries whose last attempt
 * ended after the position, the position being that time in epoch milliseconds. Good enough
 * for a live view of recent traffic; an entry older than the newest {@link WINDOW} that changes
 * state is not seen, and two changes in one millisecond on either side of a read can be
 * missed. A store that numbers its changes (`changesSince`) is used as it is.
 *
 * @example
 * ```ts
 * const events = new EventStream(() => historyChanges(store));
 * ```
 */
export function historyChanges(store: HistoryStore | undefined): HistoryChanges | undefined {
  if (store === undefined) return undefined;
  const numbered: unknown = store;
  if (typeof numbered === 'object' && numbered !== null && 'changesSince' in numbered && 'latestSeq' in numbered) return numbered as HistoryChanges;
  return {
    changesSince(seq: number, limit = WINDOW): HistoryChangeEvent[] {
      return store
        .list({}, { limit: WINDOW })
        .entries.filter((summary) => summary.updatedAt > seq)
        .sort((a, b) => a.updatedAt - b.updatedAt)
        .slice(0, limit)
        .map((summary) => ({ seq: summary.updatedAt, summary }));
    },
    backlogStart(count: number): number {
      const times = store
        .list({}, { limit: WINDOW })
        .entries.map((summary) => summary.updatedAt)
        .sort((a, b) => b - a);
      return count === 0 ? (times[0] ?? 0) : (times[count] ?? 0);
    },
    latestSeq(): number {
      return store.list({}, { limit: WINDOW }).entries.reduce((latest, summary) => Math.max(latest, summary.updatedAt), 0);
    },
  };
}
