import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyList, historyShow } from '../../../src/cli/history.js';
import type { HistoryFilterOptions } from '../../../src/cli/history-options.js';
import type { Forwarder } from '../../../src/forwarder/forwarder.js';
import { createForwarder } from '../../../src/forwarder/from-config.js';
import { historyPathFor } from '../../../src/history/history-schema.js';
import { captureIo } from '../../helpers/capture-io.js';
import { cleanEnv, runCli } from '../../helpers/cli.js';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SESSION_SECRET = 'session-secret-9f3a1c77';

interface ListJson {
  entries: { id: string; route: string; method: string; endpoint: string; status: number; state: string; attempts: number }[];
  next_cursor: string | null;
}

describe('Command: sluice history (gateway, forwarder, destination)', () => {
  let dir: string;
  let upstream: Upstream;
  let receiver: WebhookReceiver;
  let gw: TestGateway;
  let forwarder: Forwarder;

  function list(args: HistoryFilterOptions, text?: string): ListJson {
    const { io, stdout } = captureIo();
    historyList(gw.config, { ...args, json: true }, io, text);
    return JSON.parse(stdout()) as ListJson;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-history-int-'));
    upstream = await startUpstream({
      routes: {
        '/api/users': (_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"name":"morpheus","job":"leader"}'),
        '/api/orders': (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('orders are down'),
        '/api/doomed': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('fine here'),
      },
    });
    // The destination refuses the doomed record: with dead_letter_on_4xx it is dead-lettered at once.
    receiver = await startWebhookReceiver({ behaviour: (delivery) => (delivery.body.includes('/api/doomed') ? { status: 422 } : undefined) });
    gw = await startGateway(
      tapConfig(upstream.url, {
        destination: { url: receiver.url, dead_letter_on_4xx: true },
        capture: { redact_headers: ['x-session'] },
      }),
      { dir },
    );
    forwarder = createForwarder(gw.config, { queue: gw.queue! });
    forwarder.start();

    await request(`${gw.url}/api/users`, {
      method: 'POST',
      headers: ['Content-Type', 'application/json', 'X-Session', SESSION_SECRET],
      body: '{"name":"morpheus"}',
    });
    await request(`${gw.url}/api/orders?id=4711`);
    await request(`${gw.url}/api/doomed`, { method: 'DELETE' });
    await waitFor(() => list({}).entries.length === 3, 'three entries in the history');
  });

  afterAll(async () => {
    await forwarder?.stop();
    await gw?.stop();
    await receiver?.close();
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every delivered or dead-lettered exchange, newest first, with its state', () => {
    // Act
    const { entries, next_cursor } = list({});

    // Assess
    expect(entries.map(({ method, endpoint, status, state, attempts }) => ({ method, endpoint, status, state, attempts }))).toEqual([
      { method: 'DELETE', endpoint: '/api/doomed', status: 200, state: 'dead_letter', attempts: 1 },
      { method: 'GET', endpoint: '/api/orders', status: 503, state: 'delivered', attempts: 1 },
      { method: 'POST', endpoint: '/api/users', status: 201, state: 'delivered', attempts: 1 },
    ]);
    expect(next_cursor).toBeNull();
  });

  it.each<{ description: string; args: HistoryFilterOptions; expected: string[] }>([
    { description: 'status class', args: { status: '5xx' }, expected: ['/api/orders'] },
    { description: 'delivery state', args: { state: 'dead_letter' }, expected: ['/api/doomed'] },
    { description: 'method', args: { method: 'post' }, expected: ['/api/users'] },
    { description: 'path prefix', args: { path: '/api/u' }, expected: ['/api/users'] },
    { description: 'route and age', args: { route: 'tap', since: '1h' }, expected: ['/api/doomed', '/api/orders', '/api/users'] },
  ])('filters by $description', ({ args, expected }) => {
    // Act & Assess
    expect(list(args).entries.map((entry) => entry.endpoint)).toEqual(expected);
  });

  it('finds exchanges by the words of their bodies, headers and query', () => {
    // Act & Assess
    expect(list({}, 'morpheus leader').entries.map((entry) => entry.endpoint)).toEqual(['/api/users']);
    expect(list({}, 'orders are down').entries.map((entry) => entry.endpoint)).toEqual(['/api/orders']);
    expect(list({}, '4711').entries.map((entry) => entry.endpoint)).toEqual(['/api/orders']);
    expect(list({ status: '2xx' }, 'orders').entries).toEqual([]);
  });

  it('shows an entry with its record and each delivery attempt', () => {
    // Prepare
    const doomed = list({ state: 'dead_letter' }).entries[0]!;
    const { io, stdout } = captureIo();

    // Act
    historyShow(gw.config, doomed.id, { json: true }, io);
    const shown = JSON.parse(stdout()) as { record: Record<string, unknown>; delivery_attempts: { status: number; error: string; duration_ms: number }[] };

    // Assess
    expect(shown.record).toMatchObject({ id: doomed.id, method: 'DELETE', endpoint: '/api/doomed', response: 'fine here' });
    expect(shown.delivery_attempts).toEqual([{ attempt: 1, at: expect.any(String), duration_ms: expect.any(Number), status: 422, error: expect.any(String) }]);
  });

  it('stores the record as redacted at capture: the secret is nowhere in the history file', async () => {
    // Prepare
    const users = list({ path: '/api/users' }).entries[0]!;
    const { io, stdout } = captureIo();
    historyShow(gw.config, users.id, { json: true }, io);
    const path = historyPathFor(join(dir, 'sluice.db'));

    // Act
    const bytes = Buffer.concat([await readFile(path), await readFile(`${path}-wal`).catch(() => Buffer.alloc(0))]);

    // Assess
    expect(stdout()).toContain('[REDACTED]');
    expect(bytes.includes(SESSION_SECRET)).toBe(false);
    expect(bytes.includes('morpheus')).toBe(true);
  });

  it('answers on the command line, and exits 1 for an id it does not hold', async () => {
    // Act
    const listed = await runCli(['history', 'search', 'morpheus', '--data', dir, '--json'], { env: cleanEnv() });
    const missing = await runCli(['history', 'show', 'no-such-id', '--data', dir], { env: cleanEnv() });

    // Assess
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as ListJson).entries.map((entry) => entry.endpoint)).toEqual(['/api/users']);
    expect(missing.code).toBe(1);
  });
});
