import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueue } from '../../../src/queue/sqlite/sqlite-queue.js';
import { enqueueRecords } from '../../helpers/forwarder-harness.js';
import { startForwardProcess, type ForwardProcess } from '../../helpers/forward-process.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const RECORDS = 10_000;
const CONCURRENCY = 16;
/** Up to CONCURRENCY deliveries under way, and fewer than one receive batch (4 × CONCURRENCY) delivered and waiting for their delete. */
const UNACKNOWLEDGED_BOUND = CONCURRENCY + 4 * CONCURRENCY;

describe('Command: sluice forward (kill -9 while draining)', () => {
  let dir: string;
  let receiver: WebhookReceiver;
  const processes: ForwardProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-kill9-'));
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    for (const proc of processes) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await Promise.all(processes.map((proc) => proc.exited));
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every record after a restart; duplicates only for the deliveries in flight or not yet deleted at the kill', async () => {
    // Prepare
    const path = join(dir, 'sluice.db');
    const queue = new SqliteQueue({ path });
    const ids = await enqueueRecords(queue, RECORDS);
    await queue.close();
    const config = join(dir, 'sluice.yaml');
    // Short lease and timeout so the messages held by the killed process come back quickly.
    writeFileSync(
      config,
      `queue: { driver: sqlite, path: ${JSON.stringify(path)}, visibility_timeout: 1s }\n` +
        `destination: { url: ${JSON.stringify(receiver.url)}, timeout: 500ms, concurrency: ${CONCURRENCY} }\n`,
    );
    const first = await startForwardProcess(['--config', config]);
    processes.push(first);
    await receiver.waitFor((r) => r.acceptedIds.size >= RECORDS / 5, 30_000);

    // Act
    first.child.kill('SIGKILL');
    await first.exited;
    const deliveredBeforeKill = receiver.acceptedIds.size;
    const second = await startForwardProcess(['--config', config]);
    processes.push(second);
    await receiver.waitFor((r) => r.acceptedIds.size === RECORDS, 60_000);
    second.child.kill('SIGTERM');
    await second.exited;

    // Assess
    const counts = receiver.countsById();
    const duplicates = [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
    // Deletes commit in groups after their delivery slot is free (see UNACKNOWLEDGED_BOUND).
    console.info(
      `kill -9 after ${deliveredBeforeKill} of ${RECORDS} deliveries: ${duplicates} duplicate deliveries (at most ${UNACKNOWLEDGED_BOUND - 1} were unacknowledged)`,
    );
    expect(deliveredBeforeKill).toBeLessThan(RECORDS);
    expect([...receiver.acceptedIds].sort()).toEqual([...ids].sort());
    expect(duplicates).toBeLessThan(UNACKNOWLEDGED_BOUND);
    const after = new SqliteQueue({ path });
    expect(await after.stats()).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, dlqDepth: 0 });
    await after.close();
  }, 180_000);
});
