import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIngest } from '../../../src/aws/dynamodb-ingest.js';
import { EventBridgeIngest } from '../../../src/aws/eventbridge-ingest.js';
import { KinesisIngest } from '../../../src/aws/kinesis-ingest.js';
import { startDynamoDbPeer, type DynamoDbPeer } from '../../helpers/dynamodb-peer.js';
import { startEventBridgeStandIn, type EventBridgeStandIn } from '../../helpers/eventbridge-stand-in.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION } from '../../helpers/fauxqs.js';
import { startKinesisPeer, type KinesisPeer } from '../../helpers/kinesis-peer.js';

const options = (endpoint: string) => ({ endpoint, region: FAUXQS_REGION, credentials: FAUXQS_CREDENTIALS, maxAttempts: 1 });

describe('Ingest clients against their emulators', () => {
  let kinesis: KinesisPeer;
  let dynamodb: DynamoDbPeer;
  let bus: EventBridgeStandIn;

  beforeAll(async () => {
    [kinesis, dynamodb, bus] = await Promise.all([startKinesisPeer(), startDynamoDbPeer(), startEventBridgeStandIn()]);
  });

  afterAll(async () => {
    await Promise.all([kinesis.stop(), dynamodb.stop(), bus.close()]);
  });

  it('puts a Kinesis record and answers its sequence number and shard', async () => {
    // Prepare
    const stream = await kinesis.createStream();
    const client = new KinesisIngest(options(kinesis.endpoint));

    // Act
    const reply = await client.put({ StreamName: stream, Data: Buffer.from([0, 1, 255]), PartitionKey: 'pk-1' });
    client.destroy();

    // Assess
    const [record] = await kinesis.readAll(stream);
    expect(record).toMatchObject({ partitionKey: 'pk-1', sequenceNumber: reply.sequenceNumber, shardId: reply.shardId });
    expect([...record!.data]).toEqual([0, 1, 255]);
  });

  it('writes a DynamoDB item from plain JSON', async () => {
    // Prepare
    const table = await dynamodb.createTable('id');
    const client = new DynamoDbIngest(options(dynamodb.endpoint));
    const item = { id: 'o-1', total: 12.5, paid: true, note: null, tags: ['a', 'b'], customer: { name: 'Ada' } };

    // Act
    const reply = await client.put({ TableName: table, Item: JSON.stringify(item) });
    client.destroy();

    // Assess
    expect(reply).toEqual({ table });
    expect(await dynamodb.getItem(table, { id: 'o-1' })).toEqual(item);
  });

  it.each([['[1,2]'], ['"text"'], ['not json'], ['null']])('refuses the item %s with SLUICE_BAD_REQUEST before calling', async (text) => {
    // Prepare
    const client = new DynamoDbIngest(options('http://127.0.0.1:9'));

    // Act
    const put = client.put({ TableName: 'orders', Item: text });

    // Assess
    await expect(put).rejects.toMatchObject({ code: 'SLUICE_BAD_REQUEST', statusCode: 400 });
  });

  it('puts an event and answers its id', async () => {
    // Prepare
    const client = new EventBridgeIngest(options(bus.endpoint));

    // Act
    const reply = await client.put({ Source: 'com.example', DetailType: 'orders', Detail: '{"id":1}', EventBusName: 'orders-bus' });
    client.destroy();

    // Assess
    expect(bus.events.at(-1)).toMatchObject({ Source: 'com.example', DetailType: 'orders', Detail: '{"id":1}', EventBusName: 'orders-bus', eventId: reply.eventId });
  });

  it.each([
    { ErrorCode: 'ThrottlingException', status: 429 },
    { ErrorCode: 'InternalFailure', status: 500 },
    { ErrorCode: 'AccessDeniedException', status: 400 },
  ])('throws a failed entry ($ErrorCode) as the service error it stands for', async ({ ErrorCode, status }) => {
    // Prepare
    const client = new EventBridgeIngest(options(bus.endpoint));
    bus.failNextEntry({ ErrorCode, ErrorMessage: 'refused' });

    // Act
    const put = client.put({ Source: 'com.example', DetailType: 'orders', Detail: '{}' });

    // Assess
    await expect(put).rejects.toMatchObject({ name: ErrorCode, $metadata: { httpStatusCode: status } });
    client.destroy();
  });
});
