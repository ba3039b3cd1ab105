import { minimumMaxAttempts } from './retry-schedule.js';

// The configuration's defaults and limits, without zod: the Lambda functions read their settings
// with these and no schema library, so their init stays short (issue 12 §4). config-schema.ts
// builds its schema from the same values.

/** The retry schedule's defaults (SPEC §3). */
const DEFAULT_RETRY = { base_ms: 1_000, cap_ms: 3_600_000, max_age_ms: 86_400_000 } as const;
/** The smallest attempt limit the default schedule cannot reach before its `max_age` (60). */
export const DEFAULT_MAX_ATTEMPTS = minimumMaxAttempts({ base: DEFAULT_RETRY.base_ms, cap: DEFAULT_RETRY.cap_ms, max_age: DEFAULT_RETRY.max_age_ms });

/**
 * The defaults of every optional setting, in one place so the docs, the schema and the CLI agree.
 *
 * @example
 * ```ts
 * import { configDefaults } from './config-defaults.js';
 * configDefaults.capture.max_body_bytes; // 10 MiB
 * ```
 */
export const configDefaults = {
  listen: { host: '127.0.0.1', port: 8080 },
  /** Envoy's admin port; loopback only unless a token is set. */
  admin: { listen: { host: '127.0.0.1', port: 9901 } },
  queue: {
    path: '.sluice/sluice.db',
    /** Follows `destination.retry.max_attempts` when unset; this is its default. */
    max_receive_count: DEFAULT_MAX_ATTEMPTS,
    visibility_timeout_ms: 30_000,
    retention_ms: 4 * 86_400_000,
    dlq_retention_ms: 14 * 86_400_000,
    offload_threshold_bytes: 256 * 1024,
  },
  destination: {
    timeout_ms: 10_000,
    concurrency: 16,
    /** A custom schedule's `max_attempts` defaults to the smallest limit it cannot reach first. */
    retry: { ...DEFAULT_RETRY, max_attempts: DEFAULT_MAX_ATTEMPTS },
    dead_letter_on_4xx: false,
  },
  capture: {
    max_body_bytes: 10 * 1024 * 1024,
    on_failure: 'release' as 'release' | 'fail',
    /** Always redacted, in any case; `redact_headers` adds to these. */
    redact_headers: ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-amz-security-token'],
  },
  limits: {
    max_body_bytes: 100 * 1024 * 1024,
    upstream_timeout_ms: 30_000,
    /** nginx's client_body_timeout: the longest wait for the next bytes of a request body. */
    body_timeout_ms: 60_000,
  },
  /**
   * Per `http` target, Envoy's circuit-breaker defaults (max_connections and
   * max_pending_requests, 1024 each): high enough for any one busy API, low enough that a flood
   * of slow requests cannot open unbounded sockets to the upstream or queue without end.
   */
  http_target: { connections: 1024, max_pending: 1024 },
  alarms: { oldest_message_age_ms: 15 * 60_000 },
  log: { level: 'info' as const },
} as const;

/** SQS's largest message (body + attributes); bigger payloads go to S3 (SPEC §2). */
export const SQS_MAX_MESSAGE_BYTES = 1024 * 1024;
/** SQS visibility timeouts: whole seconds up to 12 hours. */
export const SQS_MAX_VISIBILITY_MS = 12 * 3_600_000;
