import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiGatewayStandIn, DEMO_API_ID } from '../../helpers/apigateway-stand-in.js';
import { CloudFormationStandIn } from '../../helpers/cloudformation-stand-in.js';
import { FAUXQS_CREDENTIALS, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { KEYS, PtySession } from '../../helpers/pty-session.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../helpers/secrets-manager-stand-in.js';
import { startStsStandIn, stsUrl } from '../../helpers/sts-stand-in.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:shop-proxy';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-signing-AbCdEf';
const DESTINATION = 'https://hooks.example.com/ingest';

/**
 * Issue 12 §3: `sluice deploy` driven through a pseudo-terminal, as a person runs it: the
 * `@inquirer/prompts` questions answered with keystrokes, the answers remembered in
 * `.sluice/deploy.json` (0600, no secret) and offered as the defaults of the next run. The CDK
 * toolkit is the recording stand-in of `--toolkit-module`; every AWS client reaches a stand-in
 * through the SDK's endpoint variables.
 */
describe('Command: sluice deploy on a terminal', () => {
  let fauxqs: FauxqsPeer;
  let sts: Server;
  let secrets: SecretsManagerStandIn;
  let apigw: ApiGatewayStandIn;
  let cfn: CloudFormationStandIn;
  let forwarderOutputs: Record<string, string>;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const sessions: PtySession[] = [];

  beforeAll(async () => {
    [fauxqs, sts, secrets, apigw, cfn] = await Promise.all([
      startFauxqsPeer(),
      startStsStandIn(),
      startSecretsManagerStandIn({ [SECRET_ARN]: 'placeholder' }),
      new ApiGatewayStandIn({ stages: ['prod', 'live'] }).listen(),
      new CloudFormationStandIn().listen(),
    ]);
    home = mkdtempSync(join(tmpdir(), 'sluice-deploy-tty-'));
    const pair = await fauxqs.createQueuePair();
    forwarderOutputs = {
      QueueUrl: pair.queueUrl,
      DeadLetterQueueUrl: pair.dlqUrl,
      ProxyFunctionArn: FUNCTION_ARN,
      ControlBucketName: await fauxqs.createBucket(),
      SigningSecretArn: SECRET_ARN,
      AlarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:shop-alarms',
    };
    const outputs = { '-forwarder': forwarderOutputs };
    env = {
      PATH: process.env.PATH,
      HOME: home,
      TERM: 'xterm-256color',
      AWS_ACCESS_KEY_ID: FAUXQS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAUXQS_CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: fauxqs.endpoint,
      AWS_ENDPOINT_URL_STS: stsUrl(sts),
      AWS_ENDPOINT_URL_API_GATEWAY: apigw.url,
      AWS_ENDPOINT_URL_LAMBDA: apigw.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url,
      SLUICE_TEST_TOOLKIT_LOG: join(home, 'toolkit.jsonl'),
      SLUICE_TEST_TOOLKIT_OUTPUTS: JSON.stringify(outputs),
    };
  });

  afterAll(async () => {
    for (const session of sessions) session.close();
    sts.close();
    await Promise.all([fauxqs.stop(), secrets.close(), apigw.close(), cfn.close()]);
    rmSync(home, { recursive: true, force: true });
  });

  function deploy(): PtySession {
    const argv = [
      process.execPath,
      join(ROOT, 'bin/sluice.js'),
      'deploy',
      '--data',
      join(home, '.sluice'),
      '--lambda-dir',
      join(ROOT, 'dist-lambda'),
      '--toolkit-module',
      join(ROOT, 'test/helpers/recording-toolkit.mjs'),
    ];
    const session = PtySession.start(argv, { cwd: home, env });
    sessions.push(session);
    return session;
  }

  const toolkitCalls = (): unknown[] =>
    readFileSync(join(home, 'toolkit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);

  it('asks each question, deploys and attaches, and remembers the answers without the secret', async () => {
    // Prepare
    const session = deploy();

    // Act: answer as a person would
    await session.waitFor(/AWS region.*\(us-east-1\)/);
    session.type('eu-west-1', KEYS.enter);
    await session.waitFor('REST API to attach');
    await session.waitFor(`sluice-demo (${DEMO_API_ID})`);
    session.type(KEYS.enter);
    await session.waitFor(/Stage to attach.*\(prod\)/);
    session.type('live', KEYS.enter);
    await session.waitFor(/Project name.*\(sluice\)/);
    session.type('shop', KEYS.enter);
    await session.waitFor('Destination URL');
    session.type(DESTINATION, KEYS.enter);
    await session.waitFor('Enter generates one');
    session.type(KEYS.enter);
    await session.waitFor('Alarm e-mail');
    session.type('ops@example.com', KEYS.enter);
    await session.waitFor(`Deploy shop-forwarder (with the 1 IAM and security group change above) and attach ${DEMO_API_ID} stage live?`);
    session.type('y', KEYS.enter);

    // Assess
    const summary = await session.waitFor(/Signing secret \(shown once[^\n]*\n\s*whsec_\S+/);
    expect(await session.exit).toBe(0);
    const shown = /whsec_\S+/.exec(summary)![0];
    expect(secrets.secrets[SECRET_ARN]).toBe(shown);
    expect(session.text()).toContain('Confirm the SNS subscription e-mail sent to ops@example.com');
    expect(session.text()).toContain('shop-forwarder: IAM + Allow sqs:SendMessage on ${Queue.Arn} for AWS:${FunctionRole}');
    expect(toolkitCalls()).toEqual([
      { action: 'diff', stacks: ['shop-forwarder'] },
      { action: 'deploy', stacks: ['shop-forwarder'], approved: ['IAM + Allow sqs:SendMessage on ${Queue.Arn} for AWS:${FunctionRole}'] },
    ]);
    expect(apigw.integrations()['GET /users']).toMatchObject({ type: 'AWS_PROXY' });
    expect(apigw.stages.get('live')!.deploymentId).not.toBe('dep001');
    const file = join(home, '.sluice', 'deploy.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const remembered = readFileSync(file, 'utf8');
    expect(JSON.parse(remembered)).toMatchObject({
      answers: { region: 'eu-west-1', apiId: DEMO_API_ID, stage: 'live', project: 'shop', destination: DESTINATION, alarmEmail: 'ops@example.com' },
      deployed: { signingSecretSet: true },
    });
    expect(remembered).not.toContain('whsec_');
  });

  it('offers the previous answers as the defaults of the next run', async () => {
    // Prepare: the stack the first run deployed, as CloudFormation now describes it
    cfn.stacks.set('shop-forwarder', { name: 'shop-forwarder', outputs: forwarderOutputs });
    const session = deploy();

    // Act: accept every default, then decline the deployment
    await session.waitFor(/AWS region.*\(eu-west-1\)/);
    session.type(KEYS.enter);
    await session.waitFor(`sluice-demo (${DEMO_API_ID})`);
    session.type(KEYS.enter);
    await session.waitFor(/Stage to attach.*\(live\)/);
    session.type(KEYS.enter);
    await session.waitFor(/Project name.*\(shop\)/);
    session.type(KEYS.enter);
    await session.waitFor(`Destination URL (where the records are delivered) (${DESTINATION})`);
    session.type(KEYS.enter);
    await session.waitFor('Enter keeps the deployed one');
    session.type(KEYS.enter);
    await session.waitFor(/Alarm e-mail.*\(ops@example\.com\)/);
    session.type(KEYS.enter);
    await session.waitFor(`Deploy shop-forwarder (with the 1 IAM and security group change above) and attach ${DEMO_API_ID} stage live?`);
    session.type('n', KEYS.enter);

    // Assess
    await session.waitFor('Nothing was deployed.');
    expect(await session.exit).toBe(0);
    expect(toolkitCalls().slice(2)).toEqual([{ action: 'diff', stacks: ['shop-forwarder'] }]);
    expect(JSON.parse(readFileSync(join(home, '.sluice', 'deploy.json'), 'utf8'))).toMatchObject({
      answers: { region: 'eu-west-1', apiId: DEMO_API_ID, stage: 'live', project: 'shop', destination: DESTINATION, alarmEmail: 'ops@example.com' },
    });
  });
});
