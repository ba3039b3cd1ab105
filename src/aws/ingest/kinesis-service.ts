import type * as KinesisModule from '@aws-sdk/client-kinesis';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { sdkClientConfig, type AwsClientOptions } from '../client-options.js';
import type { IngestCall, IngestReply, IngestService } from './ingest-service.js';

/** Kinesis refuses a record whose data and partition key exceed 1 MiB together. */
export const KINESIS_MAX_RECORD_BYTES = 1024 * 1024;

let sdk: Promise<typeof KinesisModule> | undefined;

/** Loads the Kinesis SDK on first use: only routes that put records pay its start-up time. */
function loadKinesisSdk(): Promise<typeof KinesisModule> {
  sdk ??= import('@aws-sdk/client-kinesis');
  return sdk;
}

/**
 * `PutRecord` for `kinesis` ingest routes: the body's bytes as sent (by default) as the record's
 * data, the request id as its partition key, up to Kinesis's 1 MiB. The reply names where the
 * record landed: `{"sequenceNumber":…,"shardId":…}`.
 *
 * The client speaks HTTP/1.1 (`NodeHttpHandler`): the SDK's default for Kinesis is HTTP/2, which
 * only its `SubscribeToShard` streams need and which local emulators (kinesalite) do not speak.
 *
 * @example
 * ```ts
 * const kinesis = new KinesisService({ region: 'eu-west-1' });
 * await kinesis.send({ values: { StreamName: 'clicks', Data: '…', PartitionKey: 'r-1' }, body, wholeBody: new Set(['Data']), abortSignal });
 * // { sequenceNumber: '4959…', shardId: 'shardId-000000000000' }
 * ```
 */
export class KinesisService implements IngestService {
  readonly service = 'kinesis';
  readonly operation = 'PutRecord';
  readonly maxBodyBytes = KINESIS_MAX_RECORD_BYTES;
  readonly #options: AwsClientOptions;
  #client: Promise<KinesisClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async send(call: IngestCall): Promise<IngestReply> {
    const { values } = call;
    const input = {
      StreamName: values.StreamName,
      StreamARN: values.StreamARN,
      // The body's bytes, never its UTF-8 text: records are often binary.
      Data: call.wholeBody.has('Data') ? call.body : Buffer.from(values.Data ?? '', 'utf8'),
      PartitionKey: values.PartitionKey,
      ExplicitHashKey: values.ExplicitHashKey,
      SequenceNumberForOrdering: values.SequenceNumberForOrdering,
    };
    const [client, { PutRecordCommand }] = await Promise.all([this.#kinesis(), loadKinesisSdk()]);
    const answer = await client.send(new PutRecordCommand(input), { abortSignal: call.abortSignal });
    return { sequenceNumber: answer.SequenceNumber, shardId: answer.ShardId };
  }

  close(): void {
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
