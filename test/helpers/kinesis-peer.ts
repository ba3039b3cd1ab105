import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import kinesalite from 'kinesalite';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION } from './fauxqs.js';

/** One record read back from a stream. */
export interface StreamRecord {
  readonly data: Buffer;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  readonly shardId: string;
}

/**
 * kinesalite (an in-memory Kinesis) on 127.0.0.1, with a raw SDK client to create streams and
 * read back what Sluice put. The client speaks HTTP/1.1 (`NodeHttpHandler`): kinesalite has no
 * HTTP/2, the SDK's default for Kinesis. Streams are named, not addressed by ARN (kinesalite
 * refuses `StreamARN`).
 *
 * @example
 * ```ts
 * const kinesis = await startKinesisPeer();
 * const stream = await kinesis.createStream();
 * const [record] = await kinesis.readAll(stream);
 * await kinesis.stop();
 * ```
 */
export class KinesisPeer {
  readonly #server: Server;
  readonly endpoint: string;
  readonly client: KinesisClient;

  constructor(server: Server) {
    this.#server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.client = new KinesisClient({
      endpoint: this.endpoint,
      region: FAUXQS_REGION,
      credentials: FAUXQS_CREDENTIALS,
      requestHandler: new NodeHttpHandler(),
    });
  }

  /** A one-shard stream, ACTIVE as soon as this returns (the peer creates streams at once). */
  async createStream(): Promise<string> {
    const name = `sluice-${randomUUID().slice(0, 8)}`;
    await this.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    return name;
  }

  /** Every record on every shard of the stream, from the start. */
  async readAll(streamName: string): Promise<StreamRecord[]> {
    const { Shards = [] } = await this.client.send(new ListShardsCommand({ StreamName: streamName }));
    const records: StreamRecord[] = [];
    for (const shard of Shards) {
      const shardId = shard.ShardId!;
      const { ShardIterator } = await this.client.send(
        new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const { Records = [] } = await this.client.send(new GetRecordsCommand({ ShardIterator }));
      for (const record of Records) {
        records.push({
          data: Buffer.from(record.Data ?? new Uint8Array()),
          partitionKey: record.PartitionKey ?? '',
          sequenceNumber: record.SequenceNumber ?? '',
          shardId,
        });
      }
    }
    return records;
  }

  async stop(): Promise<void> {
    this.client.destroy();
    await new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Starts kinesalite in memory on 127.0.0.1, port 0, with streams ACTIVE at creation. */
export async function startKinesisPeer(): Promise<KinesisPeer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new KinesisPeer(server);
}
