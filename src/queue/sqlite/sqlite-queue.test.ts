import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqliteQueueOptions, SqliteQueueSettings } from './options.js';
import { SqliteQueue } from './sqlite-queue.js';

describe('Class: SqliteQueue', () => {
  let dir: string;
  let path: string;
  let opened: SqliteQueue[];
  let clock: number;
  const now = () => clock;

  function open(settings: Partial<SqliteQueueSettings> = {}, options: SqliteQueueOptions = {}): SqliteQueue {
    const queue = new SqliteQueue({ path, ...settings }, { now, ...options });
    opened.push(queue);
    return queue;
  }

  async function receiveOne(queue: SqliteQueue, visibilityTimeoutMs = 30_000) {
    const [message] = await queue.receive({ visibilityTimeoutMs });
    if (!message) throw new Error('expected a message');
    return message;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-sqlite-queue-'));
    path = join(dir, 'queue.db');
    opened = [];
    clock = Date.UTC(2026, 0, 1);
  });

  afterEach(async () => {
    vi.useRealTimers();
    await Promise.allSettled(opened.map((queue) => queue.close()));
    await rm(dir, { recursive: true, force: true });
  });

  describe('visibility on the injected clock', () => {
    it('redelivers exactly when the visibility timeout is over', async () => {
      // Prepare
      const queue = open();
      const id = await queue.send({ body: 'x' });
      await receiveOne(queue, 30_000);

      // Act
      clock += 29_999;
      const early = await queue.receive();
      clock += 1;
      const due = await queue.receive();

      // Assess
      expect(early).toEqual([]);
      expect(due).toMatchObject([{ id, receiveCount: 2 }]);
    });

    it('delivers a delayed message once its delay is over', async () => {
      // Prepare
      const queue = open();
      const id = await queue.send({ body: 'x', delayMs: 5000 });

      // Act
      const early = await queue.receive();
      clock += 5000;
      const due = await queue.receive();

      // Assess
      expect(early).toEqual([]);
      expect(due).toMatchObject([{ id, receiveCount: 1, sentAt: clock - 5000 }]);
    });

    it('hands a message out once per receive even with a visibility timeout of 0', async () => {
      // Prepare
      const queue = open();
      const id = await queue.send({ body: 'x' });

      // Act
      const first = await queue.receive({ maxMessages: 10, visibilityTimeoutMs: 0 });
      const second = await queue.receive({ maxMessages: 10, visibilityTimeoutMs: 0 });

      // Assess
      expect(first).toMatchObject([{ id, receiveCount: 1 }]);
      expect(second).toMatchObject([{ id, receiveCount: 2 }]);
    });

    it('dead-letters on visibility expiry alone, with a reason when no error was recorded', async () => {
      // Prepare
      const queue = open({ max_receive_count: 2 });
      const id = await queue.send({ body: 'x' });
      await receiveOne(queue, 1000);
      clock += 1000;
      await receiveOne(queue, 1000);
      clock += 1000;

      // Act
      const third = await queue.receive();

      // Assess
      expect(third).toEqual([]);
      const letter = await queue.dlq.get(id);
      expect(letter).toMatchObject({ id, receiveCount: 2, deadLetteredAt: clock });
      expect(letter?.lastError).toEqual(expect.any(String));
    });

    it('fills a receive past the messages it dead-letters', async () => {
      // Prepare
      const queue = open({ max_receive_count: 1 });
      const [doomed] = await queue.sendBatch([{ body: 'doomed' }]);
      await receiveOne(queue, 500); // visible again before the fresh ones are sent
      clock += 1000;
      const fresh = await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);

      // Act
      const messages = await queue.receive({ maxMessages: 2 });

      // Assess
      expect(messages.map((message) => message.id).sort()).toEqual([...fresh].sort());
      expect(await queue.dlq.get(doomed as string)).toBeDefined();
    });
  });

  describe('receiving in batches', () => {
    it('moves every message out of receives in one receive and still fills the batch', async () => {
      // Prepare
      const queue = open({ max_receive_count: 1 });
      const doomed = await queue.sendBatch(Array.from({ length: 5 }, (_, index) => ({ body: `doomed ${index}` })));
      const first = await queue.receive({ maxMessages: 5, visibilityTimeoutMs: 1000 });
      await queue.changeVisibility(first[0]?.receiptHandle as string, 1000, 'HTTP 503');
      clock += 2000; // the doomed ones come first: visible since a second
      const fresh = await queue.sendBatch(Array.from({ length: 3 }, (_, index) => ({ body: `fresh ${index}` })));

      // Act
      const messages = await queue.receive({ maxMessages: 3 });

      // Assess
      expect(first).toHaveLength(5);
      expect(messages.map((message) => message.id).sort()).toEqual([...fresh].sort());
      expect(messages.every((message) => message.receiveCount === 1)).toBe(true);
      const letters = await queue.dlq.list();
      expect(letters.map((letter) => letter.id).sort()).toEqual([...doomed].sort());
      expect(letters.find((letter) => letter.id === first[0]?.id)).toMatchObject({ receiveCount: 1, lastError: 'HTTP 503' });
      expect(letters.filter((letter) => letter.lastError === null)).toEqual([]);
      expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 3, dlqDepth: 5 });
    });

    it('counts receives and keeps each message once across receives of different sizes', async () => {
      // Prepare
      const queue = open();
      const ids = await queue.sendBatch(Array.from({ length: 70 }, (_, index) => ({ body: `m${index}` })));

      // Act
      const batches = [await queue.receive({ maxMessages: 1 }), await queue.receive({ maxMessages: 5 }), await queue.receive({ maxMessages: 100 })];

      // Assess
      expect(batches.map((batch) => batch.length)).toEqual([1, 5, 64]);
      const received = batches.flat();
      expect(new Set(received.map((message) => message.id))).toEqual(new Set(ids));
      expect(received.every((message) => message.receiveCount === 1 && message.body.toString().startsWith('m'))).toBe(true);
      expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 70 });
    });

    it('commits deletes waiting for their group with the next receive', async () => {
      // Prepare
      const queue = open();
      await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);
      const [first] = await queue.receive();
      const reader = new Database(path, { readonly: true });
      const present = reader.prepare('SELECT count(*) FROM messages WHERE id = ?').pluck();

      // Act
      const deleting = queue.delete(first?.receiptHandle as string);
      const [second] = await queue.receive();
      const afterReceive = present.get(first?.id);
      await deleting;
      reader.close();

      // Assess
      expect(second?.body.toString()).toBe('b');
      expect(afterReceive).toBe(0);
    });
  });

  describe('receipt handles', () => {
    it('delete accepts an older handle of the message', async () => {
      // Prepare
      const queue = open();
      await queue.send({ body: 'x' });
      const first = await receiveOne(queue);
      await queue.changeVisibility(first.receiptHandle, 0);
      await receiveOne(queue);

      // Act
      await queue.delete(first.receiptHandle);

      // Assess
      expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 0, delayed: 0 });
    });

    it('rejects changeVisibility and deadLetter for a message that is gone or received again', async () => {
      // Prepare
      const queue = open();
      await queue.sendBatch([{ body: 'deleted' }, { body: 'received twice' }]);
      const gone = await receiveOne(queue);
      await queue.delete(gone.receiptHandle);
      const stale = await receiveOne(queue);
      await queue.changeVisibility(stale.receiptHandle, 0);
      await receiveOne(queue);
      const invalid = { name: 'ReceiptHandleError', code: 'SLUICE_RECEIPT_INVALID' };

      // Act
      const attempts = [queue.changeVisibility(gone.receiptHandle, 10), queue.deadLetter(gone.receiptHandle, 'x'), queue.deadLetter(stale.receiptHandle, 'x')];

      // Assess
      for (const attempt of attempts) await expect(attempt).rejects.toMatchObject(invalid);
      expect((await queue.stats()).dlqDepth).toBe(0);
    });
  });

  describe('first receive', () => {
    it('is recorded by the first receive, kept by later ones, and restarted by a redrive', async () => {
      // Prepare
      const queue = open();
      const id = await queue.send({ body: 'x' });
      const start = clock;

      // Act
      const first = await receiveOne(queue);
      await queue.changeVisibility(first.receiptHandle, 1_000, 'HTTP 503');
      clock += 5_000;
      const second = await receiveOne(queue);
      await queue.deadLetter(second.receiptHandle, 'gave up');
      clock += 5_000;
      await queue.dlq.redrive([id]);
      const redriven = await receiveOne(queue);

      // Assess
      expect(first).toMatchObject({ receiveCount: 1, firstReceivedAt: start });
      expect(second).toMatchObject({ receiveCount: 2, firstReceivedAt: start });
      expect(redriven).toMatchObject({ receiveCount: 1, firstReceivedAt: clock });
    });
  });

  describe('stats', () => {
    it('counts a message put back with an error as delayed and one held longer as in flight', async () => {
      // Prepare
      const queue = open();
      await queue.sendBatch([{ body: 'fails' }, { body: 'slow' }]);
      const [failing, slow] = await queue.receive({ maxMessages: 2 });

      // Act
      await queue.changeVisibility(failing?.receiptHandle as string, 60_000, 'HTTP 503');
      await queue.changeVisibility(slow?.receiptHandle as string, 60_000);
      clock += 1500;
      const stats = await queue.stats();

      // Assess
      expect(stats).toMatchObject({ visible: 0, inFlight: 1, delayed: 1, retrying: 1, nextRetryAt: clock - 1500 + 60_000, oldestAgeMs: 1500, dlqDepth: 0 });
    });

    it('counts records waiting for a retry apart from those sent with a delay, with the earliest due time', async () => {
      // Prepare
      const queue = open();
      await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);
      await queue.send({ body: 'later', delayMs: 5_000 });
      const [a, b] = await queue.receive({ maxMessages: 2 });

      // Act
      await queue.changeVisibility(a?.receiptHandle as string, 90_000, 'HTTP 503');
      await queue.changeVisibility(b?.receiptHandle as string, 30_000, 'HTTP 503');
      const stats = await queue.stats();

      // Assess
      expect(stats).toMatchObject({ delayed: 3, retrying: 2, nextRetryAt: clock + 30_000 });
    });
  });

  describe('sending', () => {
    it('rejects only the send whose id is already queued, not the others committed with it', async () => {
      // Prepare
      const queue = open();
      await queue.send({ body: 'first', id: 'taken' });

      // Act
      const results = await Promise.allSettled([queue.send({ body: 'a' }), queue.send({ body: 'dup', id: 'taken' }), queue.send({ body: 'b' })]);

      // Assess
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'QueueError', code: 'SLUICE_QUEUE_ERROR' });
      expect((await queue.stats()).visible).toBe(3);
    });

    it('sendBatch commits all messages or none', async () => {
      // Prepare
      const queue = open();
      await queue.send({ body: 'first', id: 'taken' });

      // Act
      const batch = queue.sendBatch([{ body: 'a' }, { body: 'dup', id: 'taken' }, { body: 'b' }]);

      // Assess
      await expect(batch).rejects.toMatchObject({ code: 'SLUICE_QUEUE_ERROR' });
      expect((await queue.stats()).visible).toBe(1);
    });

    it('rejects a payload over maxMessageBytes with BodyTooLargeError', async () => {
      // Prepare
      const queue = open({}, { maxMessageBytes: 10 });

      // Act
      const send = queue.send({ body: 'x'.repeat(11) });

      // Assess
      await expect(send).rejects.toMatchObject({ code: 'SLUICE_BODY_TOO_LARGE', limit: 10 });
      expect(queue.limits.maxMessageBytes).toBe(10);
    });

    it.each([
      { description: 'a negative delay', call: (queue: SqliteQueue) => queue.send({ body: 'x', delayMs: -1 }) },
      { description: 'an empty id', call: (queue: SqliteQueue) => queue.send({ body: 'x', id: '' }) },
      { description: 'maxMessages 0', call: (queue: SqliteQueue) => queue.receive({ maxMessages: 0 }) },
      { description: 'a fractional maxMessages', call: (queue: SqliteQueue) => queue.receive({ maxMessages: 1.5 }) },
      { description: 'a negative wait', call: (queue: SqliteQueue) => queue.receive({ waitTimeMs: -5 }) },
      { description: 'a NaN visibility change', call: (queue: SqliteQueue) => queue.changeVisibility('r2.AAAAAAAAAAAA.1', Number.NaN) },
    ])('rejects $description with InvalidArgumentError', async ({ call }) => {
      // Prepare
      const queue = open();

      // Act
      const attempt = call(queue);

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'InvalidArgumentError', code: 'SLUICE_INVALID_ARGUMENT' });
    });
  });

  describe('long polling', () => {
    it('is woken at once by a send through another queue object on the same file', async () => {
      // Prepare
      const consumer = open({}, { pollIntervalMs: 600_000 });
      const producer = open();
      const polling = consumer.receive({ waitTimeMs: 600_000 });

      // Act
      const id = await producer.send({ body: 'wake' });

      // Assess
      await expect(polling).resolves.toMatchObject([{ id }]);
    });

    it('follows fake timers: polls and ends on the faked clock', async () => {
      // Prepare
      vi.useFakeTimers();
      const queue = new SqliteQueue({ path }, { pollIntervalMs: 50 });
      opened.push(queue);
      const polling = queue.receive({ waitTimeMs: 10_000 });
      let settled = false;
      void polling.then(() => {
        settled = true;
      });

      // Act
      await vi.advanceTimersByTimeAsync(9_950);
      const before = settled;
      await vi.advanceTimersByTimeAsync(100);

      // Assess
      expect(before).toBe(false);
      await expect(polling).resolves.toEqual([]);
    });

    it('picks up a message that becomes visible during the wait, by polling', async () => {
      // Prepare
      vi.useFakeTimers();
      const queue = new SqliteQueue({ path }, { pollIntervalMs: 50 });
      opened.push(queue);
      const id = await queue.send({ body: 'later', delayMs: 1000 });
      const polling = queue.receive({ waitTimeMs: 5000 });

      // Act
      await vi.advanceTimersByTimeAsync(1050);

      // Assess
      await expect(polling).resolves.toMatchObject([{ id }]);
    });

    it('returns at once when the signal is already aborted', async () => {
      // Prepare
      const queue = open();

      // Act
      const messages = await queue.receive({ waitTimeMs: 600_000, signal: AbortSignal.abort() });

      // Assess
      expect(messages).toEqual([]);
    });
  });

  describe('dead-letter queue', () => {
    it('skips a redrive whose id is back in the main queue, keeping the letter', async () => {
      // Prepare
      const queue = open();
      await queue.send({ body: 'x', id: 'again' });
      await queue.deadLetter((await receiveOne(queue)).receiptHandle, 'bad');
      await queue.send({ body: 'resent', id: 'again' });

      // Act
      const moved = await queue.dlq.redrive(['again', 'unknown']);

      // Assess
      expect(moved).toBe(0);
      expect(await queue.dlq.get('again')).toMatchObject({ lastError: 'bad' });
    });

    it('list rejects a cursor that is not a dead letter, and a bad limit', async () => {
      // Prepare
      const queue = open();

      // Act
      const unknownCursor = queue.dlq.list({ after: 'nope' });
      const badLimit = queue.dlq.list({ limit: 0 });

      // Assess
      await expect(unknownCursor).rejects.toMatchObject({ code: 'SLUICE_MESSAGE_NOT_FOUND' });
      await expect(badLimit).rejects.toMatchObject({ name: 'InvalidArgumentError', code: 'SLUICE_INVALID_ARGUMENT' });
    });

    it('orders letters dead-lettered in the same millisecond by id', async () => {
      // Prepare
      const queue = open();
      await queue.sendBatch([
        { body: 'x', id: 'b' },
        { body: 'y', id: 'a' },
      ]);
      for (const message of await queue.receive({ maxMessages: 2 })) await queue.deadLetter(message.receiptHandle, 'bad');

      // Act
      const letters = await queue.dlq.list();

      // Assess
      expect(letters.map((letter) => letter.id)).toEqual(['a', 'b']);
    });
  });

  describe('storage failures', () => {
    it('reports a file that is not a database as QueueError with the cause', async () => {
      // Prepare
      await writeFile(path, 'this is not a database, just text that is long enough to be checked'.repeat(20));

      // Act
      const opening = () => open();

      // Assess
      expect(opening).toThrow(expect.objectContaining({ name: 'QueueError', code: 'SLUICE_QUEUE_ERROR', cause: expect.any(Error) }));
    });

    it('refuses a file written by a newer schema', async () => {
      // Prepare
      const db = new Database(path);
      db.pragma('user_version = 99');
      db.close();

      // Act
      const opening = () => open();

      // Assess
      expect(opening).toThrow(expect.objectContaining({ code: 'SLUICE_QUEUE_ERROR' }));
    });

    it('upgrades a file of schema 1 in place: its messages stay, its enqueued_at index goes', async () => {
      // Prepare
      const first = open();
      const id = await first.send({ body: 'kept' });
      await first.close();
      const db = new Database(path);
      db.exec('CREATE INDEX messages_enqueued ON messages (enqueued_at)');
      db.pragma('user_version = 1');
      db.close();

      // Act
      const queue = open();
      const [message] = await queue.receive();

      // Assess
      expect(message).toMatchObject({ id, body: Buffer.from('kept') });
      const check = new Database(path, { readonly: true });
      const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'").pluck().all();
      const version = check.pragma('user_version', { simple: true });
      check.close();
      expect(indexes).not.toContain('messages_enqueued');
      expect(version).toBe(3);
    });

    it('upgrades a file of schema 2 in place: a message under retry keeps its receives, its budget starts at its next receive', async () => {
      // Prepare
      const first = open();
      const id = await first.send({ body: 'retried' });
      await receiveOne(first);
      await first.close();
      const db = new Database(path);
      db.exec('ALTER TABLE messages DROP COLUMN first_received_at');
      db.exec('UPDATE messages SET visible_at = 0, in_flight = 0');
      db.pragma('user_version = 2');
      db.close();
      clock += 60_000;

      // Act
      const queue = open();
      const message = await receiveOne(queue);

      // Assess
      expect(message).toMatchObject({ id, receiveCount: 2, firstReceivedAt: clock });
      const check = new Database(path, { readonly: true });
      const version = check.pragma('user_version', { simple: true });
      check.close();
      expect(version).toBe(3);
    });

    it('turns a storage error during an operation into QueueError', async () => {
      // Prepare
      const queue = open();
      const db = new Database(path);
      db.exec('DROP TABLE dead_letters');
      db.close();

      // Act
      const listing = queue.dlq.list();

      // Assess
      await expect(listing).rejects.toMatchObject({ name: 'QueueError', code: 'SLUICE_QUEUE_ERROR', cause: expect.any(Error) });
    });
  });

  describe('close', () => {
    it('waits for an offloaded send still writing its file', async () => {
      // Prepare
      const queue = open({ offload_threshold: 10 });
      const sending = queue.send({ body: 'x'.repeat(100_000) });

      // Act
      await queue.close();

      // Assess
      const id = await sending;
      const reader = open();
      expect(await reader.receive()).toMatchObject([{ id }]);
    });
  });
});
