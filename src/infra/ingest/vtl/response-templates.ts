/**
 * Integration response templates: what the client is told, shaped like the local face's
 * answers (`ingest-target.ts`, `ingest-errors.ts`) so a client cannot tell the faces apart:
 *
 * - success: the small JSON naming what the service returned (`{"messageId":…}`,
 *   `{"sequenceNumber":…,"shardId":…}`, `{"key":…}`, `{"table":…}`, `{"eventId":…}`);
 * - a refusal: `{"error":{"code":"SLUICE_INGEST_REJECTED",…,"aws_code":…}}` with its status;
 * - throttling (by the service's error code): 503 `SLUICE_INGEST_THROTTLED` with `Retry-After`;
 * - a 5xx: 502 `SLUICE_INGEST_UNAVAILABLE`;
 * - a `PutEvents` entry that failed: an error by its `ErrorCode`, never a 200.
 */
import { assertNever } from '../../../core/assert-never.js';
import type { IngestService } from '../../../core/ingest/index.js';

/**
 * Error codes that mean "slow down", as the local face's `isThrottling` reads them (an SQS code
 * is compared without its `AWS.SimpleQueueService.` prefix).
 */
export const THROTTLING_CODES = [
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'SlowDown',
] as const;

/** What the client waits after a throttled call, as the local face says. */
export const RETRY_AFTER_SECONDS = 1;

/** The service's API action, for messages (`sqs SendMessage refused the request: …`). */
export const SERVICE_OPERATIONS: { readonly [S in IngestService]: string } = {
  sqs: 'SendMessage',
  sns: 'Publish',
  s3: 'PutObject',
  kinesis: 'PutRecord',
  dynamodb: 'PutItem',
  eventbridge: 'PutEvents',
};

/** What a success template needs beyond the service's answer. */
export interface SuccessTemplateInput {
  /** S3: directives setting `$pKey` (the key template, re-evaluated from the method request). */
  readonly keyVtl?: string;
  /** DynamoDB: the table's name. */
  readonly table?: string;
}

/**
 * The success reply for a service's answer.
 *
 * @example
 * ```ts
 * successTemplate('sns'); // '…{"messageId":"…PublishResponse.PublishResult.MessageId…"}'
 * ```
 * @internal
 */
export function successTemplate(service: IngestService, input: SuccessTemplateInput = {}): string {
  switch (service) {
    case 'sqs':
      return `{"messageId":"${answerText('$.SendMessageResponse.SendMessageResult.MessageId')}"}`;
    case 'sns':
      return `{"messageId":"${answerText('$.PublishResponse.PublishResult.MessageId')}"}`;
    case 'kinesis':
      return `{"sequenceNumber":"${answerText('$.SequenceNumber')}","shardId":"${answerText('$.ShardId')}"}`;
    case 'dynamodb':
      return `{"table":${JSON.stringify(input.table ?? '').replace(/[$#]/g, (char) => (char === '$' ? '${sluiceDollar}' : '${sluiceHash}'))}}`;
    case 's3':
      return `${input.keyVtl ?? ''}{"key":"$util.escapeJavaScript($pKey).replaceAll("\\\\'", "'")"}`;
    case 'eventbridge':
      return [
        `#set($sluiceFailed = $input.path('$.FailedEntryCount'))`,
        '#if("$!sluiceFailed" != "" && $sluiceFailed > 0)',
        `#set($sluiceCode = "$!input.path('$.Entries[0].ErrorCode')")`,
        '#if($sluiceCode == "")#set($sluiceCode = "InternalFailure")#end',
        '#if($sluiceCode == "ThrottlingException")',
        throttledReply('eventbridge'),
        '#elseif($sluiceCode == "InternalFailure" || $sluiceCode == "InternalException")',
        '#set($context.responseOverride.status = 502)',
        unavailableBody('eventbridge'),
        '#else#set($context.responseOverride.status = 400)',
        rejectedBody('eventbridge'),
        '#end',
        `#else{"eventId":"${answerText('$.Entries[0].EventId')}"}#end`,
      ].join('');
    default:
      return assertNever(service, 'service');
  }
}

/**
 * The reply to a service's 4xx (`kind: 'rejected'`) or 5xx (`'unavailable'`): throttling codes
 * become 503 with `Retry-After` whatever the status. S3 answers errors in XML, which a template
 * cannot read, so its replies name no code (its throttling is a 503 of its own).
 *
 * @example
 * ```ts
 * errorTemplate('sqs', 'rejected'); // '…{"error":{"code":"SLUICE_INGEST_REJECTED",…}}'
 * ```
 * @internal
 */
export function errorTemplate(service: IngestService, kind: 'rejected' | 'unavailable' | 'throttled'): string {
  if (kind === 'throttled') return ['#set($sluiceCode = "SlowDown")', throttledReply(service)].join('');
  const fallback = kind === 'rejected' ? rejectedBody(service) : unavailableBody(service);
  if (service === 's3') return ['#set($sluiceCode = "")', fallback].join('');
  return [
    readErrorCode(),
    '#set($sluiceBare = $sluiceCode.replace("AWS.SimpleQueueService.", ""))',
    '#set($sluiceThrottled = false)',
    `#foreach($sluiceThrottle in [${THROTTLING_CODES.map((code) => `"${code}"`).join(', ')}])#if($sluiceThrottle == $sluiceBare)#set($sluiceThrottled = true)#end#end`,
    `#if($sluiceThrottled)${throttledReply(service)}#else${fallback}#end`,
  ].join('');
}

/** `$sluiceCode`: a query-protocol error's `Error.Code`, or the part of a JSON error's `__type` after `#`. */
function readErrorCode(): string {
  return [
    `#set($sluiceCode = "$!input.path('$.Error.Code')")`,
    `#if($sluiceCode == "")#set($sluiceType = "$!input.path('$.__type')")`,
    // Velocity 1.7 takes no arithmetic inside method arguments.
    '#set($sluiceAt = $sluiceType.lastIndexOf($sluiceHash) + 1)#set($sluiceCode = $sluiceType.substring($sluiceAt))#end',
  ].join('');
}

function throttledReply(service: IngestService): string {
  return [
    '#set($context.responseOverride.status = 503)',
    `#set($context.responseOverride.header.Retry-After = "${RETRY_AFTER_SECONDS}")`,
    `{"error":{"code":"SLUICE_INGEST_THROTTLED","message":"${what(service)} was throttled ($sluiceCode)"}}`,
  ].join('');
}

function rejectedBody(service: IngestService): string {
  return `{"error":{"code":"SLUICE_INGEST_REJECTED","message":"${what(service)} refused the request: $sluiceCode","aws_code":"$sluiceCode"}}`;
}

function unavailableBody(service: IngestService): string {
  return `{"error":{"code":"SLUICE_INGEST_UNAVAILABLE","message":"${what(service)} failed: $sluiceCode"}}`;
}

function what(service: IngestService): string {
  return `${service} ${SERVICE_OPERATIONS[service]}`;
}

/** A value of the service's JSON answer as the content of a JSON string. */
function answerText(path: string): string {
  return `$util.escapeJavaScript("$!input.path('${path}')").replaceAll("\\\\'", "'")`;
}
