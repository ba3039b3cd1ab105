import { assertNever } from '../core/assert-never.js';
import type { QueueConfig } from '../core/config-schema.js';
import type { Logger } from '../telemetry/logger.js';
import { SqliteQueue } from './sqlite/sqlite-queue.js';
import { SqsQueue } from './sqs/sqs-queue.js';
import type { Queue } from './types.js';

/** What every driver may receive besides its configuration. */
export interface OpenQueueOptions {
  readonly logger?: Logger;
  /** The clock for visibility, delays and retention, where the driver keeps time itself. @default Date.now */
  readonly now?: () => number;
  /** Embedded driver: checkpoint the write-ahead log on a worker thread this often (ms). @default 0, on commit */
  readonly checkpointIntervalMs?: number;
  /** Embedded driver: write the disk space reserve (servers) or only release it when needed (commands). @default true */
  readonly keepSpaceReserve?: boolean;
}

/**
 * Opens the queue the configuration names (`queue.driver`): the embedded SQLite driver (the
 * default) or SQS + S3.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ config: 'sluice.yaml' });
 * const queue = openQueue(config.queue, { logger });
 * const stats = await queue.stats();
 * await queue.close();
 * ```
 */
export function openQueue(config: QueueConfig, options: OpenQueueOptions = {}): Queue {
  switch (config.driver) {
    case 'sqlite':
      return new SqliteQueue(config, options);
    case 'sqs':
      // The SQS and S3 SDKs load on first use, so opening costs nothing until then.
      return new SqsQueue(config, options.logger !== undefined ? { logger: options.logger } : {});
    default:
      // Reached only by a configuration that skipped the schema; a new driver is a type error here.
      return assertNever(config, 'driver');
  }
}
