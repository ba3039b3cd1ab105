import type * as DynamoDbModule from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { BadRequestError } from '../../core/errors.js';
import { sdkClientConfig, type AwsClientOptions } from '../client-options.js';
import type { IngestCall, IngestReply, IngestService } from './ingest-service.js';
import { jsonObjectParam } from './param-values.js';

/**
 * DynamoDB's item size limit, 400 KB (409,600 bytes) of attribute names and values: a JSON body
 * over it can never fit, so the gateway answers 413 without calling.
 */
export const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;

let sdk: Promise<typeof DynamoDbModule> | undefined;

/** Loads the DynamoDB SDK on first use. */
function loadDynamoDbSdk(): Promise<typeof DynamoDbModule> {
  sdk ??= import('@aws-sdk/client-dynamodb');
  return sdk;
}

/**
 * `PutItem` for `dynamodb` ingest routes: the JSON body (by default) as the item, plain JSON
 * marshalled with `@aws-sdk/util-dynamodb` (strings `S`, numbers `N`, booleans `BOOL`, `null`
 * `NULL`, arrays `L`, objects `M`). A body that is not a JSON object is 400 before calling.
 * `ExpressionAttributeNames` and `ExpressionAttributeValues` are JSON text in `params`, the
 * values plain JSON marshalled like the item.
 *
 * `PutItem` returns no id of its own (the item's key is in what the client sent), so the reply
 * names the table: `{"table":"orders"}`.
 *
 * @example
 * ```ts
 * const dynamodb = new DynamoDbService({ region: 'eu-west-1' });
 * await dynamodb.send({ values: { TableName: 'orders', Item: '{"id":"o-1","total":12.5}' }, body, wholeBody, abortSignal }); // { table: 'orders' }
 * ```
 */
export class DynamoDbService implements IngestService {
  readonly service = 'dynamodb';
  readonly operation = 'PutItem';
  readonly maxBodyBytes = DYNAMODB_MAX_ITEM_BYTES;
  readonly #options: AwsClientOptions;
  #client: Promise<DynamoDBClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async send(call: IngestCall): Promise<IngestReply> {
    const { values } = call;
    // Everything is parsed before the SDK is loaded or called: bad input is 400 and costs nothing.
    const names = jsonObjectParam<Record<string, unknown>>(values, 'ExpressionAttributeNames');
    const attributeValues = jsonObjectParam<Record<string, unknown>>(values, 'ExpressionAttributeValues');
    const input = {
      TableName: values.TableName,
      Item: toAttributes(jsonObjectParam<Record<string, unknown>>(values, 'Item') ?? {}, 'Item'),
      ConditionExpression: values.ConditionExpression,
      ExpressionAttributeNames: names === undefined ? undefined : stringMap(names),
      ExpressionAttributeValues: attributeValues === undefined ? undefined : toAttributes(attributeValues, 'ExpressionAttributeValues'),
    };
    const [client, { PutItemCommand }] = await Promise.all([this.#dynamodb(), loadDynamoDbSdk()]);
    await client.send(new PutItemCommand(input), { abortSignal: call.abortSignal });
    return { table: values.TableName };
  }

  close(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #dynamodb(): Promise<DynamoDBClient> {
    this.#client ??= loadDynamoDbSdk().then(({ DynamoDBClient: Client }) => new Client(sdkClientConfig(this.#options)));
    return this.#client;
  }
}

/** Plain JSON to DynamoDB's types; `undefined` cannot come from JSON, but is dropped if it does. */
function toAttributes(value: Record<string, unknown>, name: string): Record<string, AttributeValue> {
  try {
    return marshall(value, { removeUndefinedValues: true });
  } catch (error) {
    throw new BadRequestError(`parameter ${name} cannot be stored as DynamoDB attributes`, { cause: error });
  }
}

/** `ExpressionAttributeNames`: `{"#n":"name"}`, every value a string. */
function stringMap(value: Record<string, unknown>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new BadRequestError(`parameter ExpressionAttributeNames: "${key}" must map to a string`);
    map[key] = entry;
  }
  return map;
}
