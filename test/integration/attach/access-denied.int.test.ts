import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAttach } from '../../../src/cli/attach.js';
import { runDeploy } from '../../../src/cli/deploy.js';
import type { DeployToolkit } from '../../../src/cli/deploy-toolkit.js';
import { runDetach } from '../../../src/cli/detach.js';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import { ApiGatewayStandIn, DEMO_API_ID, DEMO_REGION, DEMO_STAGE } from '../../helpers/apigateway-stand-in.js';
import { captureIo, type CapturedIo } from '../../helpers/capture-io.js';
import { CloudFormationStandIn } from '../../helpers/cloudformation-stand-in.js';
import { FAUXQS_CREDENTIALS, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { startStsStandIn, stsUrl } from '../../helpers/sts-stand-in.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sluice-proxy';
const SNAPSHOT = `sluice/attach/${DEMO_API_ID}/${DEMO_STAGE}.json`;
const ROUTE_MAP = `sluice/route-maps/${DEMO_API_ID}/${DEMO_STAGE}.json`;
/** A session token no output may show. */
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEDeniedSessionTokenThatMustNotLeak';

/** What a person sees when the command ends with `error`: its output and the line `main` prints. */
function shown(out: CapturedIo, error: unknown): string {
  return `${out.stdout()}${out.stderr()}sluice: ${(error as Error).message}`;
}

describe('Command: sluice attach / detach / deploy when AWS denies a permission', () => {
  let fauxqs: FauxqsPeer;
  let sts: Server;
  let apigw: ApiGatewayStandIn;
  let bucket: string;
  let data: string;
  let env: NodeJS.ProcessEnv;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    fauxqs = await startFauxqsPeer();
    sts = await startStsStandIn();
  });

  afterAll(async () => {
    process.env = savedEnv;
    sts.close();
    await fauxqs.stop();
  });

  beforeEach(async () => {
    apigw = await new ApiGatewayStandIn().listen();
    bucket = await fauxqs.createBucket();
    data = mkdtempSync(join(tmpdir(), 'sluice-denied-'));
    // The SDK's credential chain reads the process environment; fixed keys keep it off the network.
    process.env = {
      ...savedEnv,
      AWS_ACCESS_KEY_ID: FAUXQS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAUXQS_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: SESSION_TOKEN,
    };
    env = { AWS_REGION: DEMO_REGION, AWS_ENDPOINT_URL_API_GATEWAY: apigw.url, AWS_ENDPOINT_URL_LAMBDA: apigw.url, AWS_ENDPOINT_URL_S3: fauxqs.endpoint };
  });

  afterEach(async () => {
    await apigw.close();
    rmSync(data, { recursive: true, force: true });
  });

  async function objectExists(key: string): Promise<boolean> {
    return fauxqs.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      () => false,
    );
  }

  /** Everything attach could change, as it is now. */
  async function state(): Promise<unknown> {
    return {
      integrations: apigw.integrations(),
      deploymentId: apigw.stage.deploymentId,
      policy: [...(apigw.policies.get(FUNCTION_ARN)?.keys() ?? [])],
      snapshot: await objectExists(SNAPSHOT),
      routeMap: await objectExists(ROUTE_MAP),
    };
  }

  function expectNamedDenial(error: unknown, out: CapturedIo, operation: string, permission: string): void {
    expect(error).toMatchObject({ code: 'SLUICE_AWS_ACCESS_DENIED', permission: expect.stringContaining(permission) });
    expect(exitCodeFor(error)).toBe(1);
    const text = shown(out, error);
    expect(text).toContain(operation);
    expect(text).toContain(permission);
    for (const secret of [FAUXQS_CREDENTIALS.secretAccessKey, SESSION_TOKEN]) expect(text).not.toContain(secret);
  }

  it.each([
    { description: 'API Gateway PutIntegration', operation: 'PutIntegration', permission: 'apigateway:PUT' },
    { description: 'API Gateway CreateDeployment, after every integration moved', operation: 'CreateDeployment', permission: 'apigateway:POST' },
    { description: 'Lambda AddPermission', operation: 'AddPermission', permission: 'lambda:AddPermission' },
  ])('attach: a denied $description exits 1 naming it, and leaves the API, the policy and the bucket as they were', async ({ operation, permission }) => {
    // Prepare
    const before = await state();
    apigw.deny(operation);
    const out = captureIo();

    // Act
    const error = await runAttach({ apiId: DEMO_API_ID, stage: DEMO_STAGE, functionArn: FUNCTION_ARN, bucket, data, yes: true }, out.io, env).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expectNamedDenial(error, out, operation, permission);
    expect(apigw.calls.filter((call) => call.status === 403).map((call) => call.operation)).toContain(operation);
    expect(await state()).toEqual(before);
  });

  it('attach: a denied CloudFormation DescribeStacks (the stack outputs) exits 1 naming it, before any change', async () => {
    // Prepare
    const cloudFormation = await new CloudFormationStandIn([{ name: 'sluice-forwarder', outputs: { ProxyFunctionArn: FUNCTION_ARN } }])
      .deny('DescribeStacks')
      .listen();
    const out = captureIo();

    try {
      // Act
      const error = await runAttach({ apiId: DEMO_API_ID, stage: DEMO_STAGE, data, yes: true }, out.io, {
        ...env,
        AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url,
      }).catch((caught: unknown) => caught);

      // Assess
      expectNamedDenial(error, out, 'DescribeStacks', 'cloudformation:DescribeStacks');
      expect(apigw.calls).toEqual([]);
    } finally {
      await cloudFormation.close();
    }
  });

  it.each([
    { description: 'CreateDeployment', operation: 'CreateDeployment', permission: 'apigateway:POST' },
    { description: 'PutIntegration', operation: 'PutIntegration', permission: 'apigateway:PUT' },
  ])('detach: a denied $description exits 1 naming it, leaves the API attached, and detaches once granted', async ({ operation, permission }) => {
    // Prepare
    const original = apigw.integrations();
    const detach = { apiId: DEMO_API_ID, stage: DEMO_STAGE, functionArn: FUNCTION_ARN, bucket, data, yes: true };
    await runAttach(detach, captureIo().io, env);
    const attached = await state();
    apigw.deny(operation);
    const out = captureIo();

    // Act
    const error = await runDetach(detach, out.io, env).catch((caught: unknown) => caught);

    // Assess
    expectNamedDenial(error, out, operation, permission);
    expect(await state()).toEqual(attached);
    apigw.denied.clear();
    await runDetach(detach, captureIo().io, env);
    expect(apigw.integrations()).toEqual(original);
    expect(apigw.deployments.at(-1)).toMatchObject({ stageName: DEMO_STAGE, description: 'sluice detach' });
    expect(await objectExists(SNAPSHOT)).toBe(false);
  });

  it('deploy: a denied PutIntegration while attaching exits 1 naming it, with the API untouched', async () => {
    // Prepare
    const outputs = { ProxyFunctionArn: FUNCTION_ARN, ControlBucketName: bucket, SigningSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s' };
    const toolkit: DeployToolkit = {
      synth: (app) => Promise.resolve(app.stacks),
      diff: (app) => Promise.resolve(app.stacks.map((stack) => ({ stack, changes: [] }))),
      deploy: (app) => Promise.resolve(app.stacks.map((stack) => ({ stack, outputs: stack.endsWith('-forwarder') ? outputs : {} }))),
      destroy: () => Promise.resolve(),
    };
    Object.assign(process.env, env, { AWS_ENDPOINT_URL: fauxqs.endpoint, AWS_ENDPOINT_URL_STS: stsUrl(sts) });
    const before = await state();
    apigw.deny('PutIntegration');
    const out = captureIo({ interactive: false });

    // Act
    const error = await runDeploy(
      {
        apiId: DEMO_API_ID,
        stage: DEMO_STAGE,
        destination: 'https://hooks.example.com/ingest',
        signingSecretArn: outputs.SigningSecretArn,
        data,
        yes: true,
      },
      out.io,
      process.env,
      { toolkit },
    ).catch((caught: unknown) => caught);

    // Assess
    expectNamedDenial(error, out, 'PutIntegration', 'apigateway:PUT');
    expect(await state()).toEqual(before);
  });
});
