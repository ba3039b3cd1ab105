import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import {
  connectWebSocket,
  openWebSocket,
  roundTrip,
  startWebSocketUpstream,
  wsUrl,
  type RefusedHandshake,
  type WebSocketUpstream,
} from '../../helpers/websocket.js';

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('Gateway: WebSocket handshakes pass the route auth first', () => {
  let upstream: WebSocketUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startWebSocketUpstream();
    gw = await startGateway({
      routes: [
        {
          name: 'ops',
          match: { path_prefix: '/ops' },
          target: { type: 'http', url: upstream.httpUrl },
          auth: { type: 'basic', realm: 'ops', users: { ops: `$2y$${bcrypt.hashSync('s3cret', 4).slice(4)}` } },
        },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([
    { description: 'no credentials', headers: {} },
    { description: 'a wrong password', headers: basic('ops', 'wrong') },
  ])('answers $description with 401 and WWW-Authenticate, without upgrading or reaching the upstream', async ({ headers }) => {
    // Prepare
    const before = upstream.handshakes.length;

    // Act
    const answer = (await openWebSocket(`${wsUrl(gw.url)}/ops/live`, [], headers)) as RefusedHandshake;

    // Assess
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Basic realm="ops", charset="UTF-8"');
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_UNAUTHORIZED' } });
    expect(upstream.handshakes.length).toBe(before);
  });

  it('upgrades with valid credentials', async () => {
    // Act
    const ws = await connectWebSocket(`${wsUrl(gw.url)}/ops/live`, [], basic('ops', 's3cret'));
    const echoed = await roundTrip(ws, 'authorised');
    ws.close();

    // Assess
    expect(echoed.data.toString()).toBe('authorised');
  });
});
