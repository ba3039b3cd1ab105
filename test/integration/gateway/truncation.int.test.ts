import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { patternBytes, startUpstream, type Upstream } from '../../helpers/upstream.js';

const LIMIT = 1000;

describe('Gateway capture truncation', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({
      capture: { max_body_bytes: LIMIT },
      routes: [{ name: 'tap', target: { type: 'http', url: upstream.url }, capture: true }],
    });
  });

  afterEach(async () => {
    await gw.takeRecords();
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('cuts a text body at the limit on both sides, while the upstream and the client get all of it', async () => {
    // Prepare
    const body = 'abcdefghij'.repeat(500);
    const next = upstream.nextRequest();

    // Act
    const res = await request(`${gw.url}/echo/text`, { method: 'POST', headers: ['Content-Type', 'text/plain'], body });
    const [record] = await gw.takeRecords();

    // Assess
    expect((await next).body.toString()).toBe(body);
    expect(res.body.toString()).toBe(body);
    expect(record).toMatchObject({ body: body.slice(0, LIMIT), body_truncated: true, response: body.slice(0, LIMIT), response_truncated: true });
  });

  it('keeps a body of exactly the limit whole and unmarked', async () => {
    // Prepare
    const body = 'x'.repeat(LIMIT);

    // Act
    await request(`${gw.url}/echo/exact`, { method: 'POST', headers: ['Content-Type', 'text/plain'], body });
    const [record] = await gw.takeRecords();

    // Assess
    expect(record!.body).toBe(body);
    expect(record!.body_truncated).toBeUndefined();
    expect(record!.response_truncated).toBeUndefined();
  });

  it('cuts a chunked upload and a chunked download at the limit', async () => {
    // Prepare
    const parts = Array.from({ length: 30 }, (_, i) => Buffer.alloc(100, 0x61 + (i % 26)));

    // Act
    await request(`${gw.url}/echo/chunked`, { method: 'POST', headers: ['Content-Type', 'text/plain'], body: parts });
    const [upload] = await gw.takeRecords();
    await request(`${gw.url}/bytes/5000?chunked=1&type=application/octet-stream`);
    const [download] = await gw.takeRecords();

    // Assess
    expect(upload).toMatchObject({ body: Buffer.concat(parts).subarray(0, LIMIT).toString(), body_truncated: true });
    expect(download).toMatchObject({ response: patternBytes(LIMIT).toString('base64'), response_encoding: 'base64', response_truncated: true });
    expect(download!.body_truncated).toBeUndefined();
  });

  it('keeps a cut JSON body as the text it is', async () => {
    // Prepare
    const body = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i })) });

    // Act
    await request(`${gw.url}/echo/json`, { method: 'POST', headers: ['Content-Type', 'application/json'], body });
    const [record] = await gw.takeRecords();

    // Assess
    expect(record).toMatchObject({ body: body.slice(0, LIMIT), body_truncated: true });
    expect(record!.body_encoding).toBeUndefined();
  });

  it('keeps a text body cut inside a multi-byte character as text, without the broken character', async () => {
    // Prepare: 'é' is two bytes, so the limit (even) falls inside the character after an odd prefix.
    const body = `x${'é'.repeat(800)}`;

    // Act
    await request(`${gw.url}/echo/utf8`, { method: 'POST', headers: ['Content-Type', 'text/plain; charset=utf-8'], body });
    const [record] = await gw.takeRecords();

    // Assess
    expect(record!.body_encoding).toBeUndefined();
    expect(record).toMatchObject({ body: `x${'é'.repeat((LIMIT - 2) / 2)}`, body_truncated: true });
  });
});
