import type { IIoHost, IoMessage, IoRequest, Toolkit } from '@aws-cdk/toolkit-lib';
import type { DeployApp, DeployToolkit, ProgressLine, ResourceChange, StackChanges } from './deploy-toolkit.js';

type TemplateDiffs = Awaited<ReturnType<Toolkit['diff']>>;

/**
 * The {@link DeployToolkit} of `@aws-cdk/toolkit-lib`: the CDK's own synthesis, diff, asset
 * publishing, deployment and destruction, without the CDK command line. Its messages reach the
 * user as progress lines: each stack's resource events (`[12/31] Queue CREATE_COMPLETE`),
 * warnings and errors; the rest (the toolkit's own formatted diff, timings) stays quiet because
 * `sluice deploy` shows its own plan. Its questions (approve security changes, confirm a
 * destroy) were asked by `sluice deploy` before it called the toolkit, so they are answered yes.
 *
 * @example
 * ```ts
 * const toolkit = await createCdkDeployToolkit({ color: process.stderr.isTTY === true });
 * ```
 */
export async function createCdkDeployToolkit(options: { color: boolean }): Promise<DeployToolkit> {
  const lib = await import('@aws-cdk/toolkit-lib');
  let progress: ProgressLine = () => undefined;
  const ioHost: IIoHost = {
    notify(message: IoMessage<unknown>): Promise<void> {
      const line = progressLineOf(message);
      if (line !== undefined) progress(line);
      return Promise.resolve();
    },
    requestResponse<T>(request: IoRequest<unknown, T>): Promise<T> {
      return Promise.resolve(typeof request.defaultResponse === 'boolean' ? (true as T) : request.defaultResponse);
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
  const withProgress = async <T>(onProgress: ProgressLine, run: () => Promise<T>): Promise<T> => {
    progress = onProgress;
    try {
      return await run();
    } finally {
      progress = () => undefined;
    }
  };
  return {
    async synth(app) {
      return (await toolkit.list(await source(app))).map((stack) => stack.name);
    },
    async diff(app) {
      return changesOf(await toolkit.diff(await source(app), { stacks: selection(app) }));
    },
    async deploy(app, onProgress) {
      const result = await withProgress(onProgress, async () => toolkit.deploy(await source(app), { stacks: selection(app) }));
      return result.stacks.map((stack) => ({ stack: stack.stackName, outputs: { ...stack.outputs } }));
    },
    async destroy(app, onProgress) {
      await withProgress(onProgress, async () => toolkit.destroy(await source(app), { stacks: selection(app) }));
    },
  };
}

/**
 * The progress line of a toolkit message, or undefined for the ones left out.
 *
 * @internal
 * @example
 * ```ts
 * progressLineOf(message); // '[3/31] AWS::SQS::Queue Queues/DeadLetterQueue CREATE_COMPLETE'
 * ```
 */
export function progressLineOf(message: IoMessage<unknown>): string | undefined {
  if (message.code === 'CDK_TOOLKIT_I5502') {
    const activity = message.data as {
      progress?: { formatted?: string };
      event?: { StackName?: string; LogicalResourceId?: string; ResourceType?: string; ResourceStatus?: string; ResourceStatusReason?: string };
    };
    const event = activity.event ?? {};
    const reason = event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason !== undefined ? ` (${event.ResourceStatusReason})` : '';
    return `${activity.progress?.formatted ?? ''} ${event.StackName ?? ''} ${event.ResourceType ?? ''} ${event.LogicalResourceId ?? ''} ${event.ResourceStatus ?? ''}${reason}`
      .replace(/\s+/g, ' ')
      .trim();
  }
  if (message.level === 'error' || message.level === 'warn') return `${message.level}: ${message.message}`;
  return undefined;
}

/** Each stack's resource changes from the toolkit's template diffs. */
function changesOf(diffs: TemplateDiffs): StackChanges[] {
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
    return { stack, changes };
  });
}
