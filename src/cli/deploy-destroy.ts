import { UsageError } from '../core/errors.js';
import type { CommandIo } from './command-io.js';
import { sluiceDeployApp } from './deploy-app.js';
import type { DeployOptions, DeployOutcome } from './deploy.js';
import { writeDeployMemory, type DeployMemory } from './deploy-memory.js';
import type { Prompter } from './deploy-prompter.js';
import { DEPLOY_QUESTIONS, resolveAnswer } from './deploy-questions.js';
import type { DeployToolkit } from './deploy-toolkit.js';
import { runDetach } from './detach.js';
import { loadConfigWithSource } from './load-config.js';

/** What `runDeploy` hands to the destroy path. */
export interface DestroyContext {
  readonly io: CommandIo;
  readonly env: NodeJS.ProcessEnv;
  readonly memory: DeployMemory;
  readonly data: string;
  /** Undefined with `--yes`. */
  readonly prompter: Prompter | undefined;
  readonly toolkit: () => Promise<DeployToolkit>;
}

/** Only the stack names matter to a destroy; the app still has to synthesize with a destination. */
const PLACEHOLDER_DESTINATION = 'https://destination.invalid/';

/**
 * `sluice deploy --destroy`: detaches the API (its integrations restored exactly as they were),
 * empties the payload and control buckets (CloudFormation deletes only empty buckets), then
 * deletes the stacks with their queues and buckets, leaving nothing behind. The dead-letter
 * queue is checked first: records there would be lost with it, so a person is warned and asked,
 * and a `--yes` run refuses unless `--force`. The stored payloads are counted in the question.
 *
 * @throws UsageError (exit 2) when the DLQ holds records under `--yes` without `--force`.
 * @example
 * ```ts
 * await runDeploy({ destroy: true, yes: true }, processIo());
 * ```
 */
export async function runDestroy(options: DeployOptions, ctx: DestroyContext): Promise<DeployOutcome> {
  const { io, env, memory, prompter } = ctx;
  const remembered = memory.answers;
  const aws = await import('../aws/index.js');
  const region = (await resolveAnswer(
    DEPLOY_QUESTIONS.region,
    { flag: options.region, remembered: remembered.region, fromConfig: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined },
    prompter,
  ))!;
  await aws.callerIdentity({ region });
  const project = (await resolveAnswer(DEPLOY_QUESTIONS.project, { flag: options.project, remembered: remembered.project }, prompter))!;
  const apiId = options.apiId ?? remembered.apiId;
  const stage = options.stage ?? remembered.stage;
  const exampleApi = options.exampleApi ?? remembered.exampleApi ?? false;
  const forwarderStack = `${project}-forwarder`;
  const outputs =
    memory.deployed !== undefined && remembered.project === project
      ? memory.deployed.forwarderOutputs
      : await aws.readStackOutputs({ region }, forwarderStack).catch((error: unknown) => {
          io.stderr.write(`Could not read the outputs of ${forwarderStack} (${(error as Error).message}): nothing to detach.\n`);
          return {} as Record<string, string>;
        });

  const dlqUrl = outputs.DeadLetterQueueUrl;
  const deadLetters = dlqUrl !== undefined ? await aws.approximateMessageCount({ region }, dlqUrl) : 0;
  if (deadLetters > 0) {
    const warning = `The dead-letter queue holds ${deadLetters} record(s) that were never delivered; deleting the stack deletes them (\`sluice dlq redrive\` first to keep them).`;
    io.stderr.write(`Warning: ${warning}\n`);
    if (prompter === undefined && !options.force) throw new UsageError(`--force: ${warning} Pass --force to delete them with the stack.`);
    if (prompter !== undefined && !(await prompter.confirm({ message: `Delete ${deadLetters} dead letter(s) with the stack?`, default: false }))) {
      io.stdout.write('Nothing was destroyed.\n');
      return { deployed: false, stacks: [] };
    }
  }

  // Path-style addressing for an emulator or VPC endpoint, as attach reaches the control bucket.
  const s3Endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  const s3 = { region, ...(s3Endpoint !== undefined && { endpoint: s3Endpoint }) };
  const buckets = [outputs.PayloadBucketName, outputs.ControlBucketName].filter((bucket): bucket is string => bucket !== undefined);
  const payloads = outputs.PayloadBucketName !== undefined ? await aws.countObjectVersions(s3, outputs.PayloadBucketName) : { count: 0, more: false };
  const stored = payloads.count > 0 ? ` and ${payloads.more ? 'more than ' : ''}${payloads.count.toLocaleString('en')} stored payload(s)` : '';
  if (stored !== '') io.stderr.write(`Warning: the payload bucket holds${stored.replace(' and', '')}; deleting the stack deletes them.\n`);

  const { config, source } = await loadConfigWithSource({ ...(options.config !== undefined && { config: options.config }) }, env);
  const app = sluiceDeployApp(
    {
      config,
      source,
      project,
      region,
      destination: remembered.destination ?? PLACEHOLDER_DESTINATION,
      flags: {},
      exampleApi,
      ...(options.lambdaDir !== undefined && { lambdaDir: options.lambdaDir }),
    },
    io,
  );
  const detaching = apiId !== undefined && stage !== undefined && outputs.ProxyFunctionArn !== undefined && outputs.ControlBucketName !== undefined;
  const question = `${detaching ? `Detach ${apiId} stage ${stage}, then delete` : 'Delete'} ${app.stacks.join(', ')} with their queues, buckets${stored}?`;
  if (prompter !== undefined && !(await prompter.confirm({ message: question, default: false }))) {
    io.stdout.write('Nothing was destroyed.\n');
    return { deployed: false, stacks: [] };
  }
  if (detaching) {
    await runDetach(
      {
        apiId,
        stage,
        region,
        project,
        data: ctx.data,
        yes: true,
        functionArn: outputs.ProxyFunctionArn!,
        bucket: outputs.ControlBucketName!,
        ...(options.force !== undefined && { force: options.force }),
      },
      io,
      env,
    );
  }
  for (const bucket of buckets) {
    const deleted = await aws.emptyBucket(s3, bucket);
    io.stderr.write(`Emptied ${bucket} (${deleted} object version(s) deleted).\n`);
  }
  const toolkit = await ctx.toolkit();
  await toolkit.destroy(app, (line) => io.stderr.write(`${line}\n`));
  // The answers stay as defaults for a later deploy; what was deployed is gone.
  await writeDeployMemory(ctx.data, { version: 1, answers: remembered });
  io.stdout.write(`Destroyed ${app.stacks.join(', ')}.\n`);
  return { deployed: false, stacks: [] };
}
