import { describe, expect, it } from 'vitest';
import type { RetryScheduledEvent } from '../../../src/forwarder/forwarder.js';
import { enqueueRecords, startForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (destination hangs)', () => {
  it('times the hung requests out at the configured timeout, then delivers', async () => {
    // Prepare
    let hanging = true;
    const harness = await startForwarderHarness({
      behaviour: () => (hanging ? { hang: true } : undefined),
      destination: { timeout: 100, concurrency: 4 },
      maxReceiveCount: 100,
    });
    const retries: RetryScheduledEvent[] = [];
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const ids = await enqueueRecords(harness.queue, 8);

    // Act
    await harness.receiver.waitFor(() => retries.length >= 8);
    hanging = false;
    await harness.receiver.waitFor((r) => r.acceptedIds.size === ids.length);
    await harness.close();

    // Assess
    expect(retries.every((retry) => retry.failure.class === 'timeout')).toBe(true);
    // The deadline is the configured one, Sluice's own timer, not undici's coarse ones (about a
    // second): its error says so. No upper bound on the time: a busy machine may take longer.
    expect(retries[0]!.failure.message).toContain('within 100 ms');
    const first = harness.receiver.deliveries[0]!;
    const retryOfFirst = harness.receiver.deliveries.find((d) => d.id === first.id && d.attempt === 2)!;
    expect(retryOfFirst.at - first.at).toBeGreaterThanOrEqual(95);
  });
});
