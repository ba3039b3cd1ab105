import { describe, expect, it } from 'vitest';
import { QueueError } from '../../../src/core/errors.js';
import { enqueueRecords, startForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (start and stop)', () => {
  it('finishes the deliveries under way on a graceful stop and takes no new ones', async () => {
    // Prepare
    const harness = await startForwarderHarness({ behaviour: () => ({ status: 204, delayMs: 150 }), destination: { concurrency: 4 } });
    await enqueueRecords(harness.queue, 10);
    await harness.receiver.waitFor((r) => r.deliveries.length === 4);

    // Act
    await harness.forwarder.stop();

    // Assess
    expect(harness.receiver.acceptedIds.size).toBe(4);
    expect(harness.queue.calls.filter((call) => call.op === 'delete')).toHaveLength(4);
    expect(harness.forwarder.inFlight).toBe(0);
    expect(await harness.queue.stats()).toMatchObject({ visible: 6, inFlight: 0 });
    await harness.close();
  });

  it('aborts the deliveries under way on stop({ abort }) and releases their messages at once', async () => {
    // Prepare
    const harness = await startForwarderHarness({ behaviour: () => ({ hang: true }), destination: { concurrency: 2 } });
    const ids = await enqueueRecords(harness.queue, 2);
    await harness.receiver.waitFor((r) => r.deliveries.length === 2);

    // Act
    const started = Date.now();
    await harness.forwarder.stop({ abort: true });

    // Assess
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(harness.queue.calls.map((call) => call.op)).toEqual(['changeVisibility', 'changeVisibility']);
    expect(harness.queue.calls.every((call) => call.timeoutMs === 0 && call.note === undefined)).toBe(true);
    expect(await harness.queue.stats()).toMatchObject({ visible: ids.length });
    await harness.close();
  });

  it('is idempotent: every stop resolves, and an abort during a graceful stop cuts it short', async () => {
    // Prepare
    const harness = await startForwarderHarness({ behaviour: () => ({ hang: true }), destination: { concurrency: 1 } });
    await enqueueRecords(harness.queue, 1);
    await harness.receiver.waitFor((r) => r.deliveries.length === 1);

    // Act
    const graceful = harness.forwarder.stop();
    const aborted = harness.forwarder.stop({ abort: true });
    await Promise.all([graceful, aborted, harness.forwarder.stop()]);

    // Assess
    expect(harness.forwarder.running).toBe(false);
    await harness.close();
  });

  it('refuses to start again after a stop', async () => {
    // Prepare
    const harness = await startForwarderHarness();
    await harness.forwarder.stop();

    // Act & Assess
    expect(() => harness.forwarder.start()).toThrow(expect.objectContaining({ code: 'SLUICE_CLOSED' }));
    await harness.close();
  });

  it('reports a failing receive as an error event and keeps going', async () => {
    // Prepare
    const harness = await startForwarderHarness({ queue: 'memory', start: false, forwarder: { queueErrorBackoffMs: 10 } });
    const errors: Error[] = [];
    harness.forwarder.on('error', (error) => errors.push(error));
    harness.memory!.failNextReceive = new QueueError('database is locked');
    await enqueueRecords(harness.queue, 1);

    // Act
    harness.forwarder.start();
    await harness.receiver.waitFor((r) => r.acceptedIds.size === 1);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ code: 'SLUICE_QUEUE_ERROR' })]);
    await harness.close();
  });

  it('logs a lost lease without raising when the outcome can no longer be written', async () => {
    // Prepare
    const harness = await startForwarderHarness({
      queue: 'memory',
      start: false,
      behaviour: () => ({ status: 503, delayMs: 80 }),
      destination: { concurrency: 1 },
    });
    const errors: Error[] = [];
    const retries: unknown[] = [];
    harness.forwarder.on('error', (error) => errors.push(error));
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const [id] = await enqueueRecords(harness.queue, 1);

    // Act
    harness.forwarder.start();
    await harness.receiver.waitFor((r) => r.deliveries.length === 1);
    // The lease runs out and someone else receives the message: the forwarder's handle is stale.
    harness.memory!.expireLease(id!);
    const [other] = await harness.queue.receive({ maxMessages: 1 });
    await harness.forwarder.stop();

    // Assess
    expect(other?.receiveCount).toBe(2);
    expect(errors).toEqual([]);
    expect(retries).toEqual([]);
    expect(harness.memory!.peek(id!)?.lastError).toBeNull();
    await harness.close();
  });
});
