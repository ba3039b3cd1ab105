import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttach } from '../../../src/cli/attach.js';
import { ApiGatewayStandIn, DEMO_API_ID, DEMO_REGION, DEMO_STAGE } from '../../helpers/apigateway-stand-in.js';
import { captureIo } from '../../helpers/capture-io.js';
import { FAUXQS_CREDENTIALS, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { S3WithoutListBucket } from '../../helpers/s3-without-list-bucket.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sluice-proxy';

/**
 * Issue 12 §3, "a clear message naming the missing permission": without `s3:ListBucket`, S3
 * answers the first attach's read of a snapshot that does not exist yet with 403, not 404.
 */
describe('Command: sluice attach when S3 denies reading a missing snapshot', () => {
  let fauxqs: FauxqsPeer;
  let s3: S3WithoutListBucket;
  let apigw: ApiGatewayStandIn;
  let data: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    fauxqs = await startFauxqsPeer();
    [s3, apigw] = await Promise.all([new S3WithoutListBucket(fauxqs.endpoint).listen(), new ApiGatewayStandIn().listen()]);
    data = mkdtempSync(join(tmpdir(), 'sluice-attach-denied-'));
    process.env.AWS_ACCESS_KEY_ID = FAUXQS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAUXQS_CREDENTIALS.secretAccessKey;
  });

  afterAll(async () => {
    process.env = savedEnv;
    await Promise.all([s3.close(), apigw.close()]);
    await fauxqs.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it('names s3:ListBucket and s3:GetObject on the bucket, and changes nothing', async () => {
    // Prepare
    const bucket = await fauxqs.createBucket();
    const env = { AWS_REGION: DEMO_REGION, AWS_ENDPOINT_URL_S3: s3.url, AWS_ENDPOINT_URL_API_GATEWAY: apigw.url, AWS_ENDPOINT_URL_LAMBDA: apigw.url };

    // Act
    const attempt = runAttach({ apiId: DEMO_API_ID, stage: DEMO_STAGE, functionArn: FUNCTION_ARN, bucket, data, yes: true }, captureIo().io, env);

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'SLUICE_AWS_ACCESS_DENIED',
      permission: `s3:ListBucket (arn:aws:s3:::${bucket}) and s3:GetObject (arn:aws:s3:::${bucket}/sluice/*)`,
    });
    expect(s3.denied).toEqual([`GET /${bucket}/sluice/attach/${DEMO_API_ID}/${DEMO_STAGE}.json?x-id=GetObject`]);
    expect(apigw.integrations()['GET /users']).toMatchObject({ type: 'HTTP_PROXY' });
    expect(apigw.calls.some((call) => call.operation === 'PutIntegration')).toBe(false);
  });
});
