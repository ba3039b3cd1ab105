import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config-parse.js';
import { DestinationClient } from '../../../src/forwarder/destination-client.js';
import { WebhookSigner } from '../../../src/forwarder/signing.js';
import { createForwarderHandler, type ForwarderHandler } from '../../../src/functions/forwarder-handler.js';
import { SqsQueue, SqsTransport } from '../../../src/queue/index.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer, type QueuePair } from '../../helpers/fauxqs.js';
import { lambdaContext, sqsEvent } from '../../helpers/lambda-events.js';
import { RecordedMetrics } from '../../helpers/recorded-metrics.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MAX_RECEIVES = 3;

describe('Lambda: forwarder handler', () => {
  let peer: FauxqsPeer;
  let receiver: WebhookReceiver;
  let pair: QueuePair;
  let bucket: string;
  let transport: SqsTransport;
  let client: DestinationClient;
  let handler: ForwarderHandler;
  let producer: SqsQueue;

  beforeAll(async () => {
    [peer, receiver] = await Promise.all([startFauxqsPeer(), startWebhookReceiver({ secrets: [SECRET] })]);
  });

  afterAll(async () => {
    await Promise.all([peer.stop(), receiver.close()]);
  });

  afterEach(async () => {
    receiver.behaviour = () => undefined;
    await producer.close();
    await client.close();
    transport.destroy();
  });

  async function setUp(options: { deadLetterOn4xx?: boolean; retry?: Record<string, unknown>; now?: () => number; random?: () => number } = {}): Promise<void> {
    pair = await peer.createQueuePair({ maxReceiveCount: MAX_RECEIVES });
    bucket = await peer.createBucket();
    const settings = {
      queue_url: pair.queueUrl,
      dlq_url: pair.dlqUrl,
      payload_bucket: bucket,
      region: FAUXQS_REGION,
      endpoint: peer.endpoint,
      max_receive_count: MAX_RECEIVES,
    };
    producer = new SqsQueue(settings, { credentials: FAUXQS_CREDENTIALS, dlqScanWaitSeconds: 0 });
    transport = new SqsTransport(
      { queueUrl: pair.queueUrl, dlqUrl: pair.dlqUrl, bucket, offloadThresholdBytes: 262_144, region: FAUXQS_REGION, endpoint: peer.endpoint },
      { credentials: FAUXQS_CREDENTIALS },
    );
    const destination = validateConfig(
      {
        destination: {
          url: receiver.url,
          signing_secret: SECRET,
          dead_letter_on_4xx: options.deadLetterOn4xx ?? false,
          retry: options.retry ?? { base: 1000, cap: 2000 },
        },
      },
      { file: 'test' },
    ).destination!;
    client = new DestinationClient({
      url: destination.url,
      timeoutMs: 2_000,
      connections: 4,
      signer: new WebhookSigner(destination.signing_secret),
      userAgent: 'sluice-lambda/test',
    });
    handler = createForwarderHandler({
      transport,
      client,
      destination,
      maxReceiveCount: MAX_RECEIVES,
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      metrics: new RecordedMetrics({ namespace: 'SluiceTest', serviceName: 'forwarder' }),
      ...(options.now !== undefined && { now: options.now }),
      ...(options.random !== undefined && { random: options.random }),
    });
  }

  /** Receives what the event source mapping would, as many times as asked (each receive counts). */
  async function receiveBatch(times = 1): Promise<Message[]> {
    let messages: Message[] = [];
    for (let receive = 0; receive < times; receive += 1) {
      const answer = await peer.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: pair.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: receive < times - 1 ? 0 : 30,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      messages = answer.Messages ?? [];
    }
    return messages;
  }

  async function invoke(messages: Message[]): Promise<string[]> {
    const event = sqsEvent(messages);
    expect(SqsSchema.safeParse(event).success).toBe(true);
    const response = await handler(event, lambdaContext('sluice-forwarder'));
    return response.batchItemFailures.map((failure) => failure.itemIdentifier);
  }

  function record(id: string = randomUUID(), size = 16): string {
    return JSON.stringify({ id, route: 'users', body: { text: 'x'.repeat(size) } });
  }

  it('delivers a batch signed per Standard Webhooks, reports no failures, and deletes the delivered record’s S3 payload', async () => {
    // Prepare
    await setUp();
    const ids: string[] = [randomUUID(), randomUUID(), randomUUID()];
    await producer.sendBatch([
      { id: ids[0], body: record(ids[0]) },
      { id: ids[1], body: record(ids[1]) },
      { id: ids[2], body: record(ids[2], 300_000) },
    ]);
    const messages = await receiveBatch();
    const key = /"s3Key":"([^"]+)"/.exec(messages.map((message) => message.Body).join(''))?.[1] ?? '';

    // Act
    const failures = await invoke(messages);

    // Assess
    expect(failures).toEqual([]);
    expect(new Set(receiver.deliveries.filter((delivery) => ids.includes(delivery.id)).map((delivery) => delivery.id))).toEqual(new Set(ids));
    expect(receiver.deliveries.filter((delivery) => ids.includes(delivery.id)).every((delivery) => delivery.verified === true)).toBe(true);
    await expect(peer.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('reports only the records whose delivery failed', async () => {
    // Prepare
    await setUp();
    const failing = randomUUID();
    receiver.behaviour = (delivery) => (delivery.id === failing ? { status: 503 } : undefined);
    await producer.sendBatch([{ id: failing, body: record(failing) }, { body: record() }]);
    const messages = await receiveBatch();

    // Act
    const failures = await invoke(messages);

    // Assess
    const failingMessage = messages.find((message) => message.Body?.includes(failing));
    expect(failures).toEqual([failingMessage?.MessageId]);
  });

  it('moves a record failing its last allowed attempt to the DLQ with the failure, and reports it done', async () => {
    // Prepare
    await setUp();
    const id = randomUUID();
    receiver.behaviour = () => ({ status: 500 });
    await producer.send({ id, body: record(id) });
    const messages = await receiveBatch(MAX_RECEIVES);

    // Act
    const failures = await invoke(messages);
    const letter = await producer.dlq.get(id);

    // Assess
    expect(failures).toEqual([]);
    expect(letter).toMatchObject({ id, receiveCount: MAX_RECEIVES });
    expect(JSON.parse(letter?.lastError ?? '{}')).toMatchObject({ class: 'server_error', status: 500, attempt: MAX_RECEIVES, dead_letter: 'max_attempts' });
  });

  describe('#10 - the retry budget (the same RetryPolicy as sluice forward)', () => {
    it('hides a failed record for at least half the backoff ceiling (equal jitter), never 0 s', async () => {
      // Prepare: the lowest draw of the jitter; the first ceiling is 1 min.
      await setUp({ retry: { base: '1m', cap: '1h' }, random: () => 0 });
      const id = randomUUID();
      receiver.behaviour = () => ({ status: 503 });
      await producer.send({ id, body: record(id) });

      // Act
      const failures = await invoke(await receiveBatch());
      const again = await peer.sqs.send(new ReceiveMessageCommand({ QueueUrl: pair.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));

      // Assess
      expect(failures).toHaveLength(1);
      expect(again.Messages ?? []).toEqual([]);
    });

    it('dead-letters a record still failing max_age after its first receive, with reason max_age', async () => {
      // Prepare: the function's clock 25 h after SQS's ApproximateFirstReceiveTimestamp.
      await setUp({ now: () => Date.now() + 25 * 3_600_000 });
      const id = randomUUID();
      receiver.behaviour = () => ({ status: 503 });
      await producer.send({ id, body: record(id) });

      // Act
      const failures = await invoke(await receiveBatch());
      const letter = await producer.dlq.get(id);

      // Assess
      expect(failures).toEqual([]);
      expect(JSON.parse(letter?.lastError ?? '{}')).toMatchObject({ class: 'server_error', attempt: 1, dead_letter: 'max_age' });
    });

    it('retries a record failing within max_age of its first receive', async () => {
      // Prepare: 23 h after the first receive.
      await setUp({ now: () => Date.now() + 23 * 3_600_000 });
      const id = randomUUID();
      receiver.behaviour = () => ({ status: 503 });
      await producer.send({ id, body: record(id) });

      // Act
      const failures = await invoke(await receiveBatch());

      // Assess
      expect(failures).toHaveLength(1);
      expect(await producer.dlq.get(id)).toBeUndefined();
    });
  });

  it('moves a record the destination aborts to the DLQ at once', async () => {
    // Prepare
    await setUp();
    const id = randomUUID();
    receiver.behaviour = () => ({ status: 410, headers: { 'webhook-delivery': 'abort-message' } });
    await producer.send({ id, body: record(id) });

    // Act
    const failures = await invoke(await receiveBatch());

    // Assess
    expect(failures).toEqual([]);
    expect(JSON.parse((await producer.dlq.get(id))?.lastError ?? '{}')).toMatchObject({ class: 'abort_message', dead_letter: 'abort_message' });
  });

  describe('bad input', () => {
    it('moves a message that is neither a record nor a pointer to the DLQ with the reason', async () => {
      // Prepare
      await setUp();
      await peer.sqs.send(new SendMessageCommand({ QueueUrl: pair.queueUrl, MessageBody: 'plain text, no record' }));

      // Act
      const failures = await invoke(await receiveBatch());
      const [letter] = await producer.dlq.list();

      // Assess
      expect(failures).toEqual([]);
      expect(letter?.body.toString()).toBe('plain text, no record');
      expect(JSON.parse(letter?.lastError ?? '{}')).toMatchObject({ class: 'malformed', dead_letter: 'malformed' });
    });

    it('moves a pointer whose S3 object is missing to the DLQ with the reason', async () => {
      // Prepare
      await setUp();
      await peer.sqs.send(
        new SendMessageCommand({
          QueueUrl: pair.queueUrl,
          MessageBody: `["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"${bucket}","s3Key":"gone"}]`,
          MessageAttributes: { ExtendedPayloadSize: { DataType: 'Number', StringValue: '300000' } },
        }),
      );

      // Act
      const failures = await invoke(await receiveBatch());
      const [letter] = await producer.dlq.list();

      // Assess
      expect(failures).toEqual([]);
      expect(JSON.parse(letter?.lastError ?? '{}')).toMatchObject({ class: 'malformed', error: expect.stringMatching(/gone.*missing/) });
    });

    it('reads a pointer the Java extended client wrote', async () => {
      // Prepare
      await setUp();
      const id = randomUUID();
      const payload = record(id, 300_000);
      await peer.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'java-key', Body: payload }));
      await peer.sqs.send(
        new SendMessageCommand({
          QueueUrl: pair.queueUrl,
          MessageBody: `["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"${bucket}","s3Key":"java-key"}]`,
          MessageAttributes: { ExtendedPayloadSize: { DataType: 'Number', StringValue: String(Buffer.byteLength(payload)) } },
        }),
      );

      // Act
      const failures = await invoke(await receiveBatch());

      // Assess
      expect(failures).toEqual([]);
      expect(receiver.deliveries.find((delivery) => delivery.id === id)?.body).toBe(payload);
    });

    it('rejects an event that is not an SQS event', async () => {
      // Prepare
      await setUp();

      // Act
      const attempt = handler({ Records: [{ body: 'x' }] }, lambdaContext());

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'SLUICE_BAD_REQUEST' });
    });
  });
});
