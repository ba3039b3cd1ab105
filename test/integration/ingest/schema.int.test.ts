import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { fauxqsAws, useEmulatorCredentials } from '../../helpers/ingest.js';

const ORDER_SCHEMA = {
  type: 'object',
  required: ['id', 'email'],
  properties: { id: { type: 'integer' }, email: { type: 'string', format: 'email' }, items: { type: 'array', items: { type: 'string' } } },
};

describe('#13 - ingest routes with a schema', () => {
  let peer: FauxqsPeer;
  let gw: TestGateway;
  let dir: string;
  let restoreEnv: () => void;

  /** Messages the service holds, read back from the emulator. */
  const queued = async (queueUrl: string) => {
    const { Attributes } = await peer.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
  };
  const send = (queueUrl: string, body: string) =>
    request(`${gw.url}/orders`, { method: 'POST', headers: ['Content-Type', 'application/json', 'X-Queue-Url', queueUrl], body });

  beforeAll(async () => {
    restoreEnv = useEmulatorCredentials();
    peer = await startFauxqsPeer();
    dir = await mkdtemp(join(tmpdir(), 'sluice-schema-'));
    await writeFile(join(dir, 'order.json'), JSON.stringify(ORDER_SCHEMA));
    gw = await startGateway(
      {
        aws: fauxqsAws(peer.endpoint),
        routes: [
          {
            name: 'orders',
            match: { methods: ['POST'], path: '/orders' },
            target: { type: 'sqs', queue_url: '$request.header.x-queue-url' },
            schema: './order.json',
            capture: true,
          },
        ],
      },
      { configDir: dir },
    );
  });

  afterAll(async () => {
    await gw?.stop();
    await peer?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    restoreEnv?.();
  });

  it('sends a body that matches the schema', async () => {
    // Prepare
    const { queueUrl } = await peer.createQueuePair();

    // Act
    const res = await send(queueUrl, '{"id":7,"email":"a@example.com"}');

    // Assess
    expect(res.status).toBe(200);
    expect(await queued(queueUrl)).toBe(1);
  });

  it('answers 400 listing what does not match, and never calls the service', async () => {
    // Prepare
    const { queueUrl } = await peer.createQueuePair();

    // Act
    const res = await send(queueUrl, '{"id":"seven","email":"nope","items":[1]}');

    // Assess
    expect(res.status).toBe(400);
    const { error } = res.json<{ error: { code: string; errors: { instancePath: string; message: string }[] } }>();
    expect(error.code).toBe('SLUICE_BODY_INVALID');
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { instancePath: '/id', message: 'must be integer' },
        { instancePath: '/email', message: 'must match format "email"' },
        { instancePath: '/items/0', message: 'must be string' },
      ]),
    );
    expect(await queued(queueUrl)).toBe(0);
    const records = await gw.takeRecords();
    expect(records.find((record) => record.status === 400)).toMatchObject({ route: 'orders', body: { id: 'seven' } });
  });

  it('answers 400 to a body that is not JSON, and never calls the service', async () => {
    // Prepare
    const { queueUrl } = await peer.createQueuePair();

    // Act
    const res = await send(queueUrl, 'id=7&email=a@example.com');

    // Assess
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_BODY_INVALID', errors: [] } });
    expect(await queued(queueUrl)).toBe(0);
  });
});
