import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFauxqsPeer, type FauxqsPeer, type QueuePair } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { fauxqsAws, refusingUrl, startStandIn, useEmulatorCredentials } from '../../helpers/ingest.js';
import { issuerKey, startOidcIssuer, type IssuerKey, type OidcIssuer } from '../../helpers/oidc-issuer.js';

const AUDIENCE = 'hooks-client';
const MiB = 1024 * 1024;

describe('#13 - sqs ingest routes', () => {
  let peer: FauxqsPeer;
  let pair: QueuePair;
  let idp: OidcIssuer;
  let key: IssuerKey;
  let gw: TestGateway;
  let restoreEnv: () => void;

  /** Every message now in the queue (and deletes nothing: each test reads its own queue state). */
  const receiveAll = async (queueUrl: string) => {
    const { Messages } = await peer.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], VisibilityTimeout: 600 }),
    );
    return Messages ?? [];
  };
  const queued = async (queueUrl: string) => {
    const { Attributes } = await peer.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
  };
  const freshQueue = async () => (await peer.createQueuePair()).queueUrl;

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    peer = await startFauxqsPeer();
    pair = await peer.createQueuePair();
    key = await issuerKey();
    idp = await startOidcIssuer([key]);
    const queueUrl = (name: string) => `${pair.queueUrl.replace(/\/[^/]+$/, '')}/${name}`;
    gw = await startGateway({
      aws: fauxqsAws(peer.endpoint),
      routes: [
        {
          name: 'hooks',
          match: { methods: ['POST'], path: '/hooks' },
          target: {
            type: 'sqs',
            queue_url: '${request.header.x-queue-url}',
            params: {
              MessageAttributes:
                '{"Event":{"DataType":"String","StringValue":"${request.header.x-github-event}"},' +
                '"Tenant":{"DataType":"String","StringValue":"${request.querystring.tenant}"},' +
                '"Subject":{"DataType":"String","StringValue":"${context.authorizer.claims.sub}"}}',
              DelaySeconds: '$request.header.x-delay',
            },
          },
          reply: { status: 202 },
          auth: { type: 'jwt', issuer: idp.issuer, audience: [AUDIENCE], scopes: ['hooks/write'] },
        },
        { name: 'plain', match: { path: '/plain' }, target: { type: 'sqs', queue_url: '$request.header.x-queue-url' }, capture: true },
        { name: 'nowhere', match: { path: '/nowhere' }, target: { type: 'sqs', queue_url: queueUrl('no-such-queue') } },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await idp?.close();
    await peer?.stop();
    restoreEnv?.();
  });

  it('sends the body as the message and answers with its id, capturing the exchange', async () => {
    // Prepare
    const queueUrl = await freshQueue();
    const body = JSON.stringify({ order: 7, note: 'päckchen ✓' });

    // Act
    const res = await request(`${gw.url}/plain`, { method: 'POST', headers: ['Content-Type', 'application/json', 'X-Queue-Url', queueUrl], body });

    // Assess
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toBe('application/json; charset=utf-8');
    const { messageId } = res.json<{ messageId: string }>();
    const [message, ...more] = await receiveAll(queueUrl);
    expect(more).toEqual([]);
    expect(message).toMatchObject({ MessageId: messageId, Body: body });
    const [record] = await gw.takeRecords();
    expect(record).toMatchObject({ route: 'plain', status: 200, body: JSON.parse(body) as unknown, response: { messageId } });
  });

  it('maps headers, the query and JWT claims into the call, and answers reply.status', async () => {
    // Prepare
    const queueUrl = await freshQueue();
    const token = await idp.mint(key, { aud: AUDIENCE, sub: 'user-42', scope: 'hooks/write' });

    // Act
    const res = await request(`${gw.url}/hooks?tenant=acme`, {
      method: 'POST',
      headers: ['Authorization', `Bearer ${token}`, 'X-Queue-Url', queueUrl, 'X-GitHub-Event', 'push', 'Content-Type', 'application/json'],
      body: '{"ref":"main"}',
    });

    // Assess
    expect(res.status).toBe(202);
    const [message] = await receiveAll(queueUrl);
    expect(message?.MessageId).toBe(res.json<{ messageId: string }>().messageId);
    expect(message?.Body).toBe('{"ref":"main"}');
    expect(message?.MessageAttributes).toEqual({
      Event: { DataType: 'String', StringValue: 'push' },
      Tenant: { DataType: 'String', StringValue: 'acme' },
      Subject: { DataType: 'String', StringValue: 'user-42' },
    });
  });

  it("refuses a body over SQS's 1 MiB with 413 before calling SQS", async () => {
    // Prepare
    const queueUrl = await freshQueue();

    // Act
    const res = await request(`${gw.url}/plain`, { method: 'POST', headers: ['X-Queue-Url', queueUrl], body: Buffer.alloc(MiB + 1, 'a') });

    // Assess
    expect(res.status).toBe(413);
    expect(await queued(queueUrl)).toBe(0);
  });

  it('takes a body of exactly 1 MiB', async () => {
    // Prepare
    const queueUrl = await freshQueue();

    // Act
    const res = await request(`${gw.url}/plain`, { method: 'POST', headers: ['X-Queue-Url', queueUrl], body: Buffer.alloc(MiB, 'a') });

    // Assess
    expect(res.status).toBe(200);
    expect(await queued(queueUrl)).toBe(1);
  });

  it.each([
    { description: 'no body (MessageBody)', headers: (queueUrl: string) => ['X-Queue-Url', queueUrl], body: undefined, names: 'MessageBody' },
    { description: 'no queue header (QueueUrl)', headers: () => [], body: 'hello', names: 'QueueUrl' },
  ])('answers 400 naming the parameter for $description, without calling SQS', async ({ headers, body, names }) => {
    // Prepare
    const queueUrl = await freshQueue();

    // Act
    const res = await request(`${gw.url}/plain`, { method: 'POST', headers: headers(queueUrl), ...(body !== undefined && { body }) });

    // Assess
    expect(res.status).toBe(400);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'SLUICE_BAD_REQUEST',
      message: expect.stringContaining(names),
    });
    expect(await queued(queueUrl)).toBe(0);
  });

  it('answers 400 for a parameter value SQS cannot take, without calling it', async () => {
    // Prepare
    const queueUrl = await freshQueue();
    const token = await idp.mint(key, { aud: AUDIENCE, sub: 'user-42', scope: 'hooks/write' });

    // Act
    const res = await request(`${gw.url}/hooks`, {
      method: 'POST',
      headers: ['Authorization', `Bearer ${token}`, 'X-Queue-Url', queueUrl, 'X-Delay', 'soon'],
      body: '{}',
    });

    // Assess
    expect(res.status).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('DelaySeconds');
    expect(await queued(queueUrl)).toBe(0);
  });

  it("passes SQS's refusal on with its status and error code", async () => {
    // Act
    const res = await request(`${gw.url}/nowhere`, { method: 'POST', body: 'hello' });

    // Assess
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json<{ error: { code: string; aws_code: string } }>().error).toEqual({
      code: 'SLUICE_INGEST_REJECTED',
      message: expect.stringContaining('sqs SendMessage refused the request'),
      aws_code: expect.stringMatching(/NonExistentQueue|QueueDoesNotExist/),
    });
  });

  it('answers 502 when SQS cannot be reached', async () => {
    // Prepare
    const dead = await startGateway({
      aws: { ...fauxqsAws(peer.endpoint), endpoints: { sqs: await refusingUrl() } },
      routes: [{ name: 'dead', match: { path: '/dead' }, target: { type: 'sqs', queue_url: pair.queueUrl } }],
    });

    try {
      // Act
      const res = await request(`${dead.url}/dead`, { method: 'POST', body: 'hello' });

      // Assess
      expect(res.status).toBe(502);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('SLUICE_INGEST_UNAVAILABLE');
    } finally {
      await dead.stop();
    }
  });

  it('answers 503 with Retry-After when SQS throttles the call', async () => {
    // Prepare
    const throttling = await startStandIn({ status: 400, body: { __type: 'com.amazonaws.sqs#ThrottlingException', message: 'Rate exceeded' } });
    const throttled = await startGateway({
      aws: { ...fauxqsAws(peer.endpoint), endpoints: { sqs: throttling.url } },
      routes: [{ name: 'busy', match: { path: '/busy' }, target: { type: 'sqs', queue_url: pair.queueUrl } }],
    });

    try {
      // Act
      const res = await request(`${throttled.url}/busy`, { method: 'POST', body: 'hello' });

      // Assess
      expect(res.status).toBe(503);
      expect(res.header('retry-after')).toBe('1');
      expect(res.json<{ error: { code: string } }>().error.code).toBe('SLUICE_INGEST_THROTTLED');
      expect(throttling.calls).toBeGreaterThanOrEqual(1);
    } finally {
      await throttled.stop();
      await throttling.close();
    }
  });

  it("answers 504 when SQS gives no answer within the route's timeout", async () => {
    // Prepare
    const stalling = await startStandIn('stall');
    const slow = await startGateway({
      aws: { ...fauxqsAws(peer.endpoint), endpoints: { sqs: stalling.url } },
      routes: [{ name: 'slow', match: { path: '/slow' }, target: { type: 'sqs', queue_url: pair.queueUrl }, limits: { timeout: '1s' } }],
    });

    try {
      // Act
      const res = await request(`${slow.url}/slow`, { method: 'POST', body: 'hello' });

      // Assess
      expect(res.status).toBe(504);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('SLUICE_INGEST_TIMEOUT');
    } finally {
      await slow.stop();
      await stalling.close();
    }
  });
});
