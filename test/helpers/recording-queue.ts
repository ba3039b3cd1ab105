import type { DeadLetterQueue, Queue, QueueLimits, QueueMessage, QueueStats, ReceiveOptions, SendMessageInput } from '../../src/queue/types.js';

/** One outcome call the forwarder made on the queue. */
export interface QueueCall {
  readonly op: 'delete' | 'changeVisibility' | 'deadLetter';
  /** The message id behind the receipt handle. */
  readonly id: string;
  readonly timeoutMs?: number;
  readonly note?: string | undefined;
}

/**
 * Wraps any `Queue` and records the outcome calls made on it (delete, changeVisibility,
 * deadLetter), in order, before they run: so tests of the forwarder can assert what it decided
 * with the real driver underneath.
 *
 * @example
 * ```ts
 * const queue = new RecordingQueue(new SqliteQueue({ path }));
 * // … deliver …
 * expect(queue.calls).toEqual([{ op: 'delete', id }]);
 * ```
 */
export class RecordingQueue implements Queue {
  readonly calls: QueueCall[] = [];
  readonly inner: Queue;
  readonly #ids = new Map<string, string>();

  constructor(inner: Queue) {
    this.inner = inner;
  }

  get limits(): QueueLimits {
    return this.inner.limits;
  }

  get dlq(): DeadLetterQueue {
    return this.inner.dlq;
  }

  send(input: SendMessageInput): Promise<string> {
    return this.inner.send(input);
  }

  sendBatch(inputs: readonly SendMessageInput[]): Promise<string[]> {
    return this.inner.sendBatch(inputs);
  }

  async receive(options?: ReceiveOptions): Promise<QueueMessage[]> {
    const messages = await this.inner.receive(options);
    for (const message of messages) this.#ids.set(message.receiptHandle, message.id);
    return messages;
  }

  delete(receiptHandle: string): Promise<void> {
    this.calls.push({ op: 'delete', id: this.#id(receiptHandle) });
    return this.inner.delete(receiptHandle);
  }

  changeVisibility(receiptHandle: string, timeoutMs: number, lastError?: string): Promise<void> {
    this.calls.push({ op: 'changeVisibility', id: this.#id(receiptHandle), timeoutMs, note: lastError });
    return this.inner.changeVisibility(receiptHandle, timeoutMs, lastError);
  }

  deadLetter(receiptHandle: string, reason: string): Promise<void> {
    this.calls.push({ op: 'deadLetter', id: this.#id(receiptHandle), note: reason });
    return this.inner.deadLetter(receiptHandle, reason);
  }

  stats(): Promise<QueueStats> {
    return this.inner.stats();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  destroy(error?: Error): Promise<void> {
    return this.inner.destroy(error);
  }

  #id(receiptHandle: string): string {
    return this.#ids.get(receiptHandle) ?? receiptHandle;
  }
}
