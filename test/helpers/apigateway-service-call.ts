/**
 * Reads what a rendered request template sends back into the input of the service's SDK
 * command, as the service reads its wire format: the query protocol's form fields (SQS, SNS),
 * the JSON protocols' members (Kinesis, DynamoDB, EventBridge), S3's path, headers and body.
 * Parity tests compare the result with the command the local face sends for the same request.
 */
import type { RenderedTemplate } from './apigateway-vtl.js';

/** A command input, as plain data. */
export type ServiceCall = Record<string, unknown>;

/**
 * The SDK command input a service reads from a rendered template.
 *
 * @example
 * ```ts
 * decodeServiceCall('sqs', renderApiGatewayTemplate(template, request), {}); // { QueueUrl, MessageBody, … }
 * ```
 */
export function decodeServiceCall(service: string, rendered: RenderedTemplate, integration: { bucket?: string }): ServiceCall {
  switch (service) {
    case 'sqs':
      return sqsCall(new URLSearchParams(rendered.output));
    case 'sns':
      return snsCall(new URLSearchParams(rendered.output));
    case 'kinesis': {
      const { Data, ...rest } = JSON.parse(rendered.output) as Record<string, unknown>;
      return { ...rest, Data: Buffer.from(String(Data), 'base64') };
    }
    case 'dynamodb':
      return JSON.parse(rendered.output) as ServiceCall;
    case 'eventbridge':
      return JSON.parse(rendered.output) as ServiceCall;
    case 's3':
      return s3Call(rendered, integration.bucket);
    default:
      throw new Error(`no decoder for ${service}`);
  }
}

function sqsCall(form: URLSearchParams): ServiceCall {
  expectAction(form, 'SendMessage', '2012-11-05');
  return withoutUndefined({
    QueueUrl: form.get('QueueUrl') ?? undefined,
    MessageBody: form.get('MessageBody') ?? undefined,
    DelaySeconds: form.has('DelaySeconds') ? Number(form.get('DelaySeconds')) : undefined,
    MessageDeduplicationId: form.get('MessageDeduplicationId') ?? undefined,
    MessageGroupId: form.get('MessageGroupId') ?? undefined,
    MessageAttributes: attributeEntries(form, 'MessageAttribute'),
    MessageSystemAttributes: attributeEntries(form, 'MessageSystemAttribute'),
  });
}

function snsCall(form: URLSearchParams): ServiceCall {
  expectAction(form, 'Publish', '2010-03-31');
  return withoutUndefined({
    TopicArn: form.get('TopicArn') ?? undefined,
    Message: form.get('Message') ?? undefined,
    Subject: form.get('Subject') ?? undefined,
    MessageStructure: form.get('MessageStructure') ?? undefined,
    MessageDeduplicationId: form.get('MessageDeduplicationId') ?? undefined,
    MessageGroupId: form.get('MessageGroupId') ?? undefined,
    MessageAttributes: attributeEntries(form, 'MessageAttributes.entry'),
  });
}

function s3Call(rendered: RenderedTemplate, bucket: string | undefined): ServiceCall {
  const { header, path } = rendered.requestOverride;
  const body = Buffer.from(rendered.output, 'utf8');
  return withoutUndefined({
    Bucket: bucket,
    Key: path.key,
    Body: body,
    ContentLength: body.byteLength,
    ContentType: header['Content-Type'],
    CacheControl: header['Cache-Control'],
    ContentDisposition: header['Content-Disposition'],
    ContentEncoding: header['Content-Encoding'],
    ContentLanguage: header['Content-Language'],
    Tagging: header['x-amz-tagging'],
  });
}

function expectAction(form: URLSearchParams, action: string, version: string): void {
  if (form.get('Action') !== action || form.get('Version') !== version) throw new Error(`expected Action=${action}&Version=${version}, got ${form.toString()}`);
}

/** `<prefix>.N.Name`, `<prefix>.N.Value.DataType|StringValue|BinaryValue` as a map of attributes. */
function attributeEntries(form: URLSearchParams, prefix: string): Record<string, Record<string, unknown>> | undefined {
  const out: Record<string, Record<string, unknown>> = {};
  for (let n = 1; form.has(`${prefix}.${n}.Name`); n += 1) {
    const value = (field: string): string | undefined => form.get(`${prefix}.${n}.Value.${field}`) ?? undefined;
    const binary = value('BinaryValue');
    out[form.get(`${prefix}.${n}.Name`)!] = withoutUndefined({
      DataType: value('DataType'),
      StringValue: value('StringValue'),
      BinaryValue: binary === undefined ? undefined : Buffer.from(binary, 'base64'),
    });
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
