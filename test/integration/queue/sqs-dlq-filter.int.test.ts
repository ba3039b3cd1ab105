import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../../src/admin/dead-letter-filter.js';
import { applyToMatching, listDeadLetters } from '../../../src/admin/dead-letter-scan.js';
import { SqsQueue } from '../../../src/queue/index.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';

/**
 * SQS moves a whole DLQ (StartMessageMoveTask) but never a filtered part of it: the filtered
 * redrive receives, keeps what matches and sends it back, and says so.
 */
describe('The dead-letter filter on the SQS driver', () => {
  let peer: FauxqsPeer;
  let queue: SqsQueue;

  beforeAll(async () => {
    peer = await startFauxqsPeer();
    const pair = await peer.createQueuePair({ maxReceiveCount: 5 });
    queue = new SqsQueue(
      { queue_url: pair.queueUrl, dlq_url: pair.dlqUrl, payload_bucket: await peer.createBucket(), region: FAUXQS_REGION, endpoint: peer.endpoint },
      { credentials: FAUXQS_CREDENTIALS, dlqScanWaitSeconds: 0 },
    );
    for (const [index, route] of ['users', 'orders', 'users'].entries()) {
      await queue.send({ id: `r-${index}`, body: JSON.stringify({ id: `r-${index}`, route, method: 'POST', endpoint: `/api/${route}` }) });
      const [message] = await queue.receive({ waitTimeMs: 1000 });
      const note = { class: 'server_error', status: 503, error: 'HTTP 503', attempt: 5, at: Date.now() + index, dead_letter: 'max_attempts' };
      await queue.deadLetter(message!.receiptHandle, JSON.stringify(note));
    }
  });

  afterAll(async () => {
    await queue?.close();
    await peer?.stop();
  });

  it('pages the matches with a cursor, then redrives only them by receive, filter and send, and says so', async () => {
    // Act
    const first = await listDeadLetters(queue, { route: 'users' }, { limit: 1 });
    const second = await listDeadLetters(queue, { route: 'users' }, { limit: 1, cursor: decodeCursor(first.next_cursor!) });
    // Unfiltered, the cursor goes to the driver as a place in its order.
    const all = await listDeadLetters(queue, {}, { limit: 2 });
    const rest = await listDeadLetters(queue, {}, { limit: 2, cursor: decodeCursor(all.next_cursor!) });
    const redriven = await applyToMatching(queue.dlq, 'redrive', { route: 'orders' });
    const back = await queue.receive({ maxMessages: 10, waitTimeMs: 1000 });

    // Assess
    expect(first).toMatchObject({ total: 2, depth: 3, letters: [{ id: 'r-0' }] });
    expect(second.letters.map((letter) => letter.id)).toEqual(['r-2']);
    expect(second.next_cursor).toBeUndefined();
    expect(all.letters.map((letter) => letter.id)).toEqual(['r-0', 'r-1']);
    expect(rest.letters.map((letter) => letter.id)).toEqual(['r-2']);
    expect(redriven.count).toBe(1);
    expect(back.map((message) => message.id)).toEqual(['r-1']);
    expect((await queue.dlq.list()).map((letter) => letter.id)).toEqual(['r-0', 'r-2']);
    expect(queue.dlq.bulkNote).toContain('StartMessageMoveTask');
  });
});
