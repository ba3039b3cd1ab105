import { describe, expect, it } from 'vitest';
import { renderApiGatewayTemplate, type ApiGatewayRequest } from '../../../../test/helpers/apigateway-vtl.js';
import { validateConfig } from '../../../core/config-parse.js';
import type { CorsConfig } from '../../../core/config-schema.js';
import { corsVtl } from './cors-vtl.js';
import { errorTemplate, successTemplate } from './response-templates.js';
import { VTL_PRELUDE } from './vtl-text.js';

/** Renders a response template against a service's answer (`$input` is the integration response). */
function reply(template: string, answer: unknown, request: Partial<ApiGatewayRequest> = {}) {
  const rendered = renderApiGatewayTemplate(`${VTL_PRELUDE}\n${template}`, {
    body: typeof answer === 'string' ? answer : JSON.stringify(answer),
    requestId: 'r-1',
    sourceIp: '203.0.113.9',
    ...request,
  });
  return { ...rendered, json: JSON.parse(rendered.output) as unknown };
}

describe('#13 - Function: successTemplate', () => {
  it.each([
    { service: 'sqs', answer: { SendMessageResponse: { SendMessageResult: { MessageId: 'm-1' } } }, json: { messageId: 'm-1' } },
    { service: 'sns', answer: { PublishResponse: { PublishResult: { MessageId: "m'2" } } }, json: { messageId: "m'2" } },
    {
      service: 'kinesis',
      answer: { SequenceNumber: '4959', ShardId: 'shardId-000000000000' },
      json: { sequenceNumber: '4959', shardId: 'shardId-000000000000' },
    },
    { service: 'eventbridge', answer: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 }, json: { eventId: 'e-1' } },
  ] as const)('names what $service returned, as the local face does', ({ service, answer, json }) => {
    // Act
    const rendered = reply(successTemplate(service), answer);

    // Assess
    expect(rendered.json).toEqual(json);
    expect(rendered.responseOverride.status).toBeUndefined();
  });

  it('names the table for dynamodb, whose PutItem returns no id', () => {
    // Act and Assess
    expect(reply(successTemplate('dynamodb', { table: 'orders $1' }), {}).json).toEqual({ table: 'orders $1' });
  });

  it.each([
    { code: 'ThrottlingException', status: 503, error: 'SLUICE_INGEST_THROTTLED', retryAfter: '1' },
    { code: 'InternalFailure', status: 502, error: 'SLUICE_INGEST_UNAVAILABLE', retryAfter: undefined },
    { code: 'MalformedDetail', status: 400, error: 'SLUICE_INGEST_REJECTED', retryAfter: undefined },
  ])('answers a failed PutEvents entry ($code) with $status, never 200', ({ code, status, error, retryAfter }) => {
    // Act
    const rendered = reply(successTemplate('eventbridge'), { Entries: [{ ErrorCode: code, ErrorMessage: 'no' }], FailedEntryCount: 1 });

    // Assess
    expect(rendered.responseOverride.status).toBe(status);
    expect(rendered.json).toMatchObject({ error: { code: error } });
    expect(rendered.responseOverride.header['Retry-After']).toBe(retryAfter);
  });
});

describe('#13 - Function: errorTemplate', () => {
  it.each([
    { service: 'sqs', answer: { Error: { Code: 'AWS.SimpleQueueService.NonExistentQueue', Message: 'x' } }, code: 'AWS.SimpleQueueService.NonExistentQueue' },
    {
      service: 'dynamodb',
      answer: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'x' },
      code: 'ConditionalCheckFailedException',
    },
  ] as const)("tells the client $service's error code, not its message", ({ service, answer, code }) => {
    // Act
    const rendered = reply(errorTemplate(service, 'rejected'), answer);

    // Assess
    expect(rendered.json).toEqual({ error: { code: 'SLUICE_INGEST_REJECTED', message: expect.stringContaining(code), aws_code: code } });
    expect(rendered.output).not.toContain('"x"');
    expect(rendered.responseOverride.status).toBeUndefined();
  });

  it.each([
    { service: 'sqs', answer: { Error: { Code: 'AWS.SimpleQueueService.RequestThrottled' } } },
    { service: 'kinesis', answer: { __type: 'ProvisionedThroughputExceededException' } },
    { service: 'sns', answer: { Error: { Code: 'Throttling' } } },
  ] as const)('answers $service throttling with 503 and Retry-After', ({ service, answer }) => {
    // Act
    const rendered = reply(errorTemplate(service, 'rejected'), answer);

    // Assess
    expect(rendered.responseOverride).toEqual({ status: 503, header: { 'Retry-After': '1' } });
    expect(rendered.json).toMatchObject({ error: { code: 'SLUICE_INGEST_THROTTLED' } });
  });

  it('answers a 5xx with 502 and an S3 503 as throttling, without reading its XML', () => {
    // Act
    const unavailable = reply(errorTemplate('kinesis', 'unavailable'), { __type: 'InternalFailure' });
    const slowDown = reply(errorTemplate('s3', 'throttled'), '<Error><Code>SlowDown</Code></Error>');

    // Assess
    expect(unavailable.json).toMatchObject({ error: { code: 'SLUICE_INGEST_UNAVAILABLE' } });
    expect(slowDown.responseOverride).toEqual({ status: 503, header: { 'Retry-After': '1' } });
  });
});

describe('#13 - Function: corsVtl', () => {
  const cors = (raw: Record<string, unknown>): CorsConfig =>
    validateConfig({ routes: [{ name: 'r', target: { type: 'http', url: 'http://127.0.0.1:1' }, cors: raw }] }, { file: 'sluice.yaml' }).routes[0]!.cors!;
  const policy = cors({
    allow_origins: ['https://app.example.com'],
    allow_headers: ['authorization'],
    expose_headers: ['x-id'],
    max_age: '10m',
    allow_credentials: true,
  });

  it.each([
    {
      description: 'a preflight from an allowed origin',
      kind: 'preflight',
      origin: 'https://app.example.com',
      headers: {
        'Access-Control-Allow-Origin': 'https://app.example.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'authorization',
        'Access-Control-Max-Age': '600',
      },
    },
    {
      description: 'an actual response to an allowed origin',
      kind: 'actual',
      origin: 'https://app.example.com',
      headers: {
        'Access-Control-Allow-Origin': 'https://app.example.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'x-id',
      },
    },
    { description: 'a preflight from a refused origin', kind: 'preflight', origin: 'https://evil.example', headers: {} },
    { description: 'an actual response to a refused origin', kind: 'actual', origin: 'https://app.example.com.evil.example', headers: {} },
  ] as const)('sets the headers of $description', ({ kind, origin, headers }) => {
    // Act
    const rendered = renderApiGatewayTemplate(`${VTL_PRELUDE}\n${corsVtl(policy, ['POST'], kind)}`, {
      body: '',
      headers: { origin },
      requestId: 'r-1',
      sourceIp: '203.0.113.9',
    });

    // Assess
    expect(rendered.responseOverride.header).toEqual(headers);
    expect(rendered.output).toBe('');
  });

  it('answers "*" to any origin when every origin is allowed', () => {
    // Act
    const rendered = renderApiGatewayTemplate(`${VTL_PRELUDE}\n${corsVtl(cors({ allow_origins: ['*'] }), undefined, 'actual')}`, {
      body: '',
      headers: { Origin: 'https://any.example' },
      requestId: 'r-1',
      sourceIp: '203.0.113.9',
    });

    // Assess
    expect(rendered.responseOverride.header).toEqual({ 'Access-Control-Allow-Origin': '*' });
  });
});
