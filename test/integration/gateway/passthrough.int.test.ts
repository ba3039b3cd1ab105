import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));

/** Header names a proxy adds or consumes, left out when comparing what the upstream saw. */
const PROXY_HEADERS = new Set(['host', 'connection', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host']);

function endToEndHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!PROXY_HEADERS.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  return out;
}

function values(raw: readonly string[], lower: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === lower) out.push(raw[i + 1]!);
  return out;
}

// The same passthrough guarantees hold whether or not the route captures: the capture path
// holds back the response's last chunk, which must not change a byte the client receives.
describe.each([
  { description: 'without capture', capture: false },
  { description: 'with capture', capture: true },
])('Gateway passthrough $description', ({ capture }) => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway(tapConfig(upstream.url, {}, { capture }));
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([
    { kind: 'JSON', contentType: 'application/json', body: Buffer.from('{"name":"morpheus","tags":["a","b"],"n":1.50}') },
    { kind: 'text', contentType: 'text/plain; charset=utf-8', body: Buffer.from('héllo wörld\r\n\tend') },
    { kind: 'binary', contentType: 'application/octet-stream', body: BINARY },
    { kind: 'form', contentType: 'application/x-www-form-urlencoded', body: Buffer.from('a=1&b=%20two') },
  ])('sends a $kind body to the upstream and back byte for byte', async ({ contentType, body }) => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    const res = await request(`${gw.url}/echo/item`, { method: 'POST', headers: ['Content-Type', contentType], body });

    // Assess
    const received = await next;
    expect(received.method).toBe('POST');
    expect(received.body.equals(body)).toBe(true);
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toBe(contentType);
    expect(res.body.equals(body)).toBe(true);
  });

  it('passes an empty GET and an empty POST through as empty', async () => {
    // Prepare
    const first = upstream.nextRequest();
    const second = upstream.nextRequest();

    // Act
    const get = await request(`${gw.url}/echo/empty`);
    const post = await request(`${gw.url}/echo/empty`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: '' });

    // Assess
    expect([get.status, get.body.length, post.status, post.body.length]).toEqual([200, 0, 200, 0]);
    expect(values((await first).rawHeaders, 'content-length')).toEqual([]);
    expect(values((await first).rawHeaders, 'transfer-encoding')).toEqual([]);
    expect(values((await second).rawHeaders, 'content-length')).toEqual(['0']);
  });

  it('streams a chunked upload and a chunked download unchanged', async () => {
    // Prepare
    const parts = [Buffer.from('{"part":'), Buffer.from('1,'), Buffer.from('"more":"'), Buffer.alloc(100_000, 0x61), Buffer.from('"}')];
    const next = upstream.nextRequest();

    // Act
    const upload = await request(`${gw.url}/echo/chunked`, { method: 'PUT', headers: ['Content-Type', 'application/json'], body: parts });
    const download = await request(`${gw.url}/bytes/300000?chunked=1`);

    // Assess
    expect((await next).body.equals(Buffer.concat(parts))).toBe(true);
    expect(upload.body.equals(Buffer.concat(parts))).toBe(true);
    expect(download.status).toBe(200);
    expect(download.body.length).toBe(300_000);
    expect(download.header('content-length')).toBeUndefined();
    expect(download.header('transfer-encoding')).toBe('chunked');
  });

  it('forwards a normalised path and the query string exactly as the client wrote them', async () => {
    // Prepare: a path already in normal form (path-normalisation.int.test.ts covers the others)
    const target = '/echo/a%20b+c/caf%C3%A9/~user/;v=1?page=2&tag=a&tag=b&empty=&flag&sp=%20x+y&u=%C3%A9&p=%2F..%2e';
    const next = upstream.nextRequest();

    // Act
    const res = await request(`${gw.url}${target}`);

    // Assess
    expect(res.status).toBe(200);
    expect((await next).url).toBe(target);
  });

  it('keeps request header case, order and repeats', async () => {
    // Prepare
    const headers = ['X-MiXeD-CaSe', 'one', 'x-repeat', 'first', 'X-Repeat', 'second', 'accept', 'text/plain', 'ACCEPT-LANGUAGE', 'fr'];
    const next = upstream.nextRequest();

    // Act
    await request(`${gw.url}/echo/headers`, { headers });

    // Assess
    expect(endToEndHeaders((await next).rawHeaders)).toEqual(headers);
  });

  it('returns the upstream response headers in their case, with every Set-Cookie, minus hop-by-hop ones', async () => {
    // Act
    const res = await request(`${gw.url}/headers`);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headerNames()).toEqual(expect.arrayContaining(['X-MiXeD-CaSe', 'set-cookie', 'Set-Cookie', 'SET-COOKIE', 'X-Repeat', 'x-repeat']));
    expect(res.headerValues('set-cookie')).toEqual(['a=1; Path=/', 'b=2; HttpOnly', 'c=3']);
    expect(res.headerValues('x-repeat')).toEqual(['one', 'two']);
    expect(res.header('x-hop')).toBeUndefined();
    expect(res.header('keep-alive')).toBeUndefined();
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  it('drops hop-by-hop request headers, also those named by Connection', async () => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    await request(`${gw.url}/echo/hop`, {
      headers: [
        'Connection',
        'keep-alive, X-Client-Hop',
        'X-Client-Hop',
        'secret',
        'Keep-Alive',
        'timeout=5',
        'Proxy-Connection',
        'keep-alive',
        'TE',
        'trailers',
        'Upgrade',
        'h2c',
        'X-Kept',
        'yes',
      ],
    });

    // Assess
    const names = (await next).rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
    expect(names).toContain('x-kept');
    for (const hop of ['x-client-hop', 'keep-alive', 'proxy-connection', 'te', 'upgrade']) expect(names).not.toContain(hop);
  });

  it('adds X-Forwarded-For, -Proto and -Host, appending to a client-sent X-Forwarded-For', async () => {
    // Prepare
    const first = upstream.nextRequest();
    const second = upstream.nextRequest();

    // Act
    await request(`${gw.url}/echo/fwd`, { headers: ['Host', 'api.example.com:8443'] });
    await request(`${gw.url}/echo/fwd`, { headers: ['X-Forwarded-For', '203.0.113.7'] });

    // Assess
    const direct = (await first).rawHeaders;
    expect(values(direct, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(values(direct, 'x-forwarded-proto')).toEqual(['http']);
    expect(values(direct, 'x-forwarded-host')).toEqual(['api.example.com:8443']);
    expect(values(direct, 'host')).toEqual([`127.0.0.1:${upstream.port}`]);
    expect(values((await second).rawHeaders, 'x-forwarded-for')).toEqual(['203.0.113.7, 127.0.0.1']);
  });

  it.each([201, 204, 304, 404, 418, 500, 503])('passes the upstream status %i through unchanged', async (status) => {
    // Act
    const res = await request(`${gw.url}/status/${status}`);

    // Assess
    expect(res.status).toBe(status);
    if (status === 204 || status === 304) expect(res.body.length).toBe(0);
    else expect(res.json()).toEqual({ status });
  });

  it('answers HEAD with the upstream headers and no body', async () => {
    // Act
    const res = await request(`${gw.url}/bytes/1000`, { method: 'HEAD' });

    // Assess
    expect(res.status).toBe(200);
    expect(res.header('content-length')).toBe('1000');
    expect(res.body.length).toBe(0);
  });
});
