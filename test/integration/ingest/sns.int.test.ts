import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { fauxqsAws, refusingUrl, useEmulatorCredentials } from '../../helpers/ingest.js';

const KiB = 1024;

describe('#13 - sns ingest routes', () => {
  let peer: FauxqsPeer;
  let sns: SNSClient;
  let gw: TestGateway;
  let restoreEnv: () => void;
  let topicArn: string;
  let queueUrl: string;

  /** Every message the topic's subscribed queue received so far (raw delivery: the message itself). */
  const delivered = async () => {
    const { Messages } = await peer.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    return Messages ?? [];
  };
  const waiting = async () => {
    const { Attributes } = await peer.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(Attributes?.ApproximateNumberOfMessages);
  };

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    peer = await startFauxqsPeer();
    sns = new SNSClient({ endpoint: peer.endpoint, region: FAUXQS_REGION, credentials: FAUXQS_CREDENTIALS });
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'hooks' }))).TopicArn!;
    queueUrl = (await peer.createQueuePair()).queueUrl;
    const { Attributes } = await peer.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn!, Attributes: { RawMessageDelivery: 'true' } }));
    gw = await startGateway({
      aws: fauxqsAws(peer.endpoint),
      routes: [
        {
          name: 'publish',
          match: { methods: ['POST'], path: '/publish' },
          target: {
            type: 'sns',
            topic_arn: topicArn,
            params: {
              Subject: 'order ${request.body.order}',
              MessageAttributes: '{"Tenant":{"DataType":"String","StringValue":"${request.querystring.tenant}"}}',
            },
          },
          reply: { status: 202 },
        },
        { name: 'nowhere', match: { path: '/nowhere' }, target: { type: 'sns', topic_arn: `${topicArn}-gone` } },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    sns?.destroy();
    await peer?.stop();
    restoreEnv?.();
  });

  it('publishes the body as the message, with mapped attributes, and answers with its id', async () => {
    // Prepare
    const body = JSON.stringify({ order: 7, lines: [{ sku: 'a-1', qty: 2 }] });

    // Act
    const res = await request(`${gw.url}/publish?tenant=acme`, { method: 'POST', headers: ['Content-Type', 'application/json'], body });

    // Assess
    expect(res.status).toBe(202);
    expect(res.json<{ messageId: string }>().messageId).toEqual(expect.any(String));
    const [message, ...more] = await delivered();
    expect(more).toEqual([]);
    expect(message?.Body).toBe(body);
    expect(message?.MessageAttributes).toMatchObject({ Tenant: { DataType: 'String', StringValue: 'acme' } });
  });

  it("refuses a body over SNS's 256 KiB with 413 before publishing", async () => {
    // Prepare
    const before = await waiting();

    // Act
    const res = await request(`${gw.url}/publish?tenant=acme`, { method: 'POST', body: Buffer.alloc(256 * KiB + 1, 'a') });

    // Assess
    expect(res.status).toBe(413);
    expect(await waiting()).toBe(before);
  });

  it('answers 400 naming Message when there is no body, without publishing', async () => {
    // Prepare
    const before = await waiting();

    // Act
    const res = await request(`${gw.url}/publish`, { method: 'POST' });

    // Assess
    expect(res.status).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('Message');
    expect(await waiting()).toBe(before);
  });

  it("passes SNS's refusal of an unknown topic on with its status and error code", async () => {
    // Act
    const res = await request(`${gw.url}/nowhere`, { method: 'POST', body: 'hello' });

    // Assess
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json<{ error: { code: string; aws_code: string } }>().error).toMatchObject({
      code: 'SLUICE_INGEST_REJECTED',
      aws_code: expect.stringMatching(/NotFound/),
    });
  });

  it('answers 502 when SNS cannot be reached', async () => {
    // Prepare
    const dead = await startGateway({
      aws: { ...fauxqsAws(peer.endpoint), endpoints: { sns: await refusingUrl() } },
      routes: [{ name: 'dead', match: { path: '/dead' }, target: { type: 'sns', topic_arn: topicArn } }],
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
});
