import { z } from 'zod';
import { assertNever } from './assert-never.js';
import { authSchema, passwordHash } from './auth-schema.js';
import { BodySchema } from './body-schema.js';
import { awsConfigSchema } from './aws-config-schema.js';
import { corsSchema } from './cors-schema.js';
import { isLoopbackHost, parseHostPort } from './host-port.js';
import { historySchema } from './history-schema.js';
import { ingestApiSchema } from './ingest-api-schema.js';
import { compileServiceParams, INGEST_SERVICE_PARAMS, type IngestService } from './ingest/service-params.js';
import { lambdaTargetSchema } from './lambda-target-schema.js';
import { normalisePath } from './normalise-path.js';
import { configDefaults, DEFAULT_MAX_ATTEMPTS, SQS_MAX_MESSAGE_BYTES, SQS_MAX_VISIBILITY_MS } from './config-defaults.js';
import { MAX_ATTEMPTS_LIMIT, minimumMaxAttempts } from './retry-schedule.js';
import { s3TargetSchema } from './s3-target-schema.js';
import { bytes, duration, expectedOneOf, httpUrl, nonEmpty } from './schema-primitives.js';
import { snsTargetSchema } from './sns-target-schema.js';
import { sqsTargetSchema } from './sqs-target-schema.js';
import { kinesisTargetSchema } from './kinesis-target-schema.js';
import { dynamodbTargetSchema } from './dynamodb-target-schema.js';
import { eventbridgeTargetSchema } from './eventbridge-target-schema.js';

// Zod-free parts, kept importable from here: the Lambda functions take them without zod (issue 12 §4).
export { configDefaults, SQS_MAX_MESSAGE_BYTES } from './config-defaults.js';
export { retryBudgetWarnings, sqsRetryLimitWarnings } from './retry-warnings.js';

const port = z.number().int().min(0).max(65_535);
const lowerCaseList = z.array(nonEmpty).transform((list) => list.map((item) => item.toLowerCase()));

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const listenSchema = z.strictObject({
  host: nonEmpty.default(configDefaults.listen.host),
  port: port.default(configDefaults.listen.port),
});

/** `HOST:PORT` (as `--admin` takes it) or `{ host, port }` (as `listen` takes it). */
const hostPortObject = z.strictObject({ host: nonEmpty, port });
const hostPortSchema = z.unknown().transform((value, ctx): z.output<typeof hostPortObject> => {
  if (typeof value === 'string') {
    const parsed = parseHostPort(value);
    if (parsed !== undefined) return parsed;
    ctx.addIssue({ code: 'custom', message: `expected HOST:PORT such as 127.0.0.1:9901 or [::1]:9901, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  const result = hostPortObject.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
  return z.NEVER;
});

/**
 * The admin listener (SPEC §4): `/ping`, `/healthz`, `/metrics` on their own port, never on the
 * proxied one, and the dashboard with its JSON API. `admin: false` turns it off. Beyond loopback it
 * requires a Bearer token or Basic users.
 */
const adminSchema = z
  .strictObject({
    listen: hostPortSchema.default(configDefaults.admin.listen),
    /** Clients send `Authorization: Bearer TOKEN`; compared in constant time. */
    token: z.string().min(16, 'expected a token of at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
    /**
     * HTTP Basic users (name: bcrypt or scrypt hash), an alternative to the token that a browser
     * can send on its own: the dashboard prompts for them.
     */
    users: z
      .record(z.string().regex(/^[^:\s]{1,128}$/, 'expected a user name without ":" or spaces'), passwordHash)
      .refine((users) => Object.keys(users).length > 0, { message: 'expected at least one user' })
      .optional(),
  })
  .superRefine((admin, ctx) => {
    if (admin.token === undefined && admin.users === undefined && !isLoopbackHost(admin.listen.host)) {
      ctx.addIssue({
        code: 'custom',
        message: `required: the admin listener on ${admin.listen.host} is reachable beyond this machine; set a token (e.g. token: \${SLUICE_ADMIN_TOKEN}) or users (Basic auth), or listen on 127.0.0.1`,
        path: ['token'],
      });
    }
  });

/**
 * `false`, or what `schema` accepts. Not a `z.union`: a union reports a bad nested key as
 * "Invalid input" on the parent, where this keeps each issue on its own key.
 */
function falseOr<T extends z.ZodType>(schema: T, expected: string) {
  return z.unknown().transform((value, ctx): false | z.output<T> => {
    if (value === false) return false;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `expected false or ${expected}` });
      return z.NEVER;
    }
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  });
}

const sqliteQueueSchema = z.strictObject({
  driver: z.literal('sqlite'),
  path: nonEmpty.default(configDefaults.queue.path),
  /** Receives before the queue itself dead-letters a message; defaults to `destination.retry.max_attempts`. */
  max_receive_count: z.number().int().min(1).max(MAX_ATTEMPTS_LIMIT).optional(),
  visibility_timeout: duration().default(configDefaults.queue.visibility_timeout_ms),
  retention: duration().default(configDefaults.queue.retention_ms),
  dlq_retention: duration().default(configDefaults.queue.dlq_retention_ms),
  offload_threshold: bytes().default(configDefaults.queue.offload_threshold_bytes),
  /**
   * The most space the queue's data may occupy (database pages in use and blob files; see `SqliteQueueSpace`).
   * No default: the right bound depends on the disk and the traffic, and a fixed one would drop
   * captures on a healthy disk. Without it the queue may fill the disk, but never the headroom
   * it keeps for deletes (see `SqliteQueue`), so it stays recoverable either way.
   */
  max_size: bytes()
    .refine((size) => size >= 64 * 1024, { message: 'expected at least 64KiB' })
    .optional(),
});

/**
 * The SQS driver (SPEC §2): the main queue and its dead-letter queue already exist (the deploy
 * step creates them, with the main queue's RedrivePolicy naming the DLQ); payloads over
 * `offload_threshold` go to `payload_bucket`. Credentials come from the standard AWS chain.
 * `max_receive_count` must equal the RedrivePolicy's `maxReceiveCount`, which must be at least
 * `destination.retry.max_attempts`: the forwarder moves a record to the DLQ itself when its retry
 * budget ends (with the error), and SQS's redrive is the backstop for a forwarder that died
 * holding it. A lower `maxReceiveCount` would have SQS dead-letter records before `max_age`.
 */
const sqsQueueSchema = z.strictObject({
  driver: z.literal('sqs'),
  queue_url: httpUrl,
  dlq_url: httpUrl,
  payload_bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3-63 lower-case letters, digits, "." or "-")'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as eu-west-1'),
  /** Another endpoint for SQS and S3 (a local emulator, a VPC endpoint); S3 is then addressed path-style. */
  endpoint: httpUrl.optional(),
  /** The RedrivePolicy's `maxReceiveCount`; defaults to `destination.retry.max_attempts`. */
  max_receive_count: z.number().int().min(1).max(MAX_ATTEMPTS_LIMIT).optional(),
  visibility_timeout: duration()
    .refine((ms) => ms <= SQS_MAX_VISIBILITY_MS, { message: "expected at most 12h (SQS's longest visibility timeout)" })
    .default(configDefaults.queue.visibility_timeout_ms),
  offload_threshold: bytes()
    .refine((size) => size >= 1 && size <= SQS_MAX_MESSAGE_BYTES, { message: "expected 1 byte to 1MiB (SQS's largest message)" })
    .default(configDefaults.queue.offload_threshold_bytes),
});

/**
 * Every queue driver's schema: the one list a new driver joins. `QUEUE_DRIVERS`, the union and
 * its "expected one of" message derive from it, and each `switch` over `queue.driver` ends in
 * `assertNever`, so a driver added here is a type error wherever it still needs handling.
 */
const QUEUE_SCHEMAS = [sqliteQueueSchema, sqsQueueSchema] as const;

/**
 * The queue drivers, in documentation order.
 *
 * @example
 * ```ts
 * QUEUE_DRIVERS; // ['sqlite', 'sqs']
 * ```
 */
export const QUEUE_DRIVERS: readonly QueueDriver[] = QUEUE_SCHEMAS.map((schema) => schema.shape.driver.value);

const queueSchema = z.discriminatedUnion('driver', QUEUE_SCHEMAS, { error: expectedOneOf('driver', QUEUE_DRIVERS) });

const signingSecret = z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'expected a Standard Webhooks secret: "whsec_" followed by base64');

/**
 * The retry budget (see `RetryPolicy`): exponential backoff with equal jitter from `base` up to
 * `cap`, for `max_age` after the first attempt; `max_attempts` is a safety net that must not be
 * reachable before `max_age`, so it defaults to the smallest such limit and a lower one is refused.
 */
const retrySchema = z
  .strictObject({
    base: duration()
      .refine((ms) => ms >= 1, { message: 'expected at least 1ms' })
      .default(configDefaults.destination.retry.base_ms),
    cap: duration().default(configDefaults.destination.retry.cap_ms),
    max_age: duration()
      .refine((ms) => ms >= 1, { message: 'expected at least 1ms' })
      .default(configDefaults.destination.retry.max_age_ms),
    max_attempts: z.number().int().min(1).max(MAX_ATTEMPTS_LIMIT).optional(),
  })
  .superRefine((retry, ctx) => {
    if (retry.cap < retry.base) ctx.addIssue({ code: 'custom', message: `expected at least base (${retry.base} ms)`, path: ['cap'] });
    if (retry.cap < retry.base || retry.base < 1 || retry.max_age < 1 || retry.max_attempts === undefined) return;
    const minimum = minimumMaxAttempts(retry);
    if (retry.max_attempts < minimum) {
      ctx.addIssue({
        code: 'custom',
        message: `expected at least ${minimum}: fewer attempts can be used up before max_age (${retry.max_age} ms) ends, at the schedule's shortest delays; lower max_age to retry for less time`,
        path: ['max_attempts'],
      });
    }
  })
  .transform((retry) => ({ ...retry, max_attempts: retry.max_attempts ?? minimumMaxAttempts(retry) }));

const destinationSchema = z.strictObject({
  url: httpUrl,
  /** One secret, or several while rotating: each signs, receivers accept any. */
  signing_secret: z
    .union([signingSecret, z.array(signingSecret)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
  timeout: duration().default(configDefaults.destination.timeout_ms),
  concurrency: z.number().int().min(1).max(1024).default(configDefaults.destination.concurrency),
  retry: retrySchema.prefault({}),
  dead_letter_on_4xx: z.boolean().default(configDefaults.destination.dead_letter_on_4xx),
  headers: z.record(z.string(), z.string()).default({}),
});

const captureSchema = z.strictObject({
  max_body_bytes: bytes().default(configDefaults.capture.max_body_bytes),
  redact_headers: lowerCaseList.default([]),
  redact_query: z.array(nonEmpty).default([]),
  /**
   * Fields of JSON, form and multipart bodies, in any case: a bare name at any depth
   * (`password`), or a path from the root (`user.ssn`, `items.*.token`, also `user[ssn]`).
   */
  redact_body_fields: z.array(nonEmpty).default([]),
  /**
   * When a capture cannot be committed (disk full, queue unreachable): `release` answers the
   * client all the same, so the API never fails because its observer did; `fail` cuts the
   * response before its last byte, so no client holds a complete response without a record.
   */
  on_failure: z.enum(['release', 'fail']).default(configDefaults.capture.on_failure),
});

const limitsSchema = z.strictObject({
  max_body_bytes: bytes().optional(),
  timeout: duration().optional(),
  body_timeout: duration().optional(),
});

/**
 * Requests are matched on their normalised path (`normalisePath`), so a route's path must be in
 * that form too, or no request could ever reach it (`/a/../b`, `/%7Euser`, `/a//b`).
 */
function routePath(what: string) {
  return z
    .string()
    .startsWith('/', `expected a ${what} starting with "/"`)
    .superRefine((value, ctx) => {
      if (!value.startsWith('/')) return;
      let normalised: string;
      try {
        normalised = normalisePath(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `no request can match this ${what}: ${(error as Error).message}` });
        return;
      }
      if (normalised !== value) ctx.addIssue({ code: 'custom', message: `requests are matched on their normalised path: write "${normalised}"` });
    });
}

const matchSchema = z
  .strictObject({
    host: nonEmpty.optional(),
    path: routePath('path').optional(),
    path_prefix: routePath('path prefix').optional(),
    methods: z
      .array(
        z
          .string()
          .transform((method) => method.toUpperCase())
          .pipe(z.enum(HTTP_METHODS)),
      )
      .min(1)
      .optional(),
  })
  .superRefine((match, ctx) => {
    if (match.path !== undefined && match.path_prefix !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'set either path or path_prefix, not both', path: ['path'] });
    }
  });

const httpTargetSchema = z.strictObject({
  type: z.literal('http'),
  url: httpUrl,
  /** Send the client's Host upstream instead of the upstream URL's host. */
  preserve_host: z.boolean().default(false),
  /** Connections (so requests in flight) to this upstream at most. */
  connections: z.number().int().min(1).max(65_535).default(configDefaults.http_target.connections),
  /** Requests waiting for one of those connections at most; beyond it, 503 at once. */
  max_pending: z.number().int().min(0).default(configDefaults.http_target.max_pending),
});

/**
 * Every target type's schema: the one list a new target type joins. `TARGET_TYPES`, the union
 * and its "expected one of" message derive from it, and each `switch` over `target.type` ends in
 * `assertNever`, so a type added here is a type error wherever it still needs handling
 * (`createTarget`, `describeTarget`, …; see ARCHITECTURE.md, "Add a target type").
 */
const TARGET_SCHEMAS = [
  httpTargetSchema,
  lambdaTargetSchema,
  sqsTargetSchema,
  snsTargetSchema,
  s3TargetSchema,
  kinesisTargetSchema,
  dynamodbTargetSchema,
  eventbridgeTargetSchema,
] as const;

/**
 * The target types, in documentation order.
 *
 * @example
 * ```ts
 * TARGET_TYPES; // ['http', 'lambda', 'sqs', 'sns', 's3']
 * ```
 */
export const TARGET_TYPES: readonly TargetType[] = TARGET_SCHEMAS.map((schema) => schema.shape.type.value);

const targetSchema = z.discriminatedUnion('type', TARGET_SCHEMAS, { error: expectedOneOf('type', TARGET_TYPES) });

const routeSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a name of letters, digits, ".", "_" or "-"'),
  match: matchSchema.default({}),
  target: targetSchema,
  capture: z.boolean().default(false),
  limits: limitsSchema.default({}),
  /** Credentials checked before the target sees the request. */
  auth: authSchema.optional(),
  /** Cross-origin access from browsers: preflights answered by the gateway, headers on responses. */
  cors: corsSchema.optional(),
  /** Ingest targets: the status of a successful reply (default 200). */
  reply: z.strictObject({ status: z.number().int().min(200).max(299) }).optional(),
  /**
   * Ingest targets: a JSON Schema file for request bodies (`./schemas/hook.json`, relative to the
   * configuration file). `validateConfig` reads and compiles it before this schema runs
   * (`loadRouteSchemas`), so what arrives here is a `BodySchema`.
   */
  schema: z
    .custom<BodySchema>((value) => value instanceof BodySchema, { message: 'expected the path of a JSON Schema file, such as ./schemas/hook.json' })
    .optional(),
});

/**
 * True for a target that puts the request into an AWS service (`sqs`, `sns`, `s3`, …): its
 * `params` follow the service's table, and it needs the top-level `aws` mapping.
 *
 * @example
 * ```ts
 * if (isIngestTarget(route.target)) compileServiceParams({ service: route.target.type, … });
 * ```
 */
export function isIngestTarget(target: TargetConfig): target is IngestTargetConfig {
  return Object.hasOwn(INGEST_SERVICE_PARAMS, target.type);
}

/**
 * The whole `sluice.yaml` (SPEC §4). Strict: an unknown key is an error, so a typo never
 * silently turns a setting off.
 */
export const configSchema = z
  .strictObject({
    listen: listenSchema.default(configDefaults.listen),
    admin: falseOr(adminSchema, 'a mapping such as { listen: 127.0.0.1:9901, token: ... }').default({ listen: configDefaults.admin.listen }),
    /**
     * Also serve `/ping`, `/healthz` and `/metrics` on the proxied port, under this prefix ("" is
     * the root). Unset (the default), they are on the admin listener only.
     */
    internal_route_prefix: z
      .string()
      .refine((prefix) => prefix === '' || (prefix.startsWith('/') && !prefix.endsWith('/')), {
        message: 'expected "" or a path such as "/__sluice" (leading "/", no trailing "/")',
      })
      .optional(),
    queue: queueSchema.default(() => sqliteQueueSchema.parse({ driver: 'sqlite' })),
    destination: destinationSchema.optional(),
    /** Delivered records kept for `sluice history` (embedded queue only); `false` turns it off. */
    history: historySchema,
    capture: captureSchema.default(() => captureSchema.parse({})),
    limits: z
      .strictObject({
        max_body_bytes: bytes().default(configDefaults.limits.max_body_bytes),
        upstream_timeout: duration().default(configDefaults.limits.upstream_timeout_ms),
        body_timeout: duration().default(configDefaults.limits.body_timeout_ms),
      })
      .default(() => ({
        max_body_bytes: configDefaults.limits.max_body_bytes,
        upstream_timeout: configDefaults.limits.upstream_timeout_ms,
        body_timeout: configDefaults.limits.body_timeout_ms,
      })),
    alarms: z
      .strictObject({ oldest_message_age: duration().default(configDefaults.alarms.oldest_message_age_ms) })
      .default({ oldest_message_age: configDefaults.alarms.oldest_message_age_ms }),
    log: z
      .strictObject({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(configDefaults.log.level),
      })
      .default({ level: configDefaults.log.level }),
    /** Where ingest targets call AWS: `{ region, endpoint?, endpoints? }`. */
    aws: awsConfigSchema.optional(),
    /** The native API Gateway API `sluice synth` builds from the ingest routes: `{ domain? }`. */
    ingest_api: ingestApiSchema.optional(),
    routes: z.array(routeSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.routes.forEach((route, index) => {
      const previous = seen.get(route.name);
      if (previous !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate route name "${route.name}" (also routes[${previous}])`,
          path: ['routes', index, 'name'],
        });
      }
      seen.set(route.name, index);
      checkIngestRoute(route, index, config.aws !== undefined, ctx);
    });
    checkRetryBudget(config, ctx);
  })
  .transform((config) => ({ ...config, queue: { ...config.queue, max_receive_count: config.queue.max_receive_count ?? safetyNet(config) } }));

/**
 * An ingest route's `params` compile (at load, so a typo is exit 2, never a 500 per request), and
 * the file says which region to call; `reply` and `schema` belong to ingest routes only.
 */
function checkIngestRoute(route: z.output<typeof routeSchema>, index: number, hasAws: boolean, ctx: z.RefinementCtx): void {
  const { target } = route;
  if (!isIngestTarget(target)) {
    // A schema on an `http` route would mean buffering a body that is streamed today.
    for (const key of ['reply', 'schema'] as const) {
      if (route[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `only applies to ingest targets (${Object.keys(INGEST_SERVICE_PARAMS).join(', ')})`,
          path: ['routes', index, key],
        });
    }
    return;
  }
  if (!hasAws)
    ctx.addIssue({ code: 'custom', message: `required by ${target.type} targets: set aws: { region: … } at the top level`, path: ['routes', index, 'target'] });
  const { issues } = compileServiceParams({
    service: target.type,
    routeName: route.name,
    target,
    ...(target.params !== undefined && { params: target.params }),
    path: `routes[${index}].target`,
  });
  for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: keyPath(issue.path) });
}

/** `routes[2].target.params.X` → `['routes', 2, 'target', 'params', 'X']`, as zod reports paths. */
function keyPath(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((key) => key !== undefined && key !== '')
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
}

/** `destination.retry.max_attempts`, or the default schedule's when there is no destination (a gateway only). */
function safetyNet(config: { destination?: { retry: { max_attempts: number } } | undefined }): number {
  return config.destination?.retry.max_attempts ?? DEFAULT_MAX_ATTEMPTS;
}

/**
 * What the queue must allow for the retry budget: the embedded queue must keep a record longer
 * than `max_age` (its retention runs from the enqueue time), and SQS holds a message hidden for
 * 12 h at most, so no single delay may be longer. `queue.max_receive_count` below `max_attempts`
 * is accepted (configurations from before the budget was a duration set 5) but cuts the budget
 * short: the forwarder warns about it when it starts (`retryBudgetWarnings`).
 */
function checkRetryBudget(
  config: { queue: z.output<typeof queueSchema>; destination?: { retry: { cap: number; max_age: number } } | undefined },
  ctx: z.RefinementCtx,
): void {
  const retry = config.destination?.retry;
  if (retry === undefined) return;
  const { queue } = config;
  switch (queue.driver) {
    case 'sqlite':
      if (queue.retention <= retry.max_age) {
        ctx.addIssue({
          code: 'custom',
          message: `expected more than destination.retry.max_age (${retry.max_age} ms): records still being retried would expire`,
          path: ['queue', 'retention'],
        });
      }
      return;
    case 'sqs':
      if (retry.cap > SQS_MAX_VISIBILITY_MS) {
        ctx.addIssue({ code: 'custom', message: "expected at most 12h (SQS's longest visibility timeout)", path: ['destination', 'retry', 'cap'] });
      }
      return;
    default:
      assertNever(queue, 'driver');
  }
}

export type SluiceConfig = z.output<typeof configSchema>;
export type SluiceConfigInput = z.input<typeof configSchema>;
export type RouteConfig = SluiceConfig['routes'][number];
export type RouteMatchConfig = RouteConfig['match'];
export type TargetConfig = RouteConfig['target'];
export type TargetType = z.output<(typeof TARGET_SCHEMAS)[number]>['type'];
export type HttpTargetConfig = Extract<TargetConfig, { type: 'http' }>;
export type LambdaTargetConfig = Extract<TargetConfig, { type: 'lambda' }>;
/** A target that puts the request into an AWS service; its `type` names the service. */
export type IngestTargetConfig = Extract<TargetConfig, { type: IngestService }>;
export type SqsTargetConfig = Extract<TargetConfig, { type: 'sqs' }>;
export type SnsTargetConfig = Extract<TargetConfig, { type: 'sns' }>;
export type S3TargetConfig = Extract<TargetConfig, { type: 's3' }>;
export type AuthConfig = NonNullable<RouteConfig['auth']>;
export type BasicAuthConfig = Extract<AuthConfig, { type: 'basic' }>;
export type JwtAuthConfig = Extract<AuthConfig, { type: 'jwt' }>;
export type CorsConfig = NonNullable<RouteConfig['cors']>;
export type QueueConfig = SluiceConfig['queue'];
export type QueueDriver = z.output<(typeof QUEUE_SCHEMAS)[number]>['driver'];
export type SqliteQueueConfig = Extract<QueueConfig, { driver: 'sqlite' }>;
export type SqsQueueConfig = Extract<QueueConfig, { driver: 'sqs' }>;
export type DestinationConfig = NonNullable<SluiceConfig['destination']>;
export type CaptureConfig = SluiceConfig['capture'];
export type AdminConfig = Exclude<SluiceConfig['admin'], false>;
export type HttpMethod = (typeof HTTP_METHODS)[number];
