import { formatPath } from '../core/config-env.js';
import { configSchema, type SluiceConfig } from '../core/config-schema.js';
import { ConfigError } from '../core/errors.js';

/**
 * The functions' settings come from environment variables, which a deploy step sets. Each
 * maps onto a key of `sluice.yaml` and is validated by the same schema, so the rules and
 * defaults are the same; problems are reported by variable name, all at once.
 */
const VARIABLES: Readonly<Record<string, string>> = {
  'queue.queue_url': 'SLUICE_QUEUE_URL',
  'queue.dlq_url': 'SLUICE_DLQ_URL',
  'queue.payload_bucket': 'SLUICE_PAYLOAD_BUCKET',
  'queue.region': 'AWS_REGION',
  'queue.endpoint': 'SLUICE_AWS_ENDPOINT',
  'queue.max_receive_count': 'SLUICE_MAX_RECEIVE_COUNT',
  'queue.visibility_timeout': 'SLUICE_VISIBILITY_TIMEOUT',
  'queue.offload_threshold': 'SLUICE_OFFLOAD_THRESHOLD',
  'destination.url': 'SLUICE_DESTINATION_URL',
  'destination.signing_secret': 'SLUICE_SIGNING_SECRET',
  'destination.timeout': 'SLUICE_DESTINATION_TIMEOUT',
  'destination.retry.base': 'SLUICE_RETRY_BASE',
  'destination.retry.cap': 'SLUICE_RETRY_CAP',
  'destination.retry.max_age': 'SLUICE_RETRY_MAX_AGE',
  'destination.retry.max_attempts': 'SLUICE_RETRY_MAX_ATTEMPTS',
  'destination.dead_letter_on_4xx': 'SLUICE_DEAD_LETTER_ON_4XX',
  'capture.max_body_bytes': 'SLUICE_CAPTURE_MAX_BODY_BYTES',
  'capture.redact_headers': 'SLUICE_REDACT_HEADERS',
  'capture.redact_query': 'SLUICE_REDACT_QUERY',
  'capture.redact_body_fields': 'SLUICE_REDACT_BODY_FIELDS',
  'limits.upstream_timeout': 'SLUICE_UPSTREAM_TIMEOUT',
};

/** API Gateway gives up on an integration after 29 s by default: answer before it does. */
const DEFAULT_UPSTREAM_TIMEOUT = '29s';

export interface LambdaEnvNeeds {
  /** The SQS queue (both functions, unless the proxy's capture is off). */
  readonly queue: boolean;
  /** The delivery destination (the forwarder). */
  readonly destination: boolean;
}

/**
 * Builds and validates a Sluice configuration from a function's environment.
 *
 * @throws ConfigError listing every problem by variable name (the function then fails its init).
 * @example
 * ```ts
 * const config = configFromEnv(process.env, { queue: true, destination: true });
 * config.queue.driver; // 'sqs'
 * ```
 */
export function configFromEnv(env: NodeJS.ProcessEnv, needs: LambdaEnvNeeds): SluiceConfig {
  const raw: Record<string, unknown> = {
    capture: defined({
      max_body_bytes: env.SLUICE_CAPTURE_MAX_BODY_BYTES,
      redact_headers: list(env.SLUICE_REDACT_HEADERS),
      redact_query: list(env.SLUICE_REDACT_QUERY),
      redact_body_fields: list(env.SLUICE_REDACT_BODY_FIELDS),
    }),
    limits: { upstream_timeout: env.SLUICE_UPSTREAM_TIMEOUT ?? DEFAULT_UPSTREAM_TIMEOUT },
  };
  if (needs.queue) {
    raw.queue = defined({
      driver: 'sqs',
      queue_url: env.SLUICE_QUEUE_URL,
      dlq_url: env.SLUICE_DLQ_URL,
      payload_bucket: env.SLUICE_PAYLOAD_BUCKET,
      region: env.AWS_REGION,
      endpoint: env.SLUICE_AWS_ENDPOINT,
      max_receive_count: number(env.SLUICE_MAX_RECEIVE_COUNT),
      visibility_timeout: env.SLUICE_VISIBILITY_TIMEOUT,
      offload_threshold: env.SLUICE_OFFLOAD_THRESHOLD,
    });
  }
  if (needs.destination) {
    raw.destination = defined({
      url: env.SLUICE_DESTINATION_URL,
      signing_secret: list(env.SLUICE_SIGNING_SECRET),
      timeout: env.SLUICE_DESTINATION_TIMEOUT,
      retry: defined({
        base: env.SLUICE_RETRY_BASE,
        cap: env.SLUICE_RETRY_CAP,
        max_age: env.SLUICE_RETRY_MAX_AGE,
        max_attempts: number(env.SLUICE_RETRY_MAX_ATTEMPTS),
      }),
      dead_letter_on_4xx: env.SLUICE_DEAD_LETTER_ON_4XX === undefined ? undefined : env.SLUICE_DEAD_LETTER_ON_4XX === 'true',
    });
  }
  // The schema itself, not config-parse: a function has no YAML to read, and the bundle stays smaller.
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data as SluiceConfig;
  throw new ConfigError(
    'the Lambda environment',
    result.error.issues.map((issue) => {
      const path = formatPath(issue.path);
      const key = Object.keys(VARIABLES).find((candidate) => path === candidate || path.startsWith(`${candidate}[`) || path.startsWith(`${candidate}.`));
      return { path: key === undefined ? path : VARIABLES[key]!, message: issue.message };
    }),
  );
}

/** `a, b c` → `['a', 'b', 'c']`; undefined when unset. */
function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(/[\s,]+/).filter(Boolean);
}

function number(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : value;
}

function defined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
