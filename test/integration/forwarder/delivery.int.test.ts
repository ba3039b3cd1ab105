import { Registry } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/telemetry/version.js';
import { captureFrameFactory, captureRecordFactory, startForwarderHarness, testSecret, type ForwarderHarness } from '../../helpers/forwarder-harness.js';

describe('Class: Forwarder (delivery)', () => {
  let harness: ForwarderHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('POSTs the record as JSON with Standard Webhooks headers a receiver verifies with the library', async () => {
    // Prepare
    const secret = testSecret('k');
    harness = await startForwarderHarness({ secrets: [secret] });
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));

    // Assess
    const [delivery] = harness.receiver.deliveries;
    expect(delivery?.verified).toBe(true);
    expect(JSON.parse(delivery!.body)).toEqual(record);
    expect(delivery?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': `sluice/${VERSION}`,
      'webhook-id': record.id,
    });
    expect(Number(delivery?.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    // The library checks the signature; check independently that it is the record's own JSON.
    expect(() => new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>)).not.toThrow();
  });

  it('signs with every secret while they rotate, so a receiver that knows only the new one verifies', async () => {
    // Prepare
    const oldSecret = testSecret('o');
    const newSecret = testSecret('n');
    harness = await startForwarderHarness({ secrets: [newSecret], destination: { signing_secret: [oldSecret, newSecret] } });
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));

    // Assess
    const [delivery] = harness.receiver.deliveries;
    expect(String(delivery?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(delivery?.verified).toBe(true);
  });

  it('sends no signature when no secret is configured', async () => {
    // Prepare
    harness = await startForwarderHarness();
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));

    // Assess
    expect(harness.receiver.deliveries[0]?.headers['webhook-signature']).toBeUndefined();
  });

  it('renders a stored capture frame into the record of SPEC §1', async () => {
    // Prepare
    harness = await startForwarderHarness({ secrets: [testSecret()] });
    const frame = captureFrameFactory();

    // Act
    await harness.queue.send({ id: frame.id, body: frame.body });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(frame.id));

    // Assess
    const [delivery] = harness.receiver.deliveries;
    expect(delivery?.verified).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({
      id: frame.id,
      query: { page: '2', tag: ['a', 'b'] },
      body: { name: 'morpheus' },
      response: { id: '573' },
      request_headers: { 'Content-Type': 'application/json', 'X-Trace': 'abc' },
      status: 201,
    });
  });

  it('sends the configured headers without letting them replace the protocol headers', async () => {
    // Prepare
    harness = await startForwarderHarness({
      destination: { headers: { 'X-Api-Key': 'k-123', 'Content-Type': 'text/plain' } },
    });
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));

    // Assess
    expect(harness.receiver.deliveries[0]?.headers).toMatchObject({ 'x-api-key': 'k-123', 'content-type': 'application/json' });
  });

  it('deletes the message once the destination answers 2xx and emits delivered', async () => {
    // Prepare
    harness = await startForwarderHarness({ behaviour: () => ({ status: 200, body: '{"ok":true}' }) });
    const delivered: string[] = [];
    harness.forwarder.on('delivered', (event) => delivered.push(event.id));
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor(() => delivered.length === 1);

    // Assess
    expect(delivered).toEqual([record.id]);
    expect(await harness.queue.stats()).toMatchObject({ visible: 0, inFlight: 0, delayed: 0 });
    expect(harness.queue.calls).toEqual([{ op: 'delete', id: record.id }]);
  });

  it('counts attempts, successes, failures by class and latency on the given registry', async () => {
    // Prepare
    const registry = new Registry();
    harness = await startForwarderHarness({
      behaviour: (d) => (d.attempt === 1 ? { status: 503 } : undefined),
      forwarder: { registry },
    });
    const record = captureRecordFactory();

    // Act
    await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    await harness.receiver.waitFor((r) => r.acceptedIds.has(record.id));
    await harness.forwarder.stop();

    // Assess
    const text = await registry.metrics();
    expect(text).toContain('sluice_delivery_attempts_total 2');
    expect(text).toContain('sluice_delivery_successes_total 1');
    expect(text).toContain('sluice_delivery_failures_total{class="server_error"} 1');
    expect(text).toContain('sluice_delivery_duration_seconds_count 2');
    expect(text).toContain('sluice_delivery_in_flight 0');
  });

  it('keeps no more deliveries under way than the configured concurrency', async () => {
    // Prepare
    let open = 0;
    let peak = 0;
    harness = await startForwarderHarness({
      destination: { concurrency: 3 },
      behaviour: () => {
        open += 1;
        peak = Math.max(peak, open);
        setTimeout(() => (open -= 1), 20);
        return { status: 204, delayMs: 20 };
      },
    });

    // Act
    for (let i = 0; i < 30; i += 1) {
      const record = captureRecordFactory();
      await harness.queue.send({ id: record.id, body: JSON.stringify(record) });
    }
    await harness.receiver.waitFor((r) => r.acceptedIds.size === 30);

    // Assess
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });
});
