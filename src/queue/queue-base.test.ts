import { describe, expect, it } from 'vitest';
import { DeadLetterQueueBase } from './dead-letter-queue-base.js';
import { QueueBase } from './queue-base.js';
import type { DeadLetter, QueueLimits, QueueMessage, QueueStats, SendMessageInput } from './types.js';
import type { ReceiveRequest } from './validation.js';

/** Records every hook call: the base must call none for a refused call. */
class HookLog extends DeadLetterQueueBase {
  readonly calls: string[] = [];
  protected async _list(): Promise<DeadLetter[]> {
    this.calls.push('dlq.list');
    return [];
  }
  protected async _get(): Promise<DeadLetter | undefined> {
    this.calls.push('dlq.get');
    return undefined;
  }
  protected async _redrive(): Promise<number> {
    this.calls.push('dlq.redrive');
    return 0;
  }
  protected async _purge(): Promise<number> {
    this.calls.push('dlq.purge');
    return 0;
  }
}

class SpyQueue extends QueueBase {
  readonly limits: QueueLimits = { maxReceiveBatch: 10, maxMessageBytes: 16, maxDelayMs: 1000 };
  readonly dlq: HookLog = new HookLog(() => this.assertOpen());
  readonly calls = this.dlq.calls;
  /** Resolves the operation `close()` must wait for. */
  finishWork: () => void = () => undefined;

  /** An operation under way, tracked so `close()` waits for it. */
  startWork(): Promise<void> {
    return this.track(new Promise<void>((resolve) => (this.finishWork = resolve)));
  }
  protected async _send(_input: SendMessageInput, size: number): Promise<string> {
    this.calls.push(`send ${size}`);
    return 'id';
  }
  protected async _sendBatch(inputs: readonly SendMessageInput[]): Promise<string[]> {
    this.calls.push(`sendBatch ${inputs.length}`);
    return inputs.map(() => 'id');
  }
  protected async _receive(request: ReceiveRequest): Promise<QueueMessage[]> {
    this.calls.push(`receive ${request.maxMessages} ${request.waitTimeMs}`);
    return [];
  }
  protected async _delete(): Promise<void> {
    this.calls.push('delete');
  }
  protected async _changeVisibility(): Promise<void> {
    this.calls.push('changeVisibility');
  }
  protected async _deadLetter(): Promise<void> {
    this.calls.push('deadLetter');
  }
  protected async _stats(): Promise<QueueStats> {
    this.calls.push('stats');
    return { visible: 0, inFlight: 0, delayed: 0, retrying: 0, nextRetryAt: null, oldestAgeMs: null, dlqDepth: 0 };
  }
  protected override _interrupt(): void {
    this.calls.push('interrupt');
  }
  protected async _close(): Promise<void> {
    this.calls.push('close');
  }
  protected async _destroy(error: Error | undefined): Promise<void> {
    this.calls.push(`destroy ${error?.message ?? ''}`);
  }
}

const INVALID = { name: 'InvalidArgumentError', code: 'SLUICE_INVALID_ARGUMENT' };

describe('Class: QueueBase', () => {
  it('passes checked arguments to the hooks, with the payload size and the receive defaults', async () => {
    // Prepare
    const queue = new SpyQueue();

    // Act
    await queue.send({ body: 'héllo' });
    await queue.send({ body: [Buffer.from('ab'), new Uint8Array(3)] });
    await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);
    await queue.sendBatch([]);
    await queue.receive();

    // Assess
    expect(queue.calls).toEqual(['send 6', 'send 5', 'sendBatch 2', 'receive 1 0']);
  });

  it.each([
    { description: 'a body over maxMessageBytes', call: (queue: SpyQueue) => queue.send({ body: 'x'.repeat(17) }), code: 'SLUICE_BODY_TOO_LARGE' },
    { description: 'a delay over maxDelayMs', call: (queue: SpyQueue) => queue.send({ body: 'x', delayMs: 1001 }), code: INVALID.code },
    { description: 'a batch with one bad message', call: (queue: SpyQueue) => queue.sendBatch([{ body: 'a' }, { body: 'b', id: '' }]), code: INVALID.code },
    { description: 'a receive of 11', call: (queue: SpyQueue) => queue.receive({ maxMessages: 11 }), code: INVALID.code },
    { description: 'a dlq page of 0', call: (queue: SpyQueue) => queue.dlq.list({ limit: 0 }), code: INVALID.code },
  ])('refuses $description without calling any hook', async ({ call, code }) => {
    // Prepare
    const queue = new SpyQueue();

    // Act
    const attempt = call(queue);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code });
    expect(queue.calls).toEqual([]);
  });

  it('close() ends waits at once, waits for tracked work, then calls _close once', async () => {
    // Prepare
    const queue = new SpyQueue();
    const work = queue.startWork();

    // Act
    const closing = [queue.close(), queue.close()];
    await Promise.resolve();
    const beforeWorkEnded = [...queue.calls];
    queue.finishWork();
    await Promise.all([...closing, work]);

    // Assess
    expect(beforeWorkEnded).toEqual(['interrupt']);
    expect(queue.calls).toEqual(['interrupt', 'close']);
    expect(queue.closed).toBe(true);
  });

  it('destroy() releases without waiting for tracked work, once, and close() afterwards reuses it', async () => {
    // Prepare
    const queue = new SpyQueue();
    void queue.startWork();

    // Act
    await queue.destroy(new Error('shutdown'));
    await queue.destroy();
    await queue.close();

    // Assess
    expect(queue.calls).toEqual(['interrupt', 'destroy shutdown']);
    expect(queue.destroyed).toBe(true);
    await expect(queue.stats()).rejects.toMatchObject({ code: 'SLUICE_CLOSED' });
  });

  it('destroy() after close() waits for that close instead of cutting it short', async () => {
    // Prepare
    const queue = new SpyQueue();
    const work = queue.startWork();
    const closing = queue.close();

    // Act
    const destroying = queue.destroy();
    queue.finishWork();
    await Promise.all([closing, destroying, work]);

    // Assess
    expect(queue.calls).toEqual(['interrupt', 'close']);
    expect(queue.destroyed).toBe(false);
  });
});
