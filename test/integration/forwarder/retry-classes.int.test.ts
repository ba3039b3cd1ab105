import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFailureNote } from '../../../src/forwarder/failure.js';
import type { RetryScheduledEvent } from '../../../src/forwarder/forwarder.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { captureRecordFactory, startForwarderHarness, type ForwarderHarness } from '../../helpers/forwarder-harness.js';
import type { ReceiverReply } from '../../helpers/webhook-receiver.js';

/**
 * Each answer fails the first attempt; the second is accepted. Only the hanging destination gets
 * a short delivery timeout: given to every case, a loaded machine could time out an attempt that
 * was about to be answered 500 and classify it as a timeout instead.
 */
const cases: { description: string; reply: ReceiverReply; expectedClass: string; expectedStatus: number | null; timeout?: number }[] = [
  { description: '500', reply: { status: 500 }, expectedClass: 'server_error', expectedStatus: 500 },
  { description: '503', reply: { status: 503 }, expectedClass: 'server_error', expectedStatus: 503 },
  { description: '408', reply: { status: 408 }, expectedClass: 'request_timeout', expectedStatus: 408 },
  { description: '429', reply: { status: 429 }, expectedClass: 'throttled', expectedStatus: 429 },
  { description: 'another 4xx (404), retried by default', reply: { status: 404 }, expectedClass: 'client_error', expectedStatus: 404 },
  {
    description: 'a redirect, not followed',
    reply: { status: 302, headers: { location: '/elsewhere' } },
    expectedClass: 'unexpected_status',
    expectedStatus: 302,
  },
  { description: 'a timeout', reply: { hang: true }, expectedClass: 'timeout', expectedStatus: null, timeout: 1_000 },
];

describe.each(cases)('Class: Forwarder retries after $description', ({ reply, expectedClass, expectedStatus, timeout }) => {
  let harness: ForwarderHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('hides the message for a backoff, records the failure, then delivers', async () => {
    // Prepare
    harness = await startForwarderHarness({
      behaviour: (d) => (d.attempt === 1 ? reply : undefined),
      destination: { timeout: timeout ?? 10_000 },
    });
    const retries: RetryScheduledEvent[] = [];
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));

    // Assess
    // The hanging case's second attempt is answered at once, but on a stalled machine it may
    // still outlast the short timeout: every attempt but the last was then a retry.
    expect(harness.receiver.countsById().get(record.id)).toBe(retries.length + 1);
    if (timeout === undefined) expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ id: record.id, attempt: 1, failure: { class: expectedClass } });
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(5);
    const hide = harness.queue.calls.find((call) => call.op === 'changeVisibility');
    expect(parseFailureNote(hide?.note)).toMatchObject({ class: expectedClass, status: expectedStatus, attempt: 1 });
  });
});

describe('Class: Forwarder retries after a network error', () => {
  it('retries a connection reset by the destination', async () => {
    // Prepare
    const harness = await startForwarderHarness({ behaviour: (d) => (d.attempt === 1 ? { reset: true } : undefined) });
    const retries: RetryScheduledEvent[] = [];
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));
    await harness.close();

    // Assess
    expect(retries).toHaveLength(1);
    expect(retries[0]?.failure.class).toBe('network');
  });

  it('retries while the destination refuses connections', async () => {
    // Prepare
    const harness = await startForwarderHarness({ start: false });
    await harness.receiver.down();
    const retries: RetryScheduledEvent[] = [];
    harness.forwarder.on('retry_scheduled', (event) => retries.push(event));
    const record = captureRecordFactory();

    // Act
    harness.forwarder.start();
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor(() => retries.length >= 2);
    await harness.receiver.listen();
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));
    await harness.close();

    // Assess
    expect(retries[0]?.failure).toMatchObject({ class: 'network' });
    expect(retries[0]?.failure.message).toContain('ECONNREFUSED');
  });
});

describe('Class: Forwarder failure logs', () => {
  it('logs each failure with record id, attempt and status, and never the body', async () => {
    // Prepare
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const harness = await startForwarderHarness({
      behaviour: (d) => (d.attempt === 1 ? { status: 503, body: 'upstream secret detail' } : undefined),
      forwarder: { logger: createLogger('warn', sink) },
    });
    const record = captureRecordFactory({ body: { password: 'hunter2' } });

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));
    await harness.close();

    // Assess
    const lines = logged
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'delivery failed; will retry', id: record.id, attempt: 1, status: 503, class: 'server_error' }),
    ]);
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('upstream secret detail');
  });
});
