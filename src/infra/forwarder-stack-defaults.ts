import { Duration } from 'aws-cdk-lib';
import { configDefaults } from '../core/config-schema.js';
import { LEGACY_ROUTE_MAP_KEY, ROUTE_MAP_PREFIX } from '../core/route-map-keys.js';

/**
 * The forwarder stack's defaults, in one place (SPEC §5). Retention follows the queue semantics
 * (4 days main, 14 days DLQ, SPEC §2); the retry settings are `sluice.yaml`'s own defaults so the
 * deployed forwarder keeps the same budget as `sluice forward`.
 *
 * @example
 * ```ts
 * forwarderStackDefaults.forwarder.timeout.toSeconds(); // 30
 * ```
 */
export const forwarderStackDefaults = {
  project: 'sluice',
  queueRetention: Duration.millis(configDefaults.queue.retention_ms),
  dlqRetention: Duration.millis(configDefaults.queue.dlq_retention_ms),
  /**
   * AWS advises a visibility timeout of at least six times the function's timeout for an SQS
   * event source, so a batch retried after a throttled or timed-out invocation is not received
   * twice at once.
   */
  visibilityTimeoutFactor: 6,
  /**
   * The proxy waits for the upstream (API Gateway gives up after 29 s) and sends the capture
   * before answering; more memory buys CPU for TLS and JSON.
   */
  proxy: { memorySize: 512, timeout: Duration.seconds(30) },
  /** A batch is delivered at once, each POST bounded by `destination.timeout` (10 s). */
  forwarder: { memorySize: 256, timeout: Duration.seconds(30) },
  /** SQS's largest batch without a batching window. */
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(0),
  destination: {
    timeout: Duration.millis(configDefaults.destination.timeout_ms),
    retry: {
      base: configDefaults.destination.retry.base_ms,
      cap: configDefaults.destination.retry.cap_ms,
      max_age: configDefaults.destination.retry.max_age_ms,
      max_attempts: configDefaults.destination.retry.max_attempts,
    },
    deadLetterOn4xx: configDefaults.destination.dead_letter_on_4xx,
  },
  oldestMessageAge: Duration.millis(configDefaults.alarms.oldest_message_age_ms),
  /** Failed delivery attempts (or forwarder errors) per alarm period that raise the warning. */
  deliveryFailureThreshold: 10,
  alarmPeriod: Duration.minutes(5),
  logRetentionDays: 30,
  /** Where `sluice attach` writes the proxy's route maps, one per API and stage, in the control bucket. */
  routeMapPrefix: ROUTE_MAP_PREFIX,
  /** The single route map of earlier versions, which the proxy still reads as a fallback. */
  legacyRouteMapKey: LEGACY_ROUTE_MAP_KEY,
} as const;
