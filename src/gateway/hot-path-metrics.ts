import type { Registry } from 'prom-client';

/**
 * The metrics updated on every request and every capture, kept in plain numbers and rendered
 * only when `/metrics` is scraped. prom-client hashes a label object on every
 * `inc()`/`observe()`, which cost about a tenth of a small request's CPU in the gateway; here a
 * request costs one Map lookup by a string key and a few additions.
 *
 * @internal
 */
interface MetricValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName?: string;
}

interface CustomMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: 'sum' }>;
  reset(): void;
}

function register(registry: Registry, metric: CustomMetric): void {
  // The registry renders any object with these fields; see prom-client's Registry#getMetricsAsString.
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}

/** A counter by route, method and status. */
export class RequestCounter {
  readonly #counts = new Map<string, { route: string; method: string; status: number; value: number }>();

  constructor(registry: Registry, name: string, help: string) {
    const counts = this.#counts;
    register(registry, {
      name,
      help,
      type: 'counter',
      aggregator: 'sum',
      async get() {
        const values = [...counts.values()].map(({ route, method, status, value }) => ({ labels: { route, method, status }, value }));
        return { name, help, type: 'counter', values, aggregator: 'sum' };
      },
      reset: () => counts.clear(),
    });
  }

  inc(route: string, method: string, status: number): void {
    const key = `${route}\n${method}\n${status}`;
    const entry = this.#counts.get(key);
    if (entry === undefined) this.#counts.set(key, { route, method, status, value: 1 });
    else entry.value += 1;
  }
}

/**
 * A counter by route (`sluice_captures_total`): one Map lookup per count, the label set built
 * only when `/metrics` is scraped.
 *
 * @example
 * ```ts
 * const captures = new RouteCounter(registry, 'sluice_captures_total', 'Exchanges committed to the queue.');
 * captures.inc('users'); // sluice_captures_total{route="users"} 1
 * ```
 */
export class RouteCounter {
  readonly #counts = new Map<string, number>();

  constructor(registry: Registry, name: string, help: string) {
    const counts = this.#counts;
    register(registry, {
      name,
      help,
      type: 'counter',
      aggregator: 'sum',
      async get() {
        const values = [...counts].map(([route, value]) => ({ labels: { route }, value }));
        return { name, help, type: 'counter', values, aggregator: 'sum' };
      },
      reset: () => counts.clear(),
    });
  }

  inc(route: string): void {
    this.#counts.set(route, (this.#counts.get(route) ?? 0) + 1);
  }
}

/** A histogram by route, with fixed buckets (seconds). */
export class RouteHistogram {
  readonly #buckets: readonly number[];
  readonly #series = new Map<string, { counts: Float64Array; sum: number; count: number }>();

  constructor(registry: Registry, name: string, help: string, buckets: readonly number[]) {
    this.#buckets = [...buckets].sort((a, b) => a - b);
    const series = this.#series;
    const bounds = this.#buckets;
    register(registry, {
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      async get() {
        const values: MetricValue[] = [];
        for (const [route, { counts, sum, count }] of series) {
          let cumulative = 0;
          bounds.forEach((le, index) => {
            cumulative += counts[index]!;
            values.push({ labels: { route, le }, value: cumulative, metricName: `${name}_bucket` });
          });
          values.push({ labels: { route, le: '+Inf' }, value: count, metricName: `${name}_bucket` });
          values.push({ labels: { route }, value: sum, metricName: `${name}_sum` });
          values.push({ labels: { route }, value: count, metricName: `${name}_count` });
        }
        return { name, help, type: 'histogram', values, aggregator: 'sum' };
      },
      reset: () => series.clear(),
    });
  }

  observe(route: string, seconds: number): void {
    let entry = this.#series.get(route);
    if (entry === undefined) {
      entry = { counts: new Float64Array(this.#buckets.length), sum: 0, count: 0 };
      this.#series.set(route, entry);
    }
    const bounds = this.#buckets;
    for (let index = 0; index < bounds.length; index += 1) {
      if (seconds <= bounds[index]!) {
        entry.counts[index]! += 1;
        break;
      }
    }
    entry.sum += seconds;
    entry.count += 1;
  }
}
