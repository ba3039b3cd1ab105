import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import dynalite from 'dynalite';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION } from './fauxqs.js';

/**
 * dynalite (an in-memory DynamoDB) on 127.0.0.1, with a raw SDK client to create tables and read
 * back what Sluice wrote, as plain JSON.
 *
 * @example
 * ```ts
 * const dynamodb = await startDynamoDbPeer();
 * const table = await dynamodb.createTable('id');
 * const item = await dynamodb.getItem(table, { id: 'o-1' });
 * await dynamodb.stop();
 * ```
 */
export class DynamoDbPeer {
  readonly #server: Server;
  readonly endpoint: string;
  readonly client: DynamoDBClient;

  constructor(server: Server) {
    this.#server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.client = new DynamoDBClient({ endpoint: this.endpoint, region: FAUXQS_REGION, credentials: FAUXQS_CREDENTIALS });
  }

  /** A table with a string hash key, ACTIVE as soon as this returns. */
  async createTable(hashKey: string): Promise<string> {
    const name = `sluice-${randomUUID().slice(0, 8)}`;
    await this.client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: hashKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: hashKey, AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return name;
  }

  /** The item under `key`, unmarshalled to plain JSON, or `undefined`. */
  async getItem(table: string, key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }));
    return Item === undefined ? undefined : unmarshall(Item);
  }

  async stop(): Promise<void> {
    this.client.destroy();
    await new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Starts dynalite in memory on 127.0.0.1, port 0, with tables ACTIVE at creation. */
export async function startDynamoDbPeer(): Promise<DynamoDbPeer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new DynamoDbPeer(server);
}
