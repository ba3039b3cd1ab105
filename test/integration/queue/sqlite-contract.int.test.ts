import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteQueue } from '../../../src/queue/index.js';
import type { Queue } from '../../../src/queue/index.js';
import { describeQueueContract } from '../../helpers/queue-contract.js';

describeQueueContract('sqlite', async (setup) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-queue-contract-'));
  const settings = {
    path: join(dir, 'queue.db'),
    max_receive_count: setup.maxReceiveCount,
    visibility_timeout: setup.visibilityTimeoutMs,
  };
  const opened: Queue[] = [];
  const open = (): SqliteQueue => {
    const queue = new SqliteQueue(settings);
    opened.push(queue);
    return queue;
  };
  return {
    queue: open(),
    // A second connection to the same file, as a separate forwarder process would open.
    openPeer: async () => open(),
    cleanup: async () => {
      await Promise.all(opened.map((queue) => queue.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
});
