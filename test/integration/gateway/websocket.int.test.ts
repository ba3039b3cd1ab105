import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHeader } from '../../../src/core/headers.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { closed, connectWebSocket, roundTrip, startWebSocketUpstream, wsUrl, type WebSocketUpstream } from '../../helpers/websocket.js';

describe('Gateway: WebSocket upgrades are proxied', () => {
  let upstream: WebSocketUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startWebSocketUpstream();
    gw = await startGateway({
      routes: [
        // Without capture, and with a path in the target URL: the matched prefix is replaced.
        { name: 'live', match: { path_prefix: '/live' }, target: { type: 'http', url: `${upstream.httpUrl}/socket` } },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('echoes text and binary messages through the gateway, each with its type', async () => {
    // Prepare
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live/echo`);
    const binary = randomBytes(4096);

    // Act
    const text = await roundTrip(ws, 'héllo');
    const bytes = await roundTrip(ws, binary);
    ws.close();

    // Assess
    expect([text.data.toString('utf8'), text.isBinary]).toEqual(['héllo', false]);
    expect(bytes.isBinary).toBe(true);
    expect(bytes.data.equals(binary)).toBe(true);
  });

  it('carries an 8 MiB message each way with backpressure', async () => {
    // Prepare
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live/big`);
    const payload = randomBytes(8 * 1024 * 1024);

    // Act
    const echoed = await roundTrip(ws, payload);
    ws.close();

    // Assess
    expect(echoed.data.length).toBe(payload.length);
    expect(echoed.data.equals(payload)).toBe(true);
  });

  it('passes the negotiated subprotocol back, and the handshake upstream with the request header rules', async () => {
    // Prepare
    const next = upstream.handshakes.length;

    // Act
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live/chat?room=1`, ['chat.v1', 'chat.v2'], { 'X-Forwarded-For': '203.0.113.7' });
    ws.close();

    // Assess
    expect(ws.protocol).toBe('chat.v2');
    const handshake = upstream.handshakes[next]!;
    expect(handshake.url).toBe('/socket/chat?room=1');
    const header = (name: string) => findHeader(handshake.rawHeaders, name);
    expect(header('host')).toBe(new URL(upstream.httpUrl).host);
    expect(header('x-forwarded-for')).toBe('203.0.113.7, 127.0.0.1');
    expect(header('x-forwarded-proto')).toBe('http');
    expect(header('x-forwarded-host')).toBe(new URL(gw.url).host);
    expect(header('upgrade')).toBe('websocket');
    expect(header('connection')?.toLowerCase()).toBe('upgrade');
    expect(header('sec-websocket-protocol')).toBe('chat.v1,chat.v2');
    expect(header('sec-websocket-key')).toBeDefined();
  });

  it('relays close codes and reasons both ways', async () => {
    // Prepare
    const fromClient = await connectWebSocket(`${wsUrl(gw.url)}/live/a`);
    const serverSide = upstream.connections.at(-1)!;
    const fromServer = await connectWebSocket(`${wsUrl(gw.url)}/live/b`);

    // Act
    const upstreamSaw = closed(serverSide);
    fromClient.close(4000, 'client done');
    const clientSaw = closed(fromServer);
    fromServer.send('close:4001:server done');

    // Assess
    expect(await upstreamSaw).toEqual({ code: 4000, reason: 'client done' });
    expect(await clientSaw).toEqual({ code: 4001, reason: 'server done' });
  });

  it('counts each upgrade as a 101 and the open WebSockets by route', async () => {
    // Prepare
    const metric = async (name: string) => (await gw.registry.getSingleMetric(name)!.get()).values;
    const open = async () => (await metric('sluice_websocket_connections')).find((v) => v.labels.route === 'live')?.value ?? 0;
    await expect.poll(open, { timeout: 10_000 }).toBe(0);
    const before = (await metric('sluice_http_requests_total')).find((v) => v.labels.status === 101)?.value ?? 0;

    // Act
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live/count`);
    await roundTrip(ws, 'open');
    const whileOpen = await open();
    const gone = closed(upstream.connections.at(-1)!);
    ws.close();
    await gone;
    await closed(ws);

    // Assess
    const after = (await metric('sluice_http_requests_total')).find((v) => v.labels.status === 101);
    expect(after).toMatchObject({ labels: { route: 'live', method: 'GET', status: 101 } });
    expect(after!.value).toBe(before + 1);
    expect(whileOpen).toBe(1);
    await expect.poll(open, { timeout: 10_000 }).toBe(0);
  });
});
