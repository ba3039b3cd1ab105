import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDeploy } from '../../../src/cli/deploy.js';
import type { DeployApp, DeployToolkit } from '../../../src/cli/deploy-toolkit.js';
import { ApiGatewayStandIn, DEMO_API_ID, DEMO_REGION, DEMO_STAGE } from '../../helpers/apigateway-stand-in.js';
import { captureIo } from '../../helpers/capture-io.js';
import { CloudFormationStandIn } from '../../helpers/cloudformation-stand-in.js';
import { FAUXQS_CREDENTIALS, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { S3ListVersions } from '../../helpers/s3-list-versions.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../helpers/secrets-manager-stand-in.js';
import { startStsStandIn, stsUrl } from '../../helpers/sts-stand-in.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sluice-proxy';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sluice-signing-AbCdEf';

/** A toolkit that records the calls and answers with the outputs a real deploy would have. */
function recordingToolkit(outputs: Record<string, string>): DeployToolkit & { calls: { action: string; stacks: readonly string[] }[]; apps: DeployApp[] } {
  const calls: { action: string; stacks: readonly string[] }[] = [];
  const apps: DeployApp[] = [];
  const record = (action: string, app: DeployApp): void => void (calls.push({ action, stacks: app.stacks }), apps.push(app));
  return {
    calls,
    apps,
    synth: (app) => (record('synth', app), Promise.resolve(app.stacks)),
    diff: (app) => (
      record('diff', app),
      Promise.resolve(app.stacks.map((stack) => ({ stack, changes: [{ logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', action: 'add' as const }] })))
    ),
    deploy: (app, onProgress) => {
      record('deploy', app);
      onProgress('[1/1] sluice-forwarder AWS::SQS::Queue Queue CREATE_COMPLETE');
      return Promise.resolve(
        app.stacks.map((stack) => ({
          stack,
          outputs: stack.endsWith('-forwarder') ? outputs : stack.endsWith('-example-api') ? { RestApiId: DEMO_API_ID, StageName: DEMO_STAGE } : {},
        })),
      );
    },
    destroy: (app) => (record('destroy', app), Promise.resolve()),
  };
}

describe('Command: sluice deploy --yes', () => {
  let fauxqs: FauxqsPeer;
  let sts: Server;
  let s3: S3ListVersions;
  let apigw: ApiGatewayStandIn;
  let cfn: CloudFormationStandIn;
  let secrets: SecretsManagerStandIn;
  let data: string;
  let outputs: Record<string, string>;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    fauxqs = await startFauxqsPeer();
    sts = await startStsStandIn();
    // Pages of 2 versions, so emptying a bucket has to follow IsTruncated.
    s3 = await new S3ListVersions(fauxqs.endpoint, 2).listen();
  });

  afterAll(async () => {
    process.env = savedEnv;
    sts.close();
    await s3.close();
    await fauxqs.stop();
  });

  beforeEach(async () => {
    [apigw, cfn, secrets] = await Promise.all([
      new ApiGatewayStandIn().listen(),
      new CloudFormationStandIn().listen(),
      startSecretsManagerStandIn({ [SECRET_ARN]: 'generated-by-cloudformation' }),
    ]);
    data = mkdtempSync(join(tmpdir(), 'sluice-deploy-'));
    const pair = await fauxqs.createQueuePair();
    outputs = {
      QueueUrl: pair.queueUrl,
      DeadLetterQueueUrl: pair.dlqUrl,
      ProxyFunctionArn: FUNCTION_ARN,
      ControlBucketName: await fauxqs.createBucket(),
      PayloadBucketName: await fauxqs.createBucket(),
      SigningSecretArn: SECRET_ARN,
      AlarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:sluice-alarms',
    };
    // Every client finds its stand-in through the SDK's own variables: no endpoint is passed.
    process.env = {
      ...savedEnv,
      AWS_ACCESS_KEY_ID: FAUXQS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAUXQS_CREDENTIALS.secretAccessKey,
      AWS_REGION: DEMO_REGION,
      AWS_ENDPOINT_URL: fauxqs.endpoint,
      AWS_ENDPOINT_URL_STS: stsUrl(sts),
      AWS_ENDPOINT_URL_API_GATEWAY: apigw.url,
      AWS_ENDPOINT_URL_LAMBDA: apigw.url,
      AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    };
    delete process.env.SLUICE_SIGNING_SECRET;
  });

  afterEach(async () => {
    await Promise.all([apigw.close(), cfn.close(), secrets.close()]);
    rmSync(data, { recursive: true, force: true });
  });

  const flags = { apiId: DEMO_API_ID, stage: DEMO_STAGE, destination: 'https://hooks.example.com/ingest', signingSecretArn: SECRET_ARN, yes: true };

  it('deploys the stacks, attaches the API and remembers the answers without the secret', async () => {
    // Prepare
    const toolkit = recordingToolkit(outputs);
    const out = captureIo({ interactive: false });

    // Act
    const outcome = await runDeploy({ ...flags, data, alarmEmail: 'ops@example.com' }, out.io, process.env, { toolkit });

    // Assess
    expect(outcome.deployed).toBe(true);
    expect(toolkit.calls).toEqual([
      { action: 'diff', stacks: ['sluice-forwarder'] },
      { action: 'deploy', stacks: ['sluice-forwarder'] },
    ]);
    expect(apigw.integrations()[`GET /users`]).toMatchObject({ type: 'AWS_PROXY' });
    expect(apigw.calls.some((call) => call.operation === 'GetResources')).toBe(true);
    expect(out.stdout()).toContain('sluice-forwarder: 1 to add');
    expect(out.stdout()).toContain('Confirm the SNS subscription e-mail sent to ops@example.com');
    expect(out.stderr()).toContain('CREATE_COMPLETE');
    const remembered = readFileSync(join(data, 'deploy.json'), 'utf8');
    expect(JSON.parse(remembered)).toMatchObject({ answers: { region: DEMO_REGION, apiId: DEMO_API_ID, stage: DEMO_STAGE, project: 'sluice' } });
    expect(remembered).not.toContain('whsec_');
  });

  it("previews a second stage of an attached API as attached, from the first stage's snapshot", async () => {
    // Prepare: one API with two stages, the first deployed and attached
    await apigw.close();
    apigw = await new ApiGatewayStandIn({ stages: [DEMO_STAGE, 'beta'] }).listen();
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = apigw.url;
    process.env.AWS_ENDPOINT_URL_LAMBDA = apigw.url;
    const toolkit = recordingToolkit(outputs);
    await runDeploy({ ...flags, data }, captureIo({ interactive: false }).io, process.env, { toolkit });
    const out = captureIo({ interactive: false });

    // Act
    await runDeploy({ ...flags, stage: 'beta', data }, out.io, process.env, { toolkit });

    // Assess
    const preview = out.stdout().slice(out.stdout().indexOf('Attach ' + DEMO_API_ID + ' stage beta:'));
    expect(preview).toMatch(/0 to attach, [1-9]\d* already attached, \d+ skipped/);
    expect(preview).not.toContain('no snapshot holds its original integration');
    expect(apigw.stages.get('beta')?.deploymentId).not.toBe('dep001');
  });

  it('#12 - a --yes run without deploy.json (a CI checkout) keeps the deployed signing secret and never logs it', async () => {
    // Prepare: a first CI deploy generates and stores the secret; the next checkout has no memory
    const toolkit = recordingToolkit(outputs);
    const { signingSecretArn: _arn, ...ci } = flags;
    const first = captureIo({ interactive: false });
    await runDeploy({ ...ci, data }, first.io, process.env, { toolkit });
    const stored = secrets.secrets[SECRET_ARN];
    cfn.stacks.set('sluice-forwarder', { name: 'sluice-forwarder', outputs });
    rmSync(join(data, 'deploy.json'));
    const second = captureIo({ interactive: false });

    // Act
    await runDeploy({ ...ci, data }, second.io, process.env, { toolkit });

    // Assess
    expect(stored).toMatch(/^whsec_/);
    expect(secrets.secrets[SECRET_ARN]).toBe(stored);
    expect(secrets.versions[SECRET_ARN]).toBe(2);
    expect(first.stdout()).toContain(`aws secretsmanager get-secret-value --secret-id ${SECRET_ARN}`);
    for (const run of [first, second]) expect(run.stdout() + run.stderr()).not.toContain('whsec_');
  });

  it('#12 - remembers --batch-size and --batching-window for the next run, where a flag given again wins', async () => {
    // Prepare: stand-in bundles, since the test synthesizes the second run's stacks
    const lambdaDir = join(data, 'dist-lambda');
    for (const name of ['proxy', 'forwarder', 'jwt-authorizer']) {
      mkdirSync(join(lambdaDir, name), { recursive: true });
      writeFileSync(join(lambdaDir, name, 'index.mjs'), 'export const handler = async () => ({});\n');
    }
    const toolkit = recordingToolkit(outputs);
    await runDeploy({ ...flags, data, lambdaDir, batchSize: '20', batchingWindow: '5s' }, captureIo({ interactive: false }).io, process.env, { toolkit });

    // Act
    await runDeploy({ ...flags, data, lambdaDir, batchSize: '15' }, captureIo({ interactive: false }).io, process.env, { toolkit });

    // Assess
    const assembly = await toolkit.apps.at(-1)!.synthesize(join(data, 'cdk.out'));
    const resources = Object.values(assembly.getStackByName('sluice-forwarder').template.Resources as Record<string, { Type: string; Properties: unknown }>);
    expect(resources.find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping')?.Properties).toMatchObject({
      BatchSize: 15,
      MaximumBatchingWindowInSeconds: 5,
    });
    const remembered = JSON.parse(readFileSync(join(data, 'deploy.json'), 'utf8')) as { answers: Record<string, unknown> };
    expect(remembered.answers).toMatchObject({ batchSize: '15', batchingWindow: '5s' });
  });

  it('--example-api deploys the example API stack first, then the forwarder, and attaches the example API', async () => {
    // Prepare
    const toolkit = recordingToolkit(outputs);
    const out = captureIo({ interactive: false });

    // Act
    await runDeploy({ exampleApi: true, destination: flags.destination, signingSecretArn: SECRET_ARN, yes: true, data }, out.io, process.env, { toolkit });

    // Assess
    expect(toolkit.calls).toEqual([
      { action: 'diff', stacks: ['sluice-example-api', 'sluice-forwarder'] },
      { action: 'deploy', stacks: ['sluice-example-api', 'sluice-forwarder'] },
    ]);
    expect(out.stdout()).toContain('Attach: the example API, once deployed.');
    expect(apigw.integrations()['GET /users']).toMatchObject({ type: 'AWS_PROXY' });
    const remembered = JSON.parse(readFileSync(join(data, 'deploy.json'), 'utf8')) as { answers: Record<string, unknown> };
    expect(remembered.answers).toMatchObject({ exampleApi: true, apiId: DEMO_API_ID, stage: DEMO_STAGE });
  });

  it('--example-api refuses --api-id, before deploying anything', async () => {
    // Prepare
    const toolkit = recordingToolkit(outputs);

    // Act
    const run = runDeploy({ ...flags, exampleApi: true, data }, captureIo({ interactive: false }).io, process.env, { toolkit });

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'SLUICE_USAGE', message: expect.stringContaining('--example-api') });
    expect(toolkit.calls).toEqual([]);
  });

  it('names the missing flag of a --yes run, with exit code 2, before deploying anything', async () => {
    // Prepare
    const toolkit = recordingToolkit(outputs);

    // Act
    const run = runDeploy({ apiId: DEMO_API_ID, yes: true, data }, captureIo({ interactive: false }).io, process.env, { toolkit });

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'SLUICE_USAGE', message: expect.stringContaining('--destination') });
    expect(toolkit.calls).toEqual([]);
  });

  it('--destroy refuses to drop dead letters without --force, then detaches, empties the buckets and destroys with it', async () => {
    // Prepare
    const toolkit = recordingToolkit(outputs);
    await runDeploy({ ...flags, data }, captureIo({ interactive: false }).io, process.env, { toolkit });
    await fauxqs.sqs.send(new SendMessageCommand({ QueueUrl: outputs.DeadLetterQueueUrl, MessageBody: '{"id":"lost"}' }));
    for (const key of ['payloads/a.json', 'payloads/b.json', 'payloads/c.json'])
      await fauxqs.s3.send(new PutObjectCommand({ Bucket: outputs.PayloadBucketName, Key: key, Body: '{}' }));
    const keysOf = async (bucket: string): Promise<number> => (await fauxqs.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0;
    expect(await keysOf(outputs.ControlBucketName!)).toBeGreaterThan(0);

    // Act
    const refused = runDeploy({ destroy: true, yes: true, data }, captureIo({ interactive: false }).io, process.env, { toolkit });
    await expect(refused).rejects.toMatchObject({ code: 'SLUICE_USAGE', message: expect.stringContaining('--force') });
    const callsBefore = toolkit.calls.length;
    const out = captureIo({ interactive: false });
    await runDeploy({ destroy: true, yes: true, force: true, data }, out.io, process.env, { toolkit });

    // Assess
    expect(toolkit.calls.slice(callsBefore)).toEqual([{ action: 'destroy', stacks: ['sluice-forwarder'] }]);
    expect(apigw.integrations()[`GET /users`]).toMatchObject({ type: 'HTTP_PROXY' });
    expect(out.stderr()).toContain('the payload bucket holds 3 stored payload(s)');
    expect(await keysOf(outputs.PayloadBucketName!)).toBe(0);
    expect(await keysOf(outputs.ControlBucketName!)).toBe(0);
    expect(s3.listed.filter((bucket) => bucket === outputs.PayloadBucketName).length).toBeGreaterThan(2);
  });

  it('says clearly that there are no credentials', async () => {
    // Prepare
    const toolkit = recordingToolkit(outputs);
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = process.env;
    process.env = { ...rest, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(data, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(data, 'none') };
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
    delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE;

    // Act
    const run = runDeploy({ ...flags, data }, captureIo({ interactive: false }).io, process.env, { toolkit });

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'SLUICE_AWS_ACCESS_DENIED', permission: 'credentials' });
    expect(toolkit.calls).toEqual([]);
  });
});
