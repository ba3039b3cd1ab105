import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { waitFor } from '../../helpers/wait-for.js';

// A broken abort path shows as an upstream request that never ends: fail fast on it.
describe('Gateway client aborts', { timeout: 20_000 }, () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({ routes: [{ name: 'all', target: { type: 'http', url: upstream.url }, capture: true }] });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('aborts the upstream request when the client disconnects mid-upload', async () => {
    // Prepare
    const next = upstream.nextRequest();
    const client = httpRequest({
      host: '127.0.0.1',
      port: gw.port,
      method: 'POST',
      path: '/discard/upload',
      headers: { 'Content-Length': String(10 * 1024 * 1024) },
      agent: false,
    });
    client.on('error', () => {});
    client.write(Buffer.alloc(256 * 1024, 0x61));
    const received = await next;
    await waitFor(() => received.bodyLength > 0, 'the first upload bytes at the upstream');

    // Act
    client.destroy();

    // Assess
    expect(await received.ended).toBe('aborted');
    expect(received.bodyLength).toBeLessThan(10 * 1024 * 1024);
  });

  it('aborts the upstream request when the client disconnects while waiting for the response', async () => {
    // Prepare
    const controller = new AbortController();
    const next = upstream.nextRequest();
    const pending = request(`${gw.url}/hang`, { signal: controller.signal }).catch((error: Error) => error);
    const received = await next;

    // Act
    controller.abort();

    // Assess
    expect(await received.ended).toBe('aborted');
    expect(await pending).toMatchObject({ name: 'AbortError' });
  });

  it('aborts the upstream response when the client disconnects mid-download', async () => {
    // Prepare
    const next = upstream.nextRequest();
    let downloaded = 0;
    const client = httpRequest({ host: '127.0.0.1', port: gw.port, path: '/bytes/104857600', agent: false });
    client.on('error', () => {});
    client.on('response', (res) => res.on('data', (chunk: Buffer) => (downloaded += chunk.length)));
    client.end();
    const received = await next;
    await waitFor(() => downloaded > 0, 'the first downloaded bytes');

    // Act
    client.destroy();

    // Assess
    expect(await received.ended).toBe('aborted');
  });

  it('keeps serving other clients after the aborts, recording only the exchanges that completed', async () => {
    // Act
    const res = await request(`${gw.url}/echo/after`, { method: 'POST', body: 'fine' });
    const records = await gw.takeRecords();

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('fine');
    expect(records.map((record) => record.endpoint)).toEqual(['/echo/after']);
  });
});
