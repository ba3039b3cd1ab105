import type { IIoHost, IoMessage, IoRequest, Toolkit } from '@aws-cdk/toolkit-lib';
import type { DeployNotApprovedError } from '../core/errors.js';
import { answerToolkitRequest, type ToolkitApproval } from './cdk-approvals.js';
import { securityChangesOf } from './cdk-security-changes.js';
import type { DeployApp, DeployToolkit, ProgressLine, ResourceChange, StackChanges } from './deploy-toolkit.js';

type TemplateDiffs = Awaited<ReturnType<Toolkit['diff']>>;

/**
 * The {@link DeployToolkit} of `@aws-cdk/toolkit-lib`: the CDK's own synthesis, diff, asset
 * publishing, deployment and destruction, without the CDK command line. Its messages reach the
 * user as progress lines: each stack's resource events (`[12/31] Queue CREATE_COMPLETE`),
 * warnings and errors; the rest (the toolkit's own formatted diff, timings) stays quiet because
 * `sluice deploy` shows its own plan. Its questions are answered from what the person approved
 * before `sluice deploy` called the toolkit (`answerToolkitRequest`): the plan's IAM and security
 * group changes, the deletion of the stacks. Any other question fails the action with a
 * `DeployNotApprovedError` saying what was asked.
 *
 * @example
 * ```ts
 * const toolkit = await createCdkDeployToolkit({ color: process.stderr.isTTY === true });
 * ```
 */
export async function createCdkDeployToolkit(options: { color: boolean }): Promise<DeployToolkit> {
  const lib = await import('@aws-cdk/toolkit-lib');
  let progress: ProgressLine = () => undefined;
  let approval: ToolkitApproval = { action: 'none' };
  let refusal: DeployNotApprovedError | undefined;
  const ioHost: IIoHost = {
    notify(message: IoMessage<unknown>): Promise<void> {
      const line = progressLineOf(message);
      if (line !== undefined) progress(line);
      return Promise.resolve();
    },
    requestResponse<T>(request: IoRequest<unknown, T>): Promise<T> {
      const answered = answerToolkitRequest(request, approval);
      if ('answer' in answered && typeof request.defaultResponse === 'boolean') return Promise.resolve(answered.answer as T);
      refusal = 'refusal' in answered ? answered.refusal : undefined;
      // A no lets the toolkit clean up (delete the change set it prepared) before it stops.
      return typeof request.defaultResponse === 'boolean' ? Promise.resolve(false as T) : Promise.reject(refusal);
    },
  };
  const toolkit = new lib.Toolkit({ ioHost, emojis: false, color: options.color });
  // One synthesis per app: the plan's diff and the deployment read the same assembly.
  const assemblies = new WeakMap<DeployApp, ReturnType<Toolkit['synth']>>();
  const source = (app: DeployApp): ReturnType<Toolkit['synth']> => {
    let assembly = assemblies.get(app);
    if (assembly === undefined) {
      assembly = toolkit.fromAssemblyBuilder(async ({ outdir }) => app.synthesize(outdir)).then((builder) => toolkit.synth(builder));
      assemblies.set(app, assembly);
    }
    return assembly;
  };
  const selection = (app: DeployApp) => ({ strategy: lib.StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: [...app.stacks] });
  // The toolkit stops after a refused question (or, for a destroy, returns quietly): the refusal says why.
  const approved = async <T>(given: ToolkitApproval, onProgress: ProgressLine, run: () => Promise<T>): Promise<T> => {
    progress = onProgress;
    approval = given;
    refusal = undefined;
    try {
      const result = await run().catch((error: unknown) => {
        throw refusal ?? error;
      });
      if (refusal !== undefined) throw refusal;
      return result;
    } finally {
      progress = () => undefined;
      approval = { action: 'none' };
    }
  };
  return {
    async synth(app) {
      return (await toolkit.list(await source(app))).map((stack) => stack.name);
    },
    async diff(app) {
      return changesOf(await toolkit.diff(await source(app), { stacks: selection(app) }));
    },
    async deploy(app, onProgress, plan) {
      const result = await approved({ action: 'deploy', plan }, onProgress, async () => toolkit.deploy(await source(app), { stacks: selection(app) }));
      return result.stacks.map((stack) => ({ stack: stack.stackName, outputs: { ...stack.outputs } }));
    },
    async destroy(app, onProgress) {
      await approved({ action: 'destroy' }, onProgress, async () => toolkit.destroy(await source(app), { stacks: selection(app) }));
    },
  };
}

/**
 * The progress line of a toolkit message, or undefined for the ones left out. A resource event
 * (`CDK_TOOLKIT_I5502`, a `StackActivity`) gives the count the toolkit keeps (`3/31`; a bare
 * count when the total is unknown), the stack, the type, the construct path (the logical id when
 * the template has no metadata) and the status, with CloudFormation's reason for a failure.
 *
 * @internal
 * @example
 * ```ts
 * progressLineOf(message); // '[ 3/31] sluice-forwarder AWS::SQS::Queue sluice-forwarder/Queues/DeadLetterQueue/Resource CREATE_COMPLETE'
 * ```
 */
export function progressLineOf(message: IoMessage<unknown>): string | undefined {
  if (message.code === 'CDK_TOOLKIT_I5502') {
    const activity = message.data as {
      progress?: { formatted?: string };
      metadata?: { constructPath?: string };
      event?: { StackName?: string; LogicalResourceId?: string; ResourceType?: string; ResourceStatus?: string; ResourceStatusReason?: string };
    };
    const event = activity.event ?? {};
    const count = activity.progress?.formatted !== undefined ? `[${activity.progress.formatted}]` : '';
    const reason = event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason !== undefined ? ` (${event.ResourceStatusReason})` : '';
    const resource = activity.metadata?.constructPath ?? event.LogicalResourceId ?? '';
    return `${count} ${event.StackName ?? ''} ${event.ResourceType ?? ''} ${resource} ${event.ResourceStatus ?? ''}`.replace(/ +/g, ' ').trim() + reason;
  }
  if (message.level === 'error' || message.level === 'warn') return `${message.level}: ${message.message}`;
  return undefined;
}

/**
 * Each stack's resource changes and security changes from the toolkit's template diffs.
 *
 * @internal
 * @example
 * ```ts
 * changesOf(await toolkit.diff(assembly)); // [{ stack: 'sluice-forwarder', changes: [...], securityChanges: ['IAM + Allow …'] }]
 * ```
 */
export function changesOf(diffs: TemplateDiffs): StackChanges[] {
  return Object.entries(diffs).map(([stack, diff]) => {
    const changes: ResourceChange[] = [];
    diff.resources.forEachDifference((logicalId, change) => {
      const action: ResourceChange['action'] = change.isAddition
        ? 'add'
        : change.isRemoval
          ? 'remove'
          : change.changeImpact === 'WILL_REPLACE' || change.changeImpact === 'MAY_REPLACE'
            ? 'replace'
            : 'update';
      changes.push({ logicalId, resourceType: change.resourceType ?? change.newResourceType ?? change.oldResourceType ?? '', action });
    });
    return { stack, changes, securityChanges: securityChangesOf(diff) };
  });
}
