import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Queue, QueueMessage } from '../../src/queue/index.js';
import { describeQueueGuards } from './queue-contract-guards.js';

/** How the suite wants a fresh, empty queue configured. */
export interface QueueContractSetup {
  /** Receives allowed before the next one moves the message to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** The queue's default visibility timeout. */
  readonly visibilityTimeoutMs: number;
}

/** A queue opened for one test. */
export interface QueueUnderTest {
  readonly queue: Queue;
  /**
   * Another client of the same queue (a second connection, as a second process would have).
   * The suite closes what it opens; `cleanup` must cope with that.
   */
  openPeer?(): Promise<Queue>;
  /** Closes what the factory opened and removes its storage. */
  cleanup(): Promise<void>;
}

export type QueueContractFactory = (setup: QueueContractSetup) => Promise<QueueUnderTest>;

/**
 * The queue under test of a driver whose clients all open the same way: the first client is
 * `queue`, each `openPeer()` opens another (as a second process would), and `cleanup` closes
 * them all before removing the storage.
 *
 * @example
 * ```ts
 * return clientsOf(() => new SqliteQueue(settings), () => rm(dir, { recursive: true, force: true }));
 * ```
 */
export function clientsOf(open: () => Queue, removeStorage: () => Promise<void>): QueueUnderTest {
  const opened: Queue[] = [];
  const openClient = (): Queue => {
    const queue = open();
    opened.push(queue);
    return queue;
  };
  return {
    queue: openClient(),
    openPeer: async () => openClient(),
    cleanup: async () => {
      await Promise.all(opened.map((queue) => queue.close()));
      await removeStorage();
    },
  };
}

/** Time the driver can honour; SQS counts visibility and long polls in whole seconds. */
export interface QueueContractOptions {
  /** A visibility timeout short enough to wait out in a test. @default 300 */
  readonly shortVisibilityMs?: number;
  /** The wait of a long poll that a send should cut short. @default 2000 */
  readonly longPollMs?: number;
  /** The wait of a long poll expected to end empty. @default 300 */
  readonly emptyPollMs?: number;
  /** How long a change (a redelivery, a count) may take to show. @default 3000 */
  readonly settleMs?: number;
  /**
   * Whether `stats().oldestAgeMs` is known. SQS reports the oldest message's age only to
   * CloudWatch, so its driver answers null. @default true
   */
  readonly knowsOldestAge?: boolean;
}

/**
 * Registers the behaviour every `Queue` driver must have (SPEC §2), against queues made by
 * `factory`. Driver-agnostic: only the `Queue` interface and real time are used, so an emulated
 * SQS runs the same suite as the embedded driver.
 *
 * @example
 * ```ts
 * describeQueueContract('sqlite', async (setup) => {
 *   const queue = new SqliteQueue({ path: tempPath(), max_receive_count: setup.maxReceiveCount, visibility_timeout: setup.visibilityTimeoutMs });
 *   return { queue, cleanup: () => queue.close() };
 * });
 * ```
 */
export function describeQueueContract(name: string, factory: QueueContractFactory, options: QueueContractOptions = {}): void {
  const shortVisibilityMs = options.shortVisibilityMs ?? 300;
  const longPollMs = options.longPollMs ?? 2000;
  const emptyPollMs = options.emptyPollMs ?? 300;
  const settleMs = options.settleMs ?? 3000;
  const knowsOldestAge = options.knowsOldestAge ?? true;

  describe(`Queue contract: ${name}`, () => {
    let opened: QueueUnderTest[] = [];
    let peers: Queue[] = [];

    afterEach(async () => {
      await Promise.allSettled(peers.map((peer) => peer.close()));
      await Promise.allSettled(opened.map((underTest) => underTest.cleanup()));
      opened = [];
      peers = [];
    });

    async function open(setup: Partial<QueueContractSetup> = {}): Promise<QueueUnderTest> {
      const underTest = await factory({ maxReceiveCount: 3, visibilityTimeoutMs: 30_000, ...setup });
      opened.push(underTest);
      return underTest;
    }

    async function openQueue(setup: Partial<QueueContractSetup> = {}): Promise<Queue> {
      return (await open(setup)).queue;
    }

    /** Receives until `count` messages arrived or `settleMs` passed; `'queue'` keeps the queue's visibility timeout. */
    async function receiveUntil(queue: Queue, count: number, visibilityTimeoutMs: number | 'queue' = 30_000): Promise<QueueMessage[]> {
      const received: QueueMessage[] = [];
      const deadline = Date.now() + settleMs;
      const hold = visibilityTimeoutMs === 'queue' ? {} : { visibilityTimeoutMs };
      while (received.length < count && Date.now() < deadline) {
        const maxMessages = Math.min(count - received.length, queue.limits.maxReceiveBatch);
        received.push(...(await queue.receive({ maxMessages, waitTimeMs: 0, ...hold })));
        if (received.length < count) await sleep(25);
      }
      return received;
    }

    async function receiveOne(queue: Queue, visibilityTimeoutMs: number | 'queue' = 30_000): Promise<QueueMessage> {
      const [message] = await receiveUntil(queue, 1, visibilityTimeoutMs);
      if (!message) throw new Error('expected a message, the queue returned none');
      return message;
    }

    /** Retries an assertion until it passes or `settleMs` passed (counts may lag behind). */
    async function eventually(assertion: () => Promise<void>): Promise<void> {
      const deadline = Date.now() + settleMs;
      for (;;) {
        try {
          await assertion();
          return;
        } catch (error) {
          if (Date.now() >= deadline) throw error;
          await sleep(50);
        }
      }
    }

    /** Sends `count` messages and dead-letters each, in order; returns their ids in that order. */
    async function deadLetterMessages(queue: Queue, count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const id = await queue.send({ body: `letter ${index}` });
        const message = await receiveOne(queue);
        expect(message.id).toBe(id);
        await queue.deadLetter(message.receiptHandle, `reason ${index}`);
        ids.push(id);
      }
      return ids;
    }

    describeQueueGuards({ openQueue: () => openQueue(), settleMs });

    describe('send, receive, delete', () => {
      it('returns the id it was given, or a new unique one', async () => {
        // Prepare
        const queue = await openQueue();
        const given = randomUUID();

        // Act
        const ids = [await queue.send({ body: 'a', id: given }), await queue.send({ body: 'b' }), await queue.send({ body: 'c' })];

        // Assess
        expect(ids[0]).toBe(given);
        expect(typeof ids[1]).toBe('string');
        expect(new Set(ids).size).toBe(3);
      });

      it('delivers exactly the bytes sent, text and binary, with receive count 1 and no last error', async () => {
        // Prepare
        const queue = await openQueue();
        const binary = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
        const before = Date.now();
        const textId = await queue.send({ body: 'héllo {"json": true}' });
        const binaryId = await queue.send({ body: new Uint8Array(binary) });
        const after = Date.now();

        // Act
        const messages = await receiveUntil(queue, 2);

        // Assess
        const byId = new Map(messages.map((message) => [message.id, message]));
        expect(byId.get(textId)?.body.equals(Buffer.from('héllo {"json": true}'))).toBe(true);
        expect(byId.get(binaryId)?.body.equals(binary)).toBe(true);
        for (const message of messages) {
          expect(message.receiveCount).toBe(1);
          expect(message.lastError).toBeNull();
          expect(typeof message.receiptHandle).toBe('string');
          expect(message.sentAt).toBeGreaterThanOrEqual(before - 1000);
          expect(message.sentAt).toBeLessThanOrEqual(after + 1000);
        }
      });

      it('joins a payload sent as chunks, in order, and counts all of them against the size limit', async () => {
        // Prepare
        const queue = await openQueue();
        const chunks = [Buffer.from('SLC1'), new Uint8Array([0, 1, 2, 255]), Buffer.alloc(0), Buffer.from('tail')];
        const tooLarge = [Buffer.alloc(queue.limits.maxMessageBytes), Buffer.from('x')];

        // Act
        const id = await queue.send({ body: chunks });
        const [message] = await receiveUntil(queue, 1);
        const refused = queue.send({ body: tooLarge });

        // Assess
        expect(message?.id).toBe(id);
        expect(message?.body.equals(Buffer.concat(chunks))).toBe(true);
        await expect(refused).rejects.toMatchObject({ code: 'SLUICE_BODY_TOO_LARGE' });
      });

      it('hides a received message from other receives until its visibility timeout', async () => {
        // Prepare
        const queue = await openQueue();
        await queue.send({ body: 'only' });
        await receiveOne(queue);

        // Act
        const again = await queue.receive({ waitTimeMs: 0 });

        // Assess
        expect(again).toEqual([]);
      });

      it('delete acknowledges the message for good, and deleting it twice is no error', async () => {
        // Prepare
        const queue = await openQueue();
        await queue.send({ body: 'ack me' });
        const message = await receiveOne(queue, shortVisibilityMs);

        // Act
        await queue.delete(message.receiptHandle);
        await queue.delete(message.receiptHandle);
        await sleep(shortVisibilityMs + 100);

        // Assess
        expect(await queue.receive({ waitTimeMs: 0 })).toEqual([]);
        await eventually(async () => expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, dlqDepth: 0 }));
      });

      it('returns no more than maxMessages, and rejects more than limits.maxReceiveBatch', async () => {
        // Prepare
        const queue = await openQueue();
        await queue.sendBatch(Array.from({ length: 5 }, (_, index) => ({ body: `m${index}` })));

        // Act
        const some = await queue.receive({ maxMessages: 2 });
        const tooMany = queue.receive({ maxMessages: queue.limits.maxReceiveBatch + 1 });

        // Assess
        expect(some.length).toBeLessThanOrEqual(2);
        await expect(tooMany).rejects.toMatchObject({ name: 'InvalidArgumentError', code: 'SLUICE_INVALID_ARGUMENT' });
      });

      it('sendBatch returns the ids in order and every message is received', async () => {
        // Prepare
        const queue = await openQueue();
        const given = randomUUID();

        // Act
        const ids = await queue.sendBatch([{ body: 'one' }, { body: 'two', id: given }, { body: 'three' }]);
        const messages = await receiveUntil(queue, 3);

        // Assess
        expect(ids).toHaveLength(3);
        expect(ids[1]).toBe(given);
        expect(new Set(messages.map((message) => message.id))).toEqual(new Set(ids));
        expect(messages.find((message) => message.id === given)?.body.toString()).toBe('two');
      });

      it('keeps a message sent with a delay hidden until the delay is over', async () => {
        // Prepare
        const queue = await openQueue();
        await queue.send({ body: 'later', delayMs: 60_000 });

        // Act
        const received = await queue.receive({ maxMessages: 1, waitTimeMs: 0 });

        // Assess
        expect(received).toEqual([]);
        await eventually(async () => expect(await queue.stats()).toMatchObject({ visible: 0, delayed: 1 }));
      });
    });

    describe('visibility', () => {
      it('redelivers a message whose visibility timeout expired, with a new handle and receive count 2', async () => {
        // Prepare
        const queue = await openQueue();
        const id = await queue.send({ body: 'retry me' });
        const first = await receiveOne(queue, shortVisibilityMs);

        // Act
        await sleep(shortVisibilityMs + 50);
        const second = await receiveOne(queue);

        // Assess
        expect(second.id).toBe(id);
        expect(second.receiveCount).toBe(2);
        expect(second.receiptHandle).not.toBe(first.receiptHandle);
        expect(second.body.toString()).toBe('retry me');
      });

      it('uses the queue visibility timeout when receive gives none', async () => {
        // Prepare
        const queue = await openQueue({ visibilityTimeoutMs: shortVisibilityMs });
        const id = await queue.send({ body: 'x' });
        await receiveOne(queue, 'queue');

        // Act
        const hidden = await queue.receive({ waitTimeMs: 0 });
        await sleep(shortVisibilityMs + 50);
        const again = await receiveOne(queue);

        // Assess
        expect(hidden).toEqual([]);
        expect(again.id).toBe(id);
      });

      it('changeVisibility(0, error) puts the message back at once and records the error', async () => {
        // Prepare
        const queue = await openQueue();
        const id = await queue.send({ body: 'fails' });
        const first = await receiveOne(queue);

        // Act
        await queue.changeVisibility(first.receiptHandle, 0, 'destination answered 500');
        const second = await receiveOne(queue);

        // Assess
        expect(second.id).toBe(id);
        expect(second.receiveCount).toBe(2);
        expect(second.lastError).toBe('destination answered 500');
      });

      it('changeVisibility extends the hold past the original timeout', async () => {
        // Prepare
        const queue = await openQueue();
        await queue.send({ body: 'slow work' });
        const message = await receiveOne(queue, shortVisibilityMs);

        // Act
        await queue.changeVisibility(message.receiptHandle, 30_000);
        await sleep(shortVisibilityMs * 2);

        // Assess
        expect(await queue.receive({ waitTimeMs: 0 })).toEqual([]);
      });

      it('rejects a stale receipt handle once the message was received again', async () => {
        // Prepare
        const queue = await openQueue();
        await queue.send({ body: 'twice' });
        const first = await receiveOne(queue);
        await queue.changeVisibility(first.receiptHandle, 0);
        const second = await receiveOne(queue);

        // Act
        const stale = queue.changeVisibility(first.receiptHandle, 1000, 'late');

        // Assess
        await expect(stale).rejects.toMatchObject({ name: 'ReceiptHandleError', code: 'SLUICE_RECEIPT_INVALID' });
        await expect(queue.changeVisibility(second.receiptHandle, 1000)).resolves.toBeUndefined();
      });

      it.each([['changeVisibility'], ['delete'], ['deadLetter']] as const)('%s rejects a malformed receipt handle', async (method) => {
        // Prepare
        const queue = await openQueue();

        // Act
        const attempt =
          method === 'changeVisibility'
            ? queue.changeVisibility('not-a-handle', 0)
            : method === 'delete'
              ? queue.delete('not-a-handle')
              : queue.deadLetter('not-a-handle', 'reason');

        // Assess
        await expect(attempt).rejects.toMatchObject({ name: 'ReceiptHandleError', code: 'SLUICE_RECEIPT_INVALID' });
      });
    });

    describe('dead letters', () => {
      it('moves a message received maxReceiveCount times to the DLQ with its last error', async () => {
        // Prepare
        const queue = await openQueue({ maxReceiveCount: 2 });
        const id = await queue.send({ body: 'poison' });
        const first = await receiveOne(queue);
        await queue.changeVisibility(first.receiptHandle, 0, 'attempt 1 failed');
        const second = await receiveOne(queue);
        expect(second.receiveCount).toBe(2);
        await queue.changeVisibility(second.receiptHandle, 0, 'attempt 2 failed');

        // Act
        const third = await queue.receive({ maxMessages: 10, waitTimeMs: 0 });

        // Assess
        expect(third).toEqual([]);
        await eventually(async () => {
          const letter = await queue.dlq.get(id);
          expect(letter).toMatchObject({ id, receiveCount: 2, lastError: 'attempt 2 failed' });
          expect(letter?.body.toString()).toBe('poison');
        });
        await eventually(async () => expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 0, dlqDepth: 1 }));
      });

      it('deadLetter() moves a held message now, with the reason as its last error', async () => {
        // Prepare
        const queue = await openQueue();
        const before = Date.now();
        const id = await queue.send({ body: 'abort' });
        const message = await receiveOne(queue, shortVisibilityMs);

        // Act
        await queue.deadLetter(message.receiptHandle, 'webhook-delivery: abort-message');

        // Assess
        const letter = await queue.dlq.get(id);
        expect(letter).toMatchObject({ id, receiveCount: 1, lastError: 'webhook-delivery: abort-message' });
        expect(letter?.deadLetteredAt).toBeGreaterThanOrEqual(before - 1000);
        await sleep(shortVisibilityMs + 50);
        expect(await queue.receive({ waitTimeMs: 0 })).toEqual([]);
      });

      it('dlq.list pages through the dead letters oldest first', async () => {
        // Prepare
        const queue = await openQueue();
        const ids = await deadLetterMessages(queue, 5);

        // Act
        const first = await queue.dlq.list({ limit: 2 });
        const second = await queue.dlq.list({ limit: 2, after: first.at(-1)?.id });
        const third = await queue.dlq.list({ limit: 2, after: second.at(-1)?.id });
        const all = await queue.dlq.list();

        // Assess
        expect([...first, ...second, ...third].map((letter) => letter.id)).toEqual(ids);
        expect(all.map((letter) => letter.id)).toEqual(ids);
        expect(first[0]).toMatchObject({ lastError: 'reason 0', receiveCount: 1 });
        expect(first[0]?.body.toString()).toBe('letter 0');
      });

      it('dlq.get returns undefined for an id that is not a dead letter', async () => {
        // Prepare
        const queue = await openQueue();
        const live = await queue.send({ body: 'alive' });

        // Act
        const results = [await queue.dlq.get(randomUUID()), await queue.dlq.get(live)];

        // Assess
        expect(results).toEqual([undefined, undefined]);
      });

      it('dlq.redrive moves the given letters, then all, back with the receive count reset', async () => {
        // Prepare
        const queue = await openQueue();
        const [first, ...rest] = await deadLetterMessages(queue, 3);

        // Act
        const movedOne = await queue.dlq.redrive([first as string]);
        const redriven = await receiveOne(queue);
        const movedRest = await queue.dlq.redrive();

        // Assess
        expect(movedOne).toBe(1);
        expect(redriven).toMatchObject({ id: first, receiveCount: 1 });
        expect(redriven.body.toString()).toBe('letter 0');
        expect(movedRest).toBe(2);
        expect(await queue.dlq.list()).toEqual([]);
        const others = await receiveUntil(queue, 2);
        expect(new Set(others.map((message) => message.id))).toEqual(new Set(rest));
      });

      it('dlq.purge deletes the given letters, then all, and counts only existing ones', async () => {
        // Prepare
        const queue = await openQueue();
        const [first, second] = await deadLetterMessages(queue, 3);

        // Act
        const purgedSome = await queue.dlq.purge([first as string, randomUUID()]);
        const remaining = await queue.dlq.list();
        const purgedRest = await queue.dlq.purge();

        // Assess
        expect(purgedSome).toBe(1);
        expect(remaining.map((letter) => letter.id)[0]).toBe(second);
        expect(purgedRest).toBe(2);
        expect(await queue.dlq.list()).toEqual([]);
        await eventually(async () => expect((await queue.stats()).dlqDepth).toBe(0));
      });
    });

    describe('concurrency', () => {
      it('never gives the same message to two concurrent receivers', async () => {
        // Prepare
        const underTest = await open();
        const clients = [underTest.queue];
        if (underTest.openPeer) {
          const peer = await underTest.openPeer();
          peers.push(peer);
          clients.push(peer);
        }
        const total = 300;
        const sent = new Set<string>();
        for (let start = 0; start < total; start += 50) {
          const ids = await underTest.queue.sendBatch(Array.from({ length: 50 }, (_, index) => ({ body: `m${start + index}` })));
          for (const id of ids) sent.add(id);
        }
        const received: string[] = [];
        const deadline = Date.now() + settleMs * 3;

        // Act
        await Promise.all(
          Array.from({ length: 12 }, async (_, index) => {
            const client = clients[index % clients.length] as Queue;
            const maxMessages = Math.min(7, client.limits.maxReceiveBatch);
            while (received.length < total && Date.now() < deadline) {
              const batch = await client.receive({ maxMessages, visibilityTimeoutMs: 60_000 });
              for (const message of batch) received.push(message.id);
              if (batch.length === 0) await sleep(10);
            }
          }),
        );

        // Assess
        expect(received).toHaveLength(total);
        expect(new Set(received)).toEqual(sent);
      });
    });

    describe('long polling', () => {
      it('returns as soon as a message is sent during the wait', async () => {
        // Prepare
        const queue = await openQueue();
        const started = Date.now();
        const polling = queue.receive({ waitTimeMs: longPollMs });

        // Act
        await sleep(100);
        const id = await queue.send({ body: 'wake up' });
        const messages = await polling;

        // Assess
        expect(messages.map((message) => message.id)).toEqual([id]);
        expect(Date.now() - started).toBeLessThan(longPollMs);
      });

      it('ends empty when the wait is over', async () => {
        // Prepare
        const queue = await openQueue();
        const started = Date.now();

        // Act
        const messages = await queue.receive({ waitTimeMs: emptyPollMs });

        // Assess
        expect(messages).toEqual([]);
        expect(Date.now() - started).toBeGreaterThanOrEqual(emptyPollMs - 20);
      });

      it('ends early, empty, when its signal aborts', async () => {
        // Prepare
        const queue = await openQueue();
        const controller = new AbortController();
        const started = Date.now();
        const polling = queue.receive({ waitTimeMs: 20_000, signal: controller.signal });

        // Act
        await sleep(50);
        controller.abort();
        const messages = await polling;

        // Assess
        expect(messages).toEqual([]);
        expect(Date.now() - started).toBeLessThan(10_000);
      });
    });

    describe('stats', () => {
      it('reports zeros and no oldest age for an empty queue', async () => {
        // Prepare
        const queue = await openQueue();

        // Act
        const stats = await queue.stats();

        // Assess
        // `space` is the embedded driver's own (its files); the counts are the contract.
        const { space: _space, retrying, ...counts } = stats;
        expect(counts).toEqual({ visible: 0, inFlight: 0, delayed: 0, oldestAgeMs: null, dlqDepth: 0, nextRetryAt: null });
        // SQS cannot tell the records under retry from those in flight: null, never a wrong count.
        expect([0, null]).toContain(retrying);
      });

      it('counts visible, in-flight, delayed and dead-lettered messages', async () => {
        // Prepare
        const queue = await openQueue();
        await queue.sendBatch([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
        await queue.send({ body: 'd', delayMs: 60_000 });
        const [held, doomed] = await receiveUntil(queue, 2);

        // Act
        await queue.deadLetter((doomed as QueueMessage).receiptHandle, 'bad');

        // Assess
        expect(held).toBeDefined();
        await eventually(async () => {
          const stats = await queue.stats();
          expect(stats).toMatchObject({ visible: 1, inFlight: 1, delayed: 1, dlqDepth: 1 });
          if (knowsOldestAge) expect(stats.oldestAgeMs).toBeGreaterThanOrEqual(0);
          else expect(stats.oldestAgeMs).toBeNull();
        });
      });
    });

    describe('close', () => {
      it('is idempotent, and every later call throws ClosedError', async () => {
        // Prepare
        const queue = await openQueue();

        // Act
        await Promise.all([queue.close(), queue.close()]);
        await queue.close();

        // Assess
        const closed = { name: 'ClosedError', code: 'SLUICE_CLOSED' };
        await expect(queue.send({ body: 'x' })).rejects.toMatchObject(closed);
        await expect(queue.sendBatch([{ body: 'x' }])).rejects.toMatchObject(closed);
        await expect(queue.receive()).rejects.toMatchObject(closed);
        await expect(queue.stats()).rejects.toMatchObject(closed);
        await expect(queue.dlq.list()).rejects.toMatchObject(closed);
      });

      it('commits the sends issued before it', async () => {
        // Prepare
        const underTest = await open();
        const sends = Array.from({ length: 20 }, (_, index) => underTest.queue.send({ body: `pending ${index}` }));

        // Act
        await underTest.queue.close();

        // Assess
        const ids = await Promise.all(sends);
        expect(new Set(ids).size).toBe(20);
        if (underTest.openPeer) {
          const peer = await underTest.openPeer();
          peers.push(peer);
          expect(new Set((await receiveUntil(peer, 20)).map((message) => message.id))).toEqual(new Set(ids));
        }
      });

      it('ends a long poll in progress with no messages', async () => {
        // Prepare
        const queue = await openQueue();
        const polling = queue.receive({ waitTimeMs: 20_000 });
        await sleep(20);

        // Act
        await queue.close();

        // Assess
        await expect(polling).resolves.toEqual([]);
      });
    });
  });
}
