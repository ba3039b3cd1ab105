import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, tempQueues, type TempQueues } from './temp-queue.js';

const DAY = 86_400_000;

describe('Class: SqliteQueue (retention)', () => {
  let temp: TempQueues;

  beforeEach(async () => {
    temp = await tempQueues();
  });

  afterEach(async () => {
    await temp.cleanup();
  });

  it('keeps messages for 4 days and dead letters for 14 days by default', async () => {
    // Prepare
    const clock = manualClock();
    const queue = temp.open({}, { now: clock.now });
    await queue.send({ body: 'main' });
    await queue.send({ body: 'doomed' });
    const [message] = await queue.receive();
    await queue.deadLetter(message?.receiptHandle as string, 'bad');

    // Act
    clock.advance(4 * DAY - 1);
    const early = await queue.sweep();
    clock.advance(2);
    const mainExpired = await queue.sweep();
    const afterMain = await queue.stats();
    clock.advance(10 * DAY);
    const deadExpired = await queue.sweep();

    // Assess
    expect(early).toEqual({ expired: 0, deadLettersExpired: 0, orphanBlobs: 0 });
    expect(mainExpired).toMatchObject({ expired: 1, deadLettersExpired: 0 });
    expect(afterMain).toMatchObject({ visible: 0, dlqDepth: 1 });
    expect(deadExpired).toMatchObject({ expired: 0, deadLettersExpired: 1 });
    expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 0, dlqDepth: 0 });
  });

  it('honours configured retention periods', async () => {
    // Prepare
    const clock = manualClock();
    const queue = temp.open({ retention: 60_000, dlq_retention: 120_000 }, { now: clock.now });
    await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);
    const [message] = await queue.receive();
    await queue.deadLetter(message?.receiptHandle as string, 'bad');

    // Act
    clock.advance(60_001);
    const first = await queue.sweep();
    clock.advance(60_000);
    const second = await queue.sweep();

    // Assess
    expect(first).toMatchObject({ expired: 1, deadLettersExpired: 0 });
    expect(second).toMatchObject({ expired: 0, deadLettersExpired: 1 });
  });

  it('sweeps expired messages when the file is opened', async () => {
    // Prepare
    const clock = manualClock();
    const writer = temp.open({}, { now: clock.now });
    await writer.sendBatch(Array.from({ length: 2500 }, (_, index) => ({ body: `m${index}` })));
    await writer.close();

    // Act
    clock.advance(5 * DAY);
    const reader = temp.open({}, { now: clock.now });
    const stats = await reader.stats();

    // Assess
    expect(stats).toMatchObject({ visible: 0, oldestAgeMs: null });
  });

  it('expires every old message across several chunks and keeps the younger ones', async () => {
    // Prepare
    const clock = manualClock();
    const queue = temp.open({}, { now: clock.now });
    await queue.sendBatch(Array.from({ length: 2500 }, (_, index) => ({ body: `old${index}` })));
    clock.advance(2 * DAY);
    await queue.sendBatch(Array.from({ length: 10 }, (_, index) => ({ body: `young${index}` })));

    // Act
    clock.advance(2 * DAY + 1);
    const result = await queue.sweep();

    // Assess
    expect(result.expired).toBe(2500);
    expect(await queue.stats()).toMatchObject({ visible: 10, oldestAgeMs: 2 * DAY + 1 });
  });

  it('removes the payload files of expired messages', async () => {
    // Prepare
    const clock = manualClock();
    const queue = temp.open({ offload_threshold: 16 }, { now: clock.now });
    await queue.send({ body: 'x'.repeat(100) });
    const blobDir = `${queue.path}.blobs`;
    const before = await readdir(blobDir);

    // Act
    clock.advance(5 * DAY);
    const result = await queue.sweep();

    // Assess
    expect(before).toHaveLength(1);
    expect(result.expired).toBe(1);
    expect(await readdir(blobDir)).toEqual([]);
  });

  it('restarts retention for a redriven dead letter', async () => {
    // Prepare
    const clock = manualClock();
    const queue = temp.open({}, { now: clock.now });
    const id = await queue.send({ body: 'old' });
    const [message] = await queue.receive();
    await queue.deadLetter(message?.receiptHandle as string, 'bad');
    clock.advance(3 * DAY);
    await queue.dlq.redrive([id]);

    // Act
    clock.advance(2 * DAY);
    const result = await queue.sweep();

    // Assess
    expect(result.expired).toBe(0);
    expect(await queue.stats()).toMatchObject({ visible: 1, oldestAgeMs: 2 * DAY });
  });
});
