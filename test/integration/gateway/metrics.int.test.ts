import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

/** The value of one sample in Prometheus text, labels matched exactly (in any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('Gateway /metrics', () => {
  let upstream: Upstream;
  let gw: TestGateway;
  let text: string;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({
      routes: [
        { name: 'api', match: { path_prefix: '/api' }, target: { type: 'http', url: `${upstream.url}/` }, capture: true },
        { name: 'down', match: { path_prefix: '/down' }, target: { type: 'http', url: 'http://127.0.0.1:1' } },
      ],
    });
    // Prepare (shared): a known mix of exchanges, one dead letter, then a single scrape
    // (queue gauges are cached for a second, so every assertion reads this one scrape).
    await request(`${gw.url}/api/echo/a`);
    await request(`${gw.url}/api/echo/b`);
    await request(`${gw.url}/api/status/500`);
    await request(`${gw.url}/api/echo/c`, { method: 'POST', body: 'x' });
    await request(`${gw.url}/down/x`);
    await request(`${gw.url}/nowhere`);
    const [message] = await gw.queue!.receive();
    await gw.queue!.deadLetter(message!.receiptHandle, 'test');
    text = (await request(`${gw.adminUrl!}/metrics`)).body.toString();
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([
    { labels: { route: 'api', method: 'GET', status: '200' }, value: 2 },
    { labels: { route: 'api', method: 'GET', status: '500' }, value: 1 },
    { labels: { route: 'api', method: 'POST', status: '200' }, value: 1 },
    { labels: { route: 'down', method: 'GET', status: '502' }, value: 1 },
    { labels: { route: '', method: 'GET', status: '404' }, value: 1 },
  ])('counts requests by route, method and status: $labels', ({ labels, value }) => {
    // Assess
    expect(sample(text, 'sluice_http_requests_total', labels)).toBe(value);
  });

  it('observes upstream latency per route, only for exchanges that reached the upstream', () => {
    // Assess
    expect(sample(text, 'sluice_upstream_duration_seconds_count', { route: 'api' })).toBe(4);
    expect(sample(text, 'sluice_upstream_duration_seconds_count', { route: 'down' }) ?? 0).toBe(0);
    expect(sample(text, 'sluice_upstream_duration_seconds_bucket', { route: 'api', le: '+Inf' })).toBe(4);
  });

  it('counts captures', () => {
    // Assess
    expect(sample(text, 'sluice_captures_total', { route: 'api' })).toBe(4);
  });

  it('reports the queue depth, DLQ depth and oldest message age', () => {
    // Assess
    expect(sample(text, 'sluice_queue_depth')).toBe(3);
    expect(sample(text, 'sluice_dlq_depth')).toBe(1);
    expect(sample(text, 'sluice_queue_oldest_message_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'sluice_queue_oldest_message_age_seconds')).toBeLessThan(60);
  });

  it('counts capture failures, and the client still gets its response', async () => {
    // Prepare
    await gw.queue!.close();

    // Act
    const res = await request(`${gw.url}/api/echo/lost`, { method: 'POST', body: 'still answered' });
    const after = (await request(`${gw.adminUrl!}/metrics`)).body.toString();

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('still answered');
    expect(sample(after, 'sluice_capture_failures_total', { route: 'api', reason: 'commit_failed' })).toBe(1);
  });
});
