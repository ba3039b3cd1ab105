import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SluiceConfig } from '../core/config-schema.js';
import { ConfigError } from '../core/errors.js';
import type { Queue } from '../queue/types.js';
import { SqliteDeliveryStats } from './delivery-stats.js';
import { Forwarder } from './forwarder.js';

export interface ForwarderDependencies {
  readonly queue: Queue;
  readonly logger?: Logger;
  readonly registry?: Registry;
  /** Where the configuration came from, for the error when it has no destination. */
  readonly source?: string;
}

/**
 * Builds the forwarder a configuration describes: its destination, the queue's
 * `max_receive_count` and visibility timeout, and (for the embedded queue) the delivery
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
  const { destination, queue: queueConfig } = config;
  if (destination === undefined) {
    throw new ConfigError(dependencies.source ?? 'configuration', [
      { path: 'destination', message: 'a destination is required to forward captures (set destination.url or pass --destination URL)' },
    ]);
  }
  const logger = dependencies.logger;
  const stats =
    queueConfig.driver === 'sqlite' && queueConfig.path !== ':memory:'
      ? SqliteDeliveryStats.open(queueConfig.path, {
          onError: (error) => logger?.debug({ err: error }, 'delivery stats not written; will retry'),
        })
      : undefined;
  return new Forwarder({
    queue: dependencies.queue,
    destination,
    maxReceiveCount: queueConfig.max_receive_count,
    visibilityTimeoutMs: queueConfig.visibility_timeout,
    ...(logger !== undefined && { logger }),
    ...(dependencies.registry !== undefined && { registry: dependencies.registry }),
    ...(stats !== undefined && { stats }),
  });
}
