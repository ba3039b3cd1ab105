import type { SluiceConfig } from '../core/config-schema.js';
import { Gateway } from '../gateway/gateway.js';
import { openQueue } from '../queue/index.js';
import type { Queue } from '../queue/types.js';
import { createLogger, type Logger } from '../telemetry/logger.js';
import { untilShutdownSignal } from './signals.js';

/** How often the gateway's queue checkpoints its write-ahead log on a worker thread. */
const GATEWAY_CHECKPOINT_INTERVAL_MS = 20;

/** A background service run beside the gateway in one process (the forwarder, in `serve`). */
export interface Companion {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs the gateway (and optional companions sharing its queue) until SIGTERM/SIGINT, then shuts
 * down in order: stop accepting, finish in-flight exchanges, stop companions, close the queue.
 */
export async function runGateway(
  config: SluiceConfig,
  companions: (queue: Queue, logger: Logger, gateway: Gateway) => Companion[] = () => [],
): Promise<void> {
  const logger = createLogger(config.log.level);
  // A capture's commit is on its request's path: checkpoints, which wait for the disk, go to a thread.
  const queue = openQueue(config.queue, { logger, checkpointIntervalMs: GATEWAY_CHECKPOINT_INTERVAL_MS });
  const gateway = new Gateway({ config, queue, logger });
  const started = companions(queue, logger, gateway);
  try {
    await gateway.listen();
  } catch (error) {
    await queue.close();
    throw error;
  }
  for (const companion of started) companion.start();
  const signal = await untilShutdownSignal();
  logger.info({ signal }, 'shutting down');
  await gateway.close();
  await Promise.all(started.map((companion) => companion.stop()));
  await queue.close();
  logger.info('stopped');
}
