import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';

/** Dummy credentials: fauxqs checks none, and fixed ones keep the SDK's chain away from the network. */
export const FAUXQS_CREDENTIALS = { accessKeyId: 'AKIAFAUXQSTEST', secretAccessKey: 'fauxqs-test-secret' } as const;
export const FAUXQS_REGION = 'us-east-1';

/** A main queue whose RedrivePolicy moves messages to its DLQ after `maxReceiveCount` receives. */
export interface QueuePair {
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly maxReceiveCount: number;
}

/**
 * fauxqs (SQS + S3 on one endpoint) on 127.0.0.1, with the raw SDK clients tests use to look
 * at what Sluice wrote, or to write messages as other producers do.
 *
 * @example
 * ```ts
 * const peer = await startFauxqsPeer();
 * const pair = await peer.createQueuePair({ maxReceiveCount: 3 });
 * const bucket = await peer.createBucket();
 * // … new SqsQueue({ queue_url: pair.queueUrl, dlq_url: pair.dlqUrl, payload_bucket: bucket, region: FAUXQS_REGION, endpoint: peer.endpoint }, { credentials: FAUXQS_CREDENTIALS })
 * await peer.stop();
 * ```
 */
export class FauxqsPeer {
  readonly #app: FauxqsApp;
  readonly endpoint: string;
  readonly sqs: SQSClient;
  readonly s3: S3Client;

  constructor(app: FauxqsApp, port: number) {
    this.#app = app;
    this.endpoint = `http://127.0.0.1:${port}`;
    const config = { endpoint: this.endpoint, region: FAUXQS_REGION, credentials: FAUXQS_CREDENTIALS };
    this.sqs = new SQSClient(config);
    this.s3 = new S3Client({ ...config, forcePathStyle: true });
  }

  async createQueuePair(options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number; maximumMessageSize?: number } = {}): Promise<QueuePair> {
    const suffix = randomUUID().slice(0, 8);
    const maxReceiveCount = options.maxReceiveCount ?? 5;
    const dlq = await this.sqs.send(new CreateQueueCommand({ QueueName: `sluice-dlq-${suffix}` }));
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const main = await this.sqs.send(
      new CreateQueueCommand({
        QueueName: `sluice-${suffix}`,
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount }),
          VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
          ...(options.maximumMessageSize !== undefined && { MaximumMessageSize: String(options.maximumMessageSize) }),
        },
      }),
    );
    return { queueUrl: main.QueueUrl!, dlqUrl: dlq.QueueUrl!, maxReceiveCount };
  }

  async deleteQueuePair(pair: QueuePair): Promise<void> {
    await Promise.all([pair.queueUrl, pair.dlqUrl].map((url) => this.sqs.send(new DeleteQueueCommand({ QueueUrl: url }))));
  }

  async createBucket(): Promise<string> {
    const name = `sluice-payloads-${randomUUID().slice(0, 8)}`;
    await this.s3.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  }

  /** Environment for a child process (or a Lambda bundle) that talks to this fauxqs. */
  env(): Record<string, string> {
    return {
      AWS_ACCESS_KEY_ID: FAUXQS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAUXQS_CREDENTIALS.secretAccessKey,
      AWS_REGION: FAUXQS_REGION,
      // Never ask an instance metadata endpoint for credentials, and keep stderr quiet on Node 20.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  }

  async stop(): Promise<void> {
    this.sqs.destroy();
    this.s3.destroy();
    await this.#app.close();
  }
}

type FauxqsApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * Starts fauxqs on 127.0.0.1, port 0 (its own `startFauxqs` listens on every interface). Queue
 * URLs name `sqs.<region>.localhost`, which never resolves: clients always set the endpoint.
 */
export async function startFauxqsPeer(): Promise<FauxqsPeer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const app = await buildApp({ logger: false, host: 'localhost' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return new FauxqsPeer(app, (app.server.address() as AddressInfo).port);
}
