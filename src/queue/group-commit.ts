import { setImmediate } from 'node:timers';

/** The outcome of one item in a flushed group: its value, or the error that item alone failed with. */
export type GroupOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** Writes a whole group at once (one transaction) and reports each item's outcome, in order. */
export type GroupFlush<T, R> = (items: readonly T[]) => readonly GroupOutcome<R>[];

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: every item submitted during one turn of the event loop is written by a single
 * flush on the next turn, and each caller's promise settles when that flush has committed. A
 * transaction per item would cap throughput at the disk's commit rate; one per turn costs each
 * caller less than a turn of latency.
 *
 * The flush is scheduled with the `setImmediate` of `node:timers`, which fake timers leave alone:
 * a durable write must not wait for a test to advance its clock.
 *
 * @example
 * ```ts
 * const commit = new GroupCommit<string, number>((rows) => {
 *   insertAll(rows); // one transaction
 *   return rows.map((_, index) => ({ ok: true, value: index }));
 * });
 * await Promise.all([commit.submit('a'), commit.submit('b')]); // one flush of two rows
 * ```
 */
export class GroupCommit<T, R> {
  readonly #flush: GroupFlush<T, R>;
  readonly #schedule: (callback: () => void) => void;
  #waiting: Waiting<T, R>[] = [];
  #scheduled = false;

  constructor(flush: GroupFlush<T, R>, schedule: (callback: () => void) => void = (callback) => void setImmediate(callback)) {
    this.#flush = flush;
    this.#schedule = schedule;
  }

  /** Items submitted and not yet flushed. */
  get pending(): number {
    return this.#waiting.length;
  }

  /** Queues an item for the next flush; settles with that item's outcome. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        this.#schedule(() => {
          this.#scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Flushes everything queued now, synchronously (also used when closing). */
  flush(): void {
    const group = this.#waiting;
    if (group.length === 0) return;
    this.#waiting = [];
    let outcomes: readonly GroupOutcome<R>[];
    try {
      outcomes = this.#flush(group.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) waiting.reject(new Error('group flush returned no outcome for this item'));
      else if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}
