import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIGatewayClient, CreateResourceCommand, GetIntegrationCommand, type Integration } from '@aws-sdk/client-api-gateway';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttach } from '../../../src/cli/attach.js';
import { runDetach } from '../../../src/cli/detach.js';
import { validateConfig } from '../../../src/core/config-parse.js';
import { createProxyHandler } from '../../../src/functions/proxy-handler.js';
import { RouteMap } from '../../../src/functions/route-map.js';
import { SqsQueue } from '../../../src/queue/index.js';
import { ApiGatewayStandIn, DEMO_API_ID, DEMO_REGION, DEMO_STAGE } from '../../helpers/apigateway-stand-in.js';
import { captureIo } from '../../helpers/capture-io.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { apiGatewayEvent, type ApiEventInput } from '../../helpers/lambda-events.js';
import { RecordedMetrics } from '../../helpers/recorded-metrics.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sluice-proxy';
const PROXY_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`;
/** The methods `addPathParameterResources` adds. */
const METHODS = [
  { path: '/users/{id}', httpMethod: 'GET' },
  { path: '/users/{id}/posts/{postId}', httpMethod: 'GET' },
  { path: '/orders/{orderId}', httpMethod: 'GET' },
  { path: '/{proxy+}', httpMethod: 'ANY' },
];

describe('Command: sluice attach / detach on path parameters, {proxy+} and ANY', () => {
  let fauxqs: FauxqsPeer;
  let upstream: Upstream;
  let apigw: ApiGatewayStandIn;
  let client: APIGatewayClient;
  let data: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    [fauxqs, upstream] = await Promise.all([startFauxqsPeer(), startUpstream()]);
    apigw = await new ApiGatewayStandIn().addPathParameterResources(`${upstream.url}/echo`).listen();
    client = new APIGatewayClient({ endpoint: apigw.url, region: DEMO_REGION, credentials: FAUXQS_CREDENTIALS });
    data = mkdtempSync(join(tmpdir(), 'sluice-paths-'));
    // The SDK's credential chain reads the process environment; fixed keys keep it off the network.
    process.env.AWS_ACCESS_KEY_ID = FAUXQS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAUXQS_CREDENTIALS.secretAccessKey;
  });

  afterAll(async () => {
    process.env = savedEnv;
    client.destroy();
    rmSync(data, { recursive: true, force: true });
    await Promise.all([apigw.close(), upstream.close(), fauxqs.stop()]);
  });

  /** Each added method's integration as the real SDK's `GetIntegration` answers it. */
  async function integrations(): Promise<Record<string, Integration>> {
    const all: Record<string, Integration> = {};
    for (const { path, httpMethod } of METHODS) {
      const { $metadata: _, ...integration } = await client.send(
        new GetIntegrationCommand({ restApiId: DEMO_API_ID, resourceId: apigw.resourceAt(path).id, httpMethod }),
      );
      all[`${httpMethod} ${path}`] = integration;
    }
    return all;
  }

  it('refuses, as API Gateway does, a second variable path part among siblings and a child of {proxy+}', async () => {
    // Act
    const attempt = (parentPath: string, pathPart: string): Promise<unknown> =>
      client.send(new CreateResourceCommand({ restApiId: DEMO_API_ID, parentId: apigw.resourceAt(parentPath).id, pathPart })).catch((error: unknown) => error);
    const renamedSibling = await attempt('/users', '{userId}');
    const underGreedy = await attempt('/{proxy+}', 'more');
    const ownSibling = await attempt('/orders', 'recent');

    // Assess
    expect(renamedSibling).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('({id})') });
    expect(underGreedy).toMatchObject({ name: 'BadRequestException' });
    expect(ownSibling).toMatchObject({ path: '/orders/recent' });
  });

  it('moves them onto the function keeping the path mappings, captures through the route map, and detach restores every field', async () => {
    // Prepare
    const bucket = await fauxqs.createBucket();
    const env = { AWS_REGION: DEMO_REGION, AWS_ENDPOINT_URL_API_GATEWAY: apigw.url, AWS_ENDPOINT_URL_LAMBDA: apigw.url, AWS_ENDPOINT_URL_S3: fauxqs.endpoint };
    const options = { apiId: DEMO_API_ID, stage: DEMO_STAGE, functionArn: FUNCTION_ARN, bucket, data, yes: true };
    const before = await integrations();

    // Act: attach
    const { plan } = await runAttach(options, captureIo().io, env);

    // Assess: every added method moved; the catch-all keeps its mapping and cache key on AWS_PROXY
    const moved = plan.changes.map((change) => `${change.method.httpMethod} ${change.method.path}`);
    expect(moved).toEqual(expect.arrayContaining(Object.keys(before)));
    const attached = await integrations();
    expect(attached['ANY /{proxy+}']).toMatchObject({
      type: 'AWS_PROXY',
      uri: PROXY_URI,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      cacheKeyParameters: ['method.request.path.proxy'],
    });
    expect(attached['GET /users/{id}/posts/{postId}']).toMatchObject({
      type: 'AWS_PROXY',
      cacheKeyParameters: ['method.request.path.id', 'method.request.path.postId'],
    });

    // Act: capture, through the route map attach wrote
    const stored = await fauxqs.s3.send(new GetObjectCommand({ Bucket: bucket, Key: `sluice/route-maps/${DEMO_API_ID}/${DEMO_STAGE}.json` }));
    const pair = await fauxqs.createQueuePair();
    const queue = new SqsQueue(
      { queue_url: pair.queueUrl, dlq_url: pair.dlqUrl, payload_bucket: bucket, region: FAUXQS_REGION, endpoint: fauxqs.endpoint },
      { credentials: FAUXQS_CREDENTIALS },
    );
    const handler = createProxyHandler({
      routes: RouteMap.parse(await stored.Body!.transformToString(), 'the route map'),
      queue,
      capture: validateConfig({}, { file: 'test' }).capture,
      upstreamTimeoutMs: 5_000,
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      metrics: new RecordedMetrics({ namespace: 'SluiceTest', serviceName: 'proxy' }),
    });
    const urls: string[] = [];
    try {
      const requests: ApiEventInput[] = [
        { method: 'PATCH', resource: '/{proxy+}', path: '/files/a b/c', pathParameters: { proxy: 'files/a b/c' } },
        { method: 'GET', resource: '/users/{id}/posts/{postId}', path: '/users/7/posts/9', pathParameters: { id: '7', postId: '9' } },
        { method: 'GET', resource: '/orders/{orderId}', path: '/orders/42', pathParameters: { orderId: '42' } },
      ];
      for (const request of requests) {
        const result = await handler(apiGatewayEvent(request));
        expect(result.statusCode).toBe(200);
        urls.push(`${result.multiValueHeaders?.['X-Echo-Method']?.[0]} ${result.multiValueHeaders?.['X-Echo-Url']?.[0]}`);
      }
      const queued = await fauxqs.sqs.send(new ReceiveMessageCommand({ QueueUrl: pair.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));

      // Assess: each backend URL is the original integration's, its parameters filled from the method's
      expect(urls).toEqual(['PATCH /echo/files/a%20b/c', 'GET /echo/accounts/7/posts/9', 'GET /echo/orders/42']);
      expect((queued.Messages ?? []).map((message) => (JSON.parse(message.Body!) as { endpoint: string }).endpoint).sort()).toEqual([
        '/files/a b/c',
        '/orders/42',
        '/users/7/posts/9',
      ]);
    } finally {
      await queue.close();
    }

    // Act: detach
    await runDetach(options, captureIo().io, env);

    // Assess
    expect(await integrations()).toEqual(before);
  });
});
