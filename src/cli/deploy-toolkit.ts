import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { UsageError } from '../core/errors.js';

/** The CDK app of a deployment, built only when a toolkit synthesizes it. */
export interface DeployApp {
  /** The stacks to act on, in deployment order (the example API before the forwarder). */
  readonly stacks: readonly string[];
  /** Builds the stacks and synthesizes them into `outdir`. */
  synthesize(outdir: string | undefined): Promise<CloudAssembly>;
}

/** One resource a deployment would add, change, replace or remove. */
export interface ResourceChange {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly action: 'add' | 'update' | 'replace' | 'remove';
}

/** A stack's changes against what is deployed (all additions for a new stack). */
export interface StackChanges {
  readonly stack: string;
  readonly changes: readonly ResourceChange[];
  /**
   * The IAM statements, managed policies and security group rules it adds or removes, one line
   * each (`IAM + Allow sqs:SendMessage on ${Queue.Arn} for AWS:${Role.Arn}`): what the CDK asks
   * approval for, so the plan shows them and the deployment goes ahead only with these.
   * @default none
   */
  readonly securityChanges?: readonly string[];
}

/** A deployed stack and its outputs. */
export interface DeployedStack {
  readonly stack: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** A line of progress: a stack's resource events as the deployment goes. */
export type ProgressLine = (line: string) => void;

/**
 * What `sluice deploy` needs of the AWS CDK toolkit: synthesize, compare with what is deployed,
 * deploy, destroy. The real one wraps `@aws-cdk/toolkit-lib` (`cdk-deploy-toolkit.ts`); tests
 * inject one that records the calls.
 *
 * @example
 * ```ts
 * const deployed = await toolkit.deploy(app, (line) => process.stderr.write(`${line}\n`));
 * ```
 */
export interface DeployToolkit {
  /** The stacks the app synthesizes to. */
  synth(app: DeployApp): Promise<readonly string[]>;
  diff(app: DeployApp): Promise<readonly StackChanges[]>;
  /**
   * Deploys the stacks; `approved` is the plan (the result of `diff`) the person approved: a
   * deployment that would bring security changes missing from it fails, and deploys nothing more.
   */
  deploy(app: DeployApp, onProgress: ProgressLine, approved: readonly StackChanges[]): Promise<readonly DeployedStack[]>;
  destroy(app: DeployApp, onProgress: ProgressLine): Promise<void>;
}

/** A module that provides a toolkit: what `--toolkit-module` loads. */
interface ToolkitModule {
  createDeployToolkit(): DeployToolkit | Promise<DeployToolkit>;
}

/**
 * The toolkit of a run: `@aws-cdk/toolkit-lib`'s, or the `createDeployToolkit()` of the module
 * a (hidden) `--toolkit-module FILE` names, which is how the command's own tests stand in for
 * CloudFormation.
 *
 * @throws UsageError when the module has no `createDeployToolkit` export.
 * @example
 * ```ts
 * const toolkit = await loadDeployToolkit(undefined, { color: false });
 * ```
 */
export async function loadDeployToolkit(modulePath: string | undefined, options: { color: boolean }): Promise<DeployToolkit> {
  if (modulePath === undefined) {
    const { createCdkDeployToolkit } = await import('./cdk-deploy-toolkit.js');
    return createCdkDeployToolkit(options);
  }
  const loaded = (await import(pathToFileURL(resolve(modulePath)).href)) as Partial<ToolkitModule>;
  if (typeof loaded.createDeployToolkit !== 'function') throw new UsageError(`--toolkit-module: ${modulePath} exports no createDeployToolkit()`);
  return loaded.createDeployToolkit();
}
