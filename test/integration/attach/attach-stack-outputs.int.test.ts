import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAttach } from '../../../src/cli/attach.js';
import { runDetach } from '../../../src/cli/detach.js';
import { ApiGatewayStandIn, DEMO_API_ID, DEMO_REGION, DEMO_STAGE } from '../../helpers/apigateway-stand-in.js';
import { captureIo } from '../../helpers/capture-io.js';
import { CloudFormationStandIn } from '../../helpers/cloudformation-stand-in.js';
import { FAUXQS_CREDENTIALS, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:shop-proxy-Function76856677';

/** Issue 12 §2: "the proxy function and the bucket default to the deployed stack's outputs". */
describe('Command: sluice attach / detach without --function-arn and --bucket', () => {
  let fauxqs: FauxqsPeer;
  let apigw: ApiGatewayStandIn;
  let cfn: CloudFormationStandIn;
  let bucket: string;
  let data: string;
  let env: NodeJS.ProcessEnv;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    fauxqs = await startFauxqsPeer();
    process.env.AWS_ACCESS_KEY_ID = FAUXQS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAUXQS_CREDENTIALS.secretAccessKey;
  });

  afterAll(async () => {
    process.env = savedEnv;
    await fauxqs.stop();
  });

  beforeEach(async () => {
    bucket = await fauxqs.createBucket();
    apigw = await new ApiGatewayStandIn().listen();
    cfn = await new CloudFormationStandIn([
      {
        name: 'shop-forwarder',
        outputs: { ProxyFunctionArn: FUNCTION_ARN, ControlBucketName: bucket, QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' },
      },
    ]).listen();
    data = mkdtempSync(join(tmpdir(), 'sluice-attach-outputs-'));
    env = {
      AWS_REGION: DEMO_REGION,
      AWS_ENDPOINT_URL_API_GATEWAY: apigw.url,
      AWS_ENDPOINT_URL_LAMBDA: apigw.url,
      AWS_ENDPOINT_URL_S3: fauxqs.endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url,
    };
  });

  afterEach(async () => {
    await Promise.all([apigw.close(), cfn.close()]);
    rmSync(data, { recursive: true, force: true });
  });

  it('takes the proxy function and the control bucket from the forwarder stack of --project', async () => {
    // Act
    const { applied } = await runAttach({ apiId: DEMO_API_ID, stage: DEMO_STAGE, project: 'shop', data, yes: true }, captureIo().io, env);

    // Assess
    expect(applied?.changed).toBe(4);
    expect(cfn.calls).toEqual([{ action: 'DescribeStacks', params: expect.objectContaining({ StackName: 'shop-forwarder' }), signed: true }]);
    expect(apigw.integrations()['GET /users']?.uri).toContain(FUNCTION_ARN);
    expect(apigw.policies.get(FUNCTION_ARN)?.size).toBe(1);
    const map = await fauxqs.s3.send(new GetObjectCommand({ Bucket: bucket, Key: `sluice/route-maps/${DEMO_API_ID}/${DEMO_STAGE}.json` }));
    expect(JSON.parse(await map.Body!.transformToString())).toMatchObject({ version: 1 });

    // Act: detach finds the same stack
    await runDetach({ apiId: DEMO_API_ID, stage: DEMO_STAGE, project: 'shop', data, yes: true }, captureIo().io, env);

    // Assess
    expect(apigw.integrations()['GET /users']?.type).toBe('HTTP_PROXY');
    expect(cfn.calls.map((call) => call.params.StackName)).toEqual(['shop-forwarder', 'shop-forwarder']);
  });

  it('fails with a clear usage error naming the stack when it does not exist, and changes nothing', async () => {
    // Act
    const attempt = runAttach({ apiId: DEMO_API_ID, stage: DEMO_STAGE, data, yes: true }, captureIo().io, env);

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'SLUICE_USAGE',
      message: expect.stringMatching(/--function-arn and --bucket: .*sluice-forwarder.*Stack with id sluice-forwarder does not exist/),
    });
    expect(apigw.calls).toEqual([]);
  });

  it('needs no stack when both flags are given', async () => {
    // Act
    await runAttach({ apiId: DEMO_API_ID, stage: DEMO_STAGE, functionArn: FUNCTION_ARN, bucket, data, dryRun: true }, captureIo().io, env);

    // Assess
    expect(cfn.calls).toEqual([]);
  });
});
