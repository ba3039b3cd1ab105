import { describe, expect, it } from 'vitest';
import type { RetryScheduledEvent } from '../../../src/forwarder/forwarder.js';
import { enqueueRecords, startForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (destination down, then up)', () => {
  it('delivers every record, none lost, after several backoff periods of refused connections', async () => {
    // Prepare
    const harness = await startForwarderHarness({
      start: false,
      maxReceiveCount: 1_000,
      destination: { concurrency: 8, retry: { base: 10, cap: 80 } },
    });
    await harness.receiver.down();
    const retries: RetryScheduledEvent[] = [];
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const ids = await enqueueRecords(harness.queue, 200);

    // Act
    harness.forwarder.start();
    // Down until every record has failed at least three times (several backoff periods).
    await harness.receiver.waitFor(() => {
      const attempts = new Map<string, number>();
      for (const retry of retries) attempts.set(retry.id, retry.attempt);
      return attempts.size === ids.length && [...attempts.values()].every((attempt) => attempt >= 3);
    });
    await harness.receiver.listen();
    await harness.receiver.waitFor((r) => r.acceptedIds.size === ids.length);
    await harness.forwarder.stop();

    // Assess
    expect(retries.every((retry) => retry.failure.class === 'network')).toBe(true);
    expect([...harness.receiver.acceptedIds].sort()).toEqual([...ids].sort());
    expect(await harness.queue.stats()).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, dlqDepth: 0 });
    await harness.close();
  });
});
