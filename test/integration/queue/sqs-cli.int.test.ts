import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SqsQueue } from '../../../src/queue/index.js';
import { cleanEnv, runCli } from '../../helpers/cli.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';

/** The inspection commands take the SQS queue from the configuration like any other. */
describe('sluice status and dlq on the SQS driver', () => {
  let dir: string;
  let file: string;
  let peer: FauxqsPeer;
  let queue: SqsQueue;
  let deadId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-sqs-cli-'));
    peer = await startFauxqsPeer();
    const pair = await peer.createQueuePair({ maxReceiveCount: 5 });
    const settings = {
      queue_url: pair.queueUrl,
      dlq_url: pair.dlqUrl,
      payload_bucket: await peer.createBucket(),
      region: FAUXQS_REGION,
      endpoint: peer.endpoint,
    };
    file = join(dir, 'sluice.yaml');
    await writeFile(file, stringify({ queue: { driver: 'sqs', ...settings } }));
    queue = new SqsQueue(settings, { credentials: FAUXQS_CREDENTIALS, dlqScanWaitSeconds: 0 });
    await queue.send({ body: JSON.stringify({ id: 'r-1', route: 'users' }) });
    await queue.send({ body: JSON.stringify({ id: 'r-2', route: 'users' }) });
    const [message] = await queue.receive({ waitTimeMs: 1000 });
    await queue.deadLetter(
      message!.receiptHandle,
      JSON.stringify({ class: 'server_error', status: 503, error: 'HTTP 503', attempt: 5, at: Date.now(), dead_letter: 'max_attempts' }),
    );
    deadId = message!.id;
  });

  afterAll(async () => {
    await queue.close();
    await peer.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sluice status --json reports depth and dead letters, and no oldest age', async () => {
    // Act
    const result = await runCli(['status', '--config', file, '--json'], { env: cleanEnv(peer.env()) });

    // Assess
    const report = JSON.parse(result.stdout) as { queue: Record<string, unknown>; retries: Record<string, unknown>; dlq: { depth: number } };
    expect(report.queue).toMatchObject({ depth: 1, oldest_age_ms: null });
    expect(report.retries).toEqual({ waiting: null, next_attempt_at: null, reason: expect.stringContaining('SQS') });
    expect(report.dlq.depth).toBe(1);
  });

  it('#10 - reads the RedrivePolicy maxReceiveCount and the retention the retry budget needs', async () => {
    // Act
    const limits = await queue.transport.queueRetryLimits();

    // Assess
    expect(limits).toEqual({ maxReceiveCount: 5, retentionMs: 4 * 86_400_000 });
  });

  it('sluice dlq list --json shows the dead letter with its attempts and last error, then redrive brings it back', async () => {
    // Act
    const listed = await runCli(['dlq', 'list', '--config', file, '--json'], { env: cleanEnv(peer.env()) });
    const redriven = await runCli(['dlq', 'redrive', deadId, '--config', file, '--yes'], { env: cleanEnv(peer.env()) });

    // Assess
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: deadId, attempts: 5, last_status: 503, reason: 'max_attempts' })]);
    expect(redriven.code).toBe(0);
    expect(await queue.dlq.list()).toEqual([]);
  });
});
