import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';

/** Dummy credentials: fauxqs checks none, and fixed ones keep the SDK's chain away from the network. */
export const FAUXQS_CREDENTIALS = { accessKeyId: 'AKIAFAUXQSTEST', secretAccessKey: 'fauxqs-test-secret' } as const;
export const FAUXQS_REGION = 'us-east-1';

/** A main queue whose RedrivePolicy moves messages to its DLQ after `maxReceiveCount` receives. */
export interface QueuePair {
  readonly queueName: string;
  readonly queueUrl: string;
  readonly dlqName: string;
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
 * const pair = peer.createQueuePair({ maxReceiveCount: 3 });
 * const bucket = peer.createBucket();
 * // … new SqsQueue({ queue_url: pair.queueUrl, dlq_url: pair.dlqUrl, payload_bucket: bucket, region: FAUXQS_REGION, endpoint: peer.endpoint }, { credentials: FAUXQS_CREDENTIALS })
 * await peer.stop();
 * ```
 */
export class FauxqsPeer {
  readonly server: FauxqsServer;
  readonly endpoint: string;
  readonly sqs: SQSClient;
  readonly s3: S3Client;

  constructor(server: FauxqsServer) {
    this.server = server;
    this.endpoint = `http://127.0.0.1:${server.port}`;
    const config = { endpoint: this.endpoint, region: FAUXQS_REGION, credentials: FAUXQS_CREDENTIALS };
    this.sqs = new SQSClient(config);
    this.s3 = new S3Client({ ...config, forcePathStyle: true });
  }

  createQueuePair(options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number; maximumMessageSize?: number } = {}): QueuePair {
    const suffix = randomUUID().slice(0, 8);
    const maxReceiveCount = options.maxReceiveCount ?? 5;
    const dlq = this.server.createQueue(`sluice-dlq-${suffix}`);
    const main = this.server.createQueue(`sluice-${suffix}`, {
      attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount }),
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        ...(options.maximumMessageSize !== undefined && { MaximumMessageSize: String(options.maximumMessageSize) }),
      },
    });
    return { queueName: main.queueName, queueUrl: main.queueUrl, dlqName: dlq.queueName, dlqUrl: dlq.queueUrl, maxReceiveCount };
  }

  createBucket(): string {
    return this.server.createBucket(`sluice-payloads-${randomUUID().slice(0, 8)}`).bucketName;
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
    await this.server.stop();
  }
}

/** Starts fauxqs on 127.0.0.1, port 0. */
export async function startFauxqsPeer(): Promise<FauxqsPeer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new FauxqsPeer(await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' }));
}
