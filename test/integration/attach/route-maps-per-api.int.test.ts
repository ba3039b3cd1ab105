import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../src/aws/s3-client.js';
import { runAttach } from '../../../src/cli/attach.js';
import { runDetach } from '../../../src/cli/detach.js';
import { validateConfig } from '../../../src/core/config-parse.js';
import { createProxyHandler } from '../../../src/functions/proxy-handler.js';
import { routeMapsFromEnv } from '../../../src/functions/route-map-source.js';
import type { QueueLogger } from '../../../src/queue/sqs/transport.js';
import { ApiGatewayStandIn } from '../../helpers/apigateway-stand-in.js';
import { captureIo } from '../../helpers/capture-io.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { apiGatewayEvent } from '../../helpers/lambda-events.js';
import { RecordedMetrics } from '../../helpers/recorded-metrics.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sluice-proxy';
const SHOP = 'shop000001';
const BILLING = 'bill000002';
const quiet: QueueLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Issue 12: the route map was one object per stack, so a second API (or stage) overwrote the
 * first one's. Two APIs, one of them with two stages, are attached to one proxy function; then
 * one stage is detached and the others are still served, by a proxy function started afresh
 * from what is in the bucket.
 */
describe('Command: sluice attach, several APIs and stages on one proxy function', () => {
  let fauxqs: FauxqsPeer;
  let upstream: Upstream;
  let shop: ApiGatewayStandIn;
  let billing: ApiGatewayStandIn;
  let bucket: string;
  let data: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    [fauxqs, upstream] = await Promise.all([startFauxqsPeer(), startUpstream()]);
    process.env.AWS_ACCESS_KEY_ID = FAUXQS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAUXQS_CREDENTIALS.secretAccessKey;
    shop = await new ApiGatewayStandIn({ apiId: SHOP, stages: ['prod', 'beta'] }).listen();
    billing = await new ApiGatewayStandIn({ apiId: BILLING }).listen();
    // Each API's GET /users goes to its own backend; the shop's stages differ by a stage variable.
    shop.resourceAt('/users').methods.GET!.integration!.uri = 'http://${stageVariables.backend}/users';
    shop.stages.get('prod')!.variables.backend = `127.0.0.1:${upstream.port}/echo/shop-prod`;
    shop.stages.get('beta')!.variables.backend = `127.0.0.1:${upstream.port}/echo/shop-beta`;
    billing.resourceAt('/users').methods.GET!.integration!.uri = `${upstream.url}/echo/billing`;
    bucket = await fauxqs.createBucket();
    data = mkdtempSync(join(tmpdir(), 'sluice-attach-maps-'));
  });

  afterAll(async () => {
    process.env = savedEnv;
    await Promise.all([shop.close(), billing.close(), upstream.close(), fauxqs.stop()]);
    rmSync(data, { recursive: true, force: true });
  });

  const envFor = (apigw: ApiGatewayStandIn): NodeJS.ProcessEnv => ({
    AWS_REGION: FAUXQS_REGION,
    AWS_ENDPOINT_URL_API_GATEWAY: apigw.url,
    AWS_ENDPOINT_URL_LAMBDA: apigw.url,
    AWS_ENDPOINT_URL_S3: fauxqs.endpoint,
  });
  const options = (apiId: string, stage: string): Parameters<typeof runAttach>[0] => ({ apiId, stage, functionArn: FUNCTION_ARN, bucket, data, yes: true });

  /** A proxy function started now, as Lambda would start a new execution environment. */
  async function coldProxy(): Promise<(apiId: string, stage: string) => Promise<{ statusCode: number; url: string | undefined }>> {
    const objects = new S3ObjectStore({ region: FAUXQS_REGION, endpoint: fauxqs.endpoint, credentials: FAUXQS_CREDENTIALS });
    const routes = routeMapsFromEnv(
      { SLUICE_ROUTE_MAPS_URI: `s3://${bucket}/sluice/route-maps/`, SLUICE_ROUTE_MAP_URI: `s3://${bucket}/sluice/route-map.json` },
      () => objects,
    );
    const handler = createProxyHandler({
      routes,
      queue: undefined,
      capture: validateConfig({}, { file: 'test' }).capture,
      upstreamTimeoutMs: 10_000,
      logger: quiet,
      metrics: new RecordedMetrics({ namespace: 'SluiceTest', serviceName: 'proxy' }),
    });
    return async (apiId, stage) => {
      const event = apiGatewayEvent({ method: 'GET', resource: '/users', path: '/users' });
      const result = await handler({ ...event, requestContext: { ...event.requestContext, apiId, stage } });
      const url = result.multiValueHeaders?.['X-Echo-Url'] ?? result.headers?.['X-Echo-Url'];
      return { statusCode: result.statusCode, url: Array.isArray(url) ? String(url[0]) : url === undefined ? undefined : String(url) };
    };
  }

  it('keeps one route map per API and stage, and detaching one stage leaves the others served', async () => {
    // Prepare
    const shopBefore = shop.integrations();
    await runAttach(options(SHOP, 'prod'), captureIo().io, envFor(shop));
    await runAttach(options(BILLING, 'prod'), captureIo().io, envFor(billing));
    const beta = await runAttach(options(SHOP, 'beta'), captureIo().io, envFor(shop));
    const prodDeployment = shop.stages.get('prod')!.deploymentId;

    // Assess: the second stage found the originals in the first one's snapshot and was deployed
    expect(beta.plan.alreadyAttached).toHaveLength(4);
    expect(beta.applied?.deploymentId).toBe(shop.stages.get('beta')!.deploymentId);
    let proxy = await coldProxy();
    expect(await proxy(SHOP, 'prod')).toEqual({ statusCode: 200, url: '/echo/shop-prod/users' });
    expect(await proxy(SHOP, 'beta')).toEqual({ statusCode: 200, url: '/echo/shop-beta/users' });
    expect(await proxy(BILLING, 'prod')).toEqual({ statusCode: 200, url: '/echo/billing' });

    // Act
    await runDetach(options(SHOP, 'beta'), captureIo().io, envFor(shop));

    // Assess: beta has its originals deployed and no map; prod and the other API are untouched
    proxy = await coldProxy();
    expect(await proxy(SHOP, 'beta')).toMatchObject({ statusCode: 502 });
    expect(await proxy(SHOP, 'prod')).toEqual({ statusCode: 200, url: '/echo/shop-prod/users' });
    expect(await proxy(BILLING, 'prod')).toEqual({ statusCode: 200, url: '/echo/billing' });
    expect(shop.deployments.at(-1)).toMatchObject({ stageName: 'beta', description: 'sluice detach' });
    expect(shop.stages.get('prod')!.deploymentId).toBe(prodDeployment);
    // The API's working copy stays on the function, so prod's next deployment changes nothing.
    expect(shop.integrations()['GET /users']).toMatchObject({ type: 'AWS_PROXY' });
    expect(shop.policies.get(FUNCTION_ARN)?.size).toBe(1);

    // Act: the last stage
    await runDetach(options(SHOP, 'prod'), captureIo().io, envFor(shop));

    // Assess
    expect(shop.integrations()).toEqual(shopBefore);
    expect(shop.policies.get(FUNCTION_ARN)?.size).toBe(0);
    expect(await (await coldProxy())(BILLING, 'prod')).toEqual({ statusCode: 200, url: '/echo/billing' });
  });

  it('still serves an API from the single route map of earlier versions when it has no map of its own', async () => {
    // Prepare: a stack upgraded before its API was attached again
    const legacy = { version: 1, routes: [{ method: 'GET', resource: '/users', uri: `${upstream.url}/echo/legacy` }] };
    const objects = new S3ObjectStore({ region: FAUXQS_REGION, endpoint: fauxqs.endpoint, credentials: FAUXQS_CREDENTIALS });
    await objects.put(bucket, 'sluice/route-map.json', JSON.stringify(legacy));

    // Act
    const proxy = await coldProxy();

    // Assess
    expect(await proxy('old0000003', 'prod')).toEqual({ statusCode: 200, url: '/echo/legacy' });
    expect(await proxy(BILLING, 'prod')).toEqual({ statusCode: 200, url: '/echo/billing' });
    objects.destroy();
  });
});
