import { afterAll, beforeAll } from 'vitest';
import { SqsQueue } from '../../../src/queue/index.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { clientsOf, describeQueueContract } from '../../helpers/queue-contract.js';

let peer: FauxqsPeer;

beforeAll(async () => {
  peer = await startFauxqsPeer();
});

afterAll(async () => {
  await peer.stop();
});

describeQueueContract(
  'sqs (fauxqs)',
  async (setup) => {
    const pair = await peer.createQueuePair({ maxReceiveCount: setup.maxReceiveCount, visibilityTimeoutSeconds: Math.ceil(setup.visibilityTimeoutMs / 1000) });
    const bucket = await peer.createBucket();
    const settings = {
      queue_url: pair.queueUrl,
      dlq_url: pair.dlqUrl,
      payload_bucket: bucket,
      region: FAUXQS_REGION,
      endpoint: peer.endpoint,
      max_receive_count: setup.maxReceiveCount,
      visibility_timeout: setup.visibilityTimeoutMs,
    };
    // Each client is one more of the same queues, as a second gateway or forwarder process would have.
    return clientsOf(
      () => new SqsQueue(settings, { credentials: FAUXQS_CREDENTIALS, dlqScanWaitSeconds: 0 }),
      () => peer.deleteQueuePair(pair),
    );
  },
  // SQS counts visibility timeouts and long polls in whole seconds.
  { shortVisibilityMs: 1000, longPollMs: 3000, emptyPollMs: 1000, settleMs: 4000, knowsOldestAge: false },
);
