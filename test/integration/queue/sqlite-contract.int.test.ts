import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteQueue } from '../../../src/queue/index.js';
import { clientsOf, describeQueueContract } from '../../helpers/queue-contract.js';

describeQueueContract('sqlite', async (setup) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-queue-contract-'));
  const settings = {
    path: join(dir, 'queue.db'),
    max_receive_count: setup.maxReceiveCount,
    visibility_timeout: setup.visibilityTimeoutMs,
  };
  // Each client is a connection of its own to the same file, as a separate forwarder process would open.
  return clientsOf(
    () => new SqliteQueue(settings),
    () => rm(dir, { recursive: true, force: true }),
  );
});
