import { configDefaults, DEFAULT_MAX_ATTEMPTS, SQS_MAX_MESSAGE_BYTES, SQS_MAX_VISIBILITY_MS } from '../core/config-defaults.js';
import type { CaptureConfig, DestinationConfig, SluiceConfig, SqsQueueConfig } from '../core/config-schema.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { MAX_ATTEMPTS_LIMIT, minimumMaxAttempts } from '../core/retry-schedule.js';
import { parseBytes, parseDuration } from '../core/units.js';

/**
 * The functions' settings come from environment variables, which a deploy step sets. Each maps
 * onto a key of `sluice.yaml`, with the same rules and defaults as the configuration schema;
 * problems are reported by variable name, all at once.
 *
 * Read here without zod: loading zod and building the configuration schema took longer than
 * importing the SQS client itself, on every cold start (issue 12 §4). `function-env.test.ts`
 * checks that this reading and the schema agree.
 */

/** What the functions use of a configuration. */
export interface FunctionConfig {
  /** Present when asked for (`needs.queue`). */
  readonly queue: SqsQueueConfig | undefined;
  /** Present when asked for (`needs.destination`). */
  readonly destination: DestinationConfig | undefined;
  readonly capture: CaptureConfig;
  readonly limits: SluiceConfig['limits'];
}

export interface LambdaEnvNeeds {
  /** The SQS queue (both functions, unless the proxy's capture is off). */
  readonly queue: boolean;
  /** The delivery destination (the forwarder). */
  readonly destination: boolean;
}

/** API Gateway gives up on an integration after 29 s by default: answer before it does. */
const DEFAULT_UPSTREAM_TIMEOUT_MS = 29_000;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const SIGNING_SECRET = /^whsec_[A-Za-z0-9+/=]{16,}$/;

/**
 * Builds and validates the functions' configuration from the environment.
 *
 * @throws ConfigError listing every problem by variable name (the function then fails its init).
 * @example
 * ```ts
 * const config = configFromEnv(process.env, { queue: true, destination: true });
 * config.queue?.driver; // 'sqs'
 * ```
 */
export function configFromEnv(env: NodeJS.ProcessEnv, needs: LambdaEnvNeeds): FunctionConfig {
  const read = new EnvReader(env);
  const capture: CaptureConfig = {
    max_body_bytes: read.bytes('SLUICE_CAPTURE_MAX_BODY_BYTES', configDefaults.capture.max_body_bytes),
    redact_headers: read.list('SLUICE_REDACT_HEADERS').map((name) => name.toLowerCase()),
    redact_query: read.list('SLUICE_REDACT_QUERY'),
    redact_body_fields: read.list('SLUICE_REDACT_BODY_FIELDS'),
    on_failure: configDefaults.capture.on_failure,
  };
  const limits: SluiceConfig['limits'] = {
    max_body_bytes: configDefaults.limits.max_body_bytes,
    upstream_timeout: read.duration('SLUICE_UPSTREAM_TIMEOUT', DEFAULT_UPSTREAM_TIMEOUT_MS),
    body_timeout: configDefaults.limits.body_timeout_ms,
  };
  const destination = needs.destination ? readDestination(read) : undefined;
  const queue = needs.queue ? readQueue(read, destination) : undefined;
  if (read.issues.length > 0) throw new ConfigError('the Lambda environment', read.issues);
  return { queue, destination, capture, limits };
}

function readQueue(read: EnvReader, destination: DestinationConfig | undefined): SqsQueueConfig {
  const endpoint = read.optional('SLUICE_AWS_ENDPOINT');
  return {
    driver: 'sqs',
    queue_url: read.url('SLUICE_QUEUE_URL'),
    dlq_url: read.url('SLUICE_DLQ_URL'),
    payload_bucket: read.matching('SLUICE_PAYLOAD_BUCKET', BUCKET_NAME, 'expected an S3 bucket name (3-63 lower-case letters, digits, "." or "-")'),
    region: read.matching('AWS_REGION', REGION, 'expected an AWS region such as eu-west-1'),
    ...(endpoint !== undefined && { endpoint: read.url('SLUICE_AWS_ENDPOINT') }),
    // Follows the retry safety net when unset, as in a configuration file.
    max_receive_count: read.integer('SLUICE_MAX_RECEIVE_COUNT', 1, MAX_ATTEMPTS_LIMIT) ?? destination?.retry.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
    visibility_timeout: read.check(
      'SLUICE_VISIBILITY_TIMEOUT',
      read.duration('SLUICE_VISIBILITY_TIMEOUT', configDefaults.queue.visibility_timeout_ms),
      (ms) => ms <= SQS_MAX_VISIBILITY_MS,
      "expected at most 12h (SQS's longest visibility timeout)",
    ),
    offload_threshold: read.check(
      'SLUICE_OFFLOAD_THRESHOLD',
      read.bytes('SLUICE_OFFLOAD_THRESHOLD', configDefaults.queue.offload_threshold_bytes),
      (size) => size >= 1 && size <= SQS_MAX_MESSAGE_BYTES,
      "expected 1 byte to 1MiB (SQS's largest message)",
    ),
  };
}

function readDestination(read: EnvReader): DestinationConfig {
  const secrets = read.list('SLUICE_SIGNING_SECRET');
  // The value is never echoed: it is a secret.
  if (!secrets.every((secret) => SIGNING_SECRET.test(secret)))
    read.problem('SLUICE_SIGNING_SECRET', 'expected a Standard Webhooks secret: "whsec_" followed by base64');
  const atLeastOne = (ms: number): boolean => ms >= 1;
  const base = read.check(
    'SLUICE_RETRY_BASE',
    read.duration('SLUICE_RETRY_BASE', configDefaults.destination.retry.base_ms),
    atLeastOne,
    'expected at least 1ms',
  );
  const cap = read.duration('SLUICE_RETRY_CAP', configDefaults.destination.retry.cap_ms);
  const maxAge = read.check(
    'SLUICE_RETRY_MAX_AGE',
    read.duration('SLUICE_RETRY_MAX_AGE', configDefaults.destination.retry.max_age_ms),
    atLeastOne,
    'expected at least 1ms',
  );
  let maxAttempts = read.integer('SLUICE_RETRY_MAX_ATTEMPTS', 1, MAX_ATTEMPTS_LIMIT);
  if (cap < base) read.problem('SLUICE_RETRY_CAP', `expected at least base (${base} ms)`);
  // On SQS a retry waits as a visibility timeout, which SQS caps at 12 hours.
  else if (cap > SQS_MAX_VISIBILITY_MS) read.problem('SLUICE_RETRY_CAP', "expected at most 12h (SQS's longest visibility timeout)");
  const schedule = { base, cap, max_age: maxAge };
  if (cap >= base && base >= 1 && maxAge >= 1) {
    const minimum = minimumMaxAttempts(schedule);
    if (maxAttempts !== undefined && maxAttempts < minimum) {
      read.problem(
        'SLUICE_RETRY_MAX_ATTEMPTS',
        `expected at least ${minimum}: fewer attempts can be used up before max_age (${maxAge} ms) ends, at the schedule's shortest delays; lower max_age to retry for less time`,
      );
    }
    maxAttempts ??= minimum;
  }
  return {
    url: read.url('SLUICE_DESTINATION_URL'),
    signing_secret: secrets,
    timeout: read.duration('SLUICE_DESTINATION_TIMEOUT', configDefaults.destination.timeout_ms),
    concurrency: configDefaults.destination.concurrency,
    retry: { ...schedule, max_attempts: maxAttempts ?? DEFAULT_MAX_ATTEMPTS },
    dead_letter_on_4xx: read.optional('SLUICE_DEAD_LETTER_ON_4XX') === 'true',
    headers: {},
  };
}

/** Reads variables and collects every problem, named by variable. */
class EnvReader {
  readonly issues: ConfigIssue[] = [];
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv) {
    this.#env = env;
  }

  problem(name: string, message: string): void {
    this.issues.push({ path: name, message });
  }

  /** The value, `undefined` when unset or empty (as a deploy step leaves an unused variable). */
  optional(name: string): string | undefined {
    const value = this.#env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  /** `a, b c` → `['a', 'b', 'c']`; empty when unset. */
  list(name: string): string[] {
    return (this.optional(name) ?? '').split(/[\s,]+/).filter(Boolean);
  }

  url(name: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problem(name, 'required: an absolute http:// or https:// URL');
    else if (!isHttpUrl(value)) this.problem(name, 'expected an absolute http:// or https:// URL');
    return value ?? '';
  }

  matching(name: string, pattern: RegExp, expected: string): string {
    const value = this.optional(name);
    if (value === undefined || !pattern.test(value)) this.problem(name, value === undefined ? `required: ${expected.replace(/^expected /, '')}` : expected);
    return value ?? '';
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problem(name, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return parsed;
  }

  duration(name: string, fallback: number): number {
    return this.#quantity(name, fallback, parseDuration, 'a duration (e.g. 1500 ms or "30s", "15m", "4d")');
  }

  bytes(name: string, fallback: number): number {
    return this.#quantity(name, fallback, parseBytes, 'a size in bytes (e.g. 1048576 or "1MiB")');
  }

  /** `value`, with a problem recorded on `name` when it fails `test`. */
  check(name: string, value: number, test: (value: number) => boolean, message: string): number {
    if (!test(value)) this.problem(name, message);
    return value;
  }

  #quantity(name: string, fallback: number, parse: (value: string) => number | undefined, expected: string): number {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const parsed = parse(value);
    if (parsed === undefined) this.problem(name, `expected ${expected}, got ${JSON.stringify(value)}`);
    return parsed ?? fallback;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
