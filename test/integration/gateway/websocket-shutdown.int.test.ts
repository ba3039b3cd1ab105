import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { closed, connectWebSocket, roundTrip, startWebSocketUpstream, wsUrl, type WebSocketUpstream } from '../../helpers/websocket.js';

describe('Gateway: open WebSockets on close()', () => {
  let upstream: WebSocketUpstream;
  let gw: TestGateway | undefined;

  const config = () => ({ routes: [{ name: 'live', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.httpUrl } }] });

  beforeAll(async () => {
    upstream = await startWebSocketUpstream();
  });

  afterEach(async () => {
    await gw?.stop({ force: true });
    gw = undefined;
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('a graceful close lets an open WebSocket carry on, and finishes once it closes', async () => {
    // Prepare: a drain timeout longer than the test's, so only the tunnel's end can finish close().
    gw = await startGateway(config(), { drainTimeoutMs: 120_000 });
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live`);
    let finished = false;

    // Act
    const closing = gw.gateway.close().then(() => (finished = true));
    const during = await roundTrip(ws, 'still here');
    const wasFinished = finished;
    ws.close(1000, 'bye');
    await closing;

    // Assess
    expect(during.data.toString()).toBe('still here');
    expect(wasFinished).toBe(false);
    expect(await closed(ws)).toEqual({ code: 1000, reason: 'bye' });
  });

  it('cuts the WebSockets still open when the drain timeout passes, on both sides', async () => {
    // Prepare
    gw = await startGateway(config(), { drainTimeoutMs: 200 });
    const upstreamSide = upstream.nextConnection();
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live`);
    const server = await upstreamSide;

    // Act
    await gw.gateway.close();

    // Assess
    expect((await closed(ws)).code).toBe(1006);
    expect((await closed(server)).code).toBe(1006);
  });
});
