import { ConfigError, UsageError, type ConfigIssue } from '../core/errors.js';
import { parseDuration } from '../core/units.js';

/** `sluice synth`'s options as commander passes them; `sluice deploy` takes the same. */
export interface SynthOptions {
  readonly config?: string;
  /** Where the templates go. @default 'cdk.out' */
  readonly out?: string;
  readonly project?: string;
  readonly region?: string;
  readonly destination?: string;
  readonly alarmEmail?: string;
  readonly batchSize?: string;
  readonly batchingWindow?: string;
  readonly signingSecretArn?: string;
  /** `--no-example-api` sets false. @default true */
  readonly exampleApi?: boolean;
  /** The bundles; built when the default folder has none. @default dist-lambda of this package */
  readonly lambdaDir?: string;
}

/** The flags' values, parsed. */
export interface DeployFlags {
  readonly region?: string;
  readonly batchSize?: number;
  readonly batchingWindowMs?: number;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Parses the flags that are not plain strings, naming the flag in every problem, all at once.
 * The region defaults to the SDK's variables, and may stay unset: the templates then deploy to
 * any region.
 *
 * @throws UsageError (exit code 2) naming each bad flag.
 * @example
 * ```ts
 * parseDeployFlags({ region: 'eu-west-1', batchSize: '50', batchingWindow: '5s' }, process.env); // { region: 'eu-west-1', batchSize: 50, batchingWindowMs: 5000 }
 * ```
 */
export function parseDeployFlags(options: SynthOptions, env: NodeJS.ProcessEnv): DeployFlags {
  const problems: string[] = [];
  const region = options.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
  if (region !== undefined && !REGION.test(region)) problems.push(`--region: expected an AWS region such as eu-west-1, got ${JSON.stringify(region)}`);
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
    ...(batchSize !== undefined && { batchSize }),
    ...(batchingWindowMs !== undefined && { batchingWindowMs }),
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
