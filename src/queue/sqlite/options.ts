import { configDefaults, type SqliteQueueConfig } from '../../core/config-schema.js';
import type { Logger } from '../../telemetry/logger.js';

/**
 * The `queue` section of the configuration for the embedded driver, as parsed (durations in
 * ms, sizes in bytes); everything but `path` falls back to `configDefaults.queue`.
 */
export type SqliteQueueSettings = Partial<Omit<SqliteQueueConfig, 'driver'>> & { readonly path: string };

/** Runtime knobs of the embedded driver that are not part of the configuration file. */
export interface SqliteQueueOptions {
  readonly logger?: Logger;
  /** The clock for visibility, delays and retention. @default Date.now */
  readonly now?: () => number;
  /** How long a write waits for another process's transaction. @default 5000 */
  readonly busyTimeoutMs?: number;
  /** How often a long poll looks for messages sent by other processes. @default 50 */
  readonly pollIntervalMs?: number;
  /** How often expired messages and orphan blobs are removed (also once on open). @default 60000 */
  readonly sweepIntervalMs?: number;
  /** Blob files no row refers to are deleted once older than this. @default 300000 */
  readonly orphanBlobAgeMs?: number;
  /** The largest `maxMessages` a receive accepts. @default 100 */
  readonly maxReceiveBatch?: number;
  /** The largest payload accepted by `send`. @default 256 MiB */
  readonly maxMessageBytes?: number;
  /**
   * How often a worker thread checkpoints the write-ahead log (see `SqliteCheckpointer`). 0
   * leaves checkpoints to the committing connection, as SQLite does: right for processes no
   * request waits on (a forwarder, the CLI), which save the thread's memory. The gateway sets
   * it. @default 0
   */
  readonly checkpointIntervalMs?: number;
  /**
   * Write the disk space reserve (`<file>.reserve`, see `SpaceReserve`) and write it back after
   * it was released. Commands that only inspect or repair the queue turn it off: they release
   * the reserve when a delete needs it, and leave writing it back to the servers. @default true
   */
  readonly keepSpaceReserve?: boolean;
  /** The reserve's size. @default 1/64 of the file system, 256 KiB to 8 MiB */
  readonly spaceReserveBytes?: number;
}

/** @internal Settings and options with every default applied. */
export interface ResolvedSqliteQueueOptions {
  readonly path: string;
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutMs: number;
  readonly retentionMs: number;
  readonly dlqRetentionMs: number;
  readonly offloadThresholdBytes: number;
  readonly busyTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly sweepIntervalMs: number;
  readonly orphanBlobAgeMs: number;
  readonly maxReceiveBatch: number;
  readonly maxMessageBytes: number;
  readonly checkpointIntervalMs: number;
  /** `queue.max_size`, when set. */
  readonly maxSizeBytes: number | undefined;
  readonly keepSpaceReserve: boolean;
  readonly spaceReserveBytes: number | undefined;
}

/**
 * Applies defaults and checks the numbers a hand-built settings object may get wrong (the
 * configuration schema already checked the ones from a file).
 *
 * @internal
 * @example
 * ```ts
 * resolveSqliteQueueOptions({ path: 'q.db' }, {}).visibilityTimeoutMs; // 30000
 * ```
 */
export function resolveSqliteQueueOptions(settings: SqliteQueueSettings, options: SqliteQueueOptions): ResolvedSqliteQueueOptions {
  const defaults = configDefaults.queue;
  const resolved: ResolvedSqliteQueueOptions = {
    path: settings.path,
    maxReceiveCount: settings.max_receive_count ?? defaults.max_receive_count,
    visibilityTimeoutMs: settings.visibility_timeout ?? defaults.visibility_timeout_ms,
    retentionMs: settings.retention ?? defaults.retention_ms,
    dlqRetentionMs: settings.dlq_retention ?? defaults.dlq_retention_ms,
    offloadThresholdBytes: settings.offload_threshold ?? defaults.offload_threshold_bytes,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    pollIntervalMs: options.pollIntervalMs ?? 50,
    sweepIntervalMs: options.sweepIntervalMs ?? 60_000,
    orphanBlobAgeMs: options.orphanBlobAgeMs ?? 5 * 60_000,
    maxReceiveBatch: options.maxReceiveBatch ?? 100,
    maxMessageBytes: options.maxMessageBytes ?? 256 * 1024 * 1024,
    checkpointIntervalMs: options.checkpointIntervalMs ?? 0,
    maxSizeBytes: settings.max_size,
    keepSpaceReserve: options.keepSpaceReserve ?? true,
    spaceReserveBytes: options.spaceReserveBytes,
  };
  if (!resolved.path) throw new RangeError('queue path must not be empty');
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`queue option ${name} must be a finite number >= 0, got ${value}`);
    }
  }
  if (resolved.maxReceiveCount < 1 || resolved.maxReceiveBatch < 1 || resolved.pollIntervalMs < 1) {
    throw new RangeError('maxReceiveCount, maxReceiveBatch and pollIntervalMs must be at least 1');
  }
  return resolved;
}
