import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFauxqsPeer, type FauxqsPeer, type QueuePair } from '../../helpers/fauxqs.js';
import { apiGatewayEvent, sqsEvent } from '../../helpers/lambda-events.js';
import { startLambdaProcess, type LambdaProcess } from '../../helpers/lambda-process.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../helpers/secrets-manager-stand-in.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:sluice-signing-AbCdEf';

/**
 * The source design's whole flow without AWS, on the built bundles (not the sources): a client's
 * request through the proxy function to a real upstream, the capture in SQS (and S3 when large),
 * the SQS event to the forwarder function, the signed record at a real destination.
 */
describe('Lambda bundles: API Gateway → proxy → SQS (+ S3) → forwarder → destination', () => {
  let peer: FauxqsPeer;
  let upstream: Upstream;
  let receiver: WebhookReceiver;
  let pair: QueuePair;
  let bucket: string;
  let proxy: LambdaProcess;
  let forwarder: LambdaProcess;
  let secrets: SecretsManagerStandIn;
  /** The forwarder as the stack deploys it: the signing secret by ARN, from Secrets Manager. */
  let deployedForwarder: LambdaProcess;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-lambda.mjs'], { cwd: ROOT });
    [peer, upstream, receiver, secrets] = await Promise.all([
      startFauxqsPeer(),
      startUpstream(),
      startWebhookReceiver({ secrets: [SECRET] }),
      startSecretsManagerStandIn({ [SECRET_ARN]: SECRET }),
    ]);
    pair = await peer.createQueuePair({ maxReceiveCount: 3 });
    bucket = await peer.createBucket();
    const common = {
      ...peer.env(),
      SLUICE_QUEUE_URL: pair.queueUrl,
      SLUICE_DLQ_URL: pair.dlqUrl,
      SLUICE_PAYLOAD_BUCKET: bucket,
      SLUICE_AWS_ENDPOINT: peer.endpoint,
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
    const routeMap = {
      version: 1,
      routes: [
        { method: 'POST', resource: '/api/v1/users', uri: `${upstream.url}/echo/api/v1/users`, name: 'users' },
        { method: 'GET', resource: '/users/{id}', uri: `${upstream.url}/echo/users/{id}`, name: 'users' },
      ],
    };
    [proxy, forwarder, deployedForwarder] = await Promise.all([
      startLambdaProcess(`${ROOT}dist-lambda/proxy/index.mjs`, { ...common, SLUICE_ROUTE_MAP: JSON.stringify(routeMap), SLUICE_REDACT_HEADERS: 'x-session' }),
      startLambdaProcess(`${ROOT}dist-lambda/forwarder/index.mjs`, {
        ...common,
        SLUICE_DESTINATION_URL: receiver.url,
        SLUICE_SIGNING_SECRET: SECRET,
        SLUICE_MAX_RECEIVE_COUNT: '3',
      }),
      startLambdaProcess(`${ROOT}dist-lambda/forwarder/index.mjs`, {
        ...common,
        SLUICE_DESTINATION_URL: receiver.url,
        SLUICE_SIGNING_SECRET_ARN: SECRET_ARN,
        SLUICE_MAX_RECEIVE_COUNT: '3',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([proxy?.close(), forwarder?.close(), deployedForwarder?.close()]);
    await Promise.all([peer?.stop(), upstream?.close(), receiver?.close(), secrets?.close()]);
  });

  async function drainQueue(): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const answer = await peer.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: pair.queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
      );
      if (!answer.Messages?.length) return all;
      all.push(...answer.Messages);
    }
  }

  it('builds one small ESM bundle per function', async () => {
    // Act
    const sizes = await Promise.all(['proxy', 'forwarder'].map(async (name) => (await stat(`${ROOT}dist-lambda/${name}/index.mjs`)).size));

    // Assess
    for (const size of sizes) expect(size).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('delivers every captured exchange, small and large, signed, exactly as the proxy answered it', async () => {
    // Prepare
    const small = apiGatewayEvent({
      method: 'POST',
      resource: '/api/v1/users',
      path: '/api/v1/users',
      headers: ['Content-Type', 'application/json', 'Authorization', 'Bearer s3cret', 'X-Session', 'abc'],
      body: '{"name":"morpheus","job":"leader"}',
    });
    const large = apiGatewayEvent({
      method: 'POST',
      resource: '/api/v1/users',
      path: '/api/v1/users',
      headers: ['Content-Type', 'application/json'],
      body: JSON.stringify({ blob: 'y'.repeat(400 * 1024) }),
    });
    const id = randomUUID();
    const byId = apiGatewayEvent({ method: 'GET', resource: '/users/{id}', path: `/users/${id}`, pathParameters: { id }, query: { page: ['2'] } });
    for (const event of [small, large, byId]) expect(APIGatewayProxyEventSchema.safeParse(event).success).toBe(true);

    // Act
    const answers = [];
    for (const event of [small, large, byId]) answers.push(await proxy.invoke<APIGatewayProxyResult>(event));
    const messages = await drainQueue();
    const event = sqsEvent(messages, 'arn:aws:sqs:us-east-1:000000000000:sluice');
    expect(SqsSchema.safeParse(event).success).toBe(true);
    const response = await forwarder.invoke<SQSBatchResponse>(event);
    // What the event source mapping does with a batch whose records all succeeded.
    await peer.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: pair.queueUrl,
        Entries: messages.map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle! })),
      }),
    );

    // Assess
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expect(answers[0]?.body).toBe('{"name":"morpheus","job":"leader"}');
    expect(response.batchItemFailures).toEqual([]);
    expect(receiver.deliveries).toHaveLength(3);
    expect(receiver.deliveries.every((delivery) => delivery.verified === true)).toBe(true);
    const records = receiver.deliveries.map((delivery) => JSON.parse(delivery.body) as Record<string, unknown>);
    const posted = records.find((record) => (record.body as { name?: string } | null)?.name === 'morpheus');
    expect(posted).toMatchObject({
      route: 'users',
      from: 'abc123.execute-api.eu-west-1.amazonaws.com',
      endpoint: '/api/v1/users',
      method: 'POST',
      request_headers: { Authorization: '[REDACTED]', 'X-Session': '[REDACTED]' },
      response: { name: 'morpheus', job: 'leader' },
      status: 200,
    });
    expect(records.find((record) => record.endpoint === `/users/${id}`)).toMatchObject({ query: { page: '2' } });
    expect(records.find((record) => (record.body as { blob?: string } | null)?.blob !== undefined)).toMatchObject({ body: { blob: 'y'.repeat(400 * 1024) } });
    const pointer = messages.map((message) => message.Body ?? '').find((body) => body.startsWith('["software.amazon.payloadoffloading.PayloadS3Pointer"'));
    const key = /"s3Key":"([^"]+)"/.exec(pointer ?? '')?.[1] ?? '';
    await expect(peer.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('signs with the secret read from Secrets Manager by SLUICE_SIGNING_SECRET_ARN, read once at init', async () => {
    // Prepare
    const before = receiver.deliveries.length;
    const captured = apiGatewayEvent({
      method: 'POST',
      resource: '/api/v1/users',
      path: '/api/v1/users',
      headers: ['Content-Type', 'application/json'],
      body: '{"name":"trinity"}',
    });
    await proxy.invoke<APIGatewayProxyResult>(captured);
    const messages = await drainQueue();

    // Act
    const first = await deployedForwarder.invoke<SQSBatchResponse>(sqsEvent(messages, 'arn:aws:sqs:us-east-1:000000000000:sluice'));
    const again = await deployedForwarder.invoke<SQSBatchResponse>(sqsEvent(messages, 'arn:aws:sqs:us-east-1:000000000000:sluice'));
    await peer.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: pair.queueUrl,
        Entries: messages.map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle! })),
      }),
    );

    // Assess
    expect([first.batchItemFailures, again.batchItemFailures]).toEqual([[], []]);
    const deliveries = receiver.deliveries.slice(before);
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((delivery) => delivery.verified === true)).toBe(true);
    expect(secrets.requests).toEqual([{ target: 'secretsmanager.GetSecretValue', secretId: SECRET_ARN }]);
  });

  it('answers an unmapped resource with a 502 JSON error', async () => {
    // Act
    const answer = await proxy.invoke<APIGatewayProxyResult>(apiGatewayEvent({ method: 'GET', resource: '/nope', path: '/nope' }));

    // Assess
    expect(answer.statusCode).toBe(502);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_ROUTE_NOT_MAPPED' } });
    const logged = `${proxy.stdout()}${proxy.stderr()}`
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'the route map has no backend for GET /nope', resource: '/nope' }));
  });
});
