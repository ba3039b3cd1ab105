import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { sendRaw } from '../../helpers/raw-socket.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** The value of a header in a raw response's head, or undefined. */
function responseHeader(text: string, name: string): string | undefined {
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  return new RegExp(`^${name}:\\s*(.*?)\\s*$`, 'im').exec(head)?.[1];
}

describe('#10 - Gateway: RFC answers to requests it must not route', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({ routes: [{ name: 'all', target: { type: 'http', url: upstream.url } }] });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([
    { description: 'two Host headers', raw: 'GET /echo HTTP/1.1\r\nHost: a.example.com\r\nHost: b.example.com\r\n\r\n', code: 'SLUICE_BAD_HOST' },
    {
      description: 'two Host headers with the same value',
      raw: 'GET /echo HTTP/1.1\r\nHost: a.example.com\r\nhost: a.example.com\r\n\r\n',
      code: 'SLUICE_BAD_HOST',
    },
    { description: 'a Host header with a path in it', raw: 'GET /echo HTTP/1.1\r\nHost: a.example.com/admin\r\n\r\n', code: 'SLUICE_BAD_HOST' },
    {
      description: 'an absolute-form target naming another host than Host',
      raw: 'GET http://admin.example.com/echo HTTP/1.1\r\nHost: a.example.com\r\n\r\n',
      code: 'SLUICE_BAD_HOST',
    },
    {
      description: 'an absolute-form target with an ftp scheme',
      raw: 'GET ftp://a.example.com/echo HTTP/1.1\r\nHost: a.example.com\r\n\r\n',
      code: 'SLUICE_UNSUPPORTED_SCHEME',
    },
    {
      description: 'an absolute-form target with a ws scheme',
      raw: 'GET ws://a.example.com/echo HTTP/1.1\r\nHost: a.example.com\r\n\r\n',
      code: 'SLUICE_UNSUPPORTED_SCHEME',
    },
    {
      description: 'an absolute-form target with user information',
      raw: 'GET http://user:pw@a.example.com/echo HTTP/1.1\r\nHost: a.example.com\r\n\r\n',
      code: 'SLUICE_BAD_REQUEST',
    },
  ])('answers 400 JSON to $description and closes the connection, without calling the upstream', async ({ raw, code }) => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const answer = await sendRaw(gw.port, raw, { idleMs: 30_000 });

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code } });
    expect(answer.closed).toBe(true);
    expect(upstream.requests.length).toBe(before);
  });

  it.each([
    { description: 'HTTP/2.0 in a request line', raw: 'GET /echo HTTP/2.0\r\nHost: a.example.com\r\n\r\n' },
    { description: 'HTTP/3.0 in a request line', raw: 'GET /echo HTTP/3.0\r\nHost: a.example.com\r\n\r\n' },
    { description: 'HTTP/9.9 in a request line', raw: 'GET /echo HTTP/9.9\r\nHost: a.example.com\r\n\r\n' },
    {
      description: 'HTTP/2.0 after a request on the same connection',
      raw: 'GET /echo HTTP/1.1\r\nHost: a.example.com\r\n\r\nGET /echo HTTP/2.0\r\nHost: a.example.com\r\n\r\n',
    },
  ])('answers 505 JSON to $description and closes the connection', async ({ raw }) => {
    // Prepare
    const before = upstream.requests.length;
    const pipelined = raw.split('HTTP/1.1\r\n').length - 1;

    // Act
    const answer = await sendRaw(gw.port, raw, { idleMs: 30_000 });

    // Assess
    const last = answer.text.slice(answer.text.lastIndexOf('HTTP/1.1 '));
    expect(last).toMatch(/^HTTP\/1\.1 505 HTTP Version Not Supported\r\n/);
    expect(JSON.parse(last.slice(last.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'SLUICE_HTTP_VERSION_NOT_SUPPORTED' } });
    expect(responseHeader(last, 'content-type')).toBe('application/json; charset=utf-8');
    expect(answer.closed).toBe(true);
    expect(upstream.requests.length).toBe(before + pipelined);
  });

  it.each([
    { description: 'CONNECT', raw: 'CONNECT a.example.com:443 HTTP/1.1\r\nHost: a.example.com:443\r\n\r\n' },
    { description: 'TRACE', raw: 'TRACE /echo HTTP/1.1\r\nHost: a.example.com\r\nCookie: session=secret\r\n\r\n' },
    { description: 'TRACE in absolute form', raw: 'TRACE http://a.example.com/echo HTTP/1.1\r\nHost: a.example.com\r\n\r\n' },
  ])('answers $description with 405 JSON and Allow, without calling the upstream', async ({ raw }) => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const answer = await sendRaw(gw.port, raw, { idleMs: 30_000 });

    // Assess
    expect(answer.status).toBe(405);
    expect(responseHeader(answer.text, 'allow')).toBe(ALLOW);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_METHOD_NOT_ALLOWED' } });
    expect(answer.text).not.toContain('session=secret');
    expect(answer.closed).toBe(true);
    expect(upstream.requests.length).toBe(before);
  });

  it('still proxies an HTTP/1.0 request and an absolute-form target for the Host it names', async () => {
    // Prepare
    const first = upstream.nextRequest();
    const second = upstream.nextRequest();

    // Act
    const old = await sendRaw(gw.port, 'GET /echo/old HTTP/1.0\r\n\r\n', { idleMs: 30_000 });
    const absolute = await sendRaw(gw.port, 'GET http://A.example.com:8080/echo/abs?q=1 HTTP/1.1\r\nHost: a.example.com:8080\r\nConnection: close\r\n\r\n', {
      idleMs: 30_000,
    });

    // Assess
    expect([old.status, absolute.status]).toEqual([200, 200]);
    expect([(await first).url, (await second).url]).toEqual(['/echo/old', '/echo/abs?q=1']);
  });
});
