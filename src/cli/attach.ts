import type { Command } from 'commander';
import type { ApiSnapshot, AttachContext, AttachPlan, AttachResult } from '../attach/index.js';
import { processIo, type CommandIo } from './command-io.js';
import { confirm } from './confirm.js';
import { openAttachContext, type AttachCommonOptions } from './attach-context.js';
import { EXIT_OK } from './exit-codes.js';
import { formatTable } from './table.js';

export interface AttachOptions extends AttachCommonOptions {
  readonly dryRun?: boolean;
}

/** What `runAttach` planned and, unless a dry run or declined, did. */
export interface AttachOutcome {
  readonly plan: AttachPlan;
  readonly applied?: AttachResult;
}

/**
 * `sluice attach` (SPEC §5): reads the REST API, plans, prints the plan, and unless `--dry-run`
 * (or the question is declined) applies it: snapshot, route map, invoke permission, integrations,
 * one deployment of the stage. Running it again changes nothing that is already attached and
 * keeps the original integrations of the first run.
 *
 * @example
 * ```ts
 * await runAttach({ apiId: 'a1b2c3d4e5', stage: 'prod', dryRun: true }, processIo());
 * ```
 */
export async function runAttach(options: AttachOptions, io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<AttachOutcome> {
  const opened = await openAttachContext(options, io, env);
  try {
    const { applyAttach } = await import('../attach/index.js');
    const { ctx } = opened;
    const { current, own, plan } = await planStage(ctx, options.apiId, options.stage, opened.functionArn);
    io.stdout.write(`${formatAttachPlan(plan)}\n`);
    if (options.dryRun) {
      io.stdout.write('Dry run: nothing was changed.\n');
      return { plan };
    }
    const question = `Move ${plan.changes.length} method(s) of ${current.apiName} (${options.apiId}) onto ${opened.functionArn} and deploy stage ${options.stage}?`;
    if (
      (plan.changes.length > 0 || (own === undefined && plan.alreadyAttached.length > 0)) &&
      !(await confirm(question, io, { ...(options.yes !== undefined && { yes: options.yes }), action: 'attach' }))
    ) {
      io.stdout.write('Nothing was changed.\n');
      return { plan };
    }
    const applied = await applyAttach(plan, ctx);
    io.stdout.write(
      applied.changed > 0 || applied.deploymentId !== undefined
        ? `Attached: ${applied.changed} method(s) now go through Sluice; stage ${options.stage} is on deployment ${applied.deploymentId ?? '?'}.\nThe snapshot is in s3://${opened.bucket}; \`sluice detach --api-id ${options.apiId} --stage ${options.stage}\` restores it.\n`
        : `Already attached: nothing to change (route map and permission refreshed).\n`,
    );
    return { plan, applied };
  } finally {
    opened.close();
  }
}

/** A stage's plan, with what it was made from. */
export interface StagePlan {
  readonly current: ApiSnapshot;
  /** This stage's stored snapshot, when it is attached already. */
  readonly own: ApiSnapshot | undefined;
  readonly plan: AttachPlan;
}

/**
 * Reads the stage and plans it. A second stage of an attached API finds its methods already on
 * the function: the first stage's snapshot holds their originals, so they plan as attached, not
 * as skipped. `sluice attach` and the preview of `sluice deploy` both plan through here.
 *
 * @internal
 * @example
 * ```ts
 * const { plan } = await planStage(opened.ctx, 'a1b2c3d4e5', 'beta', opened.functionArn);
 * ```
 */
export async function planStage(ctx: AttachContext, apiId: string, stage: string, functionArn: string): Promise<StagePlan> {
  const { readApiSnapshot, loadSnapshot, otherAttachedStages, planAttach } = await import('../attach/index.js');
  const current = await readApiSnapshot(ctx.apiGateway, apiId, stage, ctx.onProgress);
  const own = await loadSnapshot(ctx.store, apiId, stage);
  const previous = own ?? (await otherAttachedStages(ctx.apiGateway, ctx.store, apiId, stage))[0];
  return { current, own, plan: planAttach(current, functionArn, previous) };
}

/**
 * The plan as a table: each method, what it is now and what it becomes or why it stays.
 *
 * @internal
 * @example
 * ```ts
 * io.stdout.write(formatAttachPlan(plan));
 * ```
 */
export function formatAttachPlan(plan: AttachPlan): string {
  const rows: string[][] = [['METHOD', 'PATH', 'NOW', 'ACTION']];
  for (const change of plan.changes)
    rows.push([
      change.method.httpMethod,
      change.method.path,
      `${change.method.integration.type} ${change.method.integration.uri ?? ''}`,
      'attach (AWS_PROXY → Sluice proxy)',
    ]);
  for (const method of plan.alreadyAttached)
    rows.push([method.httpMethod, method.path, `${method.integration.type} ${method.integration.uri ?? ''}`, 'already attached']);
  for (const skipped of plan.skipped) rows.push([skipped.httpMethod, skipped.path, skipped.type, `skip: ${skipped.reason}`]);
  const summary = `${plan.changes.length} to attach, ${plan.alreadyAttached.length} already attached, ${plan.skipped.length} skipped`;
  return `${formatTable(rows)}\n${summary}`;
}

export function registerAttach(program: Command): void {
  program
    .command('attach')
    .description('put Sluice in front of an existing API Gateway REST API: its HTTP and HTTP_PROXY methods go through the proxy function')
    .requiredOption('--api-id <id>', 'the REST API id')
    .requiredOption('--stage <name>', 'the stage to redeploy')
    .option('--region <region>', "the API's region (default AWS_REGION)")
    .option('--function-arn <arn>', 'the proxy function (default: the forwarder stack output ProxyFunctionArn)')
    .option('--bucket <name>', 'the control bucket for the snapshot and route map (default: the stack output ControlBucketName)')
    .option('--project <name>', 'the stacks prefix, to read the forwarder stack outputs (default sluice)')
    .option('--data <dir>', 'folder for the local copy of the snapshot (default .sluice)')
    .option('--dry-run', 'print the plan and change nothing')
    .option('-y, --yes', 'apply without asking')
    .addHelpText(
      'after',
      `
Every integration is snapshotted in full (S3 and <data>/attach/) before anything changes;
VPC_LINK, MOCK, AWS, Lambda and templated HTTP integrations are left as they are and listed.
The SDK's AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> variables are honoured.

Examples:
  $ sluice attach --api-id a1b2c3d4e5 --stage prod --dry-run
  $ sluice attach --api-id a1b2c3d4e5 --stage prod --region eu-west-1 --yes
  $ sluice attach --api-id a1b2c3d4e5 --stage prod --function-arn arn:aws:lambda:eu-west-1:123456789012:function:sluice-proxy --bucket sluice-control-123`,
    )
    .action(async (options: AttachOptions) => {
      await runAttach(options, processIo());
      process.exitCode = EXIT_OK;
    });
}
