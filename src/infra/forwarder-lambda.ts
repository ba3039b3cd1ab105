import type { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction, type Code } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DestinationConfig } from '../core/config-schema.js';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import { FunctionRole } from './function-role.js';
import { functionDefaults, millis, powertoolsEnvironment } from './function-defaults.js';

/** `destination.retry`, in milliseconds. */
type RetrySettings = DestinationConfig['retry'];

/** Properties of {@link ForwarderLambda}. */
export interface ForwarderLambdaProps {
  /** dist-lambda/forwarder. */
  readonly code: Code;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly payloadBucket: IBucket;
  /** Read at init (`SLUICE_SIGNING_SECRET_ARN`), never passed as a value. */
  readonly signingSecret: ISecret;
  readonly destinationUrl: string;
  readonly destinationTimeout: Duration;
  readonly retry: RetrySettings;
  readonly deadLetterOn4xx: boolean;
  /** The RedrivePolicy's `maxReceiveCount`. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeout: Duration;
  readonly batchSize: number;
  /** @default none */
  readonly maxBatchingWindow?: Duration;
}

/**
 * The forwarder function (SPEC §3, §5) on the main queue's event source, reporting partial batch
 * failures so only failed records come back. It may consume the main queue and change a
 * record's visibility (its backoff), send to the DLQ (dead letters with their error), read and
 * delete payload objects, and read its signing secret: nothing else.
 *
 * @example
 * ```ts
 * new ForwarderLambda(this, 'Forwarder', { code, memorySize: 256, timeout: Duration.seconds(30), queue, deadLetterQueue, payloadBucket, signingSecret, destinationUrl, … });
 * ```
 */
export class ForwarderLambda extends Construct {
  public readonly function: LambdaFunction;
  public readonly eventSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: ForwarderLambdaProps) {
    super(scope, id);
    const { role, logGroup } = new FunctionRole(this, 'Execution', { purpose: 'the Sluice forwarder function' });
    role.addToPolicy(new PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }));
    role.addToPolicy(
      new PolicyStatement({ sid: 'ReadAndDeletePayloads', actions: ['s3:GetObject', 's3:DeleteObject'], resources: [props.payloadBucket.arnForObjects('*')] }),
    );
    role.addToPolicy(new PolicyStatement({ sid: 'ReadSigningSecret', actions: ['secretsmanager:GetSecretValue'], resources: [props.signingSecret.secretArn] }));
    const { retry } = props;
    this.function = new LambdaFunction(this, 'Function', {
      ...functionDefaults,
      description: 'Sluice forwarder: delivers captured records to the destination',
      code: props.code,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      environment: {
        ...powertoolsEnvironment(LAMBDA_METRICS.forwarderService),
        SLUICE_QUEUE_URL: props.queue.queueUrl,
        SLUICE_DLQ_URL: props.deadLetterQueue.queueUrl,
        SLUICE_PAYLOAD_BUCKET: props.payloadBucket.bucketName,
        SLUICE_MAX_RECEIVE_COUNT: String(props.maxReceiveCount),
        SLUICE_VISIBILITY_TIMEOUT: millis(props.visibilityTimeout.toMilliseconds()),
        SLUICE_DESTINATION_URL: props.destinationUrl,
        SLUICE_SIGNING_SECRET_ARN: props.signingSecret.secretArn,
        SLUICE_DESTINATION_TIMEOUT: millis(props.destinationTimeout.toMilliseconds()),
        SLUICE_RETRY_BASE: millis(retry.base),
        SLUICE_RETRY_CAP: millis(retry.cap),
        SLUICE_RETRY_MAX_AGE: millis(retry.max_age),
        SLUICE_RETRY_MAX_ATTEMPTS: String(retry.max_attempts),
        SLUICE_DEAD_LETTER_ON_4XX: String(props.deadLetterOn4xx),
      },
    });
    // The event source grants what the function needs on the main queue besides receiving:
    // sqs:ChangeMessageVisibility (the backoff) and sqs:GetQueueAttributes (the RedrivePolicy is
    // checked against the retry budget at init), with sqs:DeleteMessage and sqs:GetQueueUrl.
    this.eventSource = new SqsEventSource(props.queue, {
      batchSize: props.batchSize,
      reportBatchItemFailures: true,
      ...(props.maxBatchingWindow !== undefined && props.maxBatchingWindow.toMilliseconds() > 0 && { maxBatchingWindow: props.maxBatchingWindow }),
    });
    this.function.addEventSource(this.eventSource);
  }
}
