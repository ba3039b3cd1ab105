import { describe, expect, it } from 'vitest';
import type { MappingRequest } from './mapping-evaluate.js';
import { renderRequestParameters } from './mapping-render.js';
import { compileServiceParams, evaluateServiceParams, INGEST_SERVICE_PARAMS, type ServiceParams, type ServiceParamsInput } from './service-params.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks';
const BODY = '{"order":{"id":"o-1","tenant":"acme"}}';

function requestFactory(overrides: Partial<MappingRequest> = {}): MappingRequest {
  return {
    body: BODY,
    rawHeaders: ['Content-Type', 'application/json', 'X-GitHub-Event', 'push'],
    query: '',
    path: '/hooks',
    requestId: `req-${Math.random().toString(16).slice(2)}`,
    sourceIp: '127.0.0.1',
    ...overrides,
  };
}

function compiledParams(input: Omit<ServiceParamsInput, 'path' | 'routeName'> & Partial<ServiceParamsInput>): ServiceParams {
  const { params, issues } = compileServiceParams({ path: 'routes[0].target', routeName: 'orders', ...input });
  expect(issues).toEqual([]);
  return params!;
}

/** Configs that do not compile, and the issues each reports. */
const ISSUE_CASES: { description: string; input: Omit<ServiceParamsInput, 'path' | 'routeName'>; issues: unknown[] }[] = [
  {
    description: 'bad syntax in params',
    input: { service: 'sqs', target: { queue_url: QUEUE_URL }, params: { MessageGroupId: '${request.header.x' } },
    issues: [{ path: 'routes[0].target.params.MessageGroupId', message: expect.stringMatching(/unclosed "\$\{"/) }],
  },
  {
    description: 'an unknown variable in a target key',
    input: { service: 's3', target: { bucket: 'b', key: '${request.cookie.id}' } },
    issues: [{ path: 'routes[0].target.key', message: expect.stringMatching(/unknown variable/) }],
  },
  {
    description: 'a bad JSONPath',
    input: { service: 'sns', target: { topic_arn: 'arn' }, params: { Subject: '$request.body..name' } },
    issues: [{ path: 'routes[0].target.params.Subject', message: expect.stringMatching(/bad JSONPath/) }],
  },
  {
    description: 'an unknown parameter',
    input: { service: 'sqs', target: { queue_url: QUEUE_URL }, params: { MessageBdy: '$request.body' } },
    issues: [
      {
        path: 'routes[0].target.params.MessageBdy',
        message: expect.stringMatching(/unknown sqs parameter "MessageBdy"; expected one of QueueUrl, MessageBody/),
      },
    ],
  },
  {
    description: 'a parameter named after a prototype key',
    input: { service: 'sqs', target: { queue_url: QUEUE_URL }, params: { constructor: 'x' } },
    issues: [{ path: 'routes[0].target.params.constructor', message: expect.stringMatching(/unknown sqs parameter/) }],
  },
  {
    description: 'a parameter set in params and by its target key',
    input: { service: 'sqs', target: { queue_url: QUEUE_URL }, params: { QueueUrl: QUEUE_URL } },
    issues: [{ path: 'routes[0].target.params.QueueUrl', message: 'set either routes[0].target.queue_url or params.QueueUrl, not both' }],
  },
  {
    description: 'a value that is not text',
    input: { service: 'sqs', target: { queue_url: QUEUE_URL }, params: { MessageBody: { a: 1 } } },
    issues: [{ path: 'routes[0].target.params.MessageBody', message: expect.stringMatching(/expected a string/) }],
  },
  {
    description: 'an EventBridge route without a source',
    input: { service: 'eventbridge', target: {} },
    issues: [{ path: 'routes[0].target.source', message: 'required for eventbridge targets' }],
  },
  {
    description: 'an SQS route without a queue',
    input: { service: 'sqs', target: {} },
    issues: [{ path: 'routes[0].target.queue_url', message: 'required for sqs targets' }],
  },
  {
    description: 'a Kinesis route with no stream',
    input: { service: 'kinesis', target: {} },
    issues: [{ path: 'routes[0].target', message: 'set exactly one of stream_name, stream_arn' }],
  },
  {
    description: 'a Kinesis route with two streams',
    input: { service: 'kinesis', target: { stream_name: 'a', stream_arn: 'arn:aws:kinesis:eu-west-1:1:stream/a' } },
    issues: [{ path: 'routes[0].target', message: 'set exactly one of stream_name, stream_arn' }],
  },
  {
    description: 'several problems at once',
    input: { service: 'sqs', target: {}, params: { MessageBody: '$request.nope', Nope: 'x' } },
    issues: [
      { path: 'routes[0].target.params.MessageBody', message: expect.stringMatching(/unknown variable/) },
      { path: 'routes[0].target.params.Nope', message: expect.stringMatching(/unknown sqs parameter/) },
      { path: 'routes[0].target.queue_url', message: 'required for sqs targets' },
    ],
  },
];

describe('Function: compileServiceParams', () => {
  describe.each([
    {
      service: 'sqs' as const,
      target: { type: 'sqs', queue_url: QUEUE_URL },
      values: () => ({ QueueUrl: QUEUE_URL, MessageBody: BODY }),
      rendered: { QueueUrl: QUEUE_URL, MessageBody: '$request.body' },
    },
    {
      service: 'sns' as const,
      target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:orders' },
      values: () => ({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders', Message: BODY }),
      rendered: { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders', Message: '$request.body' },
    },
    {
      service: 's3' as const,
      target: { type: 's3', bucket: 'inbox' },
      values: (request: MappingRequest) => ({ Bucket: 'inbox', Key: request.requestId, Body: BODY, ContentType: 'application/json' }),
      rendered: { Bucket: 'inbox', Key: '$context.requestId', Body: '$request.body', ContentType: '$request.header.content-type' },
    },
    {
      service: 'kinesis' as const,
      target: { type: 'kinesis', stream_name: 'clicks' },
      values: (request: MappingRequest) => ({ StreamName: 'clicks', Data: BODY, PartitionKey: request.requestId }),
      rendered: { StreamName: 'clicks', Data: '$request.body', PartitionKey: '$context.requestId' },
    },
    {
      service: 'dynamodb' as const,
      target: { type: 'dynamodb', table: 'orders' },
      values: () => ({ TableName: 'orders', Item: BODY }),
      rendered: { TableName: 'orders', Item: '$request.body' },
    },
    {
      service: 'eventbridge' as const,
      target: { type: 'eventbridge', source: 'com.example.orders' },
      values: () => ({ Source: 'com.example.orders', DetailType: 'orders', Detail: BODY }),
      rendered: { Source: 'com.example.orders', DetailType: 'orders', Detail: '$request.body' },
    },
  ])('defaults for $service', ({ service, target, values, rendered }) => {
    it('put the whole body where the service takes its payload', () => {
      // Prepare
      const params = compiledParams({ service, target });
      const request = requestFactory();

      // Act
      const result = evaluateServiceParams(params, request);

      // Assess
      expect(result).toEqual({ values: values(request), missing: [] });
    });

    it('render as the native RequestParameters', () => {
      // Act
      const params = compiledParams({ service, target });

      // Assess
      expect(renderRequestParameters(params.params)).toEqual(rendered);
    });

    it('name every required parameter of the table', () => {
      // Act
      const params = compiledParams({ service, target });

      // Assess
      const required = Object.entries(INGEST_SERVICE_PARAMS[service].params)
        .filter(([, spec]) => spec.required)
        .map(([name]) => name);
      expect(params.required).toEqual(required);
      expect(params.service).toBe(service);
    });
  });

  it('lets params override a default and add optional parameters', () => {
    // Prepare
    const params = compiledParams({
      service: 'sqs',
      target: { type: 'sqs', queue_url: QUEUE_URL },
      params: {
        MessageBody: '$request.body.order',
        MessageGroupId: '$request.body.order.tenant',
        MessageAttributes: '{"Event":{"DataType":"String","StringValue":"${request.header.x-github-event}"}}',
        DelaySeconds: 5,
      },
    });

    // Act
    const { values } = evaluateServiceParams(params, requestFactory());

    // Assess
    expect(values).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: '{"id":"o-1","tenant":"acme"}',
      MessageGroupId: 'acme',
      MessageAttributes: '{"Event":{"DataType":"String","StringValue":"push"}}',
      DelaySeconds: '5',
    });
  });

  it('takes an S3 key template from the target', () => {
    // Prepare
    const params = compiledParams({
      service: 's3',
      target: { type: 's3', bucket: 'inbox', key: 'hooks/${request.header.x-github-event}/${context.requestId}.json' },
    });
    const request = requestFactory();

    // Act
    const { values } = evaluateServiceParams(params, request);

    // Assess
    expect(values.Key).toBe(`hooks/push/${request.requestId}.json`);
  });

  it('takes an EventBridge detail type and bus from the target', () => {
    // Prepare
    const params = compiledParams({
      service: 'eventbridge',
      target: { type: 'eventbridge', source: 'shop', detail_type: 'Order ${request.header.x-github-event}', event_bus_name: 'orders-bus' },
    });

    // Act
    const { values } = evaluateServiceParams(params, requestFactory());

    // Assess
    expect(values).toMatchObject({ Source: 'shop', DetailType: 'Order push', EventBusName: 'orders-bus' });
  });

  it('takes the route name as the EventBridge detail type as it is, never as mapping syntax', () => {
    // Prepare
    const params = compiledParams({ service: 'eventbridge', routeName: 'orders.v1', target: { type: 'eventbridge', source: 'shop' } });

    // Act
    const rendered = renderRequestParameters(params.params);

    // Assess
    expect(rendered.DetailType).toBe('orders.v1');
  });

  it('accepts a Kinesis stream by ARN', () => {
    // Prepare
    const arn = 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks';
    const params = compiledParams({ service: 'kinesis', target: { type: 'kinesis', stream_arn: arn } });

    // Act
    const { values } = evaluateServiceParams(params, requestFactory());

    // Assess
    expect(values).toMatchObject({ StreamARN: arn });
    expect(values).not.toHaveProperty('StreamName');
  });

  describe.each(ISSUE_CASES)('with $description', ({ input, issues }) => {
    it('reports each issue at its key path and compiles nothing', () => {
      // Act
      const result = compileServiceParams({ path: 'routes[0].target', routeName: 'orders', ...input });

      // Assess
      expect(result.issues).toEqual(issues);
      expect(result.params).toBeUndefined();
    });
  });
});

describe('Function: evaluateServiceParams', () => {
  it('names the required parameters that come out empty', () => {
    // Prepare
    const params = compiledParams({ service: 'kinesis', target: { stream_name: 'clicks' }, params: { PartitionKey: '$request.body.device' } });

    // Act
    const result = evaluateServiceParams(params, requestFactory({ body: '' }));

    // Assess
    expect(result).toEqual({ values: { StreamName: 'clicks' }, missing: ['Data', 'PartitionKey'] });
  });

  it('leaves out optional parameters that come out empty without calling them missing', () => {
    // Prepare
    const params = compiledParams({ service: 's3', target: { bucket: 'inbox', key: 'k' } });

    // Act
    const result = evaluateServiceParams(params, requestFactory({ body: '', rawHeaders: [] }));

    // Assess
    expect(result).toEqual({ values: { Bucket: 'inbox', Key: 'k' }, missing: [] });
  });
});
