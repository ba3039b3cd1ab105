export { readDeliveryStats, SqliteDeliveryStats } from './delivery-stats.js';
export type { DeliveryOutcome, DeliveryStatsSink, DeliveryStatsSummary } from './delivery-stats.js';
export { DestinationClient } from './destination-client.js';
export type { AttemptResult, DestinationClientOptions } from './destination-client.js';
export { TypedEventEmitter } from './events.js';
export { classifyError, classifyStatus, formatFailureNote, parseFailureNote } from './failure.js';
export type { DeadLetterReason, DeliveryFailure, FailureClass, FailureNote } from './failure.js';
export { Forwarder } from './forwarder.js';
export type {
  DeadLetteredEvent,
  DeliveredEvent,
  ForwarderEvents,
  ForwarderOptions,
  RetryScheduledEvent,
  StopOptions,
} from './forwarder.js';
export { createForwarder, requireDestination } from './from-config.js';
export type { ForwarderDependencies } from './from-config.js';
export { ForwarderMetrics } from './metrics.js';
export { parseRetryAfter } from './retry-after.js';
export { DEFAULT_MAX_RETRY_AFTER_MS, RetryPolicy } from './retry-policy.js';
export type { FailedAttempt, RetryDecision, RetryPolicyOptions, RetrySettings } from './retry-policy.js';
export { WebhookSigner } from './signing.js';
