import type { SluiceConfig } from '../core/config-schema.js';
import { queueFile } from '../core/queue-location.js';
import type { Logger } from '../telemetry/logger.js';
import { historyPathFor } from './history-schema.js';
import { HistoryWorkerWriter } from './history-worker-writer.js';

/**
 * The history a configuration keeps, in a file beside the embedded queue's (see
 * `historyPathFor`): on unless `history: false`. The SQS driver keeps none: its forwarders run
 * as Lambda functions. The history is a window on the traffic, never a reason not to capture
 * or deliver: a file that cannot be opened is logged and left out.
 *
 * @example
 * ```ts
 * const history = openHistoryWriter(config, logger);
 * const gateway = new Gateway({ config, queue, history });
 * ```
 */
export function openHistoryWriter(config: SluiceConfig, logger: Logger | undefined): HistoryWorkerWriter | undefined {
  const { history } = config;
  const file = queueFile(config.queue);
  if (history === false || file === undefined) return undefined;
  try {
    return HistoryWorkerWriter.open(historyPathFor(file), {
      retentionMs: history.retention,
      maxSizeBytes: history.max_size,
      onError: (error) => logger?.warn({ err: error }, 'history not written'),
      ...(logger !== undefined && { logger }),
    });
  } catch (error) {
    logger?.warn({ err: error }, 'cannot open the history; sluice tail and sluice history will not show new exchanges');
    return undefined;
  }
}
