import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestCounter, RouteCounter, RouteHistogram } from './hot-path-metrics.js';

describe('Hot-path metrics', () => {
  it('renders request counts by route, method and status in Prometheus text', async () => {
    // Prepare
    const registry = new Registry();
    const counter = new RequestCounter(registry, 'requests_total', 'Requests.');

    // Act
    counter.inc('users', 'GET', 200);
    counter.inc('users', 'GET', 200);
    counter.inc('', 'POST', 404);

    // Assess
    const text = await registry.metrics();
    expect(text).toContain('# TYPE requests_total counter');
    expect(text).toContain('requests_total{route="users",method="GET",status="200"} 2');
    expect(text).toContain('requests_total{route="",method="POST",status="404"} 1');
  });

  it('renders cumulative buckets, +Inf, sum and count per route', async () => {
    // Prepare
    const registry = new Registry();
    const histogram = new RouteHistogram(registry, 'latency_seconds', 'Latency.', [0.1, 0.01, 1]);

    // Act
    for (const seconds of [0.005, 0.05, 0.5, 5]) histogram.observe('api', seconds);

    // Assess
    const text = await registry.metrics();
    expect(text).toContain('latency_seconds_bucket{route="api",le="0.01"} 1');
    expect(text).toContain('latency_seconds_bucket{route="api",le="0.1"} 2');
    expect(text).toContain('latency_seconds_bucket{route="api",le="1"} 3');
    expect(text).toContain('latency_seconds_bucket{route="api",le="+Inf"} 4');
    expect(text).toContain('latency_seconds_sum{route="api"} 5.555');
    expect(text).toContain('latency_seconds_count{route="api"} 4');
  });

  it('starts again from zero after a registry reset', async () => {
    // Prepare
    const registry = new Registry();
    const counter = new RequestCounter(registry, 'requests_total', 'Requests.');
    counter.inc('a', 'GET', 200);

    // Act
    registry.resetMetrics();
    counter.inc('a', 'GET', 200);

    // Assess
    expect(await registry.metrics()).toContain('requests_total{route="a",method="GET",status="200"} 1');
  });

  it('renders counts by route as a counter, read only when scraped', async () => {
    // Prepare
    const registry = new Registry();
    const counter = new RouteCounter(registry, 'captures_total', 'Captures.');

    // Act
    counter.inc('users');
    counter.inc('users');
    counter.inc('orders');

    // Assess
    const metric = await registry.getSingleMetric('captures_total')!.get();
    expect(metric).toMatchObject({ name: 'captures_total', type: 'counter' });
    expect(metric.values).toEqual([
      { labels: { route: 'users' }, value: 2 },
      { labels: { route: 'orders' }, value: 1 },
    ]);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE captures_total counter');
    expect(text).toContain('captures_total{route="users"} 2');
    expect(text).toContain('captures_total{route="orders"} 1');
  });

  it('starts route counts again from zero after a registry reset', async () => {
    // Prepare
    const registry = new Registry();
    const counter = new RouteCounter(registry, 'captures_total', 'Captures.');
    counter.inc('users');

    // Act
    registry.resetMetrics();
    counter.inc('users');

    // Assess
    expect(await registry.metrics()).toContain('captures_total{route="users"} 1');
  });
});
