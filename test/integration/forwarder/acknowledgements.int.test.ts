import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Forwarder } from '../../../src/forwarder/forwarder.js';
import { SqliteQueue } from '../../../src/queue/sqlite-queue.js';
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

  it('starts the next delivery while a delete commits, and stop() waits for the delete', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'sluice-acks-'));
    receiver = await startWebhookReceiver({ behaviour: () => ({ status: 204 }) });
    queue = new GatedDeleteQueue(new SqliteQueue({ path: join(dir, 'sluice.db') }, { pollIntervalMs: 5 }));
    const forwarder = new Forwarder({ queue, destination: testDestination(receiver.url, { concurrency: 1 }), pollWaitMs: 50 });
    const delivered: string[] = [];
    forwarder.on('delivered', ({ id }) => delivered.push(id));
    const ids = await enqueueRecords(queue, 2);
    forwarder.start();
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
