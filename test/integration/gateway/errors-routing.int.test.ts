import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { generateBody, request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

interface ErrorBody {
  error: { code: string; message: string };
}

describe('Gateway routing errors', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({
      routes: [
        { name: 'api', match: { path_prefix: '/api' }, target: { type: 'http', url: `${upstream.url}/echo` } },
        { name: 'hooks', match: { path: '/hooks', methods: ['POST'] }, target: { type: 'http', url: `${upstream.url}/echo/hooks` } },
        { name: 'admin', match: { host: 'admin.example.com' }, target: { type: 'http', url: `${upstream.url}/echo/admin` } },
        {
          name: 'small',
          match: { path_prefix: '/small' },
          target: { type: 'http', url: `${upstream.url}/discard` },
          limits: { max_body_bytes: '1KiB' },
        },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([
    { description: 'a path no route matches', path: '/nothing', method: 'GET', headers: [] as string[] },
    { description: 'a prefix that only shares characters', path: '/apix', method: 'GET', headers: [] },
    { description: 'an exact path with the wrong method', path: '/hooks', method: 'GET', headers: [] },
    { description: 'an exact path with a suffix', path: '/hooks/x', method: 'POST', headers: [] },
    { description: 'a host no route names', path: '/', method: 'GET', headers: ['Host', 'other.example.com'] },
  ])('answers 404 JSON for $description, without calling the upstream', async ({ path, method, headers }) => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const res = await request(`${gw.url}${path}`, { method, headers });

    // Assess
    expect(res.status).toBe(404);
    expect(res.header('content-type')).toMatch(/^application\/json/);
    expect(res.json<ErrorBody>().error.code).toBe('SLUICE_ROUTE_NOT_FOUND');
    expect(upstream.requests.length).toBe(before);
  });

  it.each([
    { description: 'the prefix route', path: '/api/users?x=1', headers: [] as string[], url: '/echo/users?x=1' },
    { description: 'the exact path route', path: '/hooks', method: 'POST', headers: [], url: '/echo/hooks' },
    { description: 'the host route, in any case and with a port', path: '/any', headers: ['Host', 'ADMIN.example.com:8080'], url: '/echo/admin/any' },
  ])('sends a request to $description', async ({ path, method, headers, url }) => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    const res = await request(`${gw.url}${path}`, { method: method ?? 'GET', headers });

    // Assess
    expect(res.status).toBe(200);
    expect((await next).url).toBe(url);
  });

  it('answers 413 JSON when the declared Content-Length exceeds the route limit, before calling the upstream', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const res = await request(`${gw.url}/small`, { method: 'POST', body: Buffer.alloc(1025, 0x61) });

    // Assess
    expect(res.status).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe('SLUICE_BODY_TOO_LARGE');
    expect(upstream.requests.length).toBe(before);
  });

  it('accepts a body of exactly the limit', async () => {
    // Act
    const res = await request(`${gw.url}/small`, { method: 'POST', body: Buffer.alloc(1024, 0x61) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.header('x-echo-length')).toBe('1024');
  });

  it('answers 413 JSON when a chunked upload crosses the limit, and the upstream never gets a complete body', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const res = await request(`${gw.url}/small`, { method: 'POST', body: generateBody(64 * 1024, 512) });

    // Assess
    expect(res.status).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe('SLUICE_BODY_TOO_LARGE');
    // undici may not have sent the request head yet when the body fails: then nothing arrives.
    for (const received of upstream.requests.slice(before)) {
      expect(await received.ended).toBe('aborted');
      expect(received.bodyLength).toBeLessThanOrEqual(1024);
    }
  });

  it('answers 413 for a body over the global limit on a route without its own', async () => {
    // Prepare
    const strict = await startGateway({
      limits: { max_body_bytes: 2048 },
      routes: [{ name: 'all', target: { type: 'http', url: `${upstream.url}/discard` } }],
    });

    // Act
    const res = await request(`${strict.url}/x`, { method: 'PUT', body: Buffer.alloc(4096) });
    await strict.stop();

    // Assess
    expect(res.status).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe('SLUICE_BODY_TOO_LARGE');
  });
});
