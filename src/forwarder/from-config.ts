import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DestinationConfig, SluiceConfig } from '../core/config-schema.js';
import { retryBudgetWarnings, sqsRetryLimitWarnings } from '../core/retry-warnings.js';
import { ConfigError } from '../core/errors.js';
import { queueFile } from '../core/queue-location.js';
import { openHistoryWriter } from '../history/from-config.js';
import type { HistorySink } from '../history/types.js';
import { SqsQueue } from '../queue/sqs/sqs-queue.js';
import type { Queue } from '../queue/types.js';
import { SqliteDeliveryStats, type DeliveryStatsSink } from './delivery-stats.js';
import { Forwarder } from './forwarder.js';

export interface ForwarderDependencies {
  readonly queue: Queue;
  readonly logger?: Logger;
  readonly registry?: Registry;
  /** Where the configuration came from, for the error when it has no destination. */
  readonly source?: string;
  /** The history to record outcomes in, when the caller keeps one; else the forwarder opens its own. */
  readonly history?: HistorySink;
}

/**
 * Builds the forwarder a configuration describes: its destination and retry budget, the queue's
 * visibility timeout, and (for the embedded queue) the delivery
 * counters `sluice status` reads from the same SQLite file. Used by `sluice serve` and
 * `sluice forward`.
 *
 * @throws ConfigError when the configuration has no destination.
 * @example
 * ```ts
 * const queue = await openQueue(config.queue, { logger });
 * const forwarder = createForwarder(config, { queue, logger, registry });
 * forwarder.start();
 * ```
 */
export function createForwarder(config: SluiceConfig, dependencies: ForwarderDependencies): Forwarder {
  const destination = requireDestination(config, dependencies.source);
  const { queue: queueConfig } = config;
  const logger = dependencies.logger;
  // Valid, but the queue would end the retry budget early (a configuration from before it was a duration).
  for (const warning of retryBudgetWarnings(config)) logger?.warn(warning);
  if (dependencies.queue instanceof SqsQueue && logger !== undefined) checkSqsRetryLimits(dependencies.queue, destination, logger);
  return new Forwarder({
    queue: dependencies.queue,
    destination,
    visibilityTimeoutMs: queueConfig.visibility_timeout,
    ...(logger !== undefined && { logger }),
    ...(dependencies.registry !== undefined && { registry: dependencies.registry }),
    ...openStats(config, logger),
    ...historyOf(config, dependencies),
  });
}

/** The shared history, or one of the forwarder's own; none when it is off or cannot be opened. */
function historyOf(config: SluiceConfig, dependencies: ForwarderDependencies): { history?: HistorySink } {
  const history = dependencies.history ?? openHistoryWriter(config, dependencies.logger, 'outcomes');
  return history === undefined ? {} : { history };
}

/**
 * The configuration's destination.
 *
 * @throws ConfigError naming `destination` when there is none.
 * @example
 * ```ts
 * const { url } = requireDestination(config, 'sluice.yaml');
 * ```
 */
export function requireDestination(config: SluiceConfig, source = 'configuration'): DestinationConfig {
  if (config.destination !== undefined) return config.destination;
  throw new ConfigError(source, [
    { path: 'destination', message: 'a destination is required to forward captures (set destination.url or pass --destination URL)' },
  ]);
}

/** The delivery counters of `sluice status`, kept in the embedded queue's file. */
function openStats(config: SluiceConfig, logger: Logger | undefined): { stats?: DeliveryStatsSink } {
  const file = queueFile(config.queue);
  if (file === undefined) return {};
  try {
    return {
      stats: SqliteDeliveryStats.open(file, {
        onError: (error) => logger?.debug({ err: error }, 'delivery stats not written; will retry'),
      }),
    };
  } catch (error) {
    // Status figures are a convenience: never a reason not to deliver.
    logger?.warn({ err: error }, 'cannot record delivery stats; sluice status will not show delivery rates');
    return {};
  }
}

/** Reads the SQS queue's RedrivePolicy and retention once, and warns when they cut the retry budget short. */
function checkSqsRetryLimits(queue: SqsQueue, destination: DestinationConfig, logger: Logger): void {
  queue.transport
    .queueRetryLimits()
    .then((limits) => {
      for (const warning of sqsRetryLimitWarnings(limits, destination.retry)) logger.warn(warning);
    })
    .catch((error: unknown) => logger.warn({ err: error }, "could not read the SQS queue's RedrivePolicy to check the retry budget"));
}
