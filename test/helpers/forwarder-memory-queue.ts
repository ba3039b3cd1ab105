import { randomUUID } from 'node:crypto';
import { ClosedError, ReceiptHandleError } from '../../src/core/errors.js';
import type {
  DeadLetter,
  DeadLetterListOptions,
  DeadLetterQueue,
  Queue,
  QueueMessage,
  QueueStats,
  ReceiveOptions,
  SendMessageInput,
} from '../../src/queue/types.js';

interface StoredMessage {
  id: string;
  body: Buffer;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  handle: string | undefined;
  lastError: string | null;
}

/**
 * An in-memory `Queue` with SQS semantics, for the forwarder's unit tests: visibility, receive
 * counts, stale receipt handles and a dead-letter queue. Not a driver: the real ones pass the
 * queue contract suite.
 *
 * @example
 * ```ts
 * const queue = new MemoryQueue({ maxReceiveCount: 3 });
 * await queue.send({ body: JSON.stringify({ id: 'r1' }), id: 'r1' });
 * ```
 */
export class MemoryQueue implements Queue {
  readonly limits = { maxReceiveBatch: 10, maxMessageBytes: 1024 * 1024 };
  readonly #messages = new Map<string, StoredMessage>();
  readonly #dead = new Map<string, DeadLetter>();
  readonly #maxReceiveCount: number;
  readonly #visibilityTimeoutMs: number;
  #closed = false;
  /** Makes the next receive throw this error once. */
  failNextReceive: Error | undefined;

  constructor(options: { maxReceiveCount?: number; visibilityTimeoutMs?: number } = {}) {
    this.#maxReceiveCount = options.maxReceiveCount ?? 5;
    this.#visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
  }

  readonly dlq: DeadLetterQueue = {
    list: async (options: DeadLetterListOptions = {}) => {
      const all = [...this.#dead.values()].sort((a, b) => a.deadLetteredAt - b.deadLetteredAt || a.id.localeCompare(b.id));
      const start = options.after === undefined ? 0 : all.findIndex((item) => item.id === options.after) + 1;
      return all.slice(start, start + (options.limit ?? 100));
    },
    get: async (id: string) => this.#dead.get(id),
    redrive: async (ids?: readonly string[]) => {
      let moved = 0;
      for (const id of ids ?? [...this.#dead.keys()]) {
        const letter = this.#dead.get(id);
        if (letter === undefined) continue;
        this.#dead.delete(id);
        this.#messages.set(id, {
          id,
          body: letter.body,
          sentAt: letter.sentAt,
          visibleAt: 0,
          receiveCount: 0,
          firstReceivedAt: undefined,
          handle: undefined,
          lastError: letter.lastError,
        });
        moved += 1;
      }
      return moved;
    },
    purge: async (ids?: readonly string[]) => {
      let deleted = 0;
      for (const id of ids ?? [...this.#dead.keys()]) if (this.#dead.delete(id)) deleted += 1;
      return deleted;
    },
  };

  async send(input: SendMessageInput): Promise<string> {
    this.#assertOpen();
    const id = input.id ?? randomUUID();
    const body =
      typeof input.body === 'string'
        ? Buffer.from(input.body)
        : Array.isArray(input.body)
          ? Buffer.concat(input.body as readonly Uint8Array[])
          : Buffer.from(input.body as Uint8Array);
    const now = Date.now();
    this.#messages.set(id, {
      id,
      body,
      sentAt: now,
      visibleAt: now + (input.delayMs ?? 0),
      receiveCount: 0,
      firstReceivedAt: undefined,
      handle: undefined,
      lastError: null,
    });
    return id;
  }

  async sendBatch(inputs: readonly SendMessageInput[]): Promise<string[]> {
    const ids: string[] = [];
    for (const input of inputs) ids.push(await this.send(input));
    return ids;
  }

  async receive(options: ReceiveOptions = {}): Promise<QueueMessage[]> {
    this.#assertOpen();
    if (this.failNextReceive) {
      const error = this.failNextReceive;
      this.failNextReceive = undefined;
      throw error;
    }
    const deadline = Date.now() + (options.waitTimeMs ?? 0);
    for (;;) {
      const found = this.#take(options.maxMessages ?? 1, options.visibilityTimeoutMs ?? this.#visibilityTimeoutMs);
      if (found.length > 0 || Date.now() >= deadline || options.signal?.aborted || this.#closed) return found;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async delete(receiptHandle: string): Promise<void> {
    this.#assertOpen();
    const message = this.#byHandle(receiptHandle, false);
    if (message) this.#messages.delete(message.id);
  }

  async changeVisibility(receiptHandle: string, timeoutMs: number, lastError?: string): Promise<void> {
    this.#assertOpen();
    const message = this.#byHandle(receiptHandle, true)!;
    message.visibleAt = Date.now() + timeoutMs;
    if (lastError !== undefined) message.lastError = lastError;
  }

  async deadLetter(receiptHandle: string, reason: string): Promise<void> {
    this.#assertOpen();
    const message = this.#byHandle(receiptHandle, true)!;
    this.#toDlq(message, reason);
  }

  async stats(): Promise<QueueStats> {
    const now = Date.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    let retrying = 0;
    let nextRetryAt: number | null = null;
    let oldest: number | null = null;
    for (const message of this.#messages.values()) {
      if (message.visibleAt <= now) visible += 1;
      else if (message.handle !== undefined) inFlight += 1;
      else {
        delayed += 1;
        if (message.receiveCount > 0) {
          retrying += 1;
          nextRetryAt = Math.min(nextRetryAt ?? Infinity, message.visibleAt);
        }
      }
      oldest = oldest === null ? message.sentAt : Math.min(oldest, message.sentAt);
    }
    return { visible, inFlight, delayed, retrying, nextRetryAt, oldestAgeMs: oldest === null ? null : now - oldest, dlqDepth: this.#dead.size };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  async destroy(): Promise<void> {
    this.#closed = true;
  }

  /** The stored message (main queue), for assertions. */
  peek(id: string): { receiveCount: number; visibleAt: number; lastError: string | null } | undefined {
    return this.#messages.get(id);
  }

  /** Ends a message's current lease now, as if its visibility timeout had run out. */
  expireLease(id: string): void {
    const message = this.#messages.get(id);
    if (message) message.visibleAt = 0;
  }

  get size(): number {
    return this.#messages.size;
  }

  #take(max: number, visibilityMs: number): QueueMessage[] {
    const now = Date.now();
    const out: QueueMessage[] = [];
    for (const message of this.#messages.values()) {
      if (out.length >= max) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= this.#maxReceiveCount) {
        this.#toDlq(message, message.lastError ?? 'max receive count reached');
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.handle = `${message.id}#${message.receiveCount}#${randomUUID()}`;
      message.visibleAt = now + visibilityMs;
      out.push({
        id: message.id,
        body: message.body,
        receiptHandle: message.handle,
        receiveCount: message.receiveCount,
        sentAt: message.sentAt,
        firstReceivedAt: message.firstReceivedAt,
        lastError: message.lastError,
      });
    }
    return out;
  }

  #toDlq(message: StoredMessage, reason: string): void {
    this.#messages.delete(message.id);
    this.#dead.set(message.id, {
      id: message.id,
      body: message.body,
      sentAt: message.sentAt,
      deadLetteredAt: Date.now(),
      receiveCount: message.receiveCount,
      lastError: reason,
    });
  }

  #byHandle(handle: string, required: boolean): StoredMessage | undefined {
    const id = handle.split('#')[0]!;
    const message = this.#messages.get(id);
    if (message === undefined || message.handle !== handle) {
      if (required) throw new ReceiptHandleError('receipt handle is stale');
      return undefined;
    }
    return message;
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError('queue closed');
  }
}
