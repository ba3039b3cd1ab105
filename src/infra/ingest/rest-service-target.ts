/**
 * What each service's REST integration calls and what its role may do, from a route's static
 * parameter values: the one action on the one resource (least privilege), the AWS integration's
 * service, action or path, and the headers the call needs.
 */
import { assertNever } from '../../core/assert-never.js';
import type { ConfigIssue } from '../../core/errors.js';
import type { IngestService, ServiceParams } from '../../core/ingest/index.js';
import { staticPrefix, staticText } from './rest-static-value.js';
import { S3_KEY_PATH_PARAMETER } from './vtl/s3-template.js';

/** Where the stack is: the parts of the ARNs it grants. Tokens are fine. */
export interface RestArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** One route's integration target and grant. */
export interface RestServiceTarget {
  /** The AWS service as API Gateway's integration URI names it (`sqs`, `events`, …). */
  readonly awsService: string;
  /** `action/<Action>` integrations (the JSON protocols). */
  readonly action?: string;
  /** `path/<path>` integrations (the query protocol, S3). */
  readonly path?: string;
  readonly httpMethod: 'POST' | 'PUT';
  /** `integration.request.*` parameters: the body's content type, the answer's format, S3's key. */
  readonly requestParameters: Readonly<Record<string, string>>;
  /** The IAM action the integration's role is granted, and on what alone. */
  readonly grant: { readonly actions: readonly string[]; readonly resources: readonly string[] };
}

const FORM = "'application/x-www-form-urlencoded'";
/** Query-protocol services answer JSON instead of XML when asked. */
const ACCEPT_JSON = "'application/json'";

/**
 * The integration target of a route whose parameters were compiled, or the issues that keep it
 * off a REST API (a resource taken from the request cannot be granted to a role in advance).
 *
 * @example
 * ```ts
 * restServiceTarget(params, { partition: 'aws', region: 'eu-west-1', account: '123456789012' }, 'routes[0].target');
 * // { awsService: 'sns', path: '/', httpMethod: 'POST', grant: { actions: ['sns:Publish'], resources: [topicArn] }, … }
 * ```
 */
export function restServiceTarget(params: ServiceParams, arn: RestArnContext, path: string): RestServiceTarget | ConfigIssue[] {
  const fixed = (name: string, key: string): string | ConfigIssue => {
    const value = staticText(params.params[name]);
    return value === undefined || value === ''
      ? { path: `${path}.${key}`, message: `must be a fixed value on a REST API: its role is granted ${name} in advance, not what a request names` }
      : value;
  };
  const service: IngestService = params.service;
  switch (service) {
    case 'sqs': {
      const url = fixed('QueueUrl', 'queue_url');
      if (typeof url !== 'string') return [url];
      const queue = parseQueueUrl(url);
      if (queue === undefined)
        return [{ path: `${path}.queue_url`, message: 'expected an SQS queue URL such as https://sqs.eu-west-1.amazonaws.com/123456789012/hooks' }];
      return {
        awsService: 'sqs',
        path: `${queue.account}/${queue.name}`,
        httpMethod: 'POST',
        requestParameters: { 'integration.request.header.Content-Type': FORM, 'integration.request.header.Accept': ACCEPT_JSON },
        grant: { actions: ['sqs:SendMessage'], resources: [`arn:${arn.partition}:sqs:${queue.region ?? arn.region}:${queue.account}:${queue.name}`] },
      };
    }
    case 'sns': {
      const topic = fixed('TopicArn', 'topic_arn');
      if (typeof topic !== 'string') return [topic];
      return {
        awsService: 'sns',
        path: '/',
        httpMethod: 'POST',
        requestParameters: { 'integration.request.header.Content-Type': FORM, 'integration.request.header.Accept': ACCEPT_JSON },
        grant: { actions: ['sns:Publish'], resources: [topic] },
      };
    }
    case 's3': {
      const bucket = fixed('Bucket', 'bucket');
      if (typeof bucket !== 'string') return [bucket];
      const keyPrefix = staticPrefix(params.params.Key!);
      return {
        awsService: 's3',
        path: `${bucket}/{${S3_KEY_PATH_PARAMETER}}`,
        httpMethod: 'PUT',
        // The template overrides the key; the integration must still declare the parameter.
        requestParameters: { [`integration.request.path.${S3_KEY_PATH_PARAMETER}`]: 'context.requestId' },
        grant: { actions: ['s3:PutObject'], resources: [`arn:${arn.partition}:s3:::${bucket}/${keyPrefix}*`] },
      };
    }
    case 'kinesis': {
      const name = staticText(params.params.StreamName);
      const streamArn = staticText(params.params.StreamARN);
      const resource = streamArn ?? (name === undefined ? undefined : `arn:${arn.partition}:kinesis:${arn.region}:${arn.account}:stream/${name}`);
      if (resource === undefined || resource === '')
        return [
          {
            path: `${path}.${params.params.StreamARN ? 'stream_arn' : 'stream_name'}`,
            message: 'must be a fixed value on a REST API: its role is granted PutRecord on one stream',
          },
        ];
      return jsonTarget('kinesis', 'PutRecord', '1.1', { actions: ['kinesis:PutRecord'], resources: [resource] });
    }
    case 'dynamodb': {
      const table = fixed('TableName', 'table');
      if (typeof table !== 'string') return [table];
      return jsonTarget('dynamodb', 'PutItem', '1.0', {
        actions: ['dynamodb:PutItem'],
        resources: [`arn:${arn.partition}:dynamodb:${arn.region}:${arn.account}:table/${table}`],
      });
    }
    case 'eventbridge': {
      const bus = params.params.EventBusName === undefined ? 'default' : fixed('EventBusName', 'event_bus_name');
      if (typeof bus !== 'string') return [bus];
      const busArn = bus.startsWith('arn:') ? bus : `arn:${arn.partition}:events:${arn.region}:${arn.account}:event-bus/${bus}`;
      return jsonTarget('events', 'PutEvents', '1.1', { actions: ['events:PutEvents'], resources: [busArn] });
    }
    default:
      return assertNever(service, 'service');
  }
}

function jsonTarget(awsService: string, action: string, version: '1.0' | '1.1', grant: RestServiceTarget['grant']): RestServiceTarget {
  return {
    awsService,
    action,
    httpMethod: 'POST',
    requestParameters: { 'integration.request.header.Content-Type': `'application/x-amz-json-${version}'` },
    grant,
  };
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or the legacy `<region>.queue.amazonaws.com`). */
function parseQueueUrl(url: string): { region?: string; account: string; name: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const [account, name, ...rest] = parsed.pathname.split('/').filter(Boolean);
  if (account === undefined || name === undefined || rest.length > 0 || !/^\d{12}$/.test(account)) return undefined;
  const region = /^(?:sqs\.)?([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?$/.exec(parsed.hostname)?.[1];
  return { ...(region !== undefined && { region }), account, name };
}
