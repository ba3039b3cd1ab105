import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { sendRaw } from '../../helpers/raw-socket.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { waitFor } from '../../helpers/wait-for.js';

/** A chunked upload that sends its first chunk and then nothing: a slowloris body. */
function stalledUpload(port: number): Promise<unknown> {
  return sendRaw(port, `POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n`, { idleMs: 120_000 });
}

describe('Gateway: #10 bounded upstream pools (target.connections, target.max_pending)', () => {
  let upstream: Upstream;
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    upstream = await startUpstream({
      routes: {
        // Answers only when the test says so.
        '/hold': (req, res) => {
          req.resume();
          held.push(res);
        },
      },
    });
  });

  afterAll(async () => {
    await upstream?.close();
  });

  describe('with 2 connections and no waiting', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startGateway(tapConfig(upstream.url, {}, { capture: false, target: { type: 'http', url: upstream.url, connections: 2, max_pending: 0 } }));
    });

    afterAll(async () => {
      await gw?.stop({ force: true });
    });

    it('holds no more than 2 upstream connections for slowloris bodies, and answers 503 to the next request at once', async () => {
      // Prepare
      const acceptedBefore = upstream.acceptedConnections;
      const requestsBefore = upstream.requests.length;
      const stalled = [stalledUpload(gw.port), stalledUpload(gw.port)];
      await waitFor(() => upstream.requests.length === requestsBefore + 2, 'both stalled uploads at the upstream', 20_000);

      // Act
      const third = await request(`${gw.url}/echo`, { method: 'POST', body: 'third' });

      // Assess
      expect(third.status).toBe(503);
      expect(third.json()).toMatchObject({ error: { code: 'SLUICE_UPSTREAM_BUSY' } });
      expect(upstream.acceptedConnections - acceptedBefore).toBe(2);
      expect(upstream.requests.length).toBe(requestsBefore + 2);
      void stalled;
    });
  });

  describe('with 1 connection and 1 waiting request', () => {
    it('hands the connection to the waiting request when the first one finishes, over the same connection', async () => {
      // Prepare
      const gw = await startGateway(
        tapConfig(upstream.url, {}, { capture: false, target: { type: 'http', url: upstream.url, connections: 1, max_pending: 1 } }),
      );
      const acceptedBefore = upstream.acceptedConnections;
      const first = request(`${gw.url}/hold`);
      await waitFor(() => held.length === 1, 'the first request at the upstream', 20_000);
      const second = request(`${gw.url}/echo`, { method: 'POST', body: 'second' });

      // Act
      held.shift()!.writeHead(200, { 'Content-Length': 5 }).end('first');
      const [firstRes, secondRes] = await Promise.all([first, second]);
      await gw.stop();

      // Assess
      expect(firstRes.body.toString()).toBe('first');
      expect(secondRes.status).toBe(200);
      expect(secondRes.body.toString()).toBe('second');
      expect(upstream.acceptedConnections - acceptedBefore).toBe(1);
    });

    it("answers 503 to a request that waited the route's timeout without a connection", async () => {
      // Prepare
      const gw = await startGateway(
        tapConfig(
          upstream.url,
          {},
          { capture: false, target: { type: 'http', url: upstream.url, connections: 1, max_pending: 1 }, limits: { timeout: '500ms' } },
        ),
      );
      const requestsBefore = upstream.requests.length;
      const stalled = stalledUpload(gw.port);
      await waitFor(() => upstream.requests.length === requestsBefore + 1, 'the stalled upload at the upstream', 20_000);

      // Act
      const waited = await request(`${gw.url}/echo`, { method: 'POST', body: 'waited' });
      await gw.stop({ force: true });
      await stalled;

      // Assess
      expect(waited.status).toBe(503);
      expect(waited.json()).toMatchObject({ error: { code: 'SLUICE_UPSTREAM_BUSY' } });
      expect(upstream.requests.length).toBe(requestsBefore + 1);
    });
  });
});
