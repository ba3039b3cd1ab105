import { afterEach, describe, expect, it } from 'vitest';
import type { RetryScheduledEvent } from '../../../src/forwarder/forwarder.js';
import { captureRecordFactory, startForwarderHarness, type ForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (Retry-After)', () => {
  let harness: ForwarderHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('waits at least the seconds a 503 asks for, though the backoff is far shorter', async () => {
    // Prepare
    harness = await startForwarderHarness({
      behaviour: (d) => (d.attempt === 1 ? { status: 503, headers: { 'Retry-After': '1' } } : undefined),
    });
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));

    // Assess
    const [first, second] = harness.receiver.deliveries;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
  });

  it('reads an HTTP date on a 429', async () => {
    // Prepare
    harness = await startForwarderHarness({
      behaviour: (d) => (d.attempt === 1 ? { status: 429, headers: { 'Retry-After': new Date(Date.now() + 120_000).toUTCString() } } : undefined),
    });
    const retries: RetryScheduledEvent[] = [];
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor(() => retries.length === 1);

    // Assess
    expect(retries[0]!.delayMs).toBeGreaterThan(118_000);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(120_000);
    expect(harness.queue.calls.at(-1)).toMatchObject({ op: 'changeVisibility', timeoutMs: retries[0]!.delayMs });
  });

  it('caps an absurd Retry-After at the configured ceiling', async () => {
    // Prepare
    harness = await startForwarderHarness({
      behaviour: (d) => (d.attempt === 1 ? { status: 503, headers: { 'Retry-After': '31536000' } } : undefined),
      forwarder: { maxRetryAfterMs: 30 },
    });
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id), 2_000);

    // Assess
    expect(harness.receiver.countsById().get(record.id)).toBe(2);
  });
});
