import { afterEach, describe, expect, it } from 'vitest';
import { parseFailureNote } from '../../../src/forwarder/failure.js';
import type { DeadLetteredEvent } from '../../../src/forwarder/forwarder.js';
import { captureRecordFactory, startForwarderHarness, type ForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (webhook-delivery: abort-message)', () => {
  let harness: ForwarderHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it.each([{ status: 500 }, { status: 400 }, { status: 409 }])(
    'sends the record to the dead-letter queue at once when a $status carries the header',
    async ({ status }) => {
      // Prepare
      harness = await startForwarderHarness({ behaviour: () => ({ status, headers: { 'Webhook-Delivery': 'abort-message' } }) });
      const dead: DeadLetteredEvent[] = [];
      harness.forwarder.on('dead_lettered', (event) => dead.push(event));
      const record = captureRecordFactory();

      // Act
      await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
      await harness.receiver.waitFor(() => dead.length === 1);

      // Assess
      expect(harness.receiver.deliveries).toHaveLength(1);
      expect(dead[0]).toMatchObject({ id: record.id, attempt: 1, reason: 'abort_message', failure: { class: 'abort_message', status } });
      const letter = await harness.queue.dlq.get(record.id);
      expect(parseFailureNote(letter?.lastError)).toMatchObject({ class: 'abort_message', status, attempt: 1, dead_letter: 'abort_message' });
    },
  );

  it('still counts a 2xx with the header as delivered', async () => {
    // Prepare
    harness = await startForwarderHarness({ behaviour: () => ({ status: 200, headers: { 'Webhook-Delivery': 'abort-message' } }) });
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));
    await harness.forwarder.stop();

    // Assess
    expect(await harness.queue.dlq.list()).toEqual([]);
    expect(harness.queue.calls).toEqual([{ op: 'delete', id: record.id }]);
  });
});
