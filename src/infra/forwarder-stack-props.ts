import { Duration, type StackProps } from 'aws-cdk-lib';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { sqsRetryLimitWarnings, type DestinationConfig } from '../core/config-schema.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { forwarderStackDefaults } from './forwarder-stack-defaults.js';

/** `destination.retry`, in milliseconds. */
type RetrySettings = DestinationConfig['retry'];

/** Memory and timeout of one function. */
export interface FunctionSizing {
  /** @default 512 (proxy), 256 (forwarder) */
  readonly memorySize?: number;
  /** @default 30 seconds (both) */
  readonly timeout?: Duration;
}

/** What the proxy captures, as `capture:` in sluice.yaml. */
export interface CaptureSettings {
  /** @default [] (the built-in list is always redacted) */
  readonly redactHeaders?: readonly string[];
  /** @default [] */
  readonly redactQuery?: readonly string[];
  /** @default [] */
  readonly redactBodyFields?: readonly string[];
  /** @default 10 MiB */
  readonly maxBodyBytes?: number;
}

/** Properties of {@link ForwarderStack}. */
export interface ForwarderStackProps extends StackProps {
  /** Prefix of every resource name; lower-case letters, digits and "-". @default 'sluice' */
  readonly project?: string;
  /** Where records are delivered (`destination.url`). */
  readonly destinationUrl: string;
  /** `destination.timeout`. @default 10 seconds */
  readonly destinationTimeout?: Duration;
  /** `destination.retry`, in milliseconds. @default sluice.yaml's defaults (1 s, 1 h, 24 h, 60) */
  readonly retry?: RetrySettings;
  /** `destination.dead_letter_on_4xx`. @default false */
  readonly deadLetterOn4xx?: boolean;
  /**
   * The RedrivePolicy's `maxReceiveCount`, also given to the forwarder (`SLUICE_MAX_RECEIVE_COUNT`)
   * so it dead-letters a record itself, with its error, on the last receive SQS allows. At least
   * `retry.max_attempts`. @default retry.max_attempts
   */
  readonly maxReceiveCount?: number;
  /** @default 4 days */
  readonly queueRetention?: Duration;
  /** Also the payload bucket's object expiry: a pointer never outlives its object. @default 14 days */
  readonly dlqRetention?: Duration;
  /** @default 6 × the forwarder's timeout */
  readonly visibilityTimeout?: Duration;
  /** Records per forwarder invocation. @default 10 */
  readonly batchSize?: number;
  /** How long SQS gathers a batch (required above 10 records). @default none */
  readonly maxBatchingWindow?: Duration;
  /** @default { memorySize: 512, timeout: 30 s } */
  readonly proxy?: FunctionSizing;
  /** @default { memorySize: 256, timeout: 30 s } */
  readonly forwarder?: FunctionSizing;
  /** @default the built-in redaction only */
  readonly capture?: CaptureSettings;
  /**
   * An existing Secrets Manager secret holding the signing secret(s).
   * @default a new secret with a generated value
   */
  readonly signingSecretArn?: string;
  /** Who the alarms e-mail (the subscription must be confirmed). @default no subscription */
  readonly alarmEmail?: string;
  /** `alarms.oldest_message_age`. @default 15 minutes */
  readonly oldestMessageAge?: Duration;
  /** Failed deliveries plus forwarder errors per 5 minutes that raise the warning. @default 10 */
  readonly deliveryFailureThreshold?: number;
  /** The bundles of `npm run build:lambda`. @default Code.fromAsset of dist-lambda/proxy and dist-lambda/forwarder */
  readonly code?: { readonly proxy: Code; readonly forwarder: Code };
}

/** Every property with its default applied. */
export type ResolvedForwarderStackProps = Required<
  Omit<ForwarderStackProps, keyof StackProps | 'signingSecretArn' | 'alarmEmail' | 'code' | 'maxBatchingWindow'>
> &
  Pick<ForwarderStackProps, 'signingSecretArn' | 'alarmEmail' | 'code' | 'maxBatchingWindow'> & {
    readonly proxy: Required<FunctionSizing>;
    readonly forwarder: Required<FunctionSizing>;
  };

const DAY_SECONDS = 86_400;
const MAX_LAMBDA_TIMEOUT_SECONDS = 900;
const MAX_VISIBILITY_SECONDS = 12 * 3_600;

/**
 * Applies the defaults and checks every rule at once (SPEC §5, §2): SQS's and Lambda's limits,
 * a visibility timeout of at least six times the forwarder's timeout, and the retry budget the
 * queue must leave room for, by the same rule the SQS driver applies to an existing queue
 * (`sqsRetryLimitWarnings`).
 *
 * @throws ConfigError listing every problem by property name.
 * @example
 * ```ts
 * const resolved = resolveForwarderStackProps({ destinationUrl: 'https://hooks.example.com/in' });
 * resolved.maxReceiveCount; // 60
 * ```
 */
export function resolveForwarderStackProps(props: ForwarderStackProps): ResolvedForwarderStackProps {
  const d = forwarderStackDefaults;
  const retry = props.retry ?? d.destination.retry;
  const forwarder = { memorySize: props.forwarder?.memorySize ?? d.forwarder.memorySize, timeout: props.forwarder?.timeout ?? d.forwarder.timeout };
  const proxy = { memorySize: props.proxy?.memorySize ?? d.proxy.memorySize, timeout: props.proxy?.timeout ?? d.proxy.timeout };
  const resolved: ResolvedForwarderStackProps = {
    project: props.project ?? d.project,
    destinationUrl: props.destinationUrl,
    destinationTimeout: props.destinationTimeout ?? d.destination.timeout,
    retry,
    deadLetterOn4xx: props.deadLetterOn4xx ?? d.destination.deadLetterOn4xx,
    maxReceiveCount: props.maxReceiveCount ?? retry.max_attempts,
    queueRetention: props.queueRetention ?? d.queueRetention,
    dlqRetention: props.dlqRetention ?? d.dlqRetention,
    visibilityTimeout: props.visibilityTimeout ?? Duration.millis(forwarder.timeout.toMilliseconds() * d.visibilityTimeoutFactor),
    batchSize: props.batchSize ?? d.batchSize,
    maxBatchingWindow: props.maxBatchingWindow,
    proxy,
    forwarder,
    capture: props.capture ?? {},
    signingSecretArn: props.signingSecretArn,
    alarmEmail: props.alarmEmail,
    oldestMessageAge: props.oldestMessageAge ?? d.oldestMessageAge,
    deliveryFailureThreshold: props.deliveryFailureThreshold ?? d.deliveryFailureThreshold,
    code: props.code,
  };
  const issues = checkProps(resolved);
  if (issues.length > 0) throw new ConfigError('the forwarder stack', issues);
  return resolved;
}

function checkProps(p: ResolvedForwarderStackProps): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const fail = (path: string, message: string): void => void issues.push({ path, message });
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(p.project)) fail('project', 'expected 1-40 lower-case letters, digits or "-", starting with a letter');
  if (!isHttpUrl(p.destinationUrl)) fail('destinationUrl', `expected an http(s) URL, got ${JSON.stringify(p.destinationUrl)}`);
  // CloudFormation takes these in whole seconds; CDK's toSeconds() would throw on a fraction.
  const wholeSeconds: [string, Duration | undefined][] = [
    ['queueRetention', p.queueRetention],
    ['dlqRetention', p.dlqRetention],
    ['visibilityTimeout', p.visibilityTimeout],
    ['proxy.timeout', p.proxy.timeout],
    ['forwarder.timeout', p.forwarder.timeout],
    ['maxBatchingWindow', p.maxBatchingWindow],
  ];
  for (const [path, value] of wholeSeconds) {
    if (value !== undefined && value.toMilliseconds() % 1000 !== 0) fail(path, 'expected whole seconds');
  }
  const retentionS = seconds(p.queueRetention);
  const dlqRetentionS = seconds(p.dlqRetention);
  if (retentionS < 60 || retentionS > 14 * DAY_SECONDS) fail('queueRetention', 'expected 1 minute to 14 days (SQS)');
  if (dlqRetentionS < retentionS || dlqRetentionS > 14 * DAY_SECONDS) {
    // A standard queue's age counts from the first enqueue: a shorter DLQ retention deletes dead letters on arrival.
    fail('dlqRetention', 'expected at least queueRetention and at most 14 days');
  }
  const forwarderTimeoutS = seconds(p.forwarder.timeout);
  const visibilityS = seconds(p.visibilityTimeout);
  if (visibilityS < forwarderTimeoutS * forwarderStackDefaults.visibilityTimeoutFactor) {
    fail('visibilityTimeout', `expected at least 6 × the forwarder's timeout (${forwarderTimeoutS * 6} s), as AWS advises for an SQS event source`);
  }
  if (visibilityS > MAX_VISIBILITY_SECONDS) fail('visibilityTimeout', "expected at most 12 hours (SQS's longest)");
  for (const name of ['proxy', 'forwarder'] as const) {
    const { memorySize, timeout } = p[name];
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) fail(`${name}.memorySize`, 'expected 128 to 10240 MB (Lambda)');
    if (seconds(timeout) < 1 || seconds(timeout) > MAX_LAMBDA_TIMEOUT_SECONDS) fail(`${name}.timeout`, 'expected 1 second to 15 minutes (Lambda)');
  }
  if (p.destinationTimeout.toMilliseconds() >= p.forwarder.timeout.toMilliseconds()) {
    fail(
      'forwarder.timeout',
      `expected more than the destination's timeout (${seconds(p.destinationTimeout)} s): a delivery must be able to end before the function does`,
    );
  }
  const windowS = p.maxBatchingWindow === undefined ? 0 : seconds(p.maxBatchingWindow);
  if (!Number.isInteger(p.batchSize) || p.batchSize < 1 || p.batchSize > 10_000) fail('batchSize', 'expected 1 to 10000 (SQS event source)');
  else if (p.batchSize > 10 && windowS < 1) fail('maxBatchingWindow', 'required: at least 1 second when batchSize is over 10 (SQS event source)');
  if (windowS > 300) fail('maxBatchingWindow', 'expected at most 5 minutes (SQS event source)');
  if (!Number.isInteger(p.maxReceiveCount) || p.maxReceiveCount < 1 || p.maxReceiveCount > 1000)
    fail('maxReceiveCount', 'expected 1 to 1000 (SQS RedrivePolicy)');
  // The rule the SQS driver checks on an existing queue at start, applied before the queue exists.
  for (const warning of sqsRetryLimitWarnings({ maxReceiveCount: p.maxReceiveCount, retentionMs: retentionS * 1000 }, p.retry)) {
    fail(/maxReceiveCount/.test(warning) ? 'maxReceiveCount' : 'queueRetention', warning);
  }
  if (p.alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.alarmEmail))
    fail('alarmEmail', `expected an e-mail address, got ${JSON.stringify(p.alarmEmail)}`);
  if (p.signingSecretArn !== undefined && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(p.signingSecretArn)) {
    fail('signingSecretArn', 'expected a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-xxxxxx)');
  }
  if (seconds(p.oldestMessageAge) < 60) fail('oldestMessageAge', 'expected at least 1 minute (CloudWatch reports the age once a minute)');
  if (!(p.deliveryFailureThreshold >= 0)) fail('deliveryFailureThreshold', 'expected a number of at least 0');
  return issues;
}

/** A duration in seconds, fractions kept (unlike CDK's `toSeconds()`, which throws on them). */
function seconds(duration: Duration): number {
  return duration.toMilliseconds() / 1000;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
