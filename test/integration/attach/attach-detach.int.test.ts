import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAttach } from '../../../src/cli/attach.js';
import { runDetach } from '../../../src/cli/detach.js';
import { ApiGatewayStandIn, DEMO_API_ID, DEMO_REGION, DEMO_STAGE } from '../../helpers/apigateway-stand-in.js';
import { captureIo } from '../../helpers/capture-io.js';
import { FAUXQS_CREDENTIALS, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sluice-proxy';
const ROUTE_MAP = `sluice/route-maps/${DEMO_API_ID}/${DEMO_STAGE}.json`;
const PROXY_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`;

describe('Command: sluice attach / sluice detach', () => {
  let fauxqs: FauxqsPeer;
  let apigw: ApiGatewayStandIn;
  let bucket: string;
  let data: string;
  let env: NodeJS.ProcessEnv;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    fauxqs = await startFauxqsPeer();
    // The SDK's credential chain reads the process environment; fixed keys keep it off the network.
    process.env.AWS_ACCESS_KEY_ID = FAUXQS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAUXQS_CREDENTIALS.secretAccessKey;
  });

  afterAll(async () => {
    process.env = savedEnv;
    await fauxqs.stop();
  });

  beforeEach(async () => {
    apigw = await new ApiGatewayStandIn().listen();
    bucket = await fauxqs.createBucket();
    data = mkdtempSync(join(tmpdir(), 'sluice-attach-'));
    env = { AWS_REGION: DEMO_REGION, AWS_ENDPOINT_URL_API_GATEWAY: apigw.url, AWS_ENDPOINT_URL_LAMBDA: apigw.url, AWS_ENDPOINT_URL_S3: fauxqs.endpoint };
  });

  afterEach(async () => {
    await apigw.close();
    rmSync(data, { recursive: true, force: true });
  });

  const options = (extra: Record<string, unknown> = {}): Parameters<typeof runAttach>[0] => ({
    apiId: DEMO_API_ID,
    stage: DEMO_STAGE,
    functionArn: FUNCTION_ARN,
    bucket,
    data,
    yes: true,
    ...extra,
  });

  async function readObject(key: string): Promise<unknown> {
    const answer = await fauxqs.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await answer.Body!.transformToString());
  }

  async function objectExists(key: string): Promise<boolean> {
    return readObject(key).then(
      () => true,
      () => false,
    );
  }

  it('prints the plan on --dry-run and changes nothing', async () => {
    // Prepare
    const before = apigw.integrations();
    const out = captureIo();

    // Act
    const { plan } = await runAttach(options({ dryRun: true, yes: false }), out.io, env);

    // Assess
    expect(plan.changes).toHaveLength(4);
    expect(out.stdout()).toMatch(/GET\s+\/internal\s+HTTP_PROXY\s+skip: private integration through a VPC link/);
    expect(out.stdout()).toContain('4 to attach, 0 already attached, 2 skipped');
    expect(apigw.writes()).toEqual([]);
    expect(apigw.integrations()).toEqual(before);
    expect(await objectExists(`sluice/attach/${DEMO_API_ID}/${DEMO_STAGE}.json`)).toBe(false);
  });

  it('moves the four HTTP_PROXY methods onto the function, skips MOCK and VPC_LINK, and writes the route map', async () => {
    // Act
    const { plan, applied } = await runAttach(options(), captureIo().io, env);

    // Assess
    expect(applied?.changed).toBe(4);
    expect(plan.skipped.map((skipped) => `${skipped.httpMethod} ${skipped.path} ${skipped.type}`)).toEqual(['GET /health MOCK', 'GET /internal HTTP_PROXY']);
    const now = apigw.integrations();
    for (const key of ['GET /users', 'POST /users', 'GET /api/v1/users', 'POST /api/v1/users']) {
      expect(now[key]).toMatchObject({ type: 'AWS_PROXY', httpMethod: 'POST', uri: PROXY_URI });
    }
    expect(now['GET /users']?.timeoutInMillis).toBe(10000);
    expect(now['GET /health']?.type).toBe('MOCK');
    expect(now['GET /internal']?.connectionType).toBe('VPC_LINK');
    expect(apigw.stage.deploymentId).not.toBe('dep001');
    expect(apigw.calls.filter((call) => call.operation === 'CreateDeployment')).toHaveLength(1);
    expect([...(apigw.policies.get(FUNCTION_ARN)?.values() ?? [])]).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:123456789012:${DEMO_API_ID}/*` } },
      }),
    ]);
    expect(await readObject(ROUTE_MAP)).toEqual({
      version: 1,
      stage_variables: { backend: 'jsonplaceholder.typicode.com' },
      routes: expect.arrayContaining([
        { method: 'GET', resource: '/users', uri: 'https://jsonplaceholder.typicode.com/users', name: '/users', timeout_ms: 10000 },
        { method: 'POST', resource: '/api/v1/users', uri: 'https://${stageVariables.backend}/users', name: '/api/v1/users', timeout_ms: 29000 },
        {
          method: 'GET',
          resource: '/api/v1/users',
          uri: 'https://jsonplaceholder.typicode.com/users',
          name: '/api/v1/users',
          request_parameters: { 'integration.request.header.X-Tenant': 'method.request.querystring.tenant' },
          timeout_ms: 29000,
        },
      ]),
    });
  });

  it('keeps the original integrations when attached twice', async () => {
    // Prepare
    const before = apigw.integrations();
    await runAttach(options(), captureIo().io, env);

    // Act
    const second = await runAttach(options(), captureIo().io, env);

    // Assess
    expect(second.applied?.changed).toBe(0);
    expect(second.plan.alreadyAttached).toHaveLength(4);
    const snapshot = (await readObject(`sluice/attach/${DEMO_API_ID}/${DEMO_STAGE}.json`)) as {
      methods: { httpMethod: string; path: string; integration: unknown }[];
    };
    for (const method of snapshot.methods) expect(method.integration).toEqual(before[`${method.httpMethod} ${method.path}`]);
    expect(((await readObject(ROUTE_MAP)) as { routes: unknown[] }).routes).toHaveLength(4);
  });

  it('detach restores every integration field for field and redeploys; detaching again is a no-op', async () => {
    // Prepare
    const before = apigw.integrations();
    await runAttach(options(), captureIo().io, env);
    const attachedDeployment = apigw.stage.deploymentId;

    // Act
    await runDetach(options(), captureIo().io, env);

    // Assess
    expect(apigw.integrations()).toEqual(before);
    expect(apigw.stage.deploymentId).not.toBe(attachedDeployment);
    expect(apigw.deployments.at(-1)).toMatchObject({ stageName: DEMO_STAGE, description: 'sluice detach' });
    expect(apigw.policies.get(FUNCTION_ARN)?.size).toBe(0);

    // Act: again
    const writes = apigw.writes().length;
    const out = captureIo();
    await runDetach(options(), out.io, env);

    // Assess
    expect(out.stdout()).toContain('Nothing to detach');
    expect(await objectExists(ROUTE_MAP)).toBe(false);
    expect(apigw.writes()).toHaveLength(writes);
  });

  it('redeploys the stage when an interrupted detach restored the integrations but never deployed them', async () => {
    // Prepare: attached, then every integration put back as a detach cut short before its deployment leaves them
    const before = apigw.integrations();
    await runAttach(options(), captureIo().io, env);
    const attachedDeployment = apigw.stage.deploymentId;
    for (const resource of apigw.resources.values())
      for (const method of Object.values(resource.methods)) method.integration = structuredClone(before[`${method.httpMethod} ${resource.path}`]);

    // Act
    await runDetach(options(), captureIo().io, env);

    // Assess: the stage no longer serves the attached deployment, whose function loses its permission
    expect(apigw.stage.deploymentId).not.toBe(attachedDeployment);
    expect(apigw.deployments.at(-1)).toMatchObject({ stageName: DEMO_STAGE, description: 'sluice detach' });
    expect(apigw.policies.get(FUNCTION_ARN)?.size).toBe(0);
  });

  it('restores integration responses too', async () => {
    // Prepare: an HTTP (non-proxy, no templates) method with an integration response is moved and must come back whole.
    const users = apigw.resourceAt('/users');
    users.methods.GET!.integration = {
      ...users.methods.GET!.integration!,
      type: 'HTTP',
      integrationResponses: {
        '200': { statusCode: '200', selectionPattern: '2\\d{2}', responseParameters: { 'method.response.header.X-Served-By': "'backend'" } },
      },
    };
    const before = apigw.integrations();

    // Act
    await runAttach(options(), captureIo().io, env);
    await runDetach(options(), captureIo().io, env);

    // Assess
    expect(apigw.integrations()).toEqual(before);
  });

  it('refuses to detach, naming the method, when an integration changed since attach, unless --force', async () => {
    // Prepare
    const before = apigw.integrations();
    await runAttach(options(), captureIo().io, env);
    apigw.resourceAt('/users').methods.POST!.integration = { type: 'HTTP_PROXY', httpMethod: 'POST', uri: 'https://elsewhere.example.com/users' };

    // Act
    const refused = runDetach(options(), captureIo().io, env);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'SLUICE_USAGE', message: expect.stringContaining('POST /users') });
    expect(apigw.integrations()['GET /users']?.type).toBe('AWS_PROXY');

    // Act: forced
    await runDetach(options({ force: true }), captureIo().io, env);

    // Assess
    expect(apigw.integrations()).toEqual(before);
  });

  it('rolls back the integrations it changed when a call fails midway', async () => {
    // Prepare
    const before = apigw.integrations();
    apigw.faults = [{ operation: 'PutIntegration', nth: 3, status: 400, type: 'BadRequestException' }];

    // Act
    const attempt = runAttach(options(), captureIo().io, env);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'SLUICE_AWS_ERROR' });
    expect(apigw.integrations()).toEqual(before);
    expect(apigw.stage.deploymentId).toBe('dep001');
    expect(apigw.policies.get(FUNCTION_ARN)?.size).toBe(0);
    expect(await objectExists(`sluice/attach/${DEMO_API_ID}/${DEMO_STAGE}.json`)).toBe(false);
    expect(await objectExists(ROUTE_MAP)).toBe(false);
  });

  it('retries a throttled deployment', async () => {
    // Prepare
    apigw.faults = [{ operation: 'CreateDeployment', nth: 1, status: 429, type: 'TooManyRequestsException' }];

    // Act
    const { applied } = await runAttach(options(), captureIo().io, env);

    // Assess
    expect(applied?.changed).toBe(4);
    expect(apigw.calls.filter((call) => call.operation === 'CreateDeployment').map((call) => call.status)).toEqual([429, 201]);
  });
});
