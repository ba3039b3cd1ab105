/**
 * The one AWS resource an ingest route writes to, read from its compiled parameters, so the
 * native integration's role can be scoped to it (least privilege) and a route whose resource
 * comes from the request is refused at `sluice config check` rather than deployed with a
 * wildcard. Pure: no aws-cdk-lib, so the config check can use it without loading the CDK.
 */
import type { CompiledMapping, ServiceParams } from '../../core/ingest/index.js';

/**
 * Where a route's requests land. `region` and `account` are absent when the config does not
 * say them: the stack's own then apply.
 */
export type ServiceResource =
  | { readonly service: 'sqs'; readonly region?: string; readonly account: string; readonly queueName: string }
  | { readonly service: 'sns'; readonly topicArn: string }
  | { readonly service: 's3'; readonly bucket: string }
  | { readonly service: 'kinesis'; readonly streamName: string }
  | { readonly service: 'kinesis'; readonly streamArn: string }
  | { readonly service: 'dynamodb'; readonly table: string }
  /** `bus` is a name (`default` when unset) or an ARN; `source` when it is static. */
  | { readonly service: 'eventbridge'; readonly bus: string; readonly source?: string };

/** The resource, or why it cannot be pinned and the target key at fault. */
export type ServiceResourceResult =
  { readonly ok: true; readonly resource: ServiceResource } | { readonly ok: false; readonly key: string; readonly reason: string };

/** `https://sqs.eu-west-1.amazonaws.com/…`, `https://eu-west-1.queue.amazonaws.com/…` (and China's, GovCloud's). */
const SQS_HOST_REGION = /^(?:sqs\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?|([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\.amazonaws\.com(?:\.cn)?)$/;
/** A queue URL's path: `/<account>/<queue name>` (names: 1-80 of letters, digits, `-`, `_`, and `.fifo`). */
const SQS_PATH = /^\/(\d{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;

/**
 * The resource a route's compiled parameters write to.
 *
 * @example
 * ```ts
 * serviceResource(params); // { ok: true, resource: { service: 'sqs', region: 'eu-west-1', account: '123456789012', queueName: 'hooks' } }
 * ```
 */
export function serviceResource(params: ServiceParams): ServiceResourceResult {
  const values = params.params;
  switch (params.service) {
    case 'sqs': {
      const url = staticText(values.QueueUrl);
      return url === undefined ? fromRequest('queue_url', 'queue') : sqsQueue(url);
    }
    case 'sns': {
      const topicArn = staticText(values.TopicArn);
      return topicArn === undefined ? fromRequest('topic_arn', 'topic') : { ok: true, resource: { service: 'sns', topicArn } };
    }
    case 's3': {
      const bucket = staticText(values.Bucket);
      return bucket === undefined ? fromRequest('bucket', 'bucket') : { ok: true, resource: { service: 's3', bucket } };
    }
    case 'kinesis': {
      if (values.StreamARN !== undefined) {
        const streamArn = staticText(values.StreamARN);
        return streamArn === undefined ? fromRequest('stream_arn', 'stream') : { ok: true, resource: { service: 'kinesis', streamArn } };
      }
      const streamName = staticText(values.StreamName);
      return streamName === undefined ? fromRequest('stream_name', 'stream') : { ok: true, resource: { service: 'kinesis', streamName } };
    }
    case 'dynamodb': {
      const table = staticText(values.TableName);
      return table === undefined ? fromRequest('table', 'table') : { ok: true, resource: { service: 'dynamodb', table } };
    }
    case 'eventbridge': {
      const bus = values.EventBusName === undefined ? 'default' : staticText(values.EventBusName);
      if (bus === undefined) return fromRequest('event_bus_name', 'event bus');
      const source = staticText(values.Source);
      return { ok: true, resource: { service: 'eventbridge', bus, ...(source !== undefined && { source }) } };
    }
  }
}

/**
 * A value with no reference in it: its text. `undefined` when any part is read from the request.
 *
 * @example
 * ```ts
 * staticText(staticMapping('hooks')); // 'hooks'
 * ```
 */
export function staticText(mapping: CompiledMapping | undefined): string | undefined {
  if (mapping === undefined) return undefined;
  let text = '';
  for (const part of mapping.parts) {
    if (part.kind !== 'text') return undefined;
    text += part.text;
  }
  return text === '' ? undefined : text;
}

function sqsQueue(text: string): ServiceResourceResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, key: 'queue_url', reason: `"${text}" is not a URL` };
  }
  const path = SQS_PATH.exec(url.pathname);
  if (path === null) {
    return {
      ok: false,
      key: 'queue_url',
      reason: `"${text}" does not end in /<12-digit account>/<queue name>: a native integration's role needs the queue's ARN`,
    };
  }
  const host = SQS_HOST_REGION.exec(url.hostname);
  // Other hosts (an emulator's, a VPC endpoint's) name no region: the stack's applies.
  const region = host?.[1] ?? host?.[2];
  return { ok: true, resource: { service: 'sqs', ...(region !== undefined && { region }), account: path[1]!, queueName: path[2]! } };
}

function fromRequest(key: string, what: string): ServiceResourceResult {
  return {
    ok: false,
    key,
    reason: `read from the request: a native integration's role would have to allow every ${what}; name one ${what}`,
  };
}
