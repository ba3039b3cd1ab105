import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Forwarder } from '../../../src/forwarder/forwarder.js';
import { SqliteQueue } from '../../../src/queue/sqlite/sqlite-queue.js';
import { enqueueRecords, testDestination } from '../../helpers/forwarder-harness.js';
import { RecordingQueue } from '../../helpers/recording-queue.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/** A queue whose deletes wait until the test opens the gate, as a slow commit would. */
class GatedDeleteQueue extends RecordingQueue {
  #open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.#open = resolve));

  openGate(): void {
    this.#open();
  }

  override async delete(receiptHandle: string): Promise<void> {
    await this.gate;
    return super.delete(receiptHandle);
  }
}

describe('Class: Forwarder (acknowledgements)', () => {
  let dir: string;
  let receiver: WebhookReceiver;
  let queue: GatedDeleteQueue;

  afterEach(async () => {
    queue.openGate();
    await receiver.close();
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startForwarder(concurrency: number, records: number): Promise<{ forwarder: Forwarder; ids: string[]; delivered: string[] }> {
    dir = mkdtempSync(join(tmpdir(), 'sluice-acks-'));
    receiver = await startWebhookReceiver({ behaviour: () => ({ status: 204 }) });
    queue = new GatedDeleteQueue(new SqliteQueue({ path: join(dir, 'sluice.db') }, { pollIntervalMs: 5 }));
    const forwarder = new Forwarder({ queue, destination: testDestination(receiver.url, { concurrency }), pollWaitMs: 50 });
    const delivered: string[] = [];
    forwarder.on('delivered', ({ id }) => delivered.push(id));
    const ids = await enqueueRecords(queue, records);
    forwarder.start();
    return { forwarder, ids, delivered };
  }

  it('starts further deliveries while deletes wait for their commit, until a receive batch of deletes waits', async () => {
    // Prepare: concurrency 2 receives batches of 8, so 8 deletes may wait; the delivery that
    // started while the eighth was the seventh still goes out.
    const { forwarder, ids, delivered } = await startForwarder(2, 12);

    // Act
    await receiver.waitFor((r) => r.acceptedIds.size === 9);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const acceptedWhileDeletesWait = receiver.acceptedIds.size;
    const deliveredWhileDeletesWait = delivered.length;
    queue.openGate();
    await receiver.waitFor((r) => r.acceptedIds.size === 12);
    await forwarder.stop();

    // Assess
    expect(acceptedWhileDeletesWait).toBe(9);
    expect(deliveredWhileDeletesWait).toBe(0);
    expect(delivered.sort()).toEqual([...ids].sort());
    expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('stop() waits for the deletes of delivered records', async () => {
    // Prepare
    const { forwarder, ids, delivered } = await startForwarder(2, 2);
    await receiver.waitFor((r) => r.acceptedIds.size === 2);

    // Act
    let stopped = false;
    const stopping = forwarder.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stoppedBeforeDeletes = stopped;
    queue.openGate();
    await stopping;

    // Assess
    expect(stoppedBeforeDeletes).toBe(false);
    expect(delivered.sort()).toEqual([...ids].sort());
    expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 0 });
  });
});
