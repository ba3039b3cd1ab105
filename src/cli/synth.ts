import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { ConfigError, SluiceError, UsageError } from '../core/errors.js';
import { processIo, type CommandIo } from './command-io.js';
import { EXIT_OK } from './exit-codes.js';
import { DEPLOY_QUESTIONS } from './deploy-questions.js';
import { loadConfigWithSource } from './load-config.js';
import { inTermsOfFlags, parseStackFlags, registerStackFlags, type SynthOptions } from './stack-flags.js';

/** The script behind `npm run build:lambda`, present in a checkout of the repository. */
const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-lambda.mjs', import.meta.url));

/** What `runSynth` wrote. */
export interface SynthResult {
  /** One CloudFormation template (JSON) per stack, in the output folder. */
  readonly templates: readonly string[];
  readonly outdir: string;
}

/**
 * `sluice synth`: writes the CloudFormation templates of the forwarder stack and the example API
 * (SPEC §5) into `--out` (a CDK cloud assembly: `<stack>.template.json`, the function bundles as
 * assets, `manifest.json`), from `--config` and the same flags `sluice deploy` takes. Offline:
 * no credentials, no AWS call. When the default dist-lambda/ has no bundles and this is a
 * checkout with esbuild installed, it builds them first (`npm run build:lambda`); otherwise it
 * says to.
 *
 * @throws UsageError or ConfigError (exit code 2) naming the flag or key at fault.
 * @example
 * ```ts
 * const { templates } = await runSynth({ destination: 'https://hooks.example.com/in', out: 'cdk.out' }, processIo());
 * ```
 */
export async function runSynth(options: SynthOptions, io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<SynthResult> {
  const flags = parseStackFlags(options);
  // Nothing is asked: an unset region stays unset, and the templates then fit any region.
  const region = flags.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
  if (region !== undefined && DEPLOY_QUESTIONS.region.validate(region) !== true) {
    throw new UsageError(`--region: expected an AWS region such as eu-west-1, got ${JSON.stringify(region)} from AWS_REGION`);
  }
  const { config, source } = await loadConfigWithSource(
    { ...(options.config !== undefined && { config: options.config }), ...(flags.destination !== undefined && { destination: flags.destination }) },
    env,
  );
  if (config.destination === undefined) {
    throw new UsageError('--destination: required (or destination.url in --config): where the forwarder function delivers the records');
  }
  // aws-cdk-lib takes seconds to load: only this command pays for it.
  const infra = await import('../infra/index.js');
  const lambdaDir = options.lambdaDir ?? infra.defaultLambdaDir();
  await ensureBundles(lambdaDir, options.lambdaDir === undefined, infra.missingLambdaBundles, io);
  const outdir = options.out ?? 'cdk.out';
  const { destinationUrl, ...fromConfig } = infra.forwarderPropsFromConfig(config, {
    ...(flags.project !== undefined && { project: flags.project }),
    ...(flags.alarmEmail !== undefined && { alarmEmail: flags.alarmEmail }),
    ...(flags.batchSize !== undefined && { batchSize: flags.batchSize }),
    ...(flags.batchingWindowMs !== undefined && { batchingWindowMs: flags.batchingWindowMs }),
    ...(options.signingSecretArn !== undefined && { signingSecretArn: options.signingSecretArn }),
  });
  const code = infra.lambdaBundleCode(lambdaDir);
  let app;
  try {
    app = infra.createSluiceApp({
      outdir,
      ...(region !== undefined && { region }),
      forwarder: { ...fromConfig, destinationUrl: destinationUrl!, code },
      exampleApi: flags.exampleApi,
      ingest: infra.ingestStackProps(config, code.jwtAuthorizer),
    }).app;
  } catch (error) {
    if (error instanceof ConfigError) throw inTermsOfFlags(error, source);
    throw error;
  }
  const assembly = app.synth();
  const templates = assembly.stacks.map((stack) => stack.templateFullPath);
  io.stdout.write(
    [
      ...templates.map((file) => `wrote ${relative(process.cwd(), file) || file}`),
      `The signing secret is generated in Secrets Manager at deploy, never written here${options.signingSecretArn !== undefined ? ' (using --signing-secret-arn)' : ''}.`,
      `Deploy them with \`sluice deploy\` (or \`npx aws-cdk@2 deploy --app ${outdir} --all\`).`,
    ].join('\n') + '\n',
  );
  return { templates, outdir: assembly.directory };
}

/**
 * Builds the bundles into the default folder of a checkout, or says how to get them.
 *
 * @internal
 * @example
 * ```ts
 * await ensureBundles(infra.defaultLambdaDir(), true, infra.missingLambdaBundles, io);
 * ```
 */
export async function ensureBundles(dir: string, isDefault: boolean, missing: (dir: string) => string[], io: CommandIo): Promise<void> {
  const absent = missing(dir);
  if (absent.length === 0) return;
  const wanted = absent.map((name) => `${name}/index.mjs`).join(', ');
  if (!isDefault) throw new UsageError(`--lambda-dir: ${dir} has no ${wanted}; build them with \`npm run build:lambda\` (dist-lambda/)`);
  if (!existsSync(BUILD_SCRIPT)) {
    throw new SluiceError(
      `the Lambda bundles are missing (${dir}: ${wanted}); build them in a checkout of Sluice with \`npm run build:lambda\` and pass --lambda-dir`,
    );
  }
  io.stderr.write('building the Lambda bundles (npm run build:lambda)…\n');
  try {
    const { buildLambda } = (await import(pathToFileURL(BUILD_SCRIPT).href)) as { buildLambda: () => Promise<unknown> };
    await buildLambda();
  } catch (error) {
    throw new SluiceError(`could not build the Lambda bundles (${(error as Error).message}); run \`npm install\` and \`npm run build:lambda\``, {
      cause: error,
    });
  }
}

/**
 * Registers `sluice synth`.
 *
 * @example
 * ```ts
 * registerSynth(new Command('sluice'));
 * ```
 */
export function registerSynth(program: Command): void {
  registerStackFlags(
    program
      .command('synth')
      .description('write the CloudFormation templates of the AWS stacks (forwarder, alarms, example API), offline and without credentials'),
  )
    .option('-o, --out <dir>', 'the folder for the templates (a CDK cloud assembly)', 'cdk.out')
    .addHelpText(
      'after',
      `
The stacks: <project>-forwarder (SQS queue and DLQ, payload and control buckets, proxy and
forwarder functions, signing secret, alarms to SNS, dashboard), <project>-ingest when --config
has ingest routes, and with --example-api <project>-example-api (a REST API with /users and
/api/v1/users proxied to jsonplaceholder). Nothing is deployed; no AWS credentials or network
are needed. The signing secret never goes into a template.

The flags are sluice deploy's stack flags, with the same defaults: given a deploy's flags,
synth writes what that deploy would deploy. Unlike deploy, synth asks nothing and reads no
remembered answers: an unset flag takes its default, and without --region (or AWS_REGION) the
templates fit any region. Only --out is synth's own; deploy's --api-id, --stage, --data,
--destroy, --force and --yes are about deploying and attaching, and synth does not take them.

Examples:
  $ sluice synth --destination https://hooks.example.com/ingest
  $ sluice synth --config sluice.yaml --project shop --region eu-west-1 --alarm-email ops@example.com --out cdk.out
  $ sluice synth --destination https://hooks.example.com/ingest --batch-size 100 --batching-window 5s --example-api
  $ npx aws-cdk@2 deploy --app cdk.out --all     # deploy what synth wrote`,
    )
    .action(async (options: SynthOptions) => {
      await runSynth(options, processIo());
      process.exitCode = EXIT_OK;
    });
}
