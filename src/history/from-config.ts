import type { SluiceConfig } from '../core/config-schema.js';
import { queueFile } from '../core/queue-location.js';
import type { Logger } from '../telemetry/logger.js';
import { RateLimitedLog } from '../telemetry/rate-limited-log.js';
import { historyPathFor } from './history-schema.js';
import { HistoryWorkerWriter } from './history-worker-writer.js';

/** What a process writes into the history: the gateway's captures, or the forwarder's outcomes. */
export type HistoryRole = 'captures' | 'outcomes';

/**
 * The history a configuration keeps, in a file beside the embedded queue's (see
 * `historyPathFor`): on unless `history: false`. The SQS driver keeps none: its forwarders run
 * as Lambda functions. The history is a window on the traffic, never a reason not to capture
 * or deliver: a file that cannot be opened is logged and left out.
 *
 * Captures are an early view of what the outcomes will record anyway, so the gateway's thread
 * runs idle-most (nice 19) with a small bound: on a saturated core it yields to the requests,
 * and what it drops appears at its first delivery attempt instead (said once a minute).
 *
 * @example
 * ```ts
 * const history = openHistoryWriter(config, logger, 'captures');
 * const gateway = new Gateway({ config, queue, history });
 * ```
 */
export function openHistoryWriter(config: SluiceConfig, logger: Logger | undefined, role: HistoryRole): HistoryWorkerWriter | undefined {
  const { history } = config;
  const file = queueFile(config.queue);
  if (history === false || file === undefined) return undefined;
  const captures = role === 'captures';
  const limited = logger === undefined || !captures ? undefined : new RateLimitedLog(logger, { intervalMs: 60_000 });
  try {
    return HistoryWorkerWriter.open(historyPathFor(file), {
      retentionMs: history.retention,
      maxSizeBytes: history.max_size,
      ...(captures && { nice: 19, maxPending: 5_000 }),
      onError: (error) =>
        limited === undefined ? logger?.warn({ err: error }, 'history not written') : limited.log({ err: error }, 'history not written at capture'),
      ...(logger !== undefined && { logger }),
    });
  } catch (error) {
    logger?.warn({ err: error }, 'cannot open the history; sluice tail and sluice history will not show new exchanges');
    return undefined;
  }
}
