import type { Registry } from 'prom-client';
import {
  Dashboard,
  HistoryAccess,
  replayService,
  StatsSeries,
  queueStatsSource,
  registryStatsSource,
  type DashboardServices,
  type UnavailableFigures,
} from '../admin/index.js';
import type { SluiceConfig } from '../core/config-schema.js';
import { readDeliveryStats } from '../forwarder/delivery-stats.js';
import { historyPathFor } from '../history/history-schema.js';
import type { Queue } from '../queue/types.js';
import { queuePath } from './inspect-queue.js';
import { buildStatusReport, type StatusReport } from './status-report.js';

export interface DashboardSetupOptions {
  /** The gateway's metrics, when one runs in this process: the request and delivery rates come from them. */
  readonly registry?: Registry;
  /** Between chart samples. @default 10_000 */
  readonly sampleIntervalMs?: number;
  /** The bundled front end's folder (tests). @default dist/web */
  readonly webRoot?: string;
}

/**
 * The dashboard for a configuration and its open queue: the history beside the embedded queue,
 * the chart series sampling the gateway's counters (or, for `sluice ui`, the forwarders'
 * delivery table), and the `sluice status` report from the same queue. Sampling starts at once.
 *
 * @example
 * ```ts
 * const dashboard = createDashboard(config, queue, { registry: gateway.metrics.registry });
 * dashboard.mount(admin);
 * ```
 */
export function createDashboard(config: SluiceConfig, queue: Queue, options: DashboardSetupOptions = {}): Dashboard {
  const path = queuePath(config);
  const history =
    config.history === false
      ? new HistoryAccess(undefined, 'the history is off (history: false in the configuration)')
      : new HistoryAccess(path === undefined ? undefined : historyPathFor(path), 'only the embedded queue keeps a history (queue.driver: sqlite)');
  const source = options.registry === undefined ? queueStatsSource(queue, path) : registryStatsSource(options.registry, queue);
  const stats = new StatsSeries(source, {
    unavailable: unavailableFigures(config, options.registry !== undefined),
    ...(options.sampleIntervalMs !== undefined && { intervalMs: options.sampleIntervalMs }),
  });
  stats.start();
  const services: DashboardServices = {
    queue,
    queueDriver: config.queue.driver,
    history,
    stats,
    status: () => liveStatus(config, queue, path),
    replay: replayService(history),
  };
  return new Dashboard(services, options.webRoot === undefined ? {} : { webRoot: options.webRoot });
}

/**
 * The chart figures this process can never tell, and why: the page says so instead of drawing
 * a chart that stays empty.
 */
function unavailableFigures(config: SluiceConfig, servesGateway: boolean): UnavailableFigures {
  const sqs = config.queue.driver === 'sqs';
  const noGateway = 'no gateway runs in this process (sluice ui): see the gateway’s own dashboard or /metrics';
  return {
    ...(!servesGateway && { requestRate: noGateway, errorRate: noGateway }),
    ...(!servesGateway && sqs && { deliveryRate: 'forwarders on SQS keep no delivery table this process can read: see their /metrics or CloudWatch' }),
    ...(sqs && { oldestAgeSeconds: 'SQS tells the oldest message’s age only to CloudWatch (ApproximateAgeOfOldestMessage)' }),
  };
}

/** `sluice status`'s report from a queue this process holds open. */
async function liveStatus(config: SluiceConfig, queue: Queue, path: string | undefined): Promise<StatusReport> {
  const stats = await queue.stats();
  return buildStatusReport(stats, path === undefined ? undefined : readDeliveryStats(path), {
    path: path ?? undefined,
    oldestAgeThresholdMs: config.alarms.oldest_message_age,
  });
}
