import type { Registry } from 'prom-client';
import { readDeliveryStats } from '../forwarder/delivery-stats.js';
import type { Queue } from '../queue/types.js';
import type { StatsCounters, StatsSource } from './stats-series.js';

interface MetricReading {
  readonly values: readonly { readonly labels: Readonly<Record<string, string | number | undefined>>; readonly value: number }[];
}

/**
 * Samples a running gateway: its request counter (`sluice_http_requests_total`, 5xx and cut
 * exchanges as errors), the forwarder's successes when one shares the registry (`sluice serve`),
 * and the queue's figures.
 *
 * @example
 * ```ts
 * const series = new StatsSeries(registryStatsSource(gateway.metrics.registry, queue));
 * ```
 */
export function registryStatsSource(registry: Registry, queue: Queue | undefined): StatsSource {
  return {
    async counters(): Promise<StatsCounters> {
      const requests = await read(registry, 'sluice_http_requests_total');
      const delivered = await read(registry, 'sluice_delivery_successes_total');
      let total = 0;
      let errors = 0;
      for (const { labels, value } of requests?.values ?? []) {
        total += value;
        const status = Number(labels.status);
        if (status === 0 || status >= 500) errors += value;
      }
      return {
        ...(requests !== undefined && { requests: total, errors }),
        ...(delivered !== undefined && { delivered: delivered.values.reduce((sum, { value }) => sum + value, 0) }),
      };
    },
    queue: async () => queue?.stats(),
  };
}

/**
 * Samples a queue no gateway in this process serves (`sluice ui`): its figures, and the
 * delivery rate every forwarder records beside the embedded queue.
 *
 * @example
 * ```ts
 * const series = new StatsSeries(queueStatsSource(queue, '/var/lib/sluice/sluice.db'));
 * ```
 */
export function queueStatsSource(queue: Queue, queuePath: string | undefined): StatsSource {
  return {
    counters: async () => ({}),
    queue: () => queue.stats(),
    deliveryRate: () => (queuePath === undefined ? undefined : readDeliveryStats(queuePath)?.ratePerSecond),
  };
}

async function read(registry: Registry, name: string): Promise<MetricReading | undefined> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  return (await metric.get()) as MetricReading;
}
