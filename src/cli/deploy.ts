import { Option, type Command } from 'commander';
import { AwsAccessError, AwsServiceError, UsageError } from '../core/errors.js';
import { runAttach, formatAttachPlan, planStage } from './attach.js';
import { openAttachContext, type AttachCommonOptions } from './attach-context.js';
import { processIo, type CommandIo } from './command-io.js';
import { sluiceDeployApp } from './deploy-app.js';
import { readDeployMemory, writeDeployMemory, type DeployMemory } from './deploy-memory.js';
import { countSecurityChanges, formatStackChanges } from './deploy-plan.js';
import { inquirerPrompter, type Prompter } from './deploy-prompter.js';
import { DEPLOY_QUESTIONS, resolveAnswer } from './deploy-questions.js';
import { chooseSigningSecret, deployedSigningSecretSet } from './deploy-secret.js';
import { loadDeployToolkit, type DeployedStack, type DeployToolkit } from './deploy-toolkit.js';
import { runDestroy } from './deploy-destroy.js';
import { EXIT_OK } from './exit-codes.js';
import { loadConfigWithSource } from './load-config.js';
import { parseStackFlags, registerStackFlags, type StackFlagOptions } from './stack-flags.js';

/**
 * `sluice deploy`'s options: the stack flags `sluice synth` takes too (`--example-api` deploys
 * the example REST API first and attaches that one), and the API to attach.
 */
export interface DeployOptions extends StackFlagOptions {
  readonly apiId?: string;
  readonly stage?: string;
  /** The data folder: `deploy.json` (the remembered answers) and the attach snapshots. @default '.sluice' */
  readonly data?: string;
  readonly yes?: boolean;
  readonly destroy?: boolean;
  /** With `--destroy --yes`: also when the DLQ holds records. */
  readonly force?: boolean;
  /** A module whose `createDeployToolkit()` replaces the CDK toolkit (hidden; tests). */
  readonly toolkitModule?: string;
}

/** What tests inject instead of the terminal and the CDK toolkit. */
export interface DeployDependencies {
  readonly prompter?: Prompter;
  readonly toolkit?: DeployToolkit;
}

/** What a deploy did. */
export interface DeployOutcome {
  readonly deployed: boolean;
  readonly stacks: readonly DeployedStack[];
}

/** The placeholder account of the attach plan shown before the proxy function exists. */
const NOT_YET_DEPLOYED = '000000000000';

/**
 * `sluice deploy` (SPEC §5): asks for (or takes from flags, the previous run's answers in
 * `<data>/deploy.json` and sluice.yaml) the region, the REST API, its stage, the project, the
 * destination, the signing secret and the alarm e-mail; shows the stacks' changes and the
 * attach plan; asks; deploys the stacks with the CDK toolkit, showing their progress; stores the
 * signing secret in Secrets Manager; attaches the API; and ends with a summary. `--destroy`
 * undoes it all (see `runDestroy`).
 *
 * @throws UsageError (exit 2) naming the flag a `--yes` run lacks; AwsAccessError (exit 1)
 *   naming the permission AWS denied.
 * @example
 * ```ts
 * await runDeploy({ region: 'eu-west-1', apiId: 'a1b2c3d4e5', destination: 'https://hooks.example.com/in', yes: true }, processIo());
 * ```
 */
export async function runDeploy(
  options: DeployOptions,
  io: CommandIo,
  env: NodeJS.ProcessEnv = process.env,
  deps: DeployDependencies = {},
): Promise<DeployOutcome> {
  if (!options.yes && !io.interactive && deps.prompter === undefined) {
    throw new UsageError('stdin is not a terminal: pass the answers as flags and --yes (see sluice deploy --help)');
  }
  const prompter = options.yes ? undefined : (deps.prompter ?? inquirerPrompter(io));
  const data = options.data ?? '.sluice';
  const memory = await readDeployMemory(data);
  const remembered = memory.answers;
  // The event source's tuning is remembered like the answers: a flag given now wins.
  const batchSize = options.batchSize ?? remembered.batchSize;
  const batchingWindow = options.batchingWindow ?? remembered.batchingWindow;
  // Every bad stack flag named at once, before a question is asked or AWS is called.
  const flags = parseStackFlags({ ...options, ...(batchSize !== undefined && { batchSize }), ...(batchingWindow !== undefined && { batchingWindow }) });
  if (options.destroy) return runDestroy(options, { io, env, memory, data, prompter, toolkit: () => toolkitOf(options, io, deps) });
  if (options.exampleApi && (options.apiId !== undefined || options.stage !== undefined)) {
    throw new UsageError('--example-api: attaches the example API it deploys; leave out --api-id and --stage');
  }
  const aws = await import('../aws/index.js');

  // The questions, in the order a person thinks of them.
  const loaded = await loadConfigWithSource({ ...(options.config !== undefined && { config: options.config }) }, env);
  const region = (await resolveAnswer(
    DEPLOY_QUESTIONS.region,
    { flag: options.region, remembered: remembered.region, fromConfig: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined },
    prompter,
  ))!;
  // Fails early, and clearly, without credentials.
  const identity = await aws.callerIdentity({ region });
  let apiId: string | undefined;
  let stage: string | undefined;
  const { exampleApi } = flags;
  if (!exampleApi) {
    apiId = await chooseApi(options.apiId, remembered.apiId, region, prompter, io);
    stage = await resolveAnswer(DEPLOY_QUESTIONS.stage, { flag: options.stage, remembered: remembered.stage }, prompter);
  }
  const project = (await resolveAnswer(DEPLOY_QUESTIONS.project, { flag: options.project, remembered: remembered.project }, prompter))!;
  const destination = (await resolveAnswer(
    DEPLOY_QUESTIONS.destination,
    { flag: options.destination, remembered: remembered.destination, fromConfig: loaded.config.destination?.url },
    prompter,
  ))!;
  const secret = await chooseSigningSecret(
    {
      arn: options.signingSecretArn,
      fromConfig: loaded.config.destination?.signing_secret ?? (env.SLUICE_SIGNING_SECRET ? [env.SLUICE_SIGNING_SECRET] : []),
      // From AWS, not the memory file: a CI checkout has none, and the stack may be gone or new.
      alreadySet: () => deployedSigningSecretSet(region, project),
    },
    prompter,
  );
  const alarmEmail = await resolveAnswer(DEPLOY_QUESTIONS.alarmEmail, { flag: options.alarmEmail, remembered: remembered.alarmEmail }, prompter);
  // Remembered now, so a deploy that fails later still offers these answers next time.
  const answers = {
    region,
    ...(apiId !== undefined && { apiId }),
    ...(stage !== undefined && { stage }),
    project,
    destination,
    ...(alarmEmail !== undefined && { alarmEmail }),
    exampleApi,
    ...(batchSize !== undefined && { batchSize }),
    ...(batchingWindow !== undefined && { batchingWindow }),
  };
  await writeDeployMemory(data, { ...memory, answers });

  // The plan: what the stacks change, and which methods attach moves.
  const { config, source } = await loadConfigWithSource({ ...(options.config !== undefined && { config: options.config }), destination }, env);
  const app = sluiceDeployApp(
    {
      config,
      source,
      project,
      region,
      destination,
      ...(alarmEmail !== undefined && { alarmEmail }),
      ...(secret.kind === 'existing-arn' && { signingSecretArn: secret.arn }),
      flags,
      exampleApi,
      ...(options.lambdaDir !== undefined && { lambdaDir: options.lambdaDir }),
    },
    io,
  );
  const toolkit = await toolkitOf(options, io, deps);
  const plan = await toolkit.diff(app);
  io.stdout.write(`Deploying to account ${identity.account} in ${region}.\n\nStacks:\n${formatStackChanges(plan)}\n`);
  const rememberedArn = memory.deployed?.forwarderOutputs.ProxyFunctionArn;
  if (apiId !== undefined && stage !== undefined) {
    const functionArn = rememberedArn ?? `arn:aws:lambda:${region}:${identity.account || NOT_YET_DEPLOYED}:function:${project}-proxy`;
    const bucket = memory.deployed?.forwarderOutputs.ControlBucketName;
    const preview = await previewAttach({ apiId, stage, region, functionArn, project, data, ...(bucket !== undefined && { bucket }) }, io, env);
    io.stdout.write(`\nAttach ${apiId} stage ${stage}:\n${preview}\n`);
  } else {
    io.stdout.write(`\nAttach: the example API, once deployed.\n`);
  }
  const securityChanges = countSecurityChanges(plan);
  const withSecurity = securityChanges > 0 ? ` (with the ${securityChanges} IAM and security group change${securityChanges === 1 ? '' : 's'} above)` : '';
  const question = `Deploy ${app.stacks.join(', ')}${withSecurity}${apiId !== undefined ? ` and attach ${apiId} stage ${stage}` : ' and attach the example API'}?`;
  if (prompter !== undefined && !(await prompter.confirm({ message: question, default: false }))) {
    io.stdout.write('Nothing was deployed.\n');
    return { deployed: false, stacks: [] };
  }

  // Deploy what was approved (with --yes, the plan printed above), store the secret, attach.
  const stacks = await toolkit.deploy(app, (line) => io.stderr.write(`${line}\n`), plan);
  const forwarder = stacks.find((stack) => stack.stack === `${project}-forwarder`)?.outputs ?? {};
  if (secret.kind === 'set') {
    const arn = forwarder.SigningSecretArn;
    if (arn === undefined) throw new UsageError(`the stack ${project}-forwarder has no SigningSecretArn output: is it Sluice's?`);
    await aws.putSecretValue({ region }, arn, secret.value);
  }
  const memoryAfter: DeployMemory = {
    version: 1,
    answers,
    deployed: {
      at: new Date().toISOString(),
      forwarderOutputs: { ...forwarder },
      signingSecretSet: secret.kind === 'set' || memory.deployed?.signingSecretSet === true,
    },
  };
  await writeDeployMemory(data, memoryAfter);
  if (exampleApi) {
    const example = stacks.find((stack) => stack.stack === `${project}-example-api`)?.outputs ?? {};
    apiId = example.RestApiId;
    stage = example.StageName;
    if (apiId === undefined || stage === undefined) throw new UsageError(`the stack ${project}-example-api has no RestApiId or StageName output`);
    await writeDeployMemory(data, { ...memoryAfter, answers: { ...answers, apiId, stage } });
  }
  await runAttach(
    {
      apiId: apiId!,
      stage: stage!,
      region,
      project,
      data,
      yes: true,
      ...(forwarder.ProxyFunctionArn !== undefined && { functionArn: forwarder.ProxyFunctionArn }),
      ...(forwarder.ControlBucketName !== undefined && { bucket: forwarder.ControlBucketName }),
    },
    io,
    env,
  );
  // A generated secret is shown on a terminal only: a CI log keeps it for anyone who reads it.
  const generated = secret.kind === 'set' && secret.generated ? { value: secret.value, show: io.stdoutIsTty } : undefined;
  io.stdout.write(`\n${formatSummary(forwarder, alarmEmail, generated)}\n`);
  return { deployed: true, stacks };
}

function toolkitOf(options: DeployOptions, io: CommandIo, deps: DeployDependencies): Promise<DeployToolkit> {
  return deps.toolkit !== undefined ? Promise.resolve(deps.toolkit) : loadDeployToolkit(options.toolkitModule, { color: io.stderrIsTty });
}

/** The REST API: the flag, else picked from the region's APIs (or typed), else remembered with `--yes`. */
async function chooseApi(
  flag: string | undefined,
  remembered: string | undefined,
  region: string,
  prompter: Prompter | undefined,
  io: CommandIo,
): Promise<string> {
  if (flag !== undefined || prompter === undefined) return (await resolveAnswer(DEPLOY_QUESTIONS.apiId, { flag, remembered }, prompter))!;
  const { listRestApis } = await import('../aws/index.js');
  let apis: Awaited<ReturnType<typeof listRestApis>> = [];
  try {
    apis = await listRestApis({ region });
  } catch (error) {
    io.stderr.write(`Could not list the REST APIs (${(error as Error).message}); type the id.\n`);
  }
  if (apis.length > 0) {
    const typed = '';
    const picked = await prompter.select({
      message: 'REST API to attach',
      choices: [
        ...apis.map((api) => ({ name: `${api.name} (${api.id})`, value: api.id, ...(api.description !== undefined && { description: api.description }) })),
        { name: 'Another id…', value: typed },
      ],
      ...(remembered !== undefined && apis.some((api) => api.id === remembered) && { default: remembered }),
    });
    if (picked !== typed) return picked;
  }
  return (await resolveAnswer(DEPLOY_QUESTIONS.apiId, { remembered }, prompter))!;
}

/**
 * The attach plan before anything is deployed: read-only calls to API Gateway. Once the stacks
 * exist (their control bucket is remembered), the stored snapshots are read too, so a second
 * stage of an attached API shows its methods as attached rather than skipped.
 */
async function previewAttach(options: AttachCommonOptions & { readonly functionArn: string }, io: CommandIo, env: NodeJS.ProcessEnv): Promise<string> {
  const aws = await import('../aws/index.js');
  try {
    if (options.bucket !== undefined) {
      const opened = await openAttachContext(options, io, env);
      try {
        return formatAttachPlan((await planStage(opened.ctx, options.apiId, options.stage, options.functionArn)).plan);
      } finally {
        opened.close();
      }
    }
    const { readApiSnapshot, planAttach } = await import('../attach/index.js');
    const client = await aws.createApiGatewayClient({ region: options.region! });
    try {
      const current = await readApiSnapshot(client, options.apiId, options.stage, (done, total, what) => {
        if (io.stderrIsTty) io.stderr.write(`\r\x1b[K${done}/${total} ${what}${done === total ? '\n' : ''}`);
      });
      return formatAttachPlan(planAttach(current, options.functionArn));
    } finally {
      client.destroy();
    }
  } catch (error) {
    // Already named: the operation and the permission to grant (API Gateway's, or the snapshot store's S3 ones).
    if (error instanceof AwsAccessError) throw error;
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    // The stored snapshots come from S3: a refusal there names S3's permission, not API Gateway's.
    if (error instanceof AwsServiceError && error.service === 's3') {
      throw aws.toAccessError(cause, 's3', error.operation, `s3:GetObject (arn:aws:s3:::${options.bucket}/sluice/attach/*)`);
    }
    throw aws.toAccessError(cause, 'apigateway', 'GetResources', 'apigateway:GET (arn:aws:apigateway:REGION::/restapis/*)');
  }
}

/**
 * The end of a deploy: where things are and what is left to do.
 *
 * @internal
 * @example
 * ```ts
 * io.stdout.write(formatSummary(outputs, 'ops@example.com', { value: 'whsec_…', show: false }));
 * ```
 */
export function formatSummary(
  outputs: Readonly<Record<string, string>>,
  alarmEmail: string | undefined,
  generatedSecret: { readonly value: string; readonly show: boolean } | undefined,
): string {
  const lines = [
    'Deployed.',
    `  queue:             ${outputs.QueueUrl ?? '?'}`,
    `  dead-letter queue: ${outputs.DeadLetterQueueUrl ?? '?'}`,
    `  alarm topic:       ${outputs.AlarmTopicArn ?? '?'}`,
    ...(outputs.DashboardName !== undefined ? [`  dashboard:         ${outputs.DashboardName}`] : []),
    alarmEmail !== undefined
      ? `Confirm the SNS subscription e-mail sent to ${alarmEmail}: alarms reach nobody until then.`
      : 'No alarm e-mail: subscribe to the alarm topic to hear about failed deliveries.',
  ];
  if (generatedSecret?.show === true) {
    lines.push(`Signing secret (shown once, not stored here; give it to the destination to verify webhook-signature):`, `  ${generatedSecret.value}`);
  } else if (generatedSecret !== undefined) {
    lines.push(
      'A signing secret was generated and stored in Secrets Manager (not printed: the output is not a terminal). Read it and give it to the destination:',
      `  aws secretsmanager get-secret-value --secret-id ${outputs.SigningSecretArn ?? '<SigningSecretArn>'} --query SecretString --output text`,
    );
  }
  return lines.join('\n');
}

export function registerDeploy(program: Command): void {
  registerStackFlags(
    program
      .command('deploy')
      .description('deploy the AWS stacks (queue, forwarder, alarms) and attach a REST API, asking for what it needs; --destroy removes it all'),
  )
    .option('--api-id <id>', 'the REST API to attach (asked from a list)')
    .option('--stage <name>', 'its stage (default prod)')
    .option('--data <dir>', 'folder of deploy.json (the remembered answers, never the secret) and the attach snapshots', '.sluice')
    .option('--destroy', 'detach the API, empty the buckets, then delete the stacks with their queues and buckets')
    .option('--force', 'with --destroy --yes: delete even when the dead-letter queue holds records')
    .option('-y, --yes', 'ask nothing: flags, then the remembered answers, then defaults (for CI)')
    .addOption(new Option('--toolkit-module <file>').hideHelp())
    .addHelpText(
      'after',
      `
The stack flags are sluice synth's, with the same defaults: synth with the same flags writes
the templates this deploys. Unlike synth, deploy asks for every answer no flag gives (region,
API, stage, project, destination, signing secret, alarm e-mail), offering the answer remembered
in <data>/deploy.json before the default; --yes asks nothing. The region is required (a flag,
the remembered answer, AWS_REGION). --example-api deploys the example API and attaches it, so
it takes no --api-id or --stage. The answers (never the signing secret) are remembered.

The signing secret comes from --signing-secret-arn, destination.signing_secret or
SLUICE_SIGNING_SECRET, or is generated on the first deploy and shown once on a terminal
(elsewhere, the command that reads it); a deployed one is kept. The CDK must be bootstrapped
once per account and region (npx aws-cdk@2 bootstrap). The SDK's
AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> variables are honoured.

Examples:
  $ sluice deploy
  $ sluice deploy --example-api
  $ sluice deploy --yes --region eu-west-1 --api-id a1b2c3d4e5 --stage prod --destination https://hooks.example.com/ingest --alarm-email ops@example.com
  $ sluice deploy --destroy`,
    )
    .action(async (options: DeployOptions) => {
      await runDeploy(options, processIo());
      process.exitCode = EXIT_OK;
    });
}
