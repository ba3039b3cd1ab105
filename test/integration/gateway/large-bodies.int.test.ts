import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configDefaults } from '../../../src/core/config-schema.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { generateBody, request, sha256Of } from '../../helpers/http-client.js';
import { patternBytes, patternSha256, startUpstream, type Upstream } from '../../helpers/upstream.js';

const SIZE = 20 * 1024 * 1024;
const CAPTURE_LIMIT = configDefaults.capture.max_body_bytes;

describe('Gateway 20 MB bodies with the default capture limit', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({ routes: [{ name: 'tap', target: { type: 'http', url: upstream.url }, capture: true }] });
  });

  afterEach(async () => {
    await gw.takeRecords();
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('streams a 20 MB upload to the upstream and back unchanged, capturing the first 10 MiB of each', async () => {
    // Prepare
    const expected = await sha256Of(generateBody(SIZE));
    const next = upstream.nextRequest();

    // Act
    const res = await request(`${gw.url}/echo/up`, {
      method: 'POST',
      headers: ['Content-Type', 'application/octet-stream', 'Content-Length', String(SIZE)],
      body: generateBody(SIZE),
      discardBody: true,
    });
    const [record] = await gw.takeRecords();

    // Assess
    expect((await next).sha256).toBe(expected);
    expect(res.length).toBe(SIZE);
    expect(res.sha256).toBe(expected);
    expect(record).toMatchObject({ body_encoding: 'base64', body_truncated: true, response_encoding: 'base64', response_truncated: true });
    const captured = Buffer.from(record!.body as string, 'base64');
    expect(captured.length).toBe(CAPTURE_LIMIT);
    expect(await sha256Of(generateBody(CAPTURE_LIMIT))).toBe(await sha256Of([captured]));
  });

  it('streams a 20 MB chunked upload', async () => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    const res = await request(`${gw.url}/discard/chunked`, { method: 'PUT', body: generateBody(SIZE, 256 * 1024) });
    const [record] = await gw.takeRecords();

    // Assess
    expect(res.status).toBe(200);
    expect((await next).bodyLength).toBe(SIZE);
    expect(record).toMatchObject({ body_truncated: true });
  });

  it.each([
    { description: 'with Content-Length', query: '' },
    { description: 'chunked', query: '?chunked=1' },
  ])('streams a 20 MB download $description unchanged, capturing the first 10 MiB', async ({ query }) => {
    // Act
    const res = await request(`${gw.url}/bytes/${SIZE}${query}`, { discardBody: true });
    const [record] = await gw.takeRecords();

    // Assess
    expect(res.length).toBe(SIZE);
    expect(res.sha256).toBe(patternSha256(SIZE));
    expect(record).toMatchObject({ status: 200, response_encoding: 'base64', response_truncated: true, body: null });
    expect(Buffer.from(record!.response as string, 'base64').equals(patternBytes(CAPTURE_LIMIT))).toBe(true);
  });
});
