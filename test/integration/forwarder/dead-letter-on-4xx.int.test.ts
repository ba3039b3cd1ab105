import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetteredEvent, RetryScheduledEvent } from '../../../src/forwarder/forwarder.js';
import { captureRecordFactory, startForwarderHarness, type ForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (dead_letter_on_4xx)', () => {
  let harness: ForwarderHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it.each([{ status: 400 }, { status: 404 }, { status: 422 }])('dead-letters a $status after one attempt', async ({ status }) => {
    // Prepare
    harness = await startForwarderHarness({ behaviour: () => ({ status }), destination: { dead_letter_on_4xx: true } });
    const dead: DeadLetteredEvent[] = [];
    harness.forwarder.on('dead_lettered', (event) => dead.push(event));
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor(() => dead.length === 1);

    // Assess
    expect(harness.receiver.deliveries).toHaveLength(1);
    expect(dead[0]).toMatchObject({ reason: 'client_error', failure: { status } });
  });

  it.each([{ status: 408 }, { status: 429 }])('still retries a $status', async ({ status }) => {
    // Prepare
    harness = await startForwarderHarness({
      behaviour: (d) => (d.attempt === 1 ? { status } : undefined),
      destination: { dead_letter_on_4xx: true },
    });
    const retries: RetryScheduledEvent[] = [];
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));

    // Assess
    expect(retries).toHaveLength(1);
    expect(await harness.queue.dlq.list()).toEqual([]);
  });
});
