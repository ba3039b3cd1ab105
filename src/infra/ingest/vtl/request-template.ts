/**
 * The request template of a route's AWS integration, generated from its compiled `params` (the
 * same the local executor evaluates) and the service's defaults: one writer per wire protocol.
 */
import { assertNever } from '../../../core/assert-never.js';
import type { ServiceParams } from '../../../core/ingest/index.js';
import { dynamoDbRequestTemplate, type DynamoDbTemplateInput } from './dynamodb-template.js';
import { eventBridgeRequestTemplate, kinesisRequestTemplate } from './json-templates.js';
import type { MappingVtlOptions } from './mapping-vtl.js';
import { snsRequestTemplate, sqsRequestTemplate } from './query-templates.js';
import { s3RequestTemplate } from './s3-template.js';

/** Options of {@link requestTemplate}. */
export interface RequestTemplateOptions extends MappingVtlOptions {
  /** DynamoDB only: where the item is and the expression values fixed at synthesis. @default the whole body */
  readonly dynamodb?: DynamoDbTemplateInput;
}

/**
 * The VTL request template for a route: render it with API Gateway's `$input`, `$util` and
 * `$context` and the service receives what the local face sends for the same request.
 *
 * @example
 * ```ts
 * const { params } = compileServiceParams({ service: 'sns', routeName: 'alerts', path: 'routes[0].target', target: { topic_arn } });
 * requestTemplate(params!); // '…Action=Publish&Version=2010-03-31&TopicArn=…&Message=$util.urlEncode($pMessage)'
 * ```
 */
export function requestTemplate(params: ServiceParams, options: RequestTemplateOptions = {}): string {
  switch (params.service) {
    case 'sqs':
      return sqsRequestTemplate(params, options);
    case 'sns':
      return snsRequestTemplate(params, options);
    case 's3':
      return s3RequestTemplate(params, options);
    case 'kinesis':
      return kinesisRequestTemplate(params, options);
    case 'dynamodb':
      return dynamoDbRequestTemplate(params, options.dynamodb ?? { itemPath: [] }, options);
    case 'eventbridge':
      return eventBridgeRequestTemplate(params, options);
    default:
      return assertNever(params.service, 'service');
  }
}
