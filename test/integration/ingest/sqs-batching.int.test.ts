import { Agent } from 'node:http';
import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAwsFaultProxy, type AwsFaultProxy } from '../../helpers/aws-fault-proxy.js';
import { startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request, type ClientResponse } from '../../helpers/http-client.js';
import { fauxqsAws, useEmulatorCredentials } from '../../helpers/ingest.js';

const SEND = 'AmazonSQS.SendMessage';
const SEND_BATCH = 'AmazonSQS.SendMessageBatch';
/** The route timeout of the `slow` route. */
const SLOW_TIMEOUT_MS = 1000;
/** Requests in flight at once. */
const CONCURRENCY = 30;

describe('sqs ingest routes batch concurrent requests', () => {
  let peer: FauxqsPeer;
  let faults: AwsFaultProxy;
  let gw: TestGateway;
  let restoreEnv: () => void;
  /** Open connections, so concurrent requests reach the gateway together rather than as each connects. */
  let agent: Agent;

  /** The SQS actions the gateway called since `from`, as seen on the wire. */
  const callsSince = (from: number) => faults.requests.slice(from);
  /** Every message in the queue (after all sends answered), read back ten at a time. */
  const receiveAll = async (queueUrl: string) => {
    const all: Message[] = [];
    for (;;) {
      const { Messages = [] } = await peer.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], VisibilityTimeout: 600 }),
      );
      if (Messages.length === 0) return all;
      all.push(...Messages);
    }
  };
  /** `count` requests started in the same turn, each with its sequence number as body and header. */
  const postConcurrently = (path: string, queueUrl: string, count: number, bodyOf = (seq: number) => `{"seq":${seq}}`) =>
    Promise.all(
      Array.from({ length: count }, (_, seq) =>
        request(`${gw.url}${path}`, { method: 'POST', headers: ['X-Queue-Url', queueUrl, 'X-Seq', String(seq)], body: bodyOf(seq), agent }),
      ),
    );
  const errorOf = (res: ClientResponse) => res.json<{ error: { code: string; aws_code?: string } }>().error;

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    peer = await startFauxqsPeer();
    faults = await startAwsFaultProxy(peer.endpoint, () => 'pass');
    gw = await startGateway({
      aws: { ...fauxqsAws(peer.endpoint), endpoints: { sqs: faults.url } },
      routes: [
        {
          name: 'readings',
          match: { methods: ['POST'], path: '/readings' },
          target: {
            type: 'sqs',
            queue_url: '$request.header.x-queue-url',
            params: { MessageAttributes: '{"Seq":{"DataType":"String","StringValue":"${request.header.x-seq}"}}' },
          },
        },
        {
          name: 'slow',
          match: { methods: ['POST'], path: '/slow' },
          target: { type: 'sqs', queue_url: '$request.header.x-queue-url' },
          limits: { timeout: `${SLOW_TIMEOUT_MS}ms` },
        },
      ],
    });
    // Open the connections (and warm the SDK) with one unmeasured round.
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    await postConcurrently('/readings', (await peer.createQueuePair()).queueUrl, CONCURRENCY);
  });

  beforeEach(() => {
    faults.plan = () => 'pass';
  });

  afterAll(async () => {
    agent?.destroy();
    await gw?.stop();
    await faults?.close();
    await peer?.stop();
    restoreEnv?.();
  });

  it('sends concurrent requests in fewer SQS calls, each request getting its own message id', async () => {
    // Prepare
    const { queueUrl } = await peer.createQueuePair();
    const from = faults.requests.length;

    // Act
    const responses = await postConcurrently('/readings', queueUrl, CONCURRENCY);

    // Assess
    expect(responses.map((res) => res.status)).toEqual(Array.from({ length: CONCURRENCY }, () => 200));
    const ids = responses.map((res) => res.json<{ messageId: string }>().messageId);
    expect(new Set(ids).size).toBe(CONCURRENCY);
    const calls = callsSince(from);
    expect(calls).toContain(SEND_BATCH);
    expect(calls.length).toBeLessThan(CONCURRENCY);
    const messages = await receiveAll(queueUrl);
    expect(messages).toHaveLength(CONCURRENCY);
    // Each message is its own request's: its body, its attributes, the id that request was told.
    for (const message of messages) {
      const seq = Number(message.MessageAttributes?.Seq?.StringValue);
      expect(message.Body).toBe(`{"seq":${seq}}`);
      expect(message.MessageId).toBe(ids[seq]);
    }
  });

  it('sends a lone request as a plain SendMessage', async () => {
    // Prepare
    const { queueUrl } = await peer.createQueuePair();
    const from = faults.requests.length;

    // Act
    const res = await request(`${gw.url}/readings`, { method: 'POST', headers: ['X-Queue-Url', queueUrl, 'X-Seq', '0'], body: 'alone' });

    // Assess
    expect(res.status).toBe(200);
    expect(callsSince(from)).toEqual([SEND]);
    const [message] = await receiveAll(queueUrl);
    expect(message).toMatchObject({ MessageId: res.json<{ messageId: string }>().messageId, Body: 'alone' });
  });

  it("answers the one request whose entry SQS failed with SQS's 400 and code, and the others 200", async () => {
    // Prepare: SQS refuses a body with a control character, entry by entry in a batch.
    const { queueUrl } = await peer.createQueuePair();
    const from = faults.requests.length;
    const bad = 3;

    // Act
    const responses = await postConcurrently('/readings', queueUrl, 8, (seq) => (seq === bad ? 'bell \u0007' : `{"seq":${seq}}`));

    // Assess
    const badBatches = callsSince(from).filter((target, index) => target === SEND_BATCH && faults.bodies[from + index]!.includes('bell'));
    expect(badBatches).toHaveLength(1);
    expect(responses[bad]!.status).toBe(400);
    expect(errorOf(responses[bad]!)).toMatchObject({ code: 'SLUICE_INGEST_REJECTED', aws_code: 'InvalidMessageContents' });
    expect(responses.filter((_, seq) => seq !== bad).map((res) => res.status)).toEqual(Array.from({ length: 7 }, () => 200));
    expect(await receiveAll(queueUrl)).toHaveLength(7);
  });

  it("answers every request of a stalled batch call 504 within the route's timeout", async () => {
    // Prepare
    const { queueUrl } = await peer.createQueuePair();
    faults.plan = ({ target }) => (target === SEND_BATCH ? 'stall' : 'pass');
    const from = faults.requests.length;
    const startedAt = performance.now();

    // Act
    const responses = await postConcurrently('/slow', queueUrl, 5);

    // Assess
    const elapsedMs = performance.now() - startedAt;
    expect(callsSince(from)).toContain(SEND_BATCH);
    expect(responses.map((res) => res.status)).toEqual([504, 504, 504, 504, 504]);
    expect(responses.map((res) => errorOf(res).code)).toEqual(Array.from({ length: 5 }, () => 'SLUICE_INGEST_TIMEOUT'));
    // The timeout, not the stalled call, decided: well before any SDK or socket timeout.
    expect(elapsedMs).toBeLessThan(SLOW_TIMEOUT_MS + 4000);
  });
});
