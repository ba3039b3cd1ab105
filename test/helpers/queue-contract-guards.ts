import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Queue, QueueMessage, SendMessageInput } from '../../src/queue/index.js';

/** What the guard tests need from the contract suite around them. */
export interface QueueGuardContext {
  /** Opens a fresh, empty queue that the suite closes and removes after the test. */
  readonly openQueue: () => Promise<Queue>;
  /** How long a sent message may take to be receivable. */
  readonly settleMs: number;
}

/** A queue holding one message waiting to be received and one received (held for 30 s). */
interface Prepared {
  readonly queue: Queue;
  readonly waitingId: string;
  readonly held: QueueMessage;
}

const CLOSED = { name: 'ClosedError', code: 'SLUICE_CLOSED' };
const INVALID = { name: 'InvalidArgumentError', code: 'SLUICE_INVALID_ARGUMENT' };

/** Calls that pass a wrong value somewhere; `unknown` casts stand for callers without types (JavaScript, JSON). */
const invalidCalls: { description: string; call: (queue: Queue, handle: string) => Promise<unknown> }[] = [
  { description: 'send with a number as body', call: (queue) => queue.send({ body: 42 as unknown as string }) },
  { description: 'send with a chunk that is not bytes', call: (queue) => queue.send({ body: [Buffer.from('a'), 'b' as unknown as Uint8Array] }) },
  { description: 'send with an empty id', call: (queue) => queue.send({ body: 'x', id: '' }) },
  { description: 'send with an id that is not a string', call: (queue) => queue.send({ body: 'x', id: 42 as unknown as string }) },
  { description: 'send with an id over 1024 characters', call: (queue) => queue.send({ body: 'x', id: 'i'.repeat(1025) }) },
  { description: 'send with a negative delay', call: (queue) => queue.send({ body: 'x', delayMs: -1 }) },
  { description: 'send with a NaN delay', call: (queue) => queue.send({ body: 'x', delayMs: Number.NaN }) },
  { description: 'send with an infinite delay', call: (queue) => queue.send({ body: 'x', delayMs: Number.POSITIVE_INFINITY }) },
  { description: 'sendBatch with something else than an array', call: (queue) => queue.sendBatch({ body: 'x' } as unknown as SendMessageInput[]) },
  {
    description: 'sendBatch with one bad message among good ones',
    call: (queue) => queue.sendBatch([{ body: 'good' }, { body: 'bad', delayMs: -1 }, { body: 'good too' }]),
  },
  { description: 'receive of 0 messages', call: (queue) => queue.receive({ maxMessages: 0 }) },
  { description: 'receive of 1.5 messages', call: (queue) => queue.receive({ maxMessages: 1.5 }) },
  { description: 'receive of more than limits.maxReceiveBatch', call: (queue) => queue.receive({ maxMessages: queue.limits.maxReceiveBatch + 1 }) },
  { description: 'receive with a negative visibility timeout', call: (queue) => queue.receive({ visibilityTimeoutMs: -1 }) },
  { description: 'receive with a NaN wait', call: (queue) => queue.receive({ waitTimeMs: Number.NaN }) },
  { description: 'receive with a signal that is not an AbortSignal', call: (queue) => queue.receive({ signal: {} as AbortSignal }) },
  { description: 'delete of an empty handle', call: (queue) => queue.delete('') },
  { description: 'delete of a handle that is not a string', call: (queue) => queue.delete(42 as unknown as string) },
  { description: 'changeVisibility with a negative timeout', call: (queue, handle) => queue.changeVisibility(handle, -1) },
  { description: 'changeVisibility with a NaN timeout', call: (queue, handle) => queue.changeVisibility(handle, Number.NaN) },
  {
    description: 'changeVisibility with a last error that is not a string',
    call: (queue, handle) => queue.changeVisibility(handle, 0, 42 as unknown as string),
  },
  { description: 'changeVisibility of a handle that is not a string', call: (queue) => queue.changeVisibility(undefined as unknown as string, 0) },
  { description: 'deadLetter with a reason that is not a string', call: (queue, handle) => queue.deadLetter(handle, undefined as unknown as string) },
  { description: 'deadLetter of an empty handle', call: (queue) => queue.deadLetter('', 'reason') },
  { description: 'dlq.list of 0 letters', call: (queue) => queue.dlq.list({ limit: 0 }) },
  { description: 'dlq.list of more than 1000 letters', call: (queue) => queue.dlq.list({ limit: 1001 }) },
  { description: 'dlq.list after an empty id', call: (queue) => queue.dlq.list({ after: '' }) },
  { description: 'dlq.get of an id that is not a string', call: (queue) => queue.dlq.get(42 as unknown as string) },
  { description: 'dlq.redrive of ids that are not an array', call: (queue) => queue.dlq.redrive('all' as unknown as string[]) },
  { description: 'dlq.purge of an empty id', call: (queue) => queue.dlq.purge(['']) },
];

/** Every public call, with arguments that would be valid on an open queue. */
const everyCall: { description: string; call: (queue: Queue, handle: string) => Promise<unknown> }[] = [
  { description: 'send', call: (queue) => queue.send({ body: 'x' }) },
  { description: 'sendBatch', call: (queue) => queue.sendBatch([{ body: 'x' }]) },
  { description: 'receive', call: (queue) => queue.receive() },
  { description: 'delete', call: (queue, handle) => queue.delete(handle) },
  { description: 'changeVisibility', call: (queue, handle) => queue.changeVisibility(handle, 0, 'late') },
  { description: 'deadLetter', call: (queue, handle) => queue.deadLetter(handle, 'late') },
  { description: 'stats', call: (queue) => queue.stats() },
  { description: 'dlq.list', call: (queue) => queue.dlq.list() },
  { description: 'dlq.get', call: (queue) => queue.dlq.get('some-id') },
  { description: 'dlq.redrive', call: (queue) => queue.dlq.redrive() },
  { description: 'dlq.purge', call: (queue) => queue.dlq.purge(['some-id']) },
];

/**
 * The checks and lifecycle every driver gets from `QueueBase`: ClosedError after `close()` or
 * `destroy()` on every call, both idempotent in any order, and every invalid argument refused
 * with `SLUICE_INVALID_ARGUMENT` before any I/O (nothing sent, received, hidden or moved).
 *
 * @example
 * ```ts
 * describeQueueGuards({ openQueue, settleMs: 3000 }); // inside describeQueueContract
 * ```
 */
export function describeQueueGuards(context: QueueGuardContext): void {
  const { openQueue, settleMs } = context;

  async function receiveAll(queue: Queue, expected: number): Promise<QueueMessage[]> {
    const received: QueueMessage[] = [];
    const deadline = Date.now() + settleMs;
    while (received.length < expected && Date.now() < deadline) {
      received.push(...(await queue.receive({ maxMessages: queue.limits.maxReceiveBatch, visibilityTimeoutMs: 30_000 })));
      if (received.length < expected) await sleep(25);
    }
    return received;
  }

  async function prepare(): Promise<Prepared> {
    const queue = await openQueue();
    const heldId = await queue.send({ body: 'held' });
    const [held] = await receiveAll(queue, 1);
    if (held?.id !== heldId) throw new Error('expected to receive the message just sent');
    const waitingId = await queue.send({ body: 'waiting' });
    return { queue, waitingId, held };
  }

  describe('lifecycle (QueueBase)', () => {
    it('close() twice, at once or one after the other, resolves', async () => {
      // Prepare
      const queue = await openQueue();

      // Act
      const closing = Promise.all([queue.close(), queue.close()]);

      // Assess
      await expect(closing).resolves.toBeDefined();
      await expect(queue.close()).resolves.toBeUndefined();
    });

    it('destroy() after close(), destroy() twice and close() after destroy() all resolve', async () => {
      // Prepare
      const closedFirst = await openQueue();
      const destroyedFirst = await openQueue();

      // Act
      await closedFirst.close();
      const destroyAfterClose = closedFirst.destroy();
      const destroyTwice = Promise.all([destroyedFirst.destroy(), destroyedFirst.destroy(new Error('shutting down'))]);

      // Assess
      await expect(destroyAfterClose).resolves.toBeUndefined();
      await expect(destroyTwice).resolves.toBeDefined();
      await expect(destroyedFirst.close()).resolves.toBeUndefined();
    });

    it('destroy() ends a long poll in progress with no messages', async () => {
      // Prepare
      const queue = await openQueue();
      const polling = queue.receive({ waitTimeMs: 20_000 });
      await sleep(20);

      // Act
      await queue.destroy();

      // Assess
      await expect(polling).resolves.toEqual([]);
    });

    describe.each(['close', 'destroy'] as const)('after %s()', (end) => {
      it.each(everyCall)('$description rejects with ClosedError', async ({ call }) => {
        // Prepare
        const { queue, held } = await prepare();
        await queue[end]();

        // Act
        const attempt = call(queue, held.receiptHandle);

        // Assess
        await expect(attempt).rejects.toMatchObject(CLOSED);
      });
    });
  });

  describe('arguments (QueueBase)', () => {
    it.each(invalidCalls)('$description: rejects with SLUICE_INVALID_ARGUMENT and changes nothing', async ({ call }) => {
      // Prepare
      const { queue, waitingId, held } = await prepare();

      // Act
      let attempt: Promise<unknown> | undefined;
      const calling = () => void (attempt = call(queue, held.receiptHandle));

      // Assess: a rejection, never a synchronous throw
      expect(calling).not.toThrow();
      await expect(attempt).rejects.toMatchObject(INVALID);
      // Nothing was sent, received, put back or dead-lettered: only the waiting message is
      // there to receive, for the first time, and the held one is still hidden.
      const after = await receiveAll(queue, 1);
      await sleep(100);
      after.push(...(await queue.receive({ maxMessages: queue.limits.maxReceiveBatch, visibilityTimeoutMs: 30_000 })));
      expect(after.map((message) => [message.id, message.receiveCount])).toEqual([[waitingId, 1]]);
      expect(await queue.dlq.list()).toEqual([]);
    });
  });
}
