import type { DeadLetter, DeadLetterListOptions, DeadLetterPosition, DeadLetterQueue } from './types.js';
import { checkId, checkIds, checkListOptions } from './validation.js';

/**
 * The dead-letter side's checks, written once as `QueueBase` writes the queue's: each public
 * method checks that its queue is open (`ClosedError`) and its arguments (`InvalidArgumentError`),
 * then calls the driver's hook. Errors arrive as rejections.
 *
 * @example
 * ```ts
 * class MemoryDeadLetters extends DeadLetterQueueBase {
 *   protected async _list(limit: number, after: string | DeadLetterPosition | undefined): Promise<DeadLetter[]> { … }
 *   // … _get, _redrive, _purge
 * }
 * const dlq = new MemoryDeadLetters(() => queue.assertOpen());
 * await dlq.list({ limit: 0 }); // rejects: InvalidArgumentError
 * ```
 */
export abstract class DeadLetterQueueBase implements DeadLetterQueue {
  readonly #assertOpen: () => void;

  /** @param assertOpen throws `ClosedError` once the queue is closed. */
  constructor(assertOpen: () => void) {
    this.#assertOpen = assertOpen;
  }

  /** Oldest dead letters first; `after` continues from a previous page's last id. */
  list(options: DeadLetterListOptions = {}): Promise<DeadLetter[]> {
    try {
      this.#assertOpen();
      return this._list(checkListOptions(options), options.after);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get(id: string): Promise<DeadLetter | undefined> {
    try {
      this.#assertOpen();
      checkId('id', id);
      return this._get(id);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  redrive(ids?: readonly string[]): Promise<number> {
    try {
      this.#assertOpen();
      checkIds(ids);
      return this._redrive(ids);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  purge(ids?: readonly string[]): Promise<number> {
    try {
      this.#assertOpen();
      checkIds(ids);
      return this._purge(ids);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `limit` is an integer within the page bounds; `after`, when given, a non-empty id or a checked position. */
  protected abstract _list(limit: number, after: string | DeadLetterPosition | undefined): Promise<DeadLetter[]>;
  protected abstract _get(id: string): Promise<DeadLetter | undefined>;
  /** `ids` is undefined (all) or an array of non-empty strings. */
  protected abstract _redrive(ids: readonly string[] | undefined): Promise<number>;
  protected abstract _purge(ids: readonly string[] | undefined): Promise<number>;
}
