import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { handlerFixture } from '../../helpers/lambda-fixtures.js';
import { sendRaw } from '../../helpers/raw-socket.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { openWebSocket, startWebSocketUpstream, wsUrl, type RefusedHandshake, type WebSocketUpstream } from '../../helpers/websocket.js';

const handshake = (path: string, headers: string[] = []) =>
  [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
    '',
    '',
  ].join('\r\n');

const h2c = (requestLine: string, headers: string[] = []) =>
  [
    `${requestLine} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: Upgrade, HTTP2-Settings',
    'Upgrade: h2c',
    'HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA',
    ...headers,
    '',
    '',
  ].join('\r\n');

describe('Gateway: WebSocket handshakes that do not upgrade', () => {
  let upstream: WebSocketUpstream;
  let plain: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startWebSocketUpstream();
    plain = await startUpstream();
    gw = await startGateway({
      routes: [
        { name: 'ws', match: { path_prefix: '/ws' }, target: { type: 'http', url: `${upstream.httpUrl}/` } },
        { name: 'slow', match: { path_prefix: '/hang' }, target: { type: 'http', url: upstream.httpUrl }, limits: { timeout: '300ms' } },
        { name: 'down', match: { path_prefix: '/down' }, target: { type: 'http', url: 'http://127.0.0.1:1' } },
        { name: 'plain', match: { path_prefix: '/plain' }, target: { type: 'http', url: `${plain.url}/` } },
        { name: 'fn', match: { path_prefix: '/fn' }, target: { type: 'lambda', handler: `${handlerFixture('echo.mjs')}#handler`, workers: 1, watch: false } },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await plain?.close();
  });

  it('relays the upstream refusal (status, headers and body) and closes the connection', async () => {
    // Act
    const answer = (await openWebSocket(`${wsUrl(gw.url)}/ws/refuse`)) as RefusedHandshake;

    // Assess
    expect(answer).toMatchObject({ status: 403, headers: { 'x-refused-by': 'upstream', connection: 'close' } });
    expect(JSON.parse(answer.body)).toEqual({ refused: true });
  });

  it.each([
    { description: 'an unreachable upstream answers 502', path: '/down/x', status: 502, code: 'SLUICE_UPSTREAM_UNREACHABLE' },
    { description: 'an upstream that never answers the handshake answers 504', path: '/hang', status: 504, code: 'SLUICE_UPSTREAM_TIMEOUT' },
    { description: 'a Lambda target answers 501 at once', path: '/fn/x', status: 501, code: 'SLUICE_UPGRADE_NOT_SUPPORTED' },
    { description: 'no route answers 404', path: '/nowhere', status: 404, code: 'SLUICE_ROUTE_NOT_FOUND' },
  ])('$description, as JSON', async ({ path, status, code }) => {
    // Act
    const answer = (await openWebSocket(`${wsUrl(gw.url)}${path}`)) as RefusedHandshake;

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code } });
  });

  it.each([
    { description: 'another protocol with a body (h2c) is refused with 501', request: h2c('POST /ws/x', ['Content-Length: 2']) + 'hi', status: 501 },
    { description: 'a handshake that is not a GET gets 400', request: handshake('/ws/x').replace('GET', 'POST'), status: 400 },
    { description: 'a handshake with a body gets 400', request: handshake('/ws/x', ['Content-Length: 2']).replace(/\r\n\r\n$/, '\r\n\r\nhi'), status: 400 },
  ])('$description, never reaching the upstream', async ({ request, status }) => {
    // Prepare
    const before = upstream.handshakes.length;

    // Act
    const answer = await sendRaw(gw.port, request, { idleMs: 10_000 });

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.closed).toBe(true);
    expect(upstream.handshakes.length).toBe(before);
  });

  it('serves a request asking for another protocol (h2c) as plain HTTP/1.1, never upgrading', async () => {
    // Prepare
    const received = plain.nextRequest();

    // Act
    const answer = await sendRaw(gw.port, h2c('GET /plain/echo/x'), { idleMs: 10_000 });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer.closed).toBe(true);
    const names = (await received).rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
    expect(names).not.toContain('upgrade');
    expect(names).not.toContain('http2-settings');
  });
});
