import { PRUNE_BATCH, type HistoryStore } from './history-store.js';
import type { HistoryCapture, HistoryOutcome, HistorySink } from './types.js';

export interface HistoryWriterOptions {
  /** Entries captured longer ago than this are pruned. */
  readonly retentionMs: number;
  /** The most space the history's data may take; the oldest entries go beyond it. */
  readonly maxSizeBytes: number;
  /** Longest wait before pending outcomes are written. @default 250 ms */
  readonly flushIntervalMs?: number;
  /** A batch this large is written on the next turn of the event loop. @default 512 */
  readonly batchSize?: number;
  /** Captures and outcomes held at most while the file is busy; beyond, new ones are dropped and counted. @default 20 000 */
  readonly maxPending?: number;
  /** How often pruning starts. @default 60 s */
  readonly pruneIntervalMs?: number;
  /** A write or prune failed (the history is a convenience: delivery goes on). */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

/**
 * Takes the captures and the forwarder's outcomes off their hot paths: `captured()` and
 * `record()` only append to an array; they are written in one transaction per batch (every
 * `flushIntervalMs`, or as soon as a batch fills), and pruning runs on its own timer one small batch per event-loop turn, so
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
  #pendingCaptures: HistoryCapture[] = [];
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
    if (this.#admit()) this.#pending.push(outcome);
  }

  /** A capture made durable: its entry is written `queued` with the next batch, before that batch's outcomes. */
  captured(capture: HistoryCapture): void {
    if (this.#admit()) this.#pendingCaptures.push(capture);
  }

  /** Whether one more write may wait; schedules a flush once a batch is full. */
  #admit(): boolean {
    if (this.#closed) return false;
    const pending = this.#pending.length + this.#pendingCaptures.length;
    if (pending >= this.#maxPending) {
      this.#dropped += 1;
      return false;
    }
    if (pending + 1 >= this.#batchSize && this.#flushScheduled === undefined) {
      this.#flushScheduled = setImmediate(() => this.flush());
    }
    return true;
  }

  /**
   * Writes what is pending now: the captures in one transaction, then the outcomes in another.
   * Captures go first, so an outcome whose capture is in the same batch updates its entry.
   */
  flush(): void {
    if (this.#flushScheduled !== undefined) {
      clearImmediate(this.#flushScheduled);
      this.#flushScheduled = undefined;
    }
    if (this.#closed) return;
    const captures = this.#pendingCaptures;
    const outcomes = this.#pending;
    this.#pendingCaptures = [];
    this.#pending = [];
    // Dropped rather than kept on failure: a file that stays busy must not grow the process's memory.
    try {
      this.#store.capture(captures);
    } catch (error) {
      this.#onError(error);
    }
    try {
      this.#store.write(outcomes);
    } catch (error) {
      this.#onError(error);
    }
    if (this.#dropped > 0) {
      this.#onError(new Error(`the history fell behind: ${this.#dropped} captures or delivery outcomes were not recorded`));
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
