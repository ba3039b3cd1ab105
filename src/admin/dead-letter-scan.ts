import { setImmediate as nextTurn } from 'node:timers/promises';
import { MAX_DEAD_LETTER_PAGE } from '../queue/validation.js';
import type { DeadLetter, DeadLetterPosition, DeadLetterQueue, Queue } from '../queue/types.js';
import { encodeCursor, isEmptyFilter, matchesDeadLetter, type DeadLetterFilter } from './dead-letter-filter.js';
import { viewDeadLetter, type DeadLetterView } from './dead-letter-view.js';

/**
 * Dead letters read per step of a walk over the whole queue. Each step is one short read, and
 * each redrive or purge step one call that the driver splits into its own short transactions
 * (the SQLite driver's chunks, split again on a full disk).
 */
export const SCAN_PAGE = 500;

/** One page of a filtered listing (`GET /api/dlq`, `sluice dlq list`). */
export interface DeadLetterListing {
  /** How many dead letters match the filter, over the whole queue. */
  readonly total: number;
  /** How many dead letters there are, matching or not. */
  readonly depth: number;
  readonly letters: readonly DeadLetterView[];
  /** Pass it back as `cursor` for the next page; absent on the last. */
  readonly next_cursor?: string;
  /** When the count was taken, epoch milliseconds: pass it to a redrive or purge so that it covers no letter that arrived later. */
  readonly as_of: number;
}

/**
 * The dead letters in order (dead-letter time, then id), a page per step, from after `from`.
 * It yields to the event loop between pages, so a walk over a large queue never holds it long.
 *
 * @example
 * ```ts
 * for await (const page of deadLetterPages(queue.dlq)) console.log(page.length);
 * ```
 */
export async function* deadLetterPages(dlq: DeadLetterQueue, from?: DeadLetterPosition): AsyncGenerator<DeadLetter[]> {
  let after = from;
  for (;;) {
    const page = await dlq.list({ limit: SCAN_PAGE, ...(after !== undefined && { after }) });
    if (page.length === 0) return;
    yield page;
    if (page.length < SCAN_PAGE) return;
    const last = page.at(-1)!;
    after = { deadLetteredAt: last.deadLetteredAt, id: last.id };
    await nextTurn();
  }
}

/**
 * A page of the dead letters that match `filter`, with how many match in all. Without a
 * filter it reads one page and the queue's depth; with one it reads every letter (a page at a
 * time) to count the matches.
 *
 * @example
 * ```ts
 * const { total, letters, next_cursor } = await listDeadLetters(queue, { status: { class: 5 } }, { limit: 50 });
 * ```
 */
export async function listDeadLetters(
  queue: Queue,
  filter: DeadLetterFilter,
  page: { limit: number; cursor?: DeadLetterPosition; asOf?: number },
): Promise<DeadLetterListing> {
  // The time the filter's ages (`since=1h`) were read at, so an action sent with `as_of` reads them alike.
  const asOf = page.asOf ?? Date.now();
  const { limit, cursor } = page;
  if (isEmptyFilter(filter)) {
    // One more than the page tells whether there is a next page (at the largest page, a full page says so).
    const ask = Math.min(limit + 1, MAX_DEAD_LETTER_PAGE);
    const [letters, stats] = await Promise.all([queue.dlq.list({ limit: ask, ...(cursor !== undefined && { after: cursor }) }), queue.stats()]);
    return shape(
      letters.slice(0, limit).map(viewDeadLetter),
      letters.length > limit || (ask === limit && letters.length === limit),
      stats.dlqDepth,
      stats.dlqDepth,
      asOf,
    );
  }
  const shown: DeadLetterView[] = [];
  let total = 0;
  let depth = 0;
  let more = false;
  for await (const letters of deadLetterPages(queue.dlq)) {
    depth += letters.length;
    for (const letter of letters) {
      const view = viewDeadLetter(letter);
      if (!matchesDeadLetter(view, filter)) continue;
      total += 1;
      if (cursor !== undefined && !isAfter(letter, cursor)) continue;
      if (shown.length < limit) shown.push(view);
      else more = true;
    }
  }
  return shape(shown, more, total, depth, asOf);
}

/** What a redrive or purge of every matching letter did. */
export interface MatchingActionResult {
  /** How many were moved (redrive) or deleted (purge). */
  readonly count: number;
  /** The bound the operation kept to: letters dead-lettered later were left alone. */
  readonly asOf: number;
}

/**
 * Redrives or purges every dead letter that matches `filter` and was dead-lettered at or before
 * `asOf` (default: now, when the operation starts). It walks the queue in order a page at a
 * time, acting on each page's matches before reading the next, so neither the event loop nor
 * the queue's write lock is held for long. The bound is the rule for letters that arrive
 * meanwhile: they are left for the next look even when they match, and so is a redriven letter
 * that fails again (it returns with a later time), so the walk always ends. A letter that
 * does not match is never touched.
 *
 * @example
 * ```ts
 * await applyToMatching(queue.dlq, 'redrive', { route: 'users' }); // { count: 12, asOf: … }
 * ```
 */
export async function applyToMatching(
  dlq: DeadLetterQueue,
  action: 'redrive' | 'purge',
  filter: DeadLetterFilter,
  options: { asOf?: number; onProgress?: (count: number) => void } = {},
): Promise<MatchingActionResult> {
  const asOf = options.asOf ?? Date.now();
  let count = 0;
  for await (const letters of deadLetterPages(dlq)) {
    const ids = letters.filter((letter) => letter.deadLetteredAt <= asOf && matchesDeadLetter(viewDeadLetter(letter), filter)).map((letter) => letter.id);
    if (ids.length > 0) {
      count += action === 'redrive' ? await dlq.redrive(ids) : await dlq.purge(ids);
      options.onProgress?.(count);
    }
    // The order is by time: every letter after this one arrived after the bound.
    if (letters.at(-1)!.deadLetteredAt > asOf) break;
  }
  return { count, asOf };
}

function isAfter(letter: DeadLetter, position: DeadLetterPosition): boolean {
  return letter.deadLetteredAt > position.deadLetteredAt || (letter.deadLetteredAt === position.deadLetteredAt && letter.id > position.id);
}

function shape(letters: DeadLetterView[], more: boolean, total: number, depth: number, asOf: number): DeadLetterListing {
  const last = letters.at(-1);
  return {
    total,
    depth,
    letters,
    ...(more && last !== undefined && { next_cursor: encodeCursor({ deadLetteredAt: Date.parse(last.dead_lettered_at), id: last.id }) }),
    as_of: asOf,
  };
}
