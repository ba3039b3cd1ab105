import type * as KinesisModule from '@aws-sdk/client-kinesis';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';

/** Kinesis refuses a record whose data and partition key exceed 1 MiB together. */
export const KINESIS_RECORD_LIMIT_BYTES = 1024 * 1024;

let sdk: Promise<typeof KinesisModule> | undefined;

/** Loads the Kinesis SDK on first use: only routes that put records pay its start-up time. */
function loadKinesisSdk(): Promise<typeof KinesisModule> {
  sdk ??= import('@aws-sdk/client-kinesis');
  return sdk;
}

/** The parameters of one `PutRecord` call, evaluated from a route's `params`. */
export interface KinesisPutInput {
  readonly StreamName?: string;
  readonly StreamARN?: string;
  readonly Data: Uint8Array;
  readonly PartitionKey: string;
  readonly ExplicitHashKey?: string;
  readonly SequenceNumberForOrdering?: string;
}

/** What the gateway answers after a record is in the stream. */
export interface KinesisPutReply {
  readonly sequenceNumber: string;
  readonly shardId: string;
}

/**
 * Puts one record on a Kinesis data stream with `PutRecord`. The client speaks HTTP/1.1
 * (`NodeHttpHandler`): the SDK's default HTTP/2 handler for Kinesis also fails against local
 * emulators, and one record per request gains nothing from streams.
 *
 * @example
 * ```ts
 * const kinesis = new KinesisIngest({ region: 'eu-west-1' });
 * const reply = await kinesis.put({ StreamName: 'clicks', Data: body, PartitionKey: requestId });
 * // { sequenceNumber: '4959…', shardId: 'shardId-000000000000' }
 * ```
 */
export class KinesisIngest {
  readonly #options: AwsClientOptions;
  #client: Promise<KinesisClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async put(input: KinesisPutInput): Promise<KinesisPutReply> {
    const [client, { PutRecordCommand }] = await Promise.all([this.#kinesis(), loadKinesisSdk()]);
    const answer = await client.send(new PutRecordCommand({ ...input }));
    return { sequenceNumber: answer.SequenceNumber ?? '', shardId: answer.ShardId ?? '' };
  }

  /** Releases the client's connections. */
  destroy(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #kinesis(): Promise<KinesisClient> {
    this.#client ??= loadKinesisSdk().then(({ KinesisClient: Client }) => {
      const config = sdkClientConfig(this.#options);
      return new Client({ ...config, requestHandler: new NodeHttpHandler(config.requestHandler) });
    });
    return this.#client;
  }
}
