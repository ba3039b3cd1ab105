import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../../../src/core/config-parse.js';
import { createProxyHandler, type ProxyHandler } from '../../../src/functions/proxy-handler.js';
import { RouteMap } from '../../../src/functions/route-map.js';
import { SqsQueue } from '../../../src/queue/index.js';
import type { QueueLogger } from '../../../src/queue/sqs/transport.js';
import { startAwsFaultProxy, type AwsFaultProxy } from '../../helpers/aws-fault-proxy.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer, type QueuePair } from '../../helpers/fauxqs.js';
import { apiGatewayEvent, type ApiEventInput } from '../../helpers/lambda-events.js';
import { RecordedMetrics } from '../../helpers/recorded-metrics.js';
import { patternBytes, startUpstream, type Upstream } from '../../helpers/upstream.js';

interface LogLine {
  readonly level: string;
  readonly fields: unknown;
  readonly message: string | undefined;
}

function recordingLogger(lines: LogLine[]): QueueLogger {
  const at = (level: string) => (fields: unknown, message?: string) => void lines.push({ level, fields, message });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('Lambda: proxy handler', () => {
  let peer: FauxqsPeer;
  let upstream: Upstream;
  let pair: QueuePair;
  let queue: SqsQueue;
  let handler: ProxyHandler;
  let logs: LogLine[];
  const capture = validateConfig({}, { file: 'test' }).capture;

  beforeAll(async () => {
    [peer, upstream] = await Promise.all([startFauxqsPeer(), startUpstream()]);
  });

  afterAll(async () => {
    await Promise.all([peer.stop(), upstream.close()]);
  });

  afterEach(async () => {
    await queue.close();
  });

  function routes(): RouteMap {
    return new RouteMap({
      version: 1,
      stage_variables: { env: 'fallback' },
      routes: [
        {
          method: 'GET',
          resource: '/tenants/{tenantId}',
          uri: 'http://${stageVariables.upstream}/echo/tenants/{tenantId}',
          request_parameters: {
            'integration.request.header.X-Tenant': 'method.request.querystring.tenant',
            'integration.request.header.X-Stage': 'stageVariables.env',
            'integration.request.querystring.v': "'2'",
          },
        },
        { method: 'GET', resource: '/users/{id}', uri: `${upstream.url}/echo/users/{id}`, name: 'users' },
        { method: 'POST', resource: '/api/v1/users', uri: `${upstream.url}/echo/api/v1/users` },
        { method: 'ANY', resource: '/files/{proxy+}', uri: `${upstream.url}/echo/files/{proxy}` },
        { method: 'GET', resource: '/headers', uri: `${upstream.url}/headers` },
        { method: 'GET', resource: '/bytes/{n}', uri: `${upstream.url}/bytes/{n}` },
        { method: 'GET', resource: '/down', uri: 'http://127.0.0.1:9/down' },
      ],
    });
  }

  async function setUp(options: { endpoint?: string; maxAttempts?: number; metrics?: Metrics } = {}): Promise<void> {
    pair = await peer.createQueuePair();
    queue = new SqsQueue(
      {
        queue_url: pair.queueUrl,
        dlq_url: pair.dlqUrl,
        payload_bucket: await peer.createBucket(),
        region: FAUXQS_REGION,
        endpoint: options.endpoint ?? peer.endpoint,
      },
      { credentials: FAUXQS_CREDENTIALS, ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }) },
    );
    logs = [];
    handler = createProxyHandler({
      routes: routes(),
      queue,
      capture,
      upstreamTimeoutMs: 5_000,
      logger: recordingLogger(logs),
      metrics: options.metrics ?? new RecordedMetrics({ namespace: 'SluiceTest', serviceName: 'proxy' }),
    });
  }

  function event(input: ApiEventInput): unknown {
    const built = apiGatewayEvent(input);
    // The event is shaped exactly as AWS sends it.
    expect(APIGatewayProxyEventSchema.safeParse(built).success).toBe(true);
    return built;
  }

  async function queuedBodies(): Promise<string[]> {
    const answer = await peer.sqs.send(new ReceiveMessageCommand({ QueueUrl: pair.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    return (answer.Messages ?? []).map((message) => message.Body ?? '');
  }

  it('forwards to the route’s URI template with path parameters and query, and captures the §1 record before returning', async () => {
    // Prepare
    await setUp();

    // Act
    const result = await handler(
      event({
        method: 'GET',
        resource: '/users/{id}',
        path: '/users/a b',
        pathParameters: { id: 'a b' },
        query: { tag: ['x', 'y&z'], page: ['2'] },
        headers: ['Authorization', 'Bearer secret'],
      }),
    );
    const [body] = await queuedBodies();

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.multiValueHeaders?.['X-Echo-Url']).toEqual(['/echo/users/a%20b?tag=x&tag=y%26z&page=2']);
    const record = JSON.parse(body ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({
      route: 'users',
      from: 'abc123.execute-api.eu-west-1.amazonaws.com',
      endpoint: '/users/a b',
      method: 'GET',
      query: { tag: ['x', 'y&z'], page: '2' },
      status: 200,
    });
    expect((record.request_headers as Record<string, unknown>).Authorization).toBe('[REDACTED]');
  });

  it('applies the saved requestParameters and stage variables, which a Lambda proxy integration does not', async () => {
    // Prepare
    await setUp();
    const built = event({
      method: 'GET',
      resource: '/tenants/{tenantId}',
      path: '/tenants/7',
      pathParameters: { tenantId: '7' },
      query: { tenant: ['acme'] },
    }) as Record<string, unknown>;

    // Act
    const result = await handler({ ...built, stageVariables: { upstream: new URL(upstream.url).host, env: 'prod' } });
    const [body] = await queuedBodies();

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.multiValueHeaders?.['X-Echo-Url']).toEqual(['/echo/tenants/7?tenant=acme&v=2']);
    const raw = upstream.requests.at(-1)!.rawHeaders;
    expect(raw.slice(raw.indexOf('X-Tenant'), raw.indexOf('X-Tenant') + 2)).toEqual(['X-Tenant', 'acme']);
    expect(raw.slice(raw.indexOf('X-Stage'), raw.indexOf('X-Stage') + 2)).toEqual(['X-Stage', 'prod']);
    expect(JSON.parse(body ?? '{}')).toMatchObject({ route: '/tenants/{tenantId}', endpoint: '/tenants/7', status: 200 });
  });

  it('passes a JSON body through and keeps the resource path as the route name when the map gives none', async () => {
    // Prepare
    await setUp();

    // Act
    const result = await handler(
      event({
        method: 'POST',
        resource: '/api/v1/users',
        path: '/api/v1/users',
        headers: ['Content-Type', 'application/json'],
        body: '{"name":"morpheus","job":"leader"}',
      }),
    );
    const [body] = await queuedBodies();

    // Assess
    expect(result).toMatchObject({ statusCode: 200, body: '{"name":"morpheus","job":"leader"}', isBase64Encoded: false });
    expect(JSON.parse(body ?? '{}')).toMatchObject({
      route: '/api/v1/users',
      body: { name: 'morpheus', job: 'leader' },
      response: { name: 'morpheus', job: 'leader' },
    });
  });

  it('substitutes a greedy {proxy+} path with its slashes', async () => {
    // Prepare
    await setUp();

    // Act
    const result = await handler(event({ method: 'DELETE', resource: '/files/{proxy+}', path: '/files/a/b c/d', pathParameters: { proxy: 'a/b c/d' } }));

    // Assess
    expect(result.multiValueHeaders?.['X-Echo-Url']).toEqual(['/echo/files/a/b%20c/d']);
    expect(result.multiValueHeaders?.['X-Echo-Method']).toEqual(['DELETE']);
  });

  it('returns every Set-Cookie in multiValueHeaders and drops hop-by-hop headers', async () => {
    // Prepare
    await setUp();

    // Act
    const result = await handler(event({ method: 'GET', resource: '/headers', path: '/headers' }));

    // Assess
    expect(result.multiValueHeaders?.['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly', 'c=3']);
    expect(result.multiValueHeaders?.['X-Repeat']).toEqual(['one', 'two']);
    expect(Object.keys(result.multiValueHeaders ?? {}).map((name) => name.toLowerCase())).not.toContain('x-hop');
  });

  it('takes a base64 body in and gives a binary answer back base64-encoded', async () => {
    // Prepare
    await setUp();
    const upload = Buffer.from([0, 1, 2, 254, 255]);

    // Act
    const echoed = await handler(
      event({
        method: 'POST',
        resource: '/api/v1/users',
        path: '/api/v1/users',
        headers: ['Content-Type', 'application/octet-stream'],
        body: upload,
        binary: true,
      }),
    );
    const download = await handler(event({ method: 'GET', resource: '/bytes/{n}', path: '/bytes/300', pathParameters: { n: '300' } }));

    // Assess
    expect(echoed.isBase64Encoded).toBe(true);
    expect(Buffer.from(echoed.body, 'base64')).toEqual(upload);
    expect(download.isBase64Encoded).toBe(true);
    expect(Buffer.from(download.body, 'base64')).toEqual(patternBytes(300));
  });

  it('offloads a capture over 256 KiB to S3 in the extended-client format', async () => {
    // Prepare
    await setUp();
    const big = JSON.stringify({ blob: 'x'.repeat(300 * 1024) });

    // Act
    const result = await handler(
      event({ method: 'POST', resource: '/api/v1/users', path: '/api/v1/users', headers: ['Content-Type', 'application/json'], body: big }),
    );
    const [body] = await queuedBodies();
    const [message] = await queue.receive({ waitTimeMs: 1000 });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body).toMatch(/^\["software\.amazon\.payloadoffloading\.PayloadS3Pointer",\{"s3BucketName":"[^"]+","s3Key":"[^"]+"\}\]$/);
    expect(JSON.parse(message?.body.toString() ?? '{}')).toMatchObject({ body: { blob: 'x'.repeat(300 * 1024) } });
  });

  describe('bad input', () => {
    it('answers a method and resource the route map lacks with a 502 JSON error, logged, and captures nothing', async () => {
      // Prepare
      await setUp();

      // Act
      const result = await handler(event({ method: 'PUT', resource: '/unknown/{id}', path: '/unknown/1', pathParameters: { id: '1' } }));

      // Assess
      expect(result.statusCode).toBe(502);
      expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'SLUICE_ROUTE_NOT_MAPPED' } });
      expect(logs.some((line) => line.level === 'error' && /PUT \/unknown\/\{id\}/.test(line.message ?? ''))).toBe(true);
      expect(await queuedBodies()).toEqual([]);
    });

    it.each([
      ['no httpMethod', (built: Record<string, unknown>) => delete built.httpMethod],
      ['no requestContext', (built: Record<string, unknown>) => delete built.requestContext],
      ['a body that is not a string', (built: Record<string, unknown>) => (built.body = 42)],
    ])('answers an event with %s with a 400 JSON error', async (_, damage) => {
      // Prepare
      await setUp();
      const built = apiGatewayEvent({ method: 'GET', resource: '/users/{id}', path: '/users/1', pathParameters: { id: '1' } }) as unknown as Record<
        string,
        unknown
      >;
      damage(built);

      // Act
      const result = await handler(built);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'SLUICE_BAD_REQUEST' } });
    });

    it('answers a body flagged base64 that is not base64 with a 400 JSON error', async () => {
      // Prepare
      await setUp();
      const built = apiGatewayEvent({ method: 'POST', resource: '/api/v1/users', path: '/api/v1/users', body: 'x', binary: true });
      built.body = 'not base64!';

      // Act
      const result = await handler(built);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'SLUICE_BAD_REQUEST' } });
    });

    it('answers an unreachable backend with 502 and still captures the exchange', async () => {
      // Prepare
      await setUp();

      // Act
      const result = await handler(event({ method: 'GET', resource: '/down', path: '/down' }));
      const [body] = await queuedBodies();

      // Assess
      expect(result.statusCode).toBe(502);
      expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'SLUICE_UPSTREAM_UNREACHABLE' } });
      expect(JSON.parse(body ?? '{}')).toMatchObject({ status: 502, endpoint: '/down' });
    });
  });

  describe('SQS faults', () => {
    let faults: AwsFaultProxy;

    afterEach(async () => {
      await faults.close();
    });

    it('rides out throttling with the SDK’s retries: the capture arrives', async () => {
      // Prepare
      faults = await startAwsFaultProxy(peer.endpoint, ({ index }) => (index < 2 ? { status: 400, type: 'ThrottlingException' } : 'pass'));
      await setUp({ endpoint: faults.url, maxAttempts: 3 });

      // Act
      const result = await handler(event({ method: 'GET', resource: '/users/{id}', path: '/users/7', pathParameters: { id: '7' } }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(faults.requests.filter((target) => target.endsWith('SendMessageBatch'))).toHaveLength(3);
      expect(await queuedBodies()).toHaveLength(1);
    });

    it('answers the client when SQS keeps failing with 5xx, after the SDK’s retries, and emits the CaptureFailed metric', async () => {
      // Prepare
      faults = await startAwsFaultProxy(peer.endpoint, () => ({ status: 500, type: 'InternalError' }));
      const emitted: string[] = [];
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        emitted.push(String(chunk));
        return true;
      });
      await setUp({ endpoint: faults.url, maxAttempts: 3, metrics: new Metrics({ namespace: 'SluiceTest', serviceName: 'proxy' }) });

      // Act
      const result = await handler(event({ method: 'GET', resource: '/users/{id}', path: '/users/8', pathParameters: { id: '8' } }));
      stdout.mockRestore();

      // Assess
      expect(result.statusCode).toBe(200);
      expect(faults.requests.filter((target) => target.endsWith('SendMessageBatch'))).toHaveLength(3);
      const emf = emitted.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => '_aws' in line);
      expect(emf).toMatchObject({
        CaptureFailed: 1,
        service: 'proxy',
        _aws: { CloudWatchMetrics: [{ Namespace: 'SluiceTest', Metrics: [{ Name: 'CaptureFailed', Unit: 'Count' }] }] },
      });
      expect(logs.some((line) => line.level === 'error' && line.message === 'capture failed; the client was answered without it')).toBe(true);
    });
  });
});
