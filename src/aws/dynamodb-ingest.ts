import type * as DynamoDbModule from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { BadRequestError } from '../core/errors.js';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';

/**
 * DynamoDB's item size limit, 400 KB (409,600 bytes) of attribute names and values: a JSON body
 * over it can never fit, so the gateway answers 413 without calling.
 */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

let sdk: Promise<typeof DynamoDbModule> | undefined;

/** Loads the DynamoDB SDK on first use. */
function loadDynamoDbSdk(): Promise<typeof DynamoDbModule> {
  sdk ??= import('@aws-sdk/client-dynamodb');
  return sdk;
}

/** The parameters of one `PutItem` call, evaluated from a route's `params`; `Item` is JSON text. */
export interface DynamoDbPutInput {
  readonly TableName: string;
  /** A JSON object as text (by default the request body): marshalled to DynamoDB's types. */
  readonly Item: string;
  readonly ConditionExpression?: string;
  /** JSON text: `{"#n":"name"}`. */
  readonly ExpressionAttributeNames?: string;
  /** JSON text in plain JSON (`{":v":1}`), marshalled like the item. */
  readonly ExpressionAttributeValues?: string;
}

/**
 * What the gateway answers after the item is written: the table's name. `PutItem` returns no id
 * of its own (the item's key is in the item the client sent), so the table is what names it.
 */
export interface DynamoDbPutReply {
  readonly table: string;
}

/**
 * Parses a parameter's JSON text as a JSON object, or refuses the request with 400: DynamoDB
 * items are maps, and a string or array at the top cannot be stored as one.
 *
 * @internal
 * @example
 * ```ts
 * jsonObject('{"id":"a"}', 'Item'); // { id: 'a' }
 * jsonObject('[1]', 'Item'); // throws BadRequestError
 * ```
 */
export function jsonObject(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError(`${name} must be a JSON object; the text is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError(`${name} must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Writes one item with `PutItem`. The item is plain JSON (`{"id":"a","n":1,"tags":["x"]}`),
 * marshalled with `@aws-sdk/util-dynamodb`: strings `S`, numbers `N`, booleans `BOOL`, `null`
 * `NULL`, arrays `L`, objects `M`; `undefined` values are dropped.
 *
 * @example
 * ```ts
 * const dynamodb = new DynamoDbIngest({ region: 'eu-west-1' });
 * await dynamodb.put({ TableName: 'orders', Item: '{"id":"o-1","total":12.5}' }); // { table: 'orders' }
 * ```
 */
export class DynamoDbIngest {
  readonly #options: AwsClientOptions;
  #client: Promise<DynamoDBClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async put(input: DynamoDbPutInput): Promise<DynamoDbPutReply> {
    // Parse everything before loading the SDK or calling: bad input is 400 and costs nothing.
    const item = toAttributes(jsonObject(input.Item, 'Item'));
    const names = input.ExpressionAttributeNames === undefined ? undefined : stringMap(jsonObject(input.ExpressionAttributeNames, 'ExpressionAttributeNames'));
    const values = input.ExpressionAttributeValues === undefined ? undefined : toAttributes(jsonObject(input.ExpressionAttributeValues, 'ExpressionAttributeValues'));
    const [client, { PutItemCommand }] = await Promise.all([this.#dynamodb(), loadDynamoDbSdk()]);
    await client.send(
      new PutItemCommand({
        TableName: input.TableName,
        Item: item,
        ...(input.ConditionExpression !== undefined && { ConditionExpression: input.ConditionExpression }),
        ...(names !== undefined && { ExpressionAttributeNames: names }),
        ...(values !== undefined && { ExpressionAttributeValues: values }),
      }),
    );
    return { table: input.TableName };
  }

  /** Releases the client's connections. */
  destroy(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #dynamodb(): Promise<DynamoDBClient> {
    this.#client ??= loadDynamoDbSdk().then(({ DynamoDBClient: Client }) => new Client(sdkClientConfig(this.#options)));
    return this.#client;
  }
}

function toAttributes(value: Record<string, unknown>): Record<string, AttributeValue> {
  // JSON has no sets or binary, so the only ways marshalling fails are empty keys and the like.
  try {
    return marshall(value, { removeUndefinedValues: true });
  } catch (error) {
    throw new BadRequestError(`cannot store the JSON as a DynamoDB item: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function stringMap(value: Record<string, unknown>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new BadRequestError(`ExpressionAttributeNames.${key} must be a string`);
    map[key] = entry;
  }
  return map;
}
