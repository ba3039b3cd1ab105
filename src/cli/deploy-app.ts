import { isIngestTarget, type SluiceConfig } from '../core/config-schema.js';
import { ConfigError } from '../core/errors.js';
import type { CommandIo } from './command-io.js';
import type { DeployApp } from './deploy-toolkit.js';
import { inTermsOfFlags, type StackFlags } from './stack-flags.js';
import { ensureBundles } from './synth.js';

/** What the stacks are built from: the configuration and the answers. */
export interface DeployAppInput {
  readonly config: SluiceConfig;
  /** Where the configuration came from, for messages (`sluice.yaml`, `command line`). */
  readonly source: string;
  readonly project: string;
  readonly region: string;
  readonly destination: string;
  readonly alarmEmail?: string;
  readonly signingSecretArn?: string;
  readonly flags: Pick<StackFlags, 'batchSize' | 'batchingWindowMs'>;
  readonly exampleApi: boolean;
  /** The Lambda bundles. @default dist-lambda of this package, built when missing in a checkout */
  readonly lambdaDir?: string;
}

/**
 * The names of a project's stacks, as `infra/sluice-app.ts`'s `stackNames` gives them: known
 * without loading aws-cdk-lib, which only a real synthesis needs.
 *
 * @example
 * ```ts
 * deployStackNames('shop', true, false); // ['shop-example-api', 'shop-forwarder']
 * ```
 */
export function deployStackNames(project: string, exampleApi: boolean, ingest: boolean): string[] {
  return [...(exampleApi ? [`${project}-example-api`] : []), `${project}-forwarder`, ...(ingest ? [`${project}-ingest`] : [])];
}

/**
 * The deployment's CDK app, the one `sluice synth` writes (same properties, same flags), built
 * when the toolkit synthesizes it: aws-cdk-lib and the Lambda bundles are only needed then.
 *
 * @example
 * ```ts
 * const app = sluiceDeployApp({ config, source: 'sluice.yaml', project: 'shop', region: 'eu-west-1', destination: 'https://hooks.example.com/in', flags: {}, exampleApi: false }, io);
 * await toolkit.deploy(app, console.error);
 * ```
 */
export function sluiceDeployApp(input: DeployAppInput, io: CommandIo): DeployApp {
  return {
    stacks: deployStackNames(input.project, input.exampleApi, hasIngestRoutes(input.config)),
    async synthesize(outdir) {
      const infra = await import('../infra/index.js');
      const lambdaDir = input.lambdaDir ?? infra.defaultLambdaDir();
      await ensureBundles(lambdaDir, input.lambdaDir === undefined, infra.missingLambdaBundles, io);
      const { destinationUrl: _fromConfig, ...fromConfig } = infra.forwarderPropsFromConfig(input.config, {
        project: input.project,
        ...(input.alarmEmail !== undefined && { alarmEmail: input.alarmEmail }),
        ...(input.flags.batchSize !== undefined && { batchSize: input.flags.batchSize }),
        ...(input.flags.batchingWindowMs !== undefined && { batchingWindowMs: input.flags.batchingWindowMs }),
        ...(input.signingSecretArn !== undefined && { signingSecretArn: input.signingSecretArn }),
      });
      const code = infra.lambdaBundleCode(lambdaDir);
      try {
        const { app } = infra.createSluiceApp({
          ...(outdir !== undefined && { outdir }),
          region: input.region,
          forwarder: { ...fromConfig, destinationUrl: input.destination, code },
          exampleApi: input.exampleApi,
          ingest: infra.ingestStackProps(input.config, code.jwtAuthorizer),
        });
        return app.synth();
      } catch (error) {
        if (error instanceof ConfigError) throw inTermsOfFlags(error, input.source);
        throw error;
      }
    },
  };
}

/** Whether the config has routes the ingest stack serves (and so a third stack to deploy). */
function hasIngestRoutes(config: SluiceConfig): boolean {
  return config.routes.some((route) => isIngestTarget(route.target));
}
