import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

describe('Gateway internal routes on the proxied port (internal_route_prefix set)', () => {
  let upstream: Upstream;

  beforeAll(async () => {
    upstream = await startUpstream();
  });

  afterAll(async () => {
    await upstream?.close();
  });

  describe('with the prefix "" (how a configuration keeps them at the root of the proxied port)', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startGateway(tapConfig(upstream.url, { internal_route_prefix: '' }));
    });

    afterAll(async () => {
      await gw?.stop();
    });

    it('answers /ping with "pong", even with a query string, ahead of a catch-all route', async () => {
      // Prepare
      const before = upstream.requests.length;

      // Act
      const res = await request(`${gw.url}/ping?probe=1`);

      // Assess
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('pong');
      expect(upstream.requests.length).toBe(before);
    });

    it('answers /healthz with 200 and the queue stats while the queue is reachable', async () => {
      // Act
      const res = await request(`${gw.url}/healthz`);

      // Assess
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', queue: { visible: expect.any(Number), dlqDepth: expect.any(Number) } });
    });

    it('answers /metrics in the Prometheus text format', async () => {
      // Act
      const res = await request(`${gw.url}/metrics`);

      // Assess
      expect(res.status).toBe(200);
      expect(res.header('content-type')).toMatch(/^text\/plain/);
      expect(res.body.toString()).toContain('# TYPE sluice_http_requests_total counter');
    });

    it('does not capture internal requests', async () => {
      // Prepare
      await gw.takeRecords();

      // Act
      await request(`${gw.url}/ping`);
      await request(`${gw.url}/healthz`);
      const records = await gw.takeRecords();

      // Assess
      expect(records).toEqual([]);
    });

    it('proxies paths that only start like an internal route', async () => {
      // Prepare
      const next = upstream.nextRequest();

      // Act
      const res = await request(`${gw.url}/pingx`);

      // Assess
      expect(res.status).toBe(404);
      expect((await next).url).toBe('/pingx');
    });
  });

  describe('under a prefix', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startGateway(tapConfig(upstream.url, { internal_route_prefix: '/__sluice' }, { capture: false }));
    });

    afterAll(async () => {
      await gw?.stop();
    });

    it.each(['/__sluice/ping', '/__sluice/healthz', '/__sluice/metrics'])('serves %s itself', async (path) => {
      // Prepare
      const before = upstream.requests.length;

      // Act
      const res = await request(`${gw.url}${path}`);

      // Assess
      expect(res.status).toBe(200);
      expect(upstream.requests.length).toBe(before);
    });

    it.each(['/ping', '/healthz', '/metrics'])('sends %s to the route like any other path', async (path) => {
      // Prepare
      const next = upstream.nextRequest();

      // Act
      await request(`${gw.url}${path}`);

      // Assess
      expect((await next).url).toBe(path);
    });

    it('answers /healthz with 200 when no queue is configured', async () => {
      // Act
      const res = await request(`${gw.url}/__sluice/healthz`);

      // Assess
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok' });
    });
  });

  describe('when the queue is unreachable', () => {
    it('answers /healthz with 503 and the error code', async () => {
      // Prepare
      const gw = await startGateway(tapConfig(upstream.url));
      await gw.queue!.close();

      // Act
      const res = await request(`${gw.adminUrl!}/healthz`);
      await gw.stop();

      // Assess
      expect(res.status).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', error: { code: 'SLUICE_CLOSED' } });
    });
  });
});
