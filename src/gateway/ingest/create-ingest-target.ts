import { assertNever } from '../../core/assert-never.js';
import { serviceEndpoint, type AwsConfig } from '../../core/aws-config-schema.js';
import type { IngestTargetConfig, RouteConfig } from '../../core/config-schema.js';
import { compileServiceParams } from '../../core/ingest/index.js';
import type { AwsClientOptions } from '../../aws/client-options.js';
import type { IngestService } from '../../aws/ingest/ingest-service.js';
import { DynamoDbService } from '../../aws/ingest/dynamodb-service.js';
import { EventBridgeService } from '../../aws/ingest/eventbridge-service.js';
import { KinesisService } from '../../aws/ingest/kinesis-service.js';
import { S3Service } from '../../aws/ingest/s3-service.js';
import { SnsService } from '../../aws/ingest/sns-service.js';
import { SqsService } from '../../aws/ingest/sqs-service.js';
import type { Logger } from '../../telemetry/logger.js';
import type { CaptureFailureHandler } from '../response-writer.js';
import { IngestTarget } from './ingest-target.js';

export interface IngestTargetContext {
  readonly onCaptureFailure: CaptureFailureHandler;
  readonly logger?: Logger;
  /** The top-level `aws` mapping: region and endpoints (the schema requires it for ingest routes). */
  readonly aws: AwsConfig | undefined;
}

/**
 * The service client behind an ingest target: one `case` per service, each one file in
 * `src/aws/ingest/`. Credentials come from the standard AWS chain.
 *
 * @example
 * ```ts
 * createIngestService({ type: 'sqs', queue_url }, { region: 'eu-west-1', endpoints: {} }); // SqsService
 * ```
 */
export function createIngestService(target: IngestTargetConfig, aws: AwsConfig): IngestService {
  const options = (service: keyof AwsConfig['endpoints']): AwsClientOptions => {
    const endpoint = serviceEndpoint(aws, service);
    return { region: aws.region, ...(endpoint !== undefined && { endpoint }) };
  };
  switch (target.type) {
    case 'sqs':
      return new SqsService(options('sqs'));
    case 'sns':
      return new SnsService(options('sns'));
    case 's3':
      return new S3Service(options('s3'));
    case 'kinesis':
      return new KinesisService(options('kinesis'));
    case 'dynamodb':
      return new DynamoDbService(options('dynamodb'));
    case 'eventbridge':
      return new EventBridgeService(options('eventbridge'));
    default:
      return assertNever(target, 'type');
  }
}

/**
 * The target of an ingest route: its `params` compiled with the service's defaults (the config
 * schema has already reported any problem with them), and its service client.
 *
 * @throws Error when the route was not validated by the config schema (no `aws`, bad `params`).
 * @example
 * ```ts
 * const target = createIngestTarget(route, route.target, { onCaptureFailure, logger, aws: config.aws });
 * ```
 */
export function createIngestTarget(route: RouteConfig, target: IngestTargetConfig, context: IngestTargetContext): IngestTarget {
  const { params, issues } = compileServiceParams({
    service: target.type,
    routeName: route.name,
    target,
    ...(target.params !== undefined && { params: target.params }),
    path: 'target',
  });
  if (params === undefined || context.aws === undefined) {
    throw new Error(
      `route ${route.name}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') || 'aws is not set'} (validate the config first)`,
    );
  }
  return new IngestTarget(createIngestService(target, context.aws), {
    params,
    ...(route.reply !== undefined && { replyStatus: route.reply.status }),
    ...(route.schema !== undefined && { bodySchema: route.schema }),
    onCaptureFailure: context.onCaptureFailure,
    ...(context.logger !== undefined && { logger: context.logger }),
  });
}
