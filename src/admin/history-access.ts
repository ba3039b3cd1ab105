import { existsSync } from 'node:fs';
import { QueueNotFoundError } from '../core/errors.js';
import { HistoryStore } from '../history/history-store.js';

/**
 * The history file, opened read-only on first use: the forwarder creates it with its first
 * delivery, so a dashboard started before that finds it later without a restart. Without a
 * history (`history: false`, the SQS driver) `store()` throws with the reason.
 *
 * @example
 * ```ts
 * const history = new HistoryAccess(historyPathFor(queuePath));
 * history.open()?.list({}, { limit: 20 }); // undefined until something was delivered
 * history.close();
 * ```
 */
export class HistoryAccess {
  readonly #file: string | undefined;
  readonly #missing: string;
  #store: HistoryStore | undefined;

  /** `file` undefined: no history is kept, for the reason `missing` gives. */
  constructor(file: string | undefined, missing = 'this queue keeps no history') {
    this.#file = file;
    this.#missing = missing;
  }

  /** Whether a history is kept at all (it may still be empty). */
  get kept(): boolean {
    return this.#file !== undefined;
  }

  /** Why no history is kept, or undefined when one is. */
  get missingReason(): string | undefined {
    return this.#file === undefined ? this.#missing : undefined;
  }

  /** The store, or undefined while nothing has been delivered yet (no file). */
  open(): HistoryStore | undefined {
    if (this.#store !== undefined || this.#file === undefined) return this.#store;
    if (!existsSync(this.#file)) return undefined;
    this.#store = HistoryStore.openReadonly(this.#file);
    return this.#store;
  }

  /**
   * The store, or undefined while it is empty.
   *
   * @throws QueueNotFoundError (404) when no history is kept.
   */
  store(): HistoryStore | undefined {
    if (this.#file === undefined) throw new QueueNotFoundError(this.#missing);
    return this.open();
  }

  close(): void {
    this.#store?.close();
    this.#store = undefined;
  }
}
