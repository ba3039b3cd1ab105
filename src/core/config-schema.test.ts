import { describe, expect, expectTypeOf, it } from 'vitest';
import { validateConfig } from './config-parse.js';
import { QUEUE_DRIVERS, retryBudgetWarnings, sqsRetryLimitWarnings, TARGET_TYPES, type QueueDriver, type TargetType } from './config-schema.js';
import { ConfigError } from './errors.js';

const sqs = {
  driver: 'sqs',
  queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice',
  dlq_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice-dlq',
  payload_bucket: 'sluice-payloads',
  region: 'eu-west-1',
};

function issuesOf(raw: unknown): string[] {
  try {
    validateConfig(raw, { file: 'sluice.yaml' });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => issue.path);
  }
}

describe('Config: queue.driver sqs', () => {
  it('fills in the defaults: 256 KiB offload threshold, 60 receives (the retry safety net), 30 s visibility', () => {
    // Act
    const config = validateConfig({ queue: sqs }, { file: 'sluice.yaml' });

    // Assess
    expect(config.queue).toEqual({ ...sqs, max_receive_count: 60, visibility_timeout: 30_000, offload_threshold: 262_144 });
  });

  it('accepts an endpoint and units for sizes and durations', () => {
    // Act
    const config = validateConfig(
      { queue: { ...sqs, endpoint: 'http://127.0.0.1:4566', offload_threshold: '1MiB', visibility_timeout: '2m' } },
      { file: 'sluice.yaml' },
    );

    // Assess
    expect(config.queue).toMatchObject({ endpoint: 'http://127.0.0.1:4566', offload_threshold: 1_048_576, visibility_timeout: 120_000 });
  });

  it.each([
    ['an offload threshold over 1 MiB', { offload_threshold: '1025KiB' }, 'queue.offload_threshold'],
    ['a visibility timeout over 12 h', { visibility_timeout: '13h' }, 'queue.visibility_timeout'],
    ['a bucket name with capitals', { payload_bucket: 'Sluice' }, 'queue.payload_bucket'],
    ['a region that is not one', { region: 'Europe' }, 'queue.region'],
    ['a queue URL that is not a URL', { queue_url: 'sluice' }, 'queue.queue_url'],
    ['a path (an sqlite key)', { path: '.sluice/q.db' }, 'queue'],
  ])('rejects %s', (_, change, path) => {
    // Act
    const paths = issuesOf({ queue: { ...sqs, ...change } });

    // Assess
    expect(paths).toContain(path);
  });

  it('names every missing key at once', () => {
    // Act
    const paths = issuesOf({ queue: { driver: 'sqs' } });

    // Assess
    expect(paths).toEqual(expect.arrayContaining(['queue.queue_url', 'queue.dlq_url', 'queue.payload_bucket', 'queue.region']));
  });
});

describe('Config: destination.retry', () => {
  const destination = { url: 'https://hooks.example.com/in' };

  it('retries for 24 h from 1 s up to 1 h, with a safety net of 60 attempts that max_age reaches first', () => {
    // Act
    const config = validateConfig({ destination }, { file: 'sluice.yaml' });

    // Assess
    expect(config.destination?.retry).toEqual({ base: 1_000, cap: 3_600_000, max_age: 86_400_000, max_attempts: 60 });
    expect(config.queue.max_receive_count).toBe(60);
    expect(retryBudgetWarnings(config)).toEqual([]);
  });

  it('derives the safety net of a custom schedule, and the queue follows it', () => {
    // Act
    const config = validateConfig({ destination: { ...destination, retry: { base: '1s', cap: '10m', max_age: '3d' } } }, { file: 'sluice.yaml' });

    // Assess
    expect(config.destination?.retry.max_attempts).toBe(874);
    expect(config.queue.max_receive_count).toBe(874);
  });

  it.each([
    ['a safety net the schedule reaches before max_age', { retry: { max_attempts: 59 } }, {}, 'destination.retry.max_attempts'],
    ['a cap below the base', { retry: { base: '10s', cap: '1s' } }, {}, 'destination.retry.cap'],
    ['a retention no longer than max_age', { retry: { max_age: '4d' } }, { driver: 'sqlite' }, 'queue.retention'],
    ["a cap over SQS's 12 h visibility", { retry: { cap: '13h', max_age: '7d' } }, sqs, 'destination.retry.cap'],
  ])('rejects %s', (_, change, queue, path) => {
    // Act
    const paths = issuesOf({ destination: { ...destination, ...change }, queue: { driver: 'sqlite', ...queue } });

    // Assess
    expect(paths).toContain(path);
  });

  it('keeps an old max_receive_count working, and warns that it cuts the retry budget short', () => {
    // Act
    const sqlite = validateConfig({ destination, queue: { driver: 'sqlite', max_receive_count: 5 } }, { file: 'sluice.yaml' });
    const onSqs = validateConfig({ destination, queue: { ...sqs, max_receive_count: 5 } }, { file: 'sluice.yaml' });

    // Assess
    expect(sqlite.queue.max_receive_count).toBe(5);
    expect(retryBudgetWarnings(sqlite)).toEqual([expect.stringContaining('queue.max_receive_count (5) is below destination.retry.max_attempts (60)')]);
    expect(retryBudgetWarnings(onSqs)).toEqual([expect.stringContaining('maxReceiveCount')]);
  });
});

describe('Function: sqsRetryLimitWarnings', () => {
  const retry = { max_age: 86_400_000, max_attempts: 60 };

  it.each([
    { description: 'a RedrivePolicy and retention that leave room', limits: { maxReceiveCount: 60, retentionMs: 345_600_000 }, count: 0 },
    { description: 'a maxReceiveCount below max_attempts', limits: { maxReceiveCount: 5, retentionMs: 345_600_000 }, count: 1 },
    { description: 'no RedrivePolicy', limits: { maxReceiveCount: null, retentionMs: 345_600_000 }, count: 1 },
    { description: 'a retention no longer than max_age', limits: { maxReceiveCount: 100, retentionMs: 86_400_000 }, count: 1 },
    { description: 'both too low', limits: { maxReceiveCount: 5, retentionMs: 3_600_000 }, count: 2 },
  ])('warns $count time(s) for $description', ({ limits, count }) => {
    // Act
    const warnings = sqsRetryLimitWarnings(limits, retry);

    // Assess
    expect(warnings).toHaveLength(count);
  });
});

describe('Config: admin', () => {
  it('listens on 127.0.0.1:9901 by default, without a token', () => {
    // Act
    const config = validateConfig({}, { file: 'sluice.yaml' });

    // Assess
    expect(config.admin).toEqual({ listen: { host: '127.0.0.1', port: 9901 } });
    expect(config.internal_route_prefix).toBeUndefined();
  });

  it.each([
    { description: 'HOST:PORT', listen: '[::1]:9000', expected: { host: '::1', port: 9000 } },
    { description: '{ host, port }', listen: { host: 'localhost', port: 0 }, expected: { host: 'localhost', port: 0 } },
  ])('accepts listen as $description', ({ listen, expected }) => {
    // Act
    const config = validateConfig({ admin: { listen } }, { file: 'sluice.yaml' });

    // Assess
    expect(config.admin).toEqual({ listen: expected });
  });

  it('turns off with admin: false', () => {
    // Act
    const config = validateConfig({ admin: false }, { file: 'sluice.yaml' });

    // Assess
    expect(config.admin).toBe(false);
  });

  it('requires a token beyond loopback', () => {
    // Act
    const paths = issuesOf({ admin: { listen: '0.0.0.0:9901' } });

    // Assess
    expect(paths).toEqual(['admin.token']);
  });

  it('accepts a non-loopback listener with a token', () => {
    // Act
    const config = validateConfig({ admin: { listen: '0.0.0.0:9901', token: 'a'.repeat(32) } }, { file: 'sluice.yaml' });

    // Assess
    expect(config.admin).toEqual({ listen: { host: '0.0.0.0', port: 9901 }, token: 'a'.repeat(32) });
  });

  it.each([
    { description: 'a listen address without a port', admin: { listen: '127.0.0.1' }, path: 'admin.listen' },
    { description: 'a short token', admin: { token: 'secret' }, path: 'admin.token' },
    { description: 'true', admin: true, path: 'admin' },
  ])('rejects $description', ({ admin, path }) => {
    // Act
    const paths = issuesOf({ admin });

    // Assess
    expect(paths).toContain(path);
  });
});

describe('Config: body timeout and upstream pools', () => {
  it('defaults to a 60 s body timeout and 1024 connections and waiting requests per http target', () => {
    // Act
    const config = validateConfig({ routes: [{ name: 'a', target: { type: 'http', url: 'http://127.0.0.1:1' } }] }, { file: 'sluice.yaml' });

    // Assess
    expect(config.limits.body_timeout).toBe(60_000);
    expect(config.routes[0]!.target).toMatchObject({ connections: 1024, max_pending: 1024 });
  });

  it('takes a per-route body timeout and pool bounds', () => {
    // Act
    const config = validateConfig(
      { routes: [{ name: 'a', target: { type: 'http', url: 'http://127.0.0.1:1', connections: 8, max_pending: 0 }, limits: { body_timeout: '5s' } }] },
      { file: 'sluice.yaml' },
    );

    // Assess
    expect(config.routes[0]!.limits.body_timeout).toBe(5_000);
    expect(config.routes[0]!.target).toMatchObject({ connections: 8, max_pending: 0 });
  });

  it('rejects a pool without connections', () => {
    // Act
    const paths = issuesOf({ routes: [{ name: 'a', target: { type: 'http', url: 'http://127.0.0.1:1', connections: 0 } }] });

    // Assess
    expect(paths).toEqual(['routes[0].target.connections']);
  });
});

function messagesOf(raw: unknown): { path: string; message: string }[] {
  try {
    validateConfig(raw, { file: 'sluice.yaml' });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map(({ path, message }) => ({ path, message }));
  }
}

describe('Config: the lists of target types and queue drivers', () => {
  it('derives the lists from the schemas, in documentation order', () => {
    // Assess
    expect(TARGET_TYPES).toEqual(['http', 'lambda', 'sqs', 'sns', 's3', 'kinesis', 'dynamodb', 'eventbridge']);
    expect(QUEUE_DRIVERS).toEqual(['sqlite', 'sqs']);
    expectTypeOf<TargetType>().toEqualTypeOf<'http' | 'lambda' | 'sqs' | 'sns' | 's3' | 'kinesis' | 'dynamodb' | 'eventbridge'>();
    expectTypeOf<QueueDriver>().toEqualTypeOf<'sqlite' | 'sqs'>();
  });

  it.each([
    {
      description: 'an unknown target type',
      raw: { routes: [{ name: 'a', target: { type: 'ftp' } }] },
      path: 'routes[0].target.type',
      expected: `expected type to be one of: ${TARGET_TYPES.join(', ')}`,
    },
    {
      description: 'a missing target type',
      raw: { routes: [{ name: 'a', target: {} }] },
      path: 'routes[0].target.type',
      expected: `expected type to be one of: ${TARGET_TYPES.join(', ')}`,
    },
    {
      description: 'a missing target',
      raw: { routes: [{ name: 'a' }] },
      path: 'routes[0].target',
      expected: `required: expected type to be one of: ${TARGET_TYPES.join(', ')}`,
    },
    {
      description: 'an unknown queue driver',
      raw: { queue: { driver: 'redis' } },
      path: 'queue.driver',
      expected: `expected driver to be one of: ${QUEUE_DRIVERS.join(', ')}`,
    },
    { description: 'a missing queue driver', raw: { queue: {} }, path: 'queue.driver', expected: `expected driver to be one of: ${QUEUE_DRIVERS.join(', ')}` },
  ])('lists every value the union takes for $description', ({ raw, path, expected }) => {
    // Act
    const messages = messagesOf(raw);

    // Assess
    expect(messages).toContainEqual({ path, message: expected });
  });
});

describe('Config: ingest routes', () => {
  const aws = { region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' };
  const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks';

  it('takes sqs, sns and s3 targets beside a top-level aws mapping, with a reply status', () => {
    // Act
    const config = validateConfig(
      {
        aws: { ...aws, endpoints: { s3: 'http://127.0.0.1:4567' } },
        routes: [
          { name: 'q', match: { path: '/q' }, target: { type: 'sqs', queue_url: queueUrl, params: { DelaySeconds: 5 } }, reply: { status: 202 } },
          { name: 't', match: { path: '/t' }, target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:hooks' } },
          {
            name: 'o',
            match: { path: '/o' },
            target: { type: 's3', bucket: 'uploads', key: 'in/${request.header.x-user}/${context.requestId}' },
            capture: true,
          },
        ],
      },
      { file: 'sluice.yaml' },
    );

    // Assess
    expect(config.aws).toEqual({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', endpoints: { s3: 'http://127.0.0.1:4567' } });
    expect(config.routes.map((route) => route.target.type)).toEqual(['sqs', 'sns', 's3']);
    expect(config.routes[0]!.reply).toEqual({ status: 202 });
  });

  it.each([
    {
      description: 'an ingest route without aws',
      raw: { routes: [{ name: 'q', target: { type: 'sqs', queue_url: queueUrl } }] },
      path: 'routes[0].target',
      message: 'required by sqs targets: set aws: { region: … } at the top level',
    },
    {
      description: 'a queue given nowhere',
      raw: { aws, routes: [{ name: 'q', target: { type: 'sqs' } }] },
      path: 'routes[0].target.queue_url',
      message: 'required for sqs targets',
    },
    {
      description: 'an unknown parameter',
      raw: { aws, routes: [{ name: 'q', target: { type: 'sqs', queue_url: queueUrl, params: { MessageBdy: '$request.body' } } }] },
      path: 'routes[0].target.params.MessageBdy',
      message: expect.stringContaining('unknown sqs parameter "MessageBdy"'),
    },
    {
      description: 'a parameter in bad mapping syntax',
      raw: { aws, routes: [{ name: 'q', target: { type: 'sqs', queue_url: queueUrl, params: { MessageGroupId: '$request.nowhere' } } }] },
      path: 'routes[0].target.params.MessageGroupId',
      message: expect.any(String),
    },
    {
      description: 'a reply on an http route',
      raw: { routes: [{ name: 'h', target: { type: 'http', url: 'http://127.0.0.1:1' }, reply: { status: 202 } }] },
      path: 'routes[0].reply',
      message: expect.stringContaining('only applies to ingest targets'),
    },
    {
      description: 'a reply status that is not a success',
      raw: { aws, routes: [{ name: 'q', target: { type: 'sqs', queue_url: queueUrl }, reply: { status: 500 } }] },
      path: 'routes[0].reply.status',
      message: expect.any(String),
    },
    {
      description: 'an unknown service endpoint',
      raw: { aws: { ...aws, endpoints: { sqs2: 'http://127.0.0.1:1' } } },
      path: 'aws.endpoints',
      message: expect.stringContaining('sqs2'),
    },
  ])('reports $description at its key path', ({ raw, path, message }) => {
    // Act
    const issues = messagesOf(raw);

    // Assess
    expect(issues).toEqual([{ path, message }]);
  });

  it('takes kinesis, dynamodb and eventbridge targets with their keys', () => {
    // Act
    const config = validateConfig(
      {
        aws,
        routes: [
          { name: 'k', match: { path: '/k' }, target: { type: 'kinesis', stream_name: 'clicks', params: { PartitionKey: '$request.header.x-device' } } },
          { name: 'a', match: { path: '/a' }, target: { type: 'kinesis', stream_arn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks' } },
          { name: 'd', match: { path: '/d' }, target: { type: 'dynamodb', table: 'orders', params: { ConditionExpression: 'attribute_not_exists(id)' } } },
          {
            name: 'e',
            match: { path: '/e' },
            target: { type: 'eventbridge', source: 'com.example', detail_type: 'Order', event_bus_name: 'orders' },
            reply: { status: 202 },
          },
        ],
      },
      { file: 'sluice.yaml' },
    );

    // Assess
    expect(config.routes.map((route) => route.target.type)).toEqual(['kinesis', 'kinesis', 'dynamodb', 'eventbridge']);
  });

  it.each([
    {
      description: 'a kinesis stream given nowhere',
      target: { type: 'kinesis' },
      path: 'routes[0].target',
      message: 'set exactly one of stream_name, stream_arn',
    },
    {
      description: 'a kinesis stream given twice',
      target: { type: 'kinesis', stream_name: 's', stream_arn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/s' },
      path: 'routes[0].target',
      message: 'set exactly one of stream_name, stream_arn',
    },
    { description: 'a dynamodb table given nowhere', target: { type: 'dynamodb' }, path: 'routes[0].target.table', message: 'required for dynamodb targets' },
    {
      description: 'an eventbridge source given nowhere',
      target: { type: 'eventbridge' },
      path: 'routes[0].target.source',
      message: 'required for eventbridge targets',
    },
    {
      description: 'an unknown PutEvents parameter',
      target: { type: 'eventbridge', source: 'com.example', params: { Detial: '$request.body' } },
      path: 'routes[0].target.params.Detial',
      message: expect.stringContaining('unknown eventbridge parameter "Detial"'),
    },
  ])('reports $description at its key path', ({ target, path, message }) => {
    // Act
    const issues = messagesOf({ aws, routes: [{ name: 'r', target }] });

    // Assess
    expect(issues).toEqual([{ path, message }]);
  });

  it('still reads a list under aws as a lambda-reverse-proxy file', () => {
    // Act
    const config = validateConfig({ aws: [{ hostname: 'api.example.com', function_name: 'api' }] }, { file: 'lrp.yaml' });

    // Assess
    expect(config.aws).toBeUndefined();
    expect(config.routes[0]!.target).toMatchObject({ type: 'lambda', function: 'api' });
  });
});
