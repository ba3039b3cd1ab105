import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { sendRaw } from '../../helpers/raw-socket.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

/**
 * The timeout is short because the event under test is real silence from the client, not a
 * race: nothing is sent after the first bytes, so any body_timeout fires eventually.
 */
const BODY_TIMEOUT = '500ms';

describe('Gateway: #10 a request body that stops arriving (limits.body_timeout)', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway(tapConfig(upstream.url, { limits: { body_timeout: BODY_TIMEOUT } }, { capture: false }));
  });

  afterAll(async () => {
    await gw?.stop({ force: true });
    await upstream?.close();
  });

  it('answers 408 to a chunked upload that stalls, closes the connection and aborts the upstream request', async () => {
    // Prepare
    const next = upstream.nextRequest();
    const head = `POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n`;

    // Act
    const answer = await sendRaw(gw.port, head, { idleMs: 60_000 });
    const upstreamRequest = await next;

    // Assess
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_BODY_TIMEOUT' } });
    expect(answer.text).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer.closed).toBe(true);
    expect(await upstreamRequest.ended).toBe('aborted');
    expect(upstreamRequest.bodyLength).toBe(5);
  });

  it('answers 408 to a small upload that stalls, before the upstream sees it', async () => {
    // Prepare
    const before = upstream.requests.length;
    const head = `POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly-part`;

    // Act
    const answer = await sendRaw(gw.port, head, { idleMs: 60_000 });

    // Assess
    expect(answer.status).toBe(408);
    expect(answer.closed).toBe(true);
    expect(upstream.requests.length).toBe(before);
  });

  it('times the gaps between reads, not the whole body: a slow upload that keeps sending gets through', async () => {
    // Prepare: a per-route 3 s timeout (over the 500 ms default above); 6 pauses of 600 ms
    // take longer than that in total but each is far shorter.
    const slow = await startGateway(tapConfig(upstream.url, { limits: { body_timeout: BODY_TIMEOUT } }, { capture: false, limits: { body_timeout: '3s' } }));
    async function* trickle(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 6; i += 1) {
        yield Buffer.from(`part-${i};`);
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
    }

    // Act
    const res = await request(`${slow.url}/echo`, { method: 'POST', headers: ['Content-Type', 'text/plain'], body: trickle() });
    await slow.stop();

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('part-0;part-1;part-2;part-3;part-4;part-5;');
  });
});
