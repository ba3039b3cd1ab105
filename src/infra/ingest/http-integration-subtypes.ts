/**
 * The HTTP API first-class AWS service integrations Sluice uses, as data: the subtype, the
 * request parameters it accepts and the one IAM action it needs. From the integration subtype
 * reference: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html
 */
import type { IngestService } from '../../core/ingest/index.js';

/** An ingest service an HTTP API can put requests into natively. */
export type HttpApiService = Extract<IngestService, 'sqs' | 'eventbridge' | 'kinesis'>;

/** One first-class integration. */
export interface HttpIntegrationSubtype {
  /** `IntegrationSubtype` of the `AWS_PROXY` integration. */
  readonly subtype: 'SQS-SendMessage' | 'EventBridge-PutEvents' | 'Kinesis-PutRecord';
  /** The request parameters it takes (its `Region` is left to the API's region). */
  readonly params: readonly string[];
  /** The only action its role may perform. */
  readonly action: 'sqs:SendMessage' | 'events:PutEvents' | 'kinesis:PutRecord';
}

/**
 * Per service, the HTTP API integration that expresses an ingest route.
 *
 * @example
 * ```ts
 * HTTP_INTEGRATION_SUBTYPES.sqs.subtype; // 'SQS-SendMessage'
 * ```
 */
export const HTTP_INTEGRATION_SUBTYPES: { readonly [S in HttpApiService]: HttpIntegrationSubtype } = {
  sqs: {
    subtype: 'SQS-SendMessage',
    params: ['QueueUrl', 'MessageBody', 'DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId', 'MessageSystemAttributes'],
    action: 'sqs:SendMessage',
  },
  eventbridge: {
    subtype: 'EventBridge-PutEvents',
    params: ['Detail', 'DetailType', 'Source', 'Time', 'EventBusName', 'Resources', 'TraceHeader'],
    action: 'events:PutEvents',
  },
  kinesis: {
    subtype: 'Kinesis-PutRecord',
    // No StreamARN: a route naming its stream by ARN goes to the REST API.
    params: ['StreamName', 'Data', 'PartitionKey', 'SequenceNumberForOrdering', 'ExplicitHashKey'],
    action: 'kinesis:PutRecord',
  },
};

/**
 * True for the services an HTTP API has a first-class integration for.
 *
 * @example
 * ```ts
 * isHttpApiService('sqs'); // true
 * isHttpApiService('sns'); // false: the REST API expresses it
 * ```
 */
export function isHttpApiService(service: IngestService): service is HttpApiService {
  return Object.hasOwn(HTTP_INTEGRATION_SUBTYPES, service);
}
