import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCdkDeployToolkit } from '../../../src/cli/cdk-deploy-toolkit.js';
import type { DeployApp, DeployToolkit } from '../../../src/cli/deploy-toolkit.js';
import { CloudFormationStandIn } from '../../helpers/cloudformation-stand-in.js';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { serverUrl, startSsmStandIn } from '../../helpers/ssm-stand-in.js';
import { startStsStandIn } from '../../helpers/sts-stand-in.js';

const WORKER = 'toolkit-test-worker';
const TOPIC = 'toolkit-test-topic';

/**
 * Two small stacks: a function allowed to send to a queue (IAM changes the CDK asks approval
 * for) and a topic (none). Inline code, so no asset and no bundle is needed. Records the
 * templates it synthesizes, to store one in the CloudFormation stand-in as "deployed".
 */
function testApp(): DeployApp & { readonly templates: Map<string, unknown> } {
  const templates = new Map<string, unknown>();
  return {
    stacks: [WORKER, TOPIC],
    templates,
    synthesize(outdir) {
      // No CDK metadata resource: the diff leaves it out, and the test compares resources one to one.
      const app = new App({ analyticsReporting: false, ...(outdir !== undefined && { outdir }) });
      const worker = new Stack(app, WORKER, { env: { region: 'us-east-1' } });
      const queue = new Queue(worker, 'Queue');
      const fn = new LambdaFunction(worker, 'Fn', {
        runtime: Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: Code.fromInline('exports.handler = async () => 1'),
      });
      queue.grantSendMessages(fn);
      new Topic(new Stack(app, TOPIC, { env: { region: 'us-east-1' } }), 'Topic');
      const assembly = app.synth();
      for (const stack of assembly.stacks) templates.set(stack.stackName, stack.template);
      return Promise.resolve(assembly);
    },
  };
}

/**
 * The real `@aws-cdk/toolkit-lib` wrapper of `sluice deploy`, with CloudFormation, STS and SSM
 * answered by stand-ins on 127.0.0.1 through the SDK's `AWS_ENDPOINT_URL_<SERVICE>` variables
 * (the toolkit builds its SDK clients with the default endpoint resolution). One synthesis is
 * shared by every test, as `sluice deploy` shares one between its plan and its deployment.
 * Deployments run for real: the bootstrap version from SSM, the template published to the
 * bootstrap bucket on fauxqs, a change set created, described, approved (or not) and executed by
 * the CloudFormation stand-in, which completes it at once with the stack's own events.
 */
describe('Function: createCdkDeployToolkit', () => {
  const savedEnv = { ...process.env };
  let home: string;
  let cfn: CloudFormationStandIn;
  let sts: Server;
  let ssm: Server;
  let fauxqs: FauxqsPeer;
  const ssmParameters = new Map<string, string>();
  let toolkit: DeployToolkit;
  const app = testApp();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sluice-cdk-toolkit-'));
    cfn = await new CloudFormationStandIn().listen();
    sts = await startStsStandIn();
    ssm = await startSsmStandIn(ssmParameters);
    fauxqs = await startFauxqsPeer();
    Object.assign(process.env, {
      // The toolkit caches the account under ~/.cdk; the machine's AWS profile must not leak in.
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url,
      AWS_ENDPOINT_URL_STS: serverUrl(sts),
      AWS_ENDPOINT_URL_SSM: serverUrl(ssm),
      // The CDK publishes each template to the bootstrap bucket before it creates a change set.
      AWS_ENDPOINT_URL_S3: fauxqs.endpoint,
      TMPDIR: home,
    });
    toolkit = await createCdkDeployToolkit({ color: false });
  });

  afterAll(async () => {
    process.env = savedEnv;
    sts.close();
    ssm.close();
    await cfn.close();
    await fauxqs.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('synthesizes the app and lists its stacks, with no AWS call', async () => {
    // Act
    const stacks = await toolkit.synth(app);

    // Assess
    expect([...stacks].sort()).toEqual([TOPIC, WORKER]);
    expect(cfn.calls).toEqual([]);
  });

  it('shows every resource of a stack not deployed yet as added, and flags its IAM changes', async () => {
    // Act
    const plan = await toolkit.diff(app);

    // Assess
    const worker = plan.find((stack) => stack.stack === WORKER)!;
    const resources = Object.entries((app.templates.get(WORKER) as { Resources: Record<string, { Type: string }> }).Resources);
    expect(worker.changes).toHaveLength(resources.length);
    for (const [logicalId, { Type }] of resources) expect(worker.changes).toContainEqual({ logicalId, resourceType: Type, action: 'add' });
    const queueArn = worker.changes.find((change) => change.resourceType === 'AWS::SQS::Queue')!.logicalId;
    const role = worker.changes.find((change) => change.resourceType === 'AWS::IAM::Role')!.logicalId;
    expect(worker.securityChanges).toEqual([
      `IAM + Allow sqs:GetQueueAttributes, sqs:GetQueueUrl, sqs:SendMessage on \${${queueArn}.Arn} for AWS:\${${role}}`,
      `IAM + Allow sts:AssumeRole on \${${role}.Arn} for Service:lambda.amazonaws.com`,
      `IAM + managed policy arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole on \${${role}}`,
    ]);
    expect(plan.find((stack) => stack.stack === TOPIC)).toEqual({
      stack: TOPIC,
      changes: [{ logicalId: expect.stringMatching(/^Topic/), resourceType: 'AWS::SNS::Topic', action: 'add' }],
      securityChanges: [],
    });
    expect(cfn.calls.map((call) => call.action)).toContain('DescribeStacks');
  });

  it('shows no change for a stack whose deployed template is the synthesized one', async () => {
    // Prepare
    for (const stack of app.stacks) cfn.stacks.set(stack, { name: stack, outputs: {}, template: app.templates.get(stack) });

    // Act
    const plan = await toolkit.diff(app);

    // Assess
    expect([...plan].sort((a, b) => a.stack.localeCompare(b.stack))).toEqual([
      { stack: TOPIC, changes: [], securityChanges: [] },
      { stack: WORKER, changes: [], securityChanges: [] },
    ]);
    expect(
      cfn.calls
        .filter((call) => call.action === 'GetTemplate')
        .map((call) => call.params.StackName)
        .sort(),
    ).toEqual([TOPIC, WORKER]);
  });

  it('#12 - stops a deployment whose IAM changes the approved plan did not show, and deletes its change set', async () => {
    // Prepare: a bootstrapped environment, and a plan that showed no IAM change for a new stack
    ssmParameters.set('/cdk-bootstrap/hnb659fds/version', '30');
    const s3 = new S3Client({ endpoint: fauxqs.endpoint, region: FAUXQS_REGION, credentials: FAUXQS_CREDENTIALS, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'cdk-hnb659fds-assets-123456789012-us-east-1' }));
    s3.destroy();
    cfn.stacks.delete(WORKER);
    const workerOnly: DeployApp = { stacks: [WORKER], synthesize: (outdir) => app.synthesize(outdir) };
    const plan = (await toolkit.diff(workerOnly)).map((stack) => ({ ...stack, securityChanges: [] }));
    const progress: string[] = [];

    // Act
    const deployed = toolkit.deploy(workerOnly, (line) => progress.push(line), plan);

    // Assess
    await expect(deployed).rejects.toMatchObject({
      code: 'SLUICE_DEPLOY_NOT_APPROVED',
      unapproved: expect.arrayContaining([expect.stringMatching(/^toolkit-test-worker: IAM \+ Allow sqs:/)]),
    });
    expect(cfn.calls.map((call) => call.action)).not.toContain('ExecuteChangeSet');
    expect(cfn.changeSets.size).toBe(0);
  });

  it('deploys a stack whose changes are those of the approved plan, with its progress', async () => {
    // Prepare: the previous test bootstrapped the environment; the stack is new
    cfn.stacks.delete(WORKER);
    const workerOnly: DeployApp = { stacks: [WORKER], synthesize: (outdir) => app.synthesize(outdir) };
    const plan = await toolkit.diff(workerOnly);
    const progress: string[] = [];

    // Act
    const deployed = await toolkit.deploy(workerOnly, (line) => progress.push(line), plan);

    // Assess
    expect(deployed).toEqual([{ stack: WORKER, outputs: {} }]);
    expect(cfn.stacks.get(WORKER)?.status).toBe('CREATE_COMPLETE');
    expect(progress).toContainEqual(expect.stringMatching(new RegExp(`^\\[.*\\] ${WORKER} AWS::CloudFormation::Stack ${WORKER} CREATE_COMPLETE$`)));
  });
});
