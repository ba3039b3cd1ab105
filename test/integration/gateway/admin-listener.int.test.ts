import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const TOKEN = 'test-admin-token-0123456789abcdef';

describe('Gateway: #10 the admin listener, and a proxied port that serves only the API', () => {
  let upstream: Upstream;

  beforeAll(async () => {
    upstream = await startUpstream();
  });

  afterAll(async () => {
    await upstream?.close();
  });

  describe('with the default configuration', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startGateway(tapConfig(upstream.url));
    });

    afterAll(async () => {
      await gw?.stop();
    });

    it('answers /ping, /healthz and /metrics on the admin port', async () => {
      // Act
      const ping = await request(`${gw.adminUrl!}/ping`);
      const health = await request(`${gw.adminUrl!}/healthz?probe=1`);
      const metrics = await request(`${gw.adminUrl!}/metrics`);

      // Assess
      expect(ping.status).toBe(200);
      expect(ping.body.toString()).toBe('pong');
      expect(health.status).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok', queue: { visible: expect.any(Number) } });
      expect(metrics.status).toBe(200);
      expect(metrics.header('content-type')).toMatch(/^text\/plain/);
      expect(metrics.body.toString()).toContain('# TYPE sluice_http_requests_total counter');
    });

    it.each(['/metrics', '/healthz', '/ping'])('sends %s on the proxied port to the upstream, which answers it', async (path) => {
      // Prepare
      const before = upstream.requests.length;

      // Act
      const res = await request(`${gw.url}${path}`);

      // Assess: the upstream answered (its 404), so it has recorded the request by now.
      expect(upstream.requests.slice(before).map((received) => received.url)).toEqual([path]);
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('sluice_http_requests_total');
    });

    it('captures none of the admin requests', async () => {
      // Prepare
      await gw.takeRecords();

      // Act
      await request(`${gw.adminUrl!}/ping`);
      await request(`${gw.adminUrl!}/metrics`);
      const records = await gw.takeRecords();

      // Assess
      expect(records).toEqual([]);
    });

    it('answers 404 for an unknown admin path and 405 for a method other than GET and HEAD', async () => {
      // Act
      const unknown = await request(`${gw.adminUrl!}/pingx`);
      const post = await request(`${gw.adminUrl!}/metrics`, { method: 'POST', body: 'x' });
      const head = await request(`${gw.adminUrl!}/ping`, { method: 'HEAD' });

      // Assess
      expect(unknown.status).toBe(404);
      expect(unknown.json()).toMatchObject({ error: { code: 'SLUICE_ROUTE_NOT_FOUND' } });
      expect(post.status).toBe(405);
      expect(post.header('allow')).toBe('GET, HEAD');
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
    });

    it('serves a route added later (the dashboard will plug in the same way)', async () => {
      // Prepare
      gw.admin!.route('/hello', async (req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('hi');
      });

      // Act
      const res = await request(`${gw.adminUrl!}/hello`);

      // Assess
      expect(res.body.toString()).toBe('hi');
    });
  });

  describe('with a token', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startGateway(tapConfig(upstream.url, { admin: { listen: '127.0.0.1:0', token: TOKEN } }));
    });

    afterAll(async () => {
      await gw?.stop();
    });

    it.each([
      { description: 'no Authorization header', headers: [], challenge: 'Bearer realm="sluice-admin"' },
      {
        description: 'a wrong token of the same length',
        headers: ['Authorization', `Bearer ${TOKEN.replace(/.$/, 'x')}`],
        challenge: 'Bearer realm="sluice-admin", error="invalid_token"',
      },
      { description: 'a token of another length', headers: ['Authorization', 'Bearer short'], challenge: 'Bearer realm="sluice-admin", error="invalid_token"' },
      {
        description: 'the token as Basic credentials',
        headers: ['Authorization', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`],
        challenge: 'Bearer realm="sluice-admin", error="invalid_token"',
      },
    ])('answers 401 with WWW-Authenticate for $description, on every path', async ({ headers, challenge }) => {
      // Act
      const metrics = await request(`${gw.adminUrl!}/metrics`, { headers });
      const unknown = await request(`${gw.adminUrl!}/nothing-here`, { headers });

      // Assess
      for (const res of [metrics, unknown]) {
        expect(res.status).toBe(401);
        expect(res.header('www-authenticate')).toBe(challenge);
        expect(res.json()).toMatchObject({ error: { code: 'SLUICE_UNAUTHORIZED' } });
      }
    });

    it('answers with the right Bearer token', async () => {
      // Act
      const res = await request(`${gw.adminUrl!}/metrics`, { headers: ['Authorization', `bearer ${TOKEN}`] });

      // Assess
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('sluice_http_requests_total');
    });
  });

  describe('with admin: false', () => {
    it('opens no admin listener and leaves every path to the routes', async () => {
      // Prepare
      const gw = await startGateway(tapConfig(upstream.url, { admin: false }, { capture: false }));
      const before = upstream.requests.length;

      // Act
      await request(`${gw.url}/metrics`);
      await gw.stop();

      // Assess
      expect(gw.adminUrl).toBeUndefined();
      expect(upstream.requests.slice(before).map((received) => received.url)).toEqual(['/metrics']);
    });
  });

  describe('with a lambda-reverse-proxy file', () => {
    it('serves /ping and /healthz under its prefix on the main port, and opens no admin port', async () => {
      // Prepare
      const gw = await startGateway({ internal_route_prefix: '__@@__', local: [{ hostname: 'service-1', endpoint: 'http://127.0.0.1:9' }] });

      // Act
      const ping = await request(`${gw.url}/__@@__/ping`, { headers: ['Host', 'service-1'] });
      const health = await request(`${gw.url}/__@@__/healthz`);
      await gw.stop();

      // Assess
      expect(gw.adminUrl).toBeUndefined();
      expect(ping.body.toString()).toBe('pong');
      expect(health.status).toBe(200);
    });
  });
});
