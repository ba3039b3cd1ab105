import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it, vi } from 'vitest';
import type { AwsClientOptions } from '../../../src/aws/client-options.js';
import { isThrottling } from '../../../src/aws/aws-errors.js';
import type { IngestService } from '../../../src/aws/ingest/ingest-service.js';
import { DynamoDbService } from '../../../src/aws/ingest/dynamodb-service.js';
import { EventBridgeService } from '../../../src/aws/ingest/eventbridge-service.js';
import { KinesisService } from '../../../src/aws/ingest/kinesis-service.js';
import { S3Service } from '../../../src/aws/ingest/s3-service.js';
import { SnsService } from '../../../src/aws/ingest/sns-service.js';
import { SqsService } from '../../../src/aws/ingest/sqs-service.js';
import type { RouteConfig } from '../../../src/core/config-schema.js';
import { evaluateServiceParams, isWholeBody, type MappingRequest } from '../../../src/core/ingest/index.js';
import { planRestRoute, type RestRoutePlan } from '../../../src/infra/ingest/rest-route-plan.js';
import { THROTTLING_CODES } from '../../../src/infra/ingest/vtl/response-templates.js';
import { decodeServiceCall } from '../../helpers/apigateway-service-call.js';
import { renderApiGatewayTemplate } from '../../helpers/apigateway-vtl.js';

/** One request of the matrix, as a client sends it. */
interface ParityRequest {
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** A Cognito authorizer's claims: every value text, as Cognito gives them. */
  readonly claims?: Readonly<Record<string, string>>;
}

interface ParityCase {
  readonly description: string;
  readonly target: Record<string, unknown>;
  readonly requests: readonly ParityRequest[];
}

const ACCOUNT = '123456789012';
const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/hooks`;
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
const STREAM_ARN = `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/clicks`;

/** Text that breaks naive templates: quotes of both kinds, backslashes, `$` and `#`, control characters, non-ASCII and astral characters. */
const AWKWARD = 'it\'s "quoted" \\ back $dollar ${x} #hash #if(1) / slash\ttab\nline é ключ 🦆 %41 +plus &amp=1';

const JSON_BODY = JSON.stringify({
  id: 'o-1',
  total: 12.5,
  count: 3,
  paid: true,
  refunded: false,
  note: null,
  title: AWKWARD,
  lines: [
    { sku: 'A', qty: 2, tags: [] },
    { sku: 'B', qty: 1, meta: {} },
  ],
  nested: { a: { b: { c: [1, [2, [3, { d: 'deep' }]]] } } },
  'key with space': 'v',
  ключ: 'значение',
  item: { pk: 'p-1', sk: 7, flags: [true, null] },
});

const HEADERS = { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-User': 'ada', 'X-Delay': '30', 'X-Resource': `arn:aws:s3:::uploads` };
const QUERY = { tenant: 'acme corp', tag: 'café+1' };
const CLAIMS = { sub: 'user-1', email: 'ada@example.com', 'cognito:username': 'ada' };

const REQUESTS: readonly ParityRequest[] = [
  { body: JSON_BODY, headers: HEADERS, query: QUERY, claims: CLAIMS },
  { body: JSON.stringify({ id: 'o-2', title: 'plain' }), headers: { 'content-type': 'application/json; charset=utf-8', 'x-github-event': AWKWARD } },
  { body: AWKWARD, headers: { 'Content-Type': 'text/plain' }, query: { tenant: AWKWARD } },
];

const CASES: readonly ParityCase[] = [
  { description: 'sqs with the defaults', target: { type: 'sqs', queue_url: QUEUE_URL }, requests: REQUESTS },
  {
    description: 'sqs with attributes from headers, the query and claims, a delay, a group and a body part as the message',
    target: {
      type: 'sqs',
      queue_url: QUEUE_URL,
      params: {
        MessageBody: '$request.body.lines',
        MessageAttributes:
          '{"Event":{"DataType":"String","StringValue":"${request.header.x-github-event}"},"Tenant":{"DataType":"String","StringValue":"${request.querystring.tenant}"},' +
          '"Subject":{"DataType":"String","StringValue":"${context.authorizer.claims.sub}"},"Raw":{"DataType":"Binary","BinaryValue":"AAEC/w=="}}',
        DelaySeconds: '$request.header.x-delay',
        MessageGroupId: 'group $1 #a "q"',
        MessageDeduplicationId: '${request.body.id}-${context.requestId}',
        MessageSystemAttributes: '{"AWSTraceHeader":{"DataType":"String","StringValue":"Root=1-5759e988-bd862e3fe1be46a994272793"}}',
      },
    },
    requests: [REQUESTS[0]!],
  },
  { description: 'sns with the defaults', target: { type: 'sns', topic_arn: TOPIC_ARN }, requests: REQUESTS },
  {
    description: 'sns with a subject, a message template and attributes',
    target: {
      type: 'sns',
      topic_arn: TOPIC_ARN,
      params: {
        Subject: 'Order ${request.body.id} from ${context.identity.sourceIp}',
        Message: 'title: ${request.body.title}; total: ${request.body.total}; paid: ${request.body.paid}; nested: ${request.body.nested.a}',
        MessageAttributes:
          '{"User":{"DataType":"String","StringValue":"${request.header.x-user}"},"Email":{"DataType":"String","StringValue":"${context.authorizer.claims.email}"}}',
        MessageGroupId: '$request.querystring.tenant',
      },
    },
    requests: [REQUESTS[0]!],
  },
  { description: 's3 with the defaults', target: { type: 's3', bucket: 'uploads' }, requests: REQUESTS },
  {
    description: 's3 with a key template and object headers',
    target: {
      type: 's3',
      bucket: 'uploads',
      key: 'in/${request.header.x-user}/${request.querystring.tenant}/${context.requestId}.json',
      params: {
        CacheControl: 'no-store',
        ContentDisposition: 'attachment; filename="a $b.json"',
        Tagging: 'tenant=${request.querystring.tenant}',
        ContentLanguage: 'en',
      },
    },
    requests: [REQUESTS[0]!],
  },
  { description: 'kinesis with the defaults', target: { type: 'kinesis', stream_name: 'clicks' }, requests: REQUESTS },
  {
    description: 'kinesis by ARN with a partition key, a hash key and a body part as the data',
    target: { type: 'kinesis', stream_arn: STREAM_ARN, params: { PartitionKey: '$request.header.x-user', ExplicitHashKey: '42', Data: '$request.body.item' } },
    requests: [REQUESTS[0]!],
  },
  { description: 'dynamodb with the defaults', target: { type: 'dynamodb', table: 'orders' }, requests: [REQUESTS[0]!, REQUESTS[1]!] },
  {
    description: 'dynamodb with a body part as the item, a condition and fixed expression maps',
    target: {
      type: 'dynamodb',
      table: 'orders',
      params: {
        Item: '$request.body.item',
        ConditionExpression: 'attribute_not_exists(#pk) OR #v < :max',
        ExpressionAttributeNames: '{"#pk":"pk","#v":"version"}',
        ExpressionAttributeValues: '{":max":10,":none":null,":list":["a",1,true],":m":{"x":"$y #z"}}',
      },
    },
    requests: [REQUESTS[0]!],
  },
  { description: 'eventbridge with the defaults', target: { type: 'eventbridge', source: 'com.example.orders' }, requests: REQUESTS },
  {
    description: 'eventbridge with a bus, a detail type and detail from the request, and resources',
    target: {
      type: 'eventbridge',
      source: 'com.example.orders',
      detail_type: '$request.header.x-github-event',
      event_bus_name: 'orders-bus',
      params: { Detail: '$request.body.item', Resources: '["${request.header.x-resource}","arn:aws:s3:::b"]', TraceHeader: 'Root=1-${request.body.id}' },
    },
    requests: [REQUESTS[0]!],
  },
  {
    description: 'eventbridge with one resource ARN',
    target: { type: 'eventbridge', source: 'com.example.orders', params: { Resources: '$request.header.x-resource' } },
    requests: [REQUESTS[0]!],
  },
];

/** A reply the stubbed client gives each service, shaped like AWS's. */
const ANSWERS: Record<string, unknown> = {
  sqs: { MessageId: 'm-1' },
  sns: { MessageId: 'm-1' },
  s3: { ETag: '"e-1"' },
  kinesis: { SequenceNumber: '1', ShardId: 'shardId-000000000000' },
  dynamodb: {},
  eventbridge: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 },
};

const CLIENTS = { sqs: SQSClient, sns: SNSClient, s3: S3Client, kinesis: KinesisClient, dynamodb: DynamoDBClient, eventbridge: EventBridgeClient };

function routeOf(target: Record<string, unknown>): RouteConfig {
  return { name: 'orders', match: { methods: ['POST'], path: '/orders' }, target, capture: false, limits: {} } as unknown as RouteConfig;
}

function localService(service: string): IngestService {
  const options: AwsClientOptions = { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  switch (service) {
    case 'sqs':
      return new SqsService(options);
    case 'sns':
      return new SnsService(options);
    case 's3':
      return new S3Service(options);
    case 'kinesis':
      return new KinesisService(options);
    case 'dynamodb':
      return new DynamoDbService(options);
    default:
      return new EventBridgeService(options);
  }
}

/** The SDK command input the local face sends for the request, captured at the client's `send`. */
async function localCall(plan: RestRoutePlan, request: ParityRequest, requestId: string): Promise<Record<string, unknown>> {
  const rawHeaders = Object.entries(request.headers ?? {}).flat();
  const mappingRequest: MappingRequest = {
    body: request.body,
    rawHeaders,
    query: new URLSearchParams(request.query ?? {}).toString(),
    path: '/orders',
    requestId,
    sourceIp: '203.0.113.9',
    ...(request.claims !== undefined && { claims: request.claims }),
  };
  const send = vi.spyOn(CLIENTS[plan.params.service].prototype, 'send').mockResolvedValue(ANSWERS[plan.params.service] as never);
  const service = localService(plan.params.service);
  const { values, missing } = evaluateServiceParams(plan.params, mappingRequest);
  expect(missing).toEqual([]);
  const wholeBody = new Set(
    Object.entries(plan.params.params)
      .filter(([, mapping]) => isWholeBody(mapping))
      .map(([name]) => name),
  );
  await service.send({ values, body: Buffer.from(request.body, 'utf8'), wholeBody, abortSignal: new AbortController().signal });
  await service.close();
  expect(send).toHaveBeenCalledTimes(1);
  const command = send.mock.calls[0]![0] as unknown as { input: Record<string, unknown> };
  send.mockRestore();
  return JSON.parse(JSON.stringify(command.input, bufferAsBase64)) as Record<string, unknown>;
}

/** The same call as the REST API's generated template makes it. */
function restCall(plan: RestRoutePlan, request: ParityRequest, requestId: string): Record<string, unknown> {
  const rendered = renderApiGatewayTemplate(plan.requestTemplate, {
    body: request.body,
    headers: request.headers ?? {},
    querystring: request.query ?? {},
    requestId,
    sourceIp: '203.0.113.9',
    ...(request.claims !== undefined && { claims: request.claims }),
  });
  const call = decodeServiceCall(plan.params.service, rendered, { bucket: plan.service.path?.split('/')[0] });
  return JSON.parse(JSON.stringify(call, bufferAsBase64)) as Record<string, unknown>;
}

/** Buffers compared by content, whatever their class. */
function bufferAsBase64(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer')
    return { base64: Buffer.from((value as { data: number[] }).data).toString('base64') };
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  return value;
}

describe('#13 - REST API templates send what the local face sends', () => {
  describe.each(CASES)('$description', ({ target, requests }) => {
    const planned = planRestRoute(routeOf(target), { partition: 'aws', region: 'eu-west-1', account: ACCOUNT, claims: 'cognito' });

    it.each(requests.map((request, index) => ({ request, index })))('request $index: the same service call', async ({ request }) => {
      // Prepare
      if (!planned.ok) throw new Error(JSON.stringify(planned.issues));
      const requestId = `c0a8${Math.random().toString(16).slice(2, 10)}-req`;

      // Act
      const local = await localCall(planned.plan, request, requestId);
      const rest = restCall(planned.plan, request, requestId);

      // Assess
      expect(rest).toEqual(local);
    });
  });

  it('treats as throttling every code the local face treats as throttling', () => {
    // Assess
    for (const code of THROTTLING_CODES) expect(isThrottling(Object.assign(new Error(code), { name: code }))).toBe(true);
  });
});
