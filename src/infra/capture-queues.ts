import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link CaptureQueues}. */
export interface CaptureQueuesProps {
  /** @default 4 days */
  readonly retention: Duration;
  /** @default 14 days */
  readonly dlqRetention: Duration;
  /** At least six times the forwarder's timeout. */
  readonly visibilityTimeout: Duration;
  /** The RedrivePolicy's `maxReceiveCount`: the forwarder's own. */
  readonly maxReceiveCount: number;
}

/**
 * The main queue the proxy captures into and its dead-letter queue (SPEC §2): both encrypted at
 * rest with SQS-managed keys (SSE-SQS, so neither function needs KMS permissions), HTTPS only,
 * and a RedrivePolicy that is the backstop for a forwarder that died holding a record; the
 * forwarder dead-letters a record itself, with its error, on the same receive count.
 *
 * @example
 * ```ts
 * const queues = new CaptureQueues(stack, 'Queues', { retention: Duration.days(4), dlqRetention: Duration.days(14), visibilityTimeout: Duration.minutes(3), maxReceiveCount: 60 });
 * queues.queue.queueUrl;
 * ```
 */
export class CaptureQueues extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CaptureQueuesProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      retentionPeriod: props.dlqRetention,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Deleted with the stack, so `sluice deploy --destroy` leaves no trace (issue 12): it warns
      // and asks first when dead letters would go with it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new Queue(this, 'Queue', {
      retentionPeriod: props.retention,
      visibilityTimeout: props.visibilityTimeout,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
