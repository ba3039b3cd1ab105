import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

interface ErrorBody {
  error: { code: string; message: string };
}

/** A port that was just free: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Gateway upstream errors', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream({
      routes: {
        '/reset': (req) => req.socket.destroy(),
        '/garbage': (req) => req.socket.end('this is not HTTP\r\n\r\n'),
      },
    });
    // Only the routes that test the timeout get a short one: on a busy machine, a request that
    // should succeed can take longer than 300 ms.
    const short = { timeout: '300ms' };
    gw = await startGateway({
      routes: [
        { name: 'down', match: { path_prefix: '/down' }, target: { type: 'http', url: `http://127.0.0.1:${await closedPort()}` } },
        { name: 'slow', match: { path_prefix: '/slow' }, target: { type: 'http', url: upstream.url }, limits: short },
        { name: 'slow-body', match: { path_prefix: '/slow-body' }, target: { type: 'http', url: upstream.url }, limits: short },
        { name: 'up', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url } },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([
    { description: 'refuses connections', path: '/down/x', status: 502, code: 'SLUICE_UPSTREAM_UNREACHABLE' },
    { description: 'resets the connection', path: '/reset', status: 502, code: 'SLUICE_UPSTREAM_UNREACHABLE' },
    { description: 'answers with something that is not HTTP', path: '/garbage', status: 502, code: 'SLUICE_UPSTREAM_UNREACHABLE' },
    { description: 'sends no headers within the timeout', path: '/slow/5000', status: 504, code: 'SLUICE_UPSTREAM_TIMEOUT' },
  ])('answers $status JSON when the upstream $description', async ({ path, status, code }) => {
    // Act
    const res = await request(`${gw.url}${path}`);

    // Assess
    expect(res.status).toBe(status);
    expect(res.header('content-type')).toMatch(/^application\/json/);
    expect(res.json<ErrorBody>().error.code).toBe(code);
  });

  it('cuts the response when the upstream stalls after its headers, so the client sees it incomplete', async () => {
    // Act
    const outcome = await request(`${gw.url}/slow-body/5000`).then(
      (res) => ({ status: res.status }),
      (error: NodeJS.ErrnoException) => ({ code: error.code }),
    );

    // Assess
    expect(outcome).toEqual({ code: 'ECONNRESET' });
  });

  it('gives up on the slow upstream request (it sees the connection close)', async () => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    await request(`${gw.url}/slow/5000`);

    // Assess
    expect(await (await next).ended).toBe('aborted');
  });

  it('keeps serving after upstream failures', async () => {
    // Act
    const res = await request(`${gw.url}/echo/after`, { method: 'POST', body: 'still here' });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('still here');
  });
});
