import { configDefaults, SQS_MAX_MESSAGE_BYTES } from '../../core/config-defaults.js';
import type { SqsQueueConfig } from '../../core/config-schema.js';
import type { SqsTransportOptions } from './transport.js';

/**
 * The `queue` section of the configuration for the SQS driver, as parsed (durations in ms,
 * sizes in bytes); what is left out falls back to `configDefaults.queue`.
 */
export type SqsQueueSettings = Partial<Omit<SqsQueueConfig, 'driver'>> & Pick<SqsQueueConfig, 'queue_url' | 'dlq_url' | 'payload_bucket' | 'region'>;

/** Runtime knobs of the SQS driver that are not part of the configuration file. */
export interface SqsQueueOptions extends SqsTransportOptions {
  /** The clock for dead-letter times and lease bookkeeping. @default Date.now */
  readonly now?: () => number;
  /**
   * Long-poll wait of each receive while `sluice dlq` reads the whole DLQ. A short poll may
   * miss messages on some of SQS's servers; one second of long polling asks them all.
   * @default 1
   */
  readonly dlqScanWaitSeconds?: number;
  /** The largest payload `send` accepts (S3 holds the large ones). @default 256 MiB */
  readonly maxMessageBytes?: number;
}

/** @internal Settings with every default applied. */
export interface ResolvedSqsSettings {
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly bucket: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutMs: number;
  readonly offloadThresholdBytes: number;
}

/**
 * Applies defaults and checks what a hand-built settings object may get wrong (the
 * configuration schema checked a file's).
 *
 * @internal
 * @example
 * ```ts
 * resolveSqsSettings({ queue_url, dlq_url, payload_bucket: 'payloads', region: 'eu-west-1' }).offloadThresholdBytes; // 262144
 * ```
 */
export function resolveSqsSettings(settings: SqsQueueSettings): ResolvedSqsSettings {
  const defaults = configDefaults.queue;
  const resolved: ResolvedSqsSettings = {
    queueUrl: settings.queue_url,
    dlqUrl: settings.dlq_url,
    bucket: settings.payload_bucket,
    region: settings.region,
    ...(settings.endpoint !== undefined && { endpoint: settings.endpoint }),
    maxReceiveCount: settings.max_receive_count ?? defaults.max_receive_count,
    visibilityTimeoutMs: settings.visibility_timeout ?? defaults.visibility_timeout_ms,
    offloadThresholdBytes: settings.offload_threshold ?? defaults.offload_threshold_bytes,
  };
  if (!resolved.queueUrl || !resolved.dlqUrl || !resolved.bucket || !resolved.region) {
    throw new RangeError('queue_url, dlq_url, payload_bucket and region are required');
  }
  if (!(resolved.offloadThresholdBytes >= 1 && resolved.offloadThresholdBytes <= SQS_MAX_MESSAGE_BYTES)) {
    throw new RangeError(`offload_threshold must be 1 to ${SQS_MAX_MESSAGE_BYTES} bytes, got ${resolved.offloadThresholdBytes}`);
  }
  if (!(Number.isInteger(resolved.maxReceiveCount) && resolved.maxReceiveCount >= 1)) {
    throw new RangeError(`max_receive_count must be an integer >= 1, got ${resolved.maxReceiveCount}`);
  }
  return resolved;
}

/** Milliseconds as SQS's whole seconds, rounded up (a wait or hold is never shorter than asked), within [0, max]. */
export function toSeconds(ms: number, max: number): number {
  return Math.min(max, Math.max(0, Math.ceil(ms / 1000)));
}
