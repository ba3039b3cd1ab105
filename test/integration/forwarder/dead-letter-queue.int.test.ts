import { afterEach, describe, expect, it } from 'vitest';
import { parseFailureNote } from '../../../src/forwarder/failure.js';
import type { DeadLetteredEvent } from '../../../src/forwarder/forwarder.js';
import { captureRecordFactory, enqueueRecords, startForwarderHarness, type ForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (dead-letter queue)', () => {
  let harness: ForwarderHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('moves a record to the DLQ after max_receive_count attempts, with the last error recorded', async () => {
    // Prepare
    harness = await startForwarderHarness({ maxReceiveCount: 3, behaviour: (d) => ({ status: d.attempt < 3 ? 500 : 503 }) });
    const dead: DeadLetteredEvent[] = [];
    harness.forwarder.on('dead_lettered', (event) => dead.push(event));
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor(() => dead.length === 1);

    // Assess
    expect(harness.receiver.countsById().get(record.id)).toBe(3);
    expect(dead[0]).toMatchObject({ id: record.id, attempt: 3, reason: 'max_attempts' });
    const letter = await harness.queue.dlq.get(record.id);
    expect(letter).toMatchObject({ id: record.id, receiveCount: 3 });
    expect(parseFailureNote(letter?.lastError)).toMatchObject({
      class: 'server_error',
      status: 503,
      error: 'HTTP 503 Service Unavailable',
      attempt: 3,
      dead_letter: 'max_attempts',
    });
  });

  it('delivers redriven records once the destination accepts them', async () => {
    // Prepare
    let accepting = false;
    harness = await startForwarderHarness({ maxReceiveCount: 2, behaviour: () => (accepting ? undefined : { status: 500 }) });
    const dead: DeadLetteredEvent[] = [];
    harness.forwarder.on('dead_lettered', (event) => dead.push(event));
    const ids = await enqueueRecords(harness.queue, 5);
    await harness.receiver.waitFor(() => dead.length === 5);

    // Act
    accepting = true;
    const moved = await harness.queue.dlq.redrive([ids[0]!, ids[1]!]);
    await harness.receiver.waitFor((r) => r.acceptedIds.size === 2);
    const movedRest = await harness.queue.dlq.redrive();
    await harness.receiver.waitFor((r) => r.acceptedIds.size === 5);

    // Assess
    expect(moved).toBe(2);
    expect(movedRest).toBe(3);
    expect([...harness.receiver.acceptedIds].sort()).toEqual([...ids].sort());
    expect(await harness.queue.dlq.list()).toEqual([]);
  });

  it('delivers nothing of purged records', async () => {
    // Prepare
    harness = await startForwarderHarness({ maxReceiveCount: 1, behaviour: () => ({ status: 500 }) });
    const dead: DeadLetteredEvent[] = [];
    harness.forwarder.on('dead_lettered', (event) => dead.push(event));
    await enqueueRecords(harness.queue, 3);
    await harness.receiver.waitFor(() => dead.length === 3);

    // Act
    const purged = await harness.queue.dlq.purge();
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Assess
    expect(purged).toBe(3);
    expect(harness.receiver.deliveries).toHaveLength(3);
    expect(await harness.queue.stats()).toMatchObject({ dlqDepth: 0, visible: 0, inFlight: 0, delayed: 0 });
  });

  it('sends a payload that is not a record straight to the DLQ with the reason', async () => {
    // Prepare
    harness = await startForwarderHarness();
    const dead: DeadLetteredEvent[] = [];
    harness.forwarder.on('dead_lettered', (event) => dead.push(event));

    // Act
    await harness.queue.send({ id: 'not-json', body: 'hello, world' });
    await harness.queue.send({ id: 'no-id', body: '{"status":200}' });
    await harness.receiver.waitFor(() => dead.length === 2);

    // Assess
    expect(harness.receiver.deliveries).toHaveLength(0);
    expect(dead.map((event) => event.reason)).toEqual(['malformed', 'malformed']);
    expect(parseFailureNote((await harness.queue.dlq.get('not-json'))?.lastError)).toMatchObject({ class: 'malformed', dead_letter: 'malformed' });
  });
});
