import type { Command } from 'commander';
import { ConfigError, UsageError, type ConfigIssue } from '../core/errors.js';
import { parseDuration } from '../core/units.js';
import { DEPLOY_QUESTIONS } from './deploy-questions.js';

/**
 * The flags that shape the stacks, as commander passes them. `sluice synth` and `sluice deploy`
 * take exactly these (issue 12: synth "takes the same flags as `sluice deploy`"), registered
 * by {@link registerStackFlags} and parsed by {@link parseStackFlags}, so a deploy's command
 * line given to synth writes the templates that deploy would deploy.
 */
export interface StackFlagOptions {
  readonly config?: string;
  readonly project?: string;
  readonly region?: string;
  readonly destination?: string;
  readonly alarmEmail?: string;
  readonly batchSize?: string;
  readonly batchingWindow?: string;
  readonly signingSecretArn?: string;
  /** `--example-api`: the example REST API stack too. @default false */
  readonly exampleApi?: boolean;
  /** The bundles; built when the default folder has none. @default dist-lambda of this package */
  readonly lambdaDir?: string;
}

/** `sluice synth`'s options: the stack flags and where the templates go. */
export interface SynthOptions extends StackFlagOptions {
  /** Where the templates go. @default 'cdk.out' */
  readonly out?: string;
}

/** The stack flags' values, checked; an empty `--alarm-email` is none. */
export interface StackFlags {
  readonly region?: string;
  readonly project?: string;
  readonly destination?: string;
  readonly alarmEmail?: string;
  readonly batchSize?: number;
  readonly batchingWindowMs?: number;
  readonly exampleApi: boolean;
}

/**
 * Adds the stack flags to a command, with one name, default and help text for both commands.
 * What differs between them (deploy asks and remembers, synth does not) is said in each
 * command's own help, not here.
 *
 * @example
 * ```ts
 * registerStackFlags(program.command('synth')).option('-o, --out <dir>', 'the folder', 'cdk.out');
 * ```
 */
export function registerStackFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'sluice.yaml: destination, retry budget, redaction and alarms come from it')
    .option('--project <name>', 'prefix of the stacks and resources (default sluice)')
    .option('--region <region>', 'the AWS region (default AWS_REGION or AWS_DEFAULT_REGION)')
    .option('--destination <url>', 'where the forwarder delivers records (default destination.url of --config)')
    .option('--alarm-email <address>', 'who the alarms e-mail; the subscription must be confirmed (default none)')
    .option('--batch-size <n>', 'records per forwarder invocation (default 10; above 10 needs --batching-window)')
    .option('--batching-window <duration>', 'how long SQS gathers a batch, such as 5s (default none)')
    .option('--signing-secret-arn <arn>', 'an existing Secrets Manager secret with the signing secret (default: one in the forwarder stack)')
    .option('--example-api', 'add the example REST API stack (/users and /api/v1/users to jsonplaceholder)')
    .option('--lambda-dir <dir>', 'the bundles of npm run build:lambda (default dist-lambda/, built when missing in a checkout)');
}

/**
 * Checks the stack flags, naming the flag in every problem, all at once, with the rules the
 * questions of `sluice deploy` apply to typed answers. Flags only: defaults (AWS_REGION, the
 * remembered answers, sluice.yaml) are each command's to apply.
 *
 * @throws UsageError (exit code 2) naming each bad flag.
 * @example
 * ```ts
 * parseStackFlags({ region: 'eu-west-1', batchSize: '50', batchingWindow: '5s' }); // { region: 'eu-west-1', batchSize: 50, batchingWindowMs: 5000, exampleApi: false }
 * ```
 */
export function parseStackFlags(options: StackFlagOptions): StackFlags {
  const problems: string[] = [];
  const checked = (question: (typeof DEPLOY_QUESTIONS)[keyof typeof DEPLOY_QUESTIONS], value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const verdict = question.validate(value);
    if (verdict !== true) problems.push(`${question.flag}: ${verdict}, got ${JSON.stringify(value)}`);
    return value === '' ? undefined : value;
  };
  const region = checked(DEPLOY_QUESTIONS.region, options.region);
  const project = checked(DEPLOY_QUESTIONS.project, options.project);
  const destination = checked(DEPLOY_QUESTIONS.destination, options.destination);
  const alarmEmail = checked(DEPLOY_QUESTIONS.alarmEmail, options.alarmEmail);
  let batchSize: number | undefined;
  if (options.batchSize !== undefined) {
    batchSize = /^\d+$/.test(options.batchSize) ? Number(options.batchSize) : undefined;
    if (batchSize === undefined) problems.push(`--batch-size: expected a whole number, got ${JSON.stringify(options.batchSize)}`);
  }
  let batchingWindowMs: number | undefined;
  if (options.batchingWindow !== undefined) {
    batchingWindowMs = parseDuration(options.batchingWindow);
    if (batchingWindowMs === undefined) problems.push(`--batching-window: expected a duration such as 5s, got ${JSON.stringify(options.batchingWindow)}`);
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return {
    ...(region !== undefined && { region }),
    ...(project !== undefined && { project }),
    ...(destination !== undefined && { destination }),
    ...(alarmEmail !== undefined && { alarmEmail }),
    ...(batchSize !== undefined && { batchSize }),
    ...(batchingWindowMs !== undefined && { batchingWindowMs }),
    exampleApi: options.exampleApi === true,
  };
}

/** Each stack property, as the user sets it: a flag or a key of sluice.yaml. */
const ORIGINS: Readonly<Record<string, string>> = {
  project: '--project',
  destinationUrl: '--destination (or destination.url)',
  alarmEmail: '--alarm-email',
  batchSize: '--batch-size',
  maxBatchingWindow: '--batching-window',
  signingSecretArn: '--signing-secret-arn',
  maxReceiveCount: 'queue.max_receive_count',
  oldestMessageAge: 'alarms.oldest_message_age',
  'forwarder.timeout': 'destination.timeout',
};

/**
 * A stack property error restated with the flags and keys the user wrote, so
 * `maxBatchingWindow` reads `--batching-window`.
 *
 * @example
 * ```ts
 * throw inTermsOfFlags(error, 'sluice.yaml');
 * ```
 */
export function inTermsOfFlags(error: ConfigError, source: string): ConfigError {
  const issues: ConfigIssue[] = error.issues.map((issue) => ({ path: ORIGINS[issue.path] ?? issue.path, message: issue.message }));
  return new ConfigError(source, issues);
}
