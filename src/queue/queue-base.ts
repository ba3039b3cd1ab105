import { ClosedError, InvalidArgumentError } from '../core/errors.js';
import type { DeadLetterQueue, Queue, QueueLimits, QueueMessage, QueueStats, ReceiveOptions, SendMessageInput } from './types.js';
import { checkDuration, checkReceiptHandle, checkReceiveOptions, checkSendInput, checkText, type ReceiveRequest } from './validation.js';

/**
 * What every queue driver shares, written once (after undici's `DispatcherBase`): each public
 * `Queue` method checks that the queue is open and that its arguments are valid, then calls the
 * driver's protected hook (`_send`, `_receive`…). A hook therefore only ever sees an open queue
 * and checked arguments, and a bad call is refused before any I/O with `InvalidArgumentError`
 * (`SLUICE_INVALID_ARGUMENT`), or `ClosedError` (`SLUICE_CLOSED`) once `close()` or `destroy()`
 * was called. Errors always arrive as rejections, never as synchronous throws.
 *
 * The lifecycle lives here too. `close()` drains: it ends long polls (`_interrupt`), waits for
 * the operations the driver tracked with `track()`, then lets the driver flush and release its
 * storage (`_close`). `destroy(error)` forces: it ends long polls and releases at once
 * (`_destroy`), without waiting. Both are idempotent and may follow each other in any order; a
 * `destroy()` after `close()` waits for that close rather than cutting it short.
 *
 * @example
 * ```ts
 * class MemoryQueue extends QueueBase {
 *   readonly limits = { maxReceiveBatch: 10, maxMessageBytes: 1024 * 1024 };
 *   readonly dlq = new MemoryDeadLetters(() => this.assertOpen());
 *   protected async _send(input: SendMessageInput): Promise<string> { … }
 *   // … the other hooks
 * }
 * const queue = new MemoryQueue();
 * await queue.receive({ maxMessages: 0 }); // rejects: InvalidArgumentError, SLUICE_INVALID_ARGUMENT
 * await queue.close();
 * await queue.send({ body: 'x' }); // rejects: ClosedError, SLUICE_CLOSED
 * ```
 */
export abstract class QueueBase implements Queue {
  abstract readonly limits: QueueLimits;
  abstract readonly dlq: DeadLetterQueue;

  readonly #running = new Set<Promise<unknown>>();
  #closed = false;
  #destroyed = false;
  #closing: Promise<void> | undefined;

  /** True once `close()` or `destroy()` was called: every later call rejects with `ClosedError`. */
  get closed(): boolean {
    return this.#closed;
  }

  /** True once `destroy()` was called (before any `close()`). */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  send(input: SendMessageInput): Promise<string> {
    try {
      this.assertOpen();
      return this._send(input, checkSendInput(input, this.limits));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Every message is checked before any is sent: one bad message refuses the whole batch. */
  sendBatch(inputs: readonly SendMessageInput[]): Promise<string[]> {
    try {
      this.assertOpen();
      if (!Array.isArray(inputs)) throw new InvalidArgumentError('sendBatch takes an array of messages');
      const sizes = inputs.map((input) => checkSendInput(input, this.limits));
      if (inputs.length === 0) return Promise.resolve([]);
      return this._sendBatch(inputs, sizes);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  receive(options: ReceiveOptions = {}): Promise<QueueMessage[]> {
    try {
      this.assertOpen();
      return this._receive(checkReceiveOptions(options, this.limits));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  delete(receiptHandle: string): Promise<void> {
    try {
      this.assertOpen();
      checkReceiptHandle(receiptHandle);
      return this._delete(receiptHandle);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  changeVisibility(receiptHandle: string, timeoutMs: number, lastError?: string): Promise<void> {
    try {
      this.assertOpen();
      checkReceiptHandle(receiptHandle);
      checkDuration('timeoutMs', timeoutMs);
      if (lastError !== undefined) checkText('lastError', lastError);
      return this._changeVisibility(receiptHandle, timeoutMs, lastError);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  deadLetter(receiptHandle: string, reason: string): Promise<void> {
    try {
      this.assertOpen();
      checkReceiptHandle(receiptHandle);
      checkText('reason', reason);
      return this._deadLetter(receiptHandle, reason);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  stats(): Promise<QueueStats> {
    try {
      this.assertOpen();
      return this._stats();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /**
   * Ends the queue now: long polls end empty, the storage is released without waiting for the
   * operations under way (they settle, most with an error). Whatever the driver has accepted
   * but not yet written is written or refused, never dropped silently.
   */
  destroy(error?: Error): Promise<void> {
    if (this.#closing) return this.#closing.then(noop, noop);
    this.#closed = true;
    this.#destroyed = true;
    this.#closing = (async () => {
      this._interrupt();
      await this._destroy(error);
    })();
    return this.#closing;
  }

  /** Throws `ClosedError` once `close()` or `destroy()` was called. For the driver's own extra methods and parts (its DLQ). */
  protected assertOpen(): void {
    if (this.#closed) throw new ClosedError('the queue is closed');
  }

  /** Registers an operation under way, so `close()` waits for it before `_close()` releases the storage. */
  protected track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    const forget = () => void this.#running.delete(work);
    work.then(forget, forget);
    return work;
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    this._interrupt();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
    await this._close();
  }

  /** `input` is checked; `size` is its payload's length in bytes, within `limits.maxMessageBytes`. */
  protected abstract _send(input: SendMessageInput, size: number): Promise<string>;
  /** At least one message, each checked, with its size at the same index. */
  protected abstract _sendBatch(inputs: readonly SendMessageInput[], sizes: readonly number[]): Promise<string[]>;
  protected abstract _receive(request: ReceiveRequest): Promise<QueueMessage[]>;
  /** `receiptHandle` is a non-empty string; whether this driver made it is the hook's to check. */
  protected abstract _delete(receiptHandle: string): Promise<void>;
  protected abstract _changeVisibility(receiptHandle: string, timeoutMs: number, lastError: string | undefined): Promise<void>;
  protected abstract _deadLetter(receiptHandle: string, reason: string): Promise<void>;
  protected abstract _stats(): Promise<QueueStats>;

  /** Called once, as `close()` or `destroy()` starts: end long polls and stop timers. Synchronous. */
  protected _interrupt(): void {}

  /** Called once by `close()`, after every tracked operation settled: flush, then release the storage. */
  protected abstract _close(): Promise<void>;

  /** Called once by `destroy()`, without waiting for operations under way: release the storage now. */
  protected abstract _destroy(error: Error | undefined): Promise<void>;
}

function noop(): void {}
