import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueueError } from '../../../src/core/errors.js';
import type { Queue } from '../../../src/queue/types.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import {
  closed,
  connectWebSocket,
  openWebSocket,
  roundTrip,
  startWebSocketUpstream,
  wsUrl,
  type RefusedHandshake,
  type WebSocketUpstream,
} from '../../helpers/websocket.js';

/** A queue whose sends fail, as on a full disk. */
function failingSends(queue: Queue): Queue {
  return Object.assign(Object.create(queue) as Queue, {
    send: () => Promise.reject(new QueueError('disk full')),
  });
}

describe('Gateway: capture of WebSocket handshakes', () => {
  let upstream: WebSocketUpstream;
  let gw: TestGateway | undefined;

  const config = (overrides: Record<string, unknown> = {}) => ({
    routes: [{ name: 'live', match: { path_prefix: '/live' }, target: { type: 'http', url: `${upstream.httpUrl}/` }, capture: true }],
    ...overrides,
  });

  beforeAll(async () => {
    upstream = await startWebSocketUpstream();
  });

  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('records the handshake once (request head redacted, the 101 and its headers, no body), never the frames', async () => {
    // Prepare
    gw = await startGateway(config());

    // Act
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live/chat?token=abc&room=1`, ['chat.v2'], { Authorization: 'Bearer secret-token' });
    await roundTrip(ws, 'a frame that is not captured');
    ws.close();
    await closed(ws);
    const records = await gw.takeRecords();

    // Assess
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      route: 'live',
      method: 'GET',
      endpoint: '/live/chat',
      status: 101,
      body: null,
      response: null,
      request_headers: { Authorization: '[REDACTED]', Upgrade: 'websocket', 'Sec-WebSocket-Protocol': 'chat.v2' },
      response_headers: { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Protocol': 'chat.v2' },
    });
    expect(record!.response_headers).toHaveProperty('Sec-WebSocket-Accept');
    expect(JSON.stringify(record)).not.toContain('secret-token');
    expect(JSON.stringify(record)).not.toContain('not captured');
  });

  it('records a refused handshake like any exchange', async () => {
    // Prepare
    gw = await startGateway(config());

    // Act
    const answer = (await openWebSocket(`${wsUrl(gw.url)}/live/refuse`)) as RefusedHandshake;
    const records = await gw.takeRecords();

    // Assess
    expect(answer.status).toBe(403);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 403, response: { refused: true } });
  });

  it('on_failure: release upgrades all the same when the capture cannot be committed', async () => {
    // Prepare
    gw = await startGateway(config(), { wrapQueue: failingSends });

    // Act
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/live/x`);
    const echoed = await roundTrip(ws, 'still proxied');
    ws.close();

    // Assess
    expect(echoed.data.toString()).toBe('still proxied');
  });

  it('on_failure: fail answers 503 before the 101 and closes the upstream connection', async () => {
    // Prepare
    gw = await startGateway(config({ capture: { on_failure: 'fail' } }), { wrapQueue: failingSends });
    const upstreamSide = upstream.nextConnection();

    // Act
    const answer = (await openWebSocket(`${wsUrl(gw.url)}/live/x`)) as RefusedHandshake;

    // Assess
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_CAPTURE_FAILED' } });
    expect((await closed(await upstreamSide)).code).toBe(1006);
  });
});
