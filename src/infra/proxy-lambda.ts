import type { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction, type Code } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import type { CaptureSettings } from './forwarder-stack-props.js';
import { FunctionRole } from './function-role.js';
import { functionDefaults, millis, powertoolsEnvironment } from './function-defaults.js';

/** Properties of {@link ProxyLambda}. */
export interface ProxyLambdaProps {
  /** dist-lambda/proxy. */
  readonly code: Code;
  readonly memorySize: number;
  /** The upstream gets one second less, so the proxy answers (and captures) before Lambda stops it. */
  readonly timeout: Duration;
  readonly queue: IQueue;
  /** Named in the function's settings only: the proxy never writes to it. */
  readonly deadLetterQueue: IQueue;
  /** Where captures over SQS's size limit go. */
  readonly payloadBucket: IBucket;
  /** Holds the route maps under `routeMapPrefix`. */
  readonly controlBucket: IBucket;
  /** The folder of the route maps, one per API and stage (`<prefix><apiId>/<stage>.json`). */
  readonly routeMapPrefix: string;
  /** The single route map of earlier versions, read when an API has no map of its own. */
  readonly legacyRouteMapKey: string;
  readonly maxReceiveCount: number;
  /** @default the built-in redaction only */
  readonly capture?: CaptureSettings;
}

/**
 * The proxy function (SPEC §5): API Gateway proxy events to the original backends, captured to
 * SQS. It may send to the main queue, put payload objects, and read the route maps: nothing else.
 *
 * @example
 * ```ts
 * const proxy = new ProxyLambda(this, 'Proxy', { code, memorySize: 512, timeout: Duration.seconds(30), queue, deadLetterQueue, payloadBucket, controlBucket, routeMapPrefix: 'sluice/route-maps/', legacyRouteMapKey: 'sluice/route-map.json', maxReceiveCount: 60 });
 * ```
 */
export class ProxyLambda extends Construct {
  public readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: ProxyLambdaProps) {
    super(scope, id);
    const { role, logGroup } = new FunctionRole(this, 'Execution', { purpose: 'the Sluice proxy function' });
    role.addToPolicy(new PolicyStatement({ sid: 'SendCaptures', actions: ['sqs:SendMessage'], resources: [props.queue.queueArn] }));
    // Offloaded payloads get random keys (the Extended Client format), so any key in this bucket.
    role.addToPolicy(new PolicyStatement({ sid: 'PutPayloads', actions: ['s3:PutObject'], resources: [props.payloadBucket.arnForObjects('*')] }));
    role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadRouteMaps',
        actions: ['s3:GetObject'],
        resources: [props.controlBucket.arnForObjects(`${props.routeMapPrefix}*`), props.controlBucket.arnForObjects(props.legacyRouteMapKey)],
      }),
    );
    // Without it S3 answers a missing map with 403, not 404, and the proxy could not tell an
    // API that has no map of its own (fall back to the legacy map) from a denied read.
    role.addToPolicy(new PolicyStatement({ sid: 'FindRouteMaps', actions: ['s3:ListBucket'], resources: [props.controlBucket.bucketArn] }));
    const capture = props.capture ?? {};
    this.function = new LambdaFunction(this, 'Function', {
      ...functionDefaults,
      description: 'Sluice proxy: forwards API Gateway requests to their original backends and captures them',
      code: props.code,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      environment: {
        ...powertoolsEnvironment(LAMBDA_METRICS.proxyService),
        SLUICE_QUEUE_URL: props.queue.queueUrl,
        SLUICE_DLQ_URL: props.deadLetterQueue.queueUrl,
        SLUICE_PAYLOAD_BUCKET: props.payloadBucket.bucketName,
        SLUICE_MAX_RECEIVE_COUNT: String(props.maxReceiveCount),
        SLUICE_ROUTE_MAPS_URI: `s3://${props.controlBucket.bucketName}/${props.routeMapPrefix}`,
        SLUICE_ROUTE_MAP_URI: `s3://${props.controlBucket.bucketName}/${props.legacyRouteMapKey}`,
        SLUICE_UPSTREAM_TIMEOUT: millis(Math.max(1_000, props.timeout.toMilliseconds() - 1_000)),
        ...listVariable('SLUICE_REDACT_HEADERS', capture.redactHeaders),
        ...listVariable('SLUICE_REDACT_QUERY', capture.redactQuery),
        ...listVariable('SLUICE_REDACT_BODY_FIELDS', capture.redactBodyFields),
        ...(capture.maxBodyBytes !== undefined && { SLUICE_CAPTURE_MAX_BODY_BYTES: String(capture.maxBodyBytes) }),
      },
    });
  }
}

function listVariable(name: string, values: readonly string[] | undefined): Record<string, string> {
  return values === undefined || values.length === 0 ? {} : { [name]: values.join(',') };
}
