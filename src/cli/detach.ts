import type { Command } from 'commander';
import type { DetachPlan } from '../attach/index.js';
import { UsageError } from '../core/errors.js';
import { processIo, type CommandIo } from './command-io.js';
import { confirm } from './confirm.js';
import { openAttachContext, type AttachCommonOptions } from './attach-context.js';
import { EXIT_OK } from './exit-codes.js';

export interface DetachOptions extends AttachCommonOptions {
  /** Restore integrations someone changed since attach too. */
  readonly force?: boolean;
}

/**
 * `sluice detach` (SPEC §5): restores every integration attach moved exactly as snapshotted,
 * redeploys the stage, removes the invoke permission. Refuses, showing the differences, when
 * someone changed one of those integrations since attach, unless `--force`. Without a stored
 * snapshot there is nothing attached, and it says so (detaching twice is a no-op).
 *
 * @throws UsageError (exit code 2) when integrations changed since attach and `force` is off.
 * @example
 * ```ts
 * await runDetach({ apiId: 'a1b2c3d4e5', stage: 'prod', yes: true }, processIo());
 * ```
 */
export async function runDetach(options: DetachOptions, io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<DetachPlan | undefined> {
  const opened = await openAttachContext(options, io, env);
  try {
    const { loadSnapshot, otherAttachedStages, readApiSnapshot, planDetach, applyDetach } = await import('../attach/index.js');
    const { ctx } = opened;
    const stored = await loadSnapshot(ctx.store, options.apiId, options.stage);
    if (stored === undefined) {
      io.stdout.write(`Nothing to detach: no snapshot of ${options.apiId} stage ${options.stage} in s3://${opened.bucket}.\n`);
      return undefined;
    }
    const current = await readApiSnapshot(ctx.apiGateway, options.apiId, options.stage, ctx.onProgress);
    const plan = planDetach(stored, current);
    if (plan.drifted.length > 0) {
      const lines = plan.drifted.map((drift) => `  ${drift.method.httpMethod} ${drift.method.path}: ${drift.differences.join('; ')}`);
      if (!options.force) throw new UsageError(`integrations changed since attach (pass --force to restore them anyway):\n${lines.join('\n')}`);
      io.stderr.write(`Changed since attach, restored anyway (--force):\n${lines.join('\n')}\n`);
    }
    io.stdout.write(`${plan.restore.length} method(s) to restore, ${plan.alreadyRestored.length} already restored.\n`);
    const question = `Restore the integrations of ${stored.apiName} (${options.apiId}) as of ${stored.takenAt} and deploy stage ${options.stage}?`;
    if (!(await confirm(question, io, { ...(options.yes !== undefined && { yes: options.yes }), action: 'detach' }))) {
      io.stdout.write('Nothing was changed.\n');
      return plan;
    }
    const otherStages = await otherAttachedStages(ctx.apiGateway, ctx.store, options.apiId, options.stage);
    const result = await applyDetach(plan, ctx, { force: options.force === true, otherStages });
    const kept = otherStages.map((other) => other.stageName).join(', ');
    io.stdout.write(
      `Detached: ${result.restored} integration(s) restored${result.deploymentId !== undefined ? `, stage ${options.stage} on deployment ${result.deploymentId}` : ''}; ${
        kept === '' ? 'the invoke permission is removed' : `stage(s) ${kept} stay attached`
      }.\n`,
    );
    return plan;
  } finally {
    opened.close();
  }
}

export function registerDetach(program: Command): void {
  program
    .command('detach')
    .description('restore the integrations `sluice attach` replaced, exactly as they were, and redeploy the stage')
    .requiredOption('--api-id <id>', 'the REST API id')
    .requiredOption('--stage <name>', 'the stage to redeploy')
    .option('--region <region>', "the API's region (default AWS_REGION)")
    .option('--function-arn <arn>', 'the proxy function (default: the forwarder stack output ProxyFunctionArn)')
    .option('--bucket <name>', 'the control bucket holding the snapshot (default: the stack output ControlBucketName)')
    .option('--project <name>', 'the stacks prefix, to read the forwarder stack outputs (default sluice)')
    .option('--data <dir>', 'folder of the local copy of the snapshot (default .sluice)')
    .option('--force', 'also restore integrations someone changed since attach')
    .option('-y, --yes', 'apply without asking')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice detach --api-id a1b2c3d4e5 --stage prod
  $ sluice detach --api-id a1b2c3d4e5 --stage prod --region eu-west-1 --yes
  $ sluice detach --api-id a1b2c3d4e5 --stage prod --force --yes   # overwrite later edits too`,
    )
    .action(async (options: DetachOptions) => {
      await runDetach(options, processIo());
      process.exitCode = EXIT_OK;
    });
}
