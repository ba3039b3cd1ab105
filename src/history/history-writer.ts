import { PRUNE_BATCH, type HistoryStore } from './history-store.js';
import type { HistoryOutcome, HistorySink } from './types.js';

export interface HistoryWriterOptions {
  /** Entries captured longer ago than this are pruned. */
  readonly retentionMs: number;
  /** The most space the history's data may take; the oldest entries go beyond it. */
  readonly maxSizeBytes: number;
  /** Longest wait before pending outcomes are written. @default 250 ms */
  readonly flushIntervalMs?: number;
  /** A batch this large is written on the next turn of the event loop. @default 512 */
  readonly batchSize?: number;
  /** Outcomes held at most while the file is busy; beyond, new ones are dropped and counted. @default 20 000 */
  readonly maxPending?: number;
  /** How often pruning starts. @default 60 s */
  readonly pruneIntervalMs?: number;
  /** A write or prune failed (the history is a convenience: delivery goes on). */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

/**
 * Takes the forwarder's outcomes off its hot path: `record()` only appends to an array; the
 * outcomes are written in one transaction per batch (every `flushIntervalMs`, or as soon as a
 * batch fills), and pruning runs on its own timer one small batch per event-loop turn, so
 * neither ever holds the event loop for long.
 *
 * @example
 * ```ts
 * const history = new HistoryWriter(HistoryStore.open(historyPathFor(queuePath)), { retentionMs: 7 * 86_400_000, maxSizeBytes: 2 ** 30 });
 * const forwarder = new Forwarder({ queue, destination, history });
 * ```
 */
export class HistoryWriter implements HistorySink {
  readonly #store: HistoryStore;
  readonly #retentionMs: number;
  readonly #maxSizeBytes: number;
  readonly #batchSize: number;
  readonly #maxPending: number;
  readonly #onError: (error: unknown) => void;
  readonly #now: () => number;
  readonly #flushTimer: NodeJS.Timeout;
  readonly #pruneTimer: NodeJS.Timeout;
  #pending: HistoryOutcome[] = [];
  #flushScheduled: NodeJS.Immediate | undefined;
  #pruning: NodeJS.Immediate | undefined;
  #dropped = 0;
  #closed = false;

  constructor(store: HistoryStore, options: HistoryWriterOptions) {
    this.#store = store;
    this.#retentionMs = options.retentionMs;
    this.#maxSizeBytes = options.maxSizeBytes;
    this.#batchSize = options.batchSize ?? 512;
    this.#maxPending = options.maxPending ?? 20_000;
    this.#onError = options.onError ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#flushTimer = setInterval(() => this.flush(), options.flushIntervalMs ?? 250).unref();
    this.#pruneTimer = setInterval(() => this.prune(), options.pruneIntervalMs ?? 60_000).unref();
  }

  record(outcome: HistoryOutcome): void {
    if (this.#closed) return;
    if (this.#pending.length >= this.#maxPending) {
      this.#dropped += 1;
      return;
    }
    this.#pending.push(outcome);
    if (this.#pending.length >= this.#batchSize && this.#flushScheduled === undefined) {
      this.#flushScheduled = setImmediate(() => this.flush());
    }
  }

  /** Writes pending outcomes now, in one transaction. */
  flush(): void {
    if (this.#flushScheduled !== undefined) {
      clearImmediate(this.#flushScheduled);
      this.#flushScheduled = undefined;
    }
    if (this.#closed || this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    try {
      this.#store.write(batch);
    } catch (error) {
      // Dropped rather than kept: a file that stays busy must not grow the process's memory.
      this.#onError(error);
    }
    if (this.#dropped > 0) {
      this.#onError(new Error(`the history fell behind: ${this.#dropped} delivery outcomes were not recorded`));
      this.#dropped = 0;
    }
  }

  /**
   * Starts a prune: one batch of entries past the retention or over the size bound per turn of
   * the event loop, until none is left. Does nothing while one is under way.
   */
  prune(): void {
    if (this.#closed || this.#pruning !== undefined) return;
    const step = (): void => {
      this.#pruning = undefined;
      if (this.#closed) return;
      let removed: number;
      try {
        removed = this.#store.pruneStep({ before: this.#now() - this.#retentionMs, maxBytes: this.#maxSizeBytes }, PRUNE_BATCH);
      } catch (error) {
        this.#onError(error);
        return;
      }
      if (removed === PRUNE_BATCH) this.#pruning = setImmediate(step);
    };
    this.#pruning = setImmediate(step);
  }

  /** Writes what is pending, stops the timers and closes the store. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    clearInterval(this.#flushTimer);
    clearInterval(this.#pruneTimer);
    if (this.#pruning !== undefined) clearImmediate(this.#pruning);
    this.#store.close();
  }
}
