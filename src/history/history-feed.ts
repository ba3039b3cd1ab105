import { setTimeout as sleep } from 'node:timers/promises';
import { matchesFilter } from './history-match.js';
import type { HistoryStore } from './history-store.js';
import type { HistoryChange, HistoryFilter } from './types.js';

export { matchesFilter } from './history-match.js';
export type { HistoryChange } from './types.js';

/** How many changes one read takes: a backlog is read in pages, without waiting between them. */
const PAGE = 500;

export interface FollowOptions {
  /** Yield the changes after this sequence number. @default the store's latest: from now on */
  readonly fromSeq?: number;
  /** Only entries that pass it (see {@link matchesFilter}; `text` is not applied). */
  readonly filter?: HistoryFilter;
  /** How long to wait after a read that found nothing new. @default 250 ms */
  readonly intervalMs?: number;
  /** Ends the iteration (without an error) when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * The history's changes as they are written: each entry inserted or updated (a record's first
 * delivery attempt, then each later one), in the order of the writes, forever or until `signal`
 * aborts. The history lives in SQLite, which has no notifications across processes, so the feed
 * polls `changesSince` every `intervalMs` (a read of an index, cheap enough for a terminal or a
 * dashboard); a backlog is read page after page without waiting. Works on a read-only store, so
 * `sluice tail` follows a history that another process writes.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * for await (const change of followHistory(store, { filter: { status: { class: 5 } }, signal: controller.signal })) {
 *   console.log(change.seq, change.summary.path, change.summary.state);
 * }
 * ```
 */
export async function* followHistory(store: HistoryStore, options: FollowOptions = {}): AsyncGenerator<HistoryChange, void, undefined> {
  const { filter, signal } = options;
  const intervalMs = options.intervalMs ?? 250;
  // A function, not a property read: TypeScript would narrow `signal.aborted` to false for good.
  const aborted = (): boolean => signal?.aborted === true;
  let seq = options.fromSeq ?? store.latestSeq();
  while (!aborted()) {
    const changes = store.changesSince(seq, PAGE);
    for (const change of changes) {
      seq = change.seq;
      if (filter === undefined || matchesFilter(change.summary, filter)) yield change;
      if (aborted()) return;
    }
    if (changes.length === PAGE) continue;
    try {
      await sleep(intervalMs, undefined, signal === undefined ? {} : { signal });
    } catch (error) {
      if (aborted()) return;
      throw error;
    }
  }
}
