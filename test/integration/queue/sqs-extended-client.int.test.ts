import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config-parse.js';
import { Forwarder } from '../../../src/forwarder/forwarder.js';
import { Gateway } from '../../../src/gateway/gateway.js';
import { SqsQueue } from '../../../src/queue/index.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer, type QueuePair } from '../../helpers/fauxqs.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/** Messages as the AWS extended-client libraries write them (SPEC §2), byte for byte. */
const JAVA_POINTER = (bucket: string, key: string): string =>
  `["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"${bucket}","s3Key":"${key}"}]`;
const JAVA_1X_POINTER = (bucket: string, key: string): string =>
  `["com.amazon.sqs.javamessaging.MessageS3Pointer",{"s3BucketName":"${bucket}","s3Key":"${key}"}]`;
/** Python's `json.dumps` puts a space after every separator. */
const PYTHON_POINTER = (bucket: string, key: string): string =>
  `["software.amazon.payloadoffloading.PayloadS3Pointer", {"s3BucketName": "${bucket}", "s3Key": "${key}"}]`;
const PYTHON_LEGACY_POINTER = (bucket: string, key: string): string =>
  `["com.amazon.sqs.javamessaging.MessageS3Pointer", {"s3BucketName": "${bucket}", "s3Key": "${key}"}]`;

function record(id: string, size = 64): string {
  return JSON.stringify({ id, timestamp: new Date().toISOString(), route: 'users', body: { text: 'é'.repeat(size) } });
}

describe('SQS driver: AWS SQS Extended Client interoperability', () => {
  let peer: FauxqsPeer;
  let pair: QueuePair;
  let bucket: string;
  let queues: SqsQueue[] = [];

  beforeAll(async () => {
    peer = await startFauxqsPeer();
  });

  afterEach(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    queues = [];
  });

  afterAll(async () => {
    await peer.stop();
  });

  async function open(settings: { offload_threshold?: number; max_receive_count?: number } = {}): Promise<SqsQueue> {
    pair = await peer.createQueuePair({ maxReceiveCount: settings.max_receive_count ?? 5 });
    bucket = await peer.createBucket();
    const queue = new SqsQueue(
      { queue_url: pair.queueUrl, dlq_url: pair.dlqUrl, payload_bucket: bucket, region: FAUXQS_REGION, endpoint: peer.endpoint, ...settings },
      { credentials: FAUXQS_CREDENTIALS, dlqScanWaitSeconds: 0 },
    );
    queues.push(queue);
    return queue;
  }

  async function rawReceive(url: string): Promise<{ Body?: string; MessageAttributes?: Record<string, { DataType?: string; StringValue?: string }> }[]> {
    const answer = await peer.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }),
    );
    return answer.Messages ?? [];
  }

  async function objectExists(key: string): Promise<boolean> {
    try {
      await peer.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  }

  async function sendAsExtendedClient(body: string, attributeName: string, payload: string): Promise<string> {
    const key = randomUUID();
    await peer.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: payload }));
    await peer.sqs.send(
      new SendMessageCommand({
        QueueUrl: pair.queueUrl,
        MessageBody: body.replace('__KEY__', key),
        MessageAttributes: { [attributeName]: { DataType: 'Number', StringValue: String(Buffer.byteLength(payload, 'utf8')) } },
      }),
    );
    return key;
  }

  it('writes a large payload to S3 and a pointer that the Java client reads: Jackson body, ExtendedPayloadSize in UTF-8 bytes', async () => {
    // Prepare
    const queue = await open();
    const id = randomUUID();
    const payload = record(id, 150_000); // 'é' is two bytes: ~300 KB, over 256 KiB

    // Act
    await queue.send({ id, body: payload });
    const [message] = await rawReceive(pair.queueUrl);

    // Assess
    const key = /"s3Key":"([^"]+)"/.exec(message?.Body ?? '')?.[1] ?? '';
    expect(message?.Body).toBe(JAVA_POINTER(bucket, key));
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(message?.MessageAttributes?.ExtendedPayloadSize).toEqual({ DataType: 'Number', StringValue: String(Buffer.byteLength(payload, 'utf8')) });
    const object = await peer.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await object.Body?.transformToString('utf-8')).toBe(payload);
  });

  it('offloads when body plus attributes exceed the threshold, not the body alone', async () => {
    // Prepare
    const queue = await open({ offload_threshold: 1000 });
    const id = 'x'.repeat(36);
    const attributes = 'SluiceMessageId'.length + 'String'.length + id.length;
    const fits = 'a'.repeat(1000 - attributes);

    // Act
    await queue.send({ id, body: fits });
    await queue.send({ id, body: `${fits}b` });
    const messages = await rawReceive(pair.queueUrl);

    // Assess
    const bodies = messages.map((message) => message.Body ?? '');
    expect(bodies).toContain(fits);
    expect(bodies.filter((body) => body.startsWith('["software.amazon.payloadoffloading.PayloadS3Pointer"'))).toHaveLength(1);
  });

  describe.each([
    { description: 'the Java client 2.x', pointer: JAVA_POINTER, attribute: 'ExtendedPayloadSize' },
    { description: 'the Java client 1.x', pointer: JAVA_1X_POINTER, attribute: 'SQSLargePayloadSize' },
    { description: 'the Python client', pointer: PYTHON_POINTER, attribute: 'ExtendedPayloadSize' },
    { description: 'the Python client with use_legacy_attribute', pointer: PYTHON_LEGACY_POINTER, attribute: 'SQSLargePayloadSize' },
  ])('a message written by $description', ({ pointer, attribute }) => {
    it('is received with its payload, and delete removes the S3 object', async () => {
      // Prepare
      const queue = await open();
      const payload = record(randomUUID(), 200_000);
      const key = await sendAsExtendedClient(pointer(bucket, '__KEY__'), attribute, payload);

      // Act
      const [message] = await queue.receive({ waitTimeMs: 1000 });
      await queue.delete(message!.receiptHandle);

      // Assess
      expect(message?.body.toString('utf8')).toBe(payload);
      expect(await objectExists(key)).toBe(false);
    });
  });

  it('moves a pointer whose S3 object is missing to the DLQ with the reason', async () => {
    // Prepare
    const queue = await open();
    await peer.sqs.send(
      new SendMessageCommand({
        QueueUrl: pair.queueUrl,
        MessageBody: JAVA_POINTER(bucket, 'no-such-object'),
        MessageAttributes: { ExtendedPayloadSize: { DataType: 'Number', StringValue: '300000' } },
      }),
    );

    // Act
    const received = await queue.receive({ waitTimeMs: 1000 });
    const letters = await queue.dlq.list();

    // Assess
    expect(received).toEqual([]);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.lastError).toMatch(/no-such-object.*missing/);
  });

  it('keeps the S3 object of a dead-lettered record, and the dead letter shows its payload', async () => {
    // Prepare
    const queue = await open();
    const id = randomUUID();
    const payload = record(id, 150_000);
    await queue.send({ id, body: payload });
    const [message] = await queue.receive({ waitTimeMs: 1000 });

    // Act
    await queue.deadLetter(message!.receiptHandle, 'destination rejected it');
    const letter = await queue.dlq.get(id);

    // Assess
    expect(letter?.lastError).toBe('destination rejected it');
    expect(letter?.body.toString('utf8')).toBe(payload);
    const [raw] = await rawReceive(pair.dlqUrl);
    const key = /"s3Key":"([^"]+)"/.exec(raw?.Body ?? '')?.[1] ?? '';
    expect(await objectExists(key)).toBe(true);
  });

  describe('with a gateway and a forwarder', () => {
    let upstream: Upstream;
    let receiver: WebhookReceiver;

    beforeAll(async () => {
      upstream = await startUpstream();
      receiver = await startWebhookReceiver();
    });

    afterAll(async () => {
      await receiver.close();
      await upstream.close();
    });

    it('the gateway sends the rendered §1 record as text (any extended-client consumer reads it), and the forwarder delivers it', async () => {
      // Prepare
      const queue = await open();
      const config = validateConfig(
        { routes: [{ name: 'users', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url }, capture: true }] },
        { file: 'test' },
      );
      const gateway = new Gateway({ config, queue });
      const { port } = await gateway.listen(0, '127.0.0.1');
      const forwarder = new Forwarder({
        queue,
        destination: { ...validateConfig({ destination: { url: receiver.url } }, { file: 'test' }).destination! },
        pollWaitMs: 1000,
      });

      // Act
      const response = await request(`http://127.0.0.1:${port}/echo/users?page=2`, {
        method: 'POST',
        headers: ['Content-Type', 'application/json'],
        body: '{"name":"morpheus"}',
      });
      await gateway.close();
      const [raw] = await rawReceive(pair.queueUrl);
      forwarder.start();
      await receiver.waitFor((r) => r.acceptedIds.size === 1, 10_000);
      await forwarder.stop();

      // Assess
      expect(response.status).toBe(200);
      const stored = JSON.parse(raw?.Body ?? '{}') as Record<string, unknown>;
      expect(stored).toMatchObject({ route: 'users', endpoint: '/echo/users', method: 'POST', query: { page: '2' }, body: { name: 'morpheus' }, status: 200 });
      expect(receiver.deliveries[0]?.body).toBe(raw?.Body);
    });

    it('#10 - a record holding U+FFFE or U+FFFF travels as text, inline and offloaded to S3, never base64', async () => {
      // Prepare
      const queue = await open({ offload_threshold: 4096 });
      const config = validateConfig(
        { routes: [{ name: 'users', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url }, capture: true }] },
        { file: 'test' },
      );
      const gateway = new Gateway({ config, queue });
      const { port } = await gateway.listen(0, '127.0.0.1');
      const small = JSON.stringify({ note: 'a\uFFFEb\uFFFFc' });
      const large = JSON.stringify({ note: 'a\uFFFEb\uFFFFc', filler: 'x'.repeat(8000) });

      // Act
      for (const body of [small, large]) {
        await request(`http://127.0.0.1:${port}/echo/users`, { method: 'POST', headers: ['Content-Type', 'application/json'], body });
      }
      await gateway.close();
      const messages = await rawReceive(pair.queueUrl);
      const texts: string[] = [];
      for (const message of messages) {
        const key = /"s3Key":"([^"]+)"/.exec(message.Body ?? '')?.[1];
        if (key === undefined) texts.push(message.Body ?? '');
        else texts.push((await (await peer.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString('utf-8')) ?? '');
      }

      // Assess
      expect(messages.map((message) => message.MessageAttributes?.SluiceBodyEncoding)).toEqual([undefined, undefined]);
      expect(messages.filter((message) => message.Body?.startsWith('["software.amazon.payloadoffloading.PayloadS3Pointer"'))).toHaveLength(1);
      for (const text of texts) {
        expect(text).not.toMatch(/[\uFFFE\uFFFF]/);
        expect(text).toContain('a\\ufffeb\\uffffc');
        expect((JSON.parse(text) as { body: { note: string } }).body.note).toBe('a\uFFFEb\uFFFFc');
      }
    });

    it('a message that is neither a record nor a pointer goes to the DLQ with the reason', async () => {
      // Prepare
      const queue = await open();
      await peer.sqs.send(new SendMessageCommand({ QueueUrl: pair.queueUrl, MessageBody: 'hello, not a record' }));
      const forwarder = new Forwarder({
        queue,
        destination: validateConfig({ destination: { url: receiver.url } }, { file: 'test' }).destination!,
        pollWaitMs: 1000,
      });
      const deadLettered = new Promise((resolve) => forwarder.once('dead_lettered', resolve));

      // Act
      forwarder.start();
      await deadLettered;
      await forwarder.stop();
      const letters = await queue.dlq.list();

      // Assess
      expect(letters).toHaveLength(1);
      expect(JSON.parse(letters[0]?.lastError ?? '{}')).toMatchObject({ class: 'malformed', dead_letter: 'malformed' });
      expect(letters[0]?.body.toString()).toBe('hello, not a record');
    });
  });
});
