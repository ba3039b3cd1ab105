import { clearTimeout, setImmediate, setTimeout } from 'node:timers';

/** The outcome of one item in a flushed group: its value, or the error that item alone failed with. */
export type GroupOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** Writes a whole group at once (one transaction) and reports each item's outcome, in order. */
export type GroupFlush<T, R> = (items: readonly T[]) => readonly GroupOutcome<R>[];

/** A group taken out of a `GroupCommit` to be written by the caller's own transaction. */
export interface TakenGroup<T, R> {
  readonly items: readonly T[];
  /** Settles every item with its outcome, in order, once the caller's transaction committed. */
  settle(outcomes: readonly GroupOutcome<R>[]): void;
  /** Rejects every item. */
  fail(error: unknown): void;
}

/**
 * Lets a small group wait a little for company: a flush due with fewer than `minGroup` items
 * waits up to `maxWaitMs` more (or until the group is full, or someone takes or flushes it).
 * For writes nobody waits on eagerly, such as acknowledgements, where fewer commits matter more
 * than a few milliseconds.
 */
export interface GroupLinger {
  readonly minGroup: number;
  readonly maxWaitMs: number;
}

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
 * The flush is scheduled with the `setImmediate` (and, with a linger, the `setTimeout`) of
 * `node:timers`, which fake timers leave alone: a durable write must not wait for a test to
 * advance its clock.
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
  readonly #linger: GroupLinger | undefined;
  #waiting: Waiting<T, R>[] = [];
  #scheduled = false;
  #lingering: NodeJS.Timeout | undefined;

  constructor(flush: GroupFlush<T, R>, schedule: (callback: () => void) => void = (callback) => void setImmediate(callback), linger?: GroupLinger) {
    this.#flush = flush;
    this.#schedule = schedule;
    this.#linger = linger;
  }

  /** Items submitted and not yet flushed. */
  get pending(): number {
    return this.#waiting.length;
  }

  /** Queues an item for the next flush; settles with that item's outcome. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      // A lingering group is only rescheduled once it is full.
      if (!this.#scheduled && (this.#lingering === undefined || this.#full())) {
        this.#scheduled = true;
        this.#schedule(this.#due);
      }
    });
  }

  readonly #due = (): void => {
    this.#scheduled = false;
    const linger = this.#linger;
    if (linger === undefined || this.#full() || this.#waiting.length === 0) {
      this.flush();
      return;
    }
    this.#lingering ??= setTimeout(() => {
      this.#lingering = undefined;
      this.flush();
    }, linger.maxWaitMs);
  };

  #full(): boolean {
    return this.#linger === undefined || this.#waiting.length >= this.#linger.minGroup;
  }

  #stopLingering(): void {
    if (this.#lingering === undefined) return;
    clearTimeout(this.#lingering);
    this.#lingering = undefined;
  }

  /** Flushes everything queued now, synchronously (also used when closing). */
  flush(): void {
    this.#stopLingering();
    const group = this.#waiting;
    if (group.length === 0) return;
    this.#waiting = [];
    let outcomes: readonly GroupOutcome<R>[];
    try {
      outcomes = this.#flush(group.map((waiting) => waiting.item));
    } catch (error) {
      reject(group, error);
      return;
    }
    settle(group, outcomes);
  }

  /**
   * Takes the items waiting for the next flush, so that a transaction the caller runs anyway
   * writes them too (one commit instead of two); the caller settles them. Undefined when none wait.
   *
   * @example
   * ```ts
   * const taken = deletes.take();
   * const outcomes = db.transaction(() => { const done = taken ? deleteAll(taken.items) : []; receive(); return done; })();
   * taken?.settle(outcomes);
   * ```
   */
  take(): TakenGroup<T, R> | undefined {
    this.#stopLingering();
    const group = this.#waiting;
    if (group.length === 0) return undefined;
    this.#waiting = [];
    let done = false;
    const once = (finish: () => void) => {
      if (done) return;
      done = true;
      finish();
    };
    return {
      items: group.map((waiting) => waiting.item),
      settle: (outcomes) => once(() => settle(group, outcomes)),
      fail: (error) => once(() => reject(group, error)),
    };
  }
}

function settle<T, R>(group: readonly Waiting<T, R>[], outcomes: readonly GroupOutcome<R>[]): void {
  group.forEach((waiting, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) waiting.reject(new Error('group flush returned no outcome for this item'));
    else if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
}

function reject<T, R>(group: readonly Waiting<T, R>[], error: unknown): void {
  for (const waiting of group) waiting.reject(error);
}
