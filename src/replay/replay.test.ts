import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../history/history-store.js';
import { replay } from './replay.js';
import type { ReplayClock } from './replay-pace.js';

const BASE = Date.parse('2026-01-01T12:00:00.000Z');

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Never waits: the pacing has its own tests. */
const instantClock: ReplayClock = { now: () => 0, sleep: () => Promise.resolve() };

describe('Function: replay', () => {
  let dir: string;
  let store: HistoryStore;
  let server: Server;
  let to: URL;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        const changed = req.url!.startsWith('/users/2');
        res.writeHead(changed ? 500 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(changed ? { error: 'boom' } : { ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    to = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    dir = await mkdtemp(join(tmpdir(), 'sluice-replay-'));
    store = HistoryStore.open(join(dir, 'sluice.history.db'));
    const records = [
      { id: 'rec-3', minutes: 2, endpoint: '/users/3', method: 'DELETE', body: null, headers: { Authorization: '[REDACTED]' } },
      { id: 'rec-1', minutes: 0, endpoint: '/users/1', method: 'POST', body: { name: 'morpheus' }, headers: { 'Content-Type': 'application/json' } },
      { id: 'rec-2', minutes: 1, endpoint: '/users/2', method: 'GET', body: null, headers: {} },
    ];
    store.write(
      records.map((record) => ({
        id: record.id,
        json: JSON.stringify({
          id: record.id,
          timestamp: new Date(BASE + record.minutes * 60_000).toISOString(),
          route: 'users',
          endpoint: record.endpoint,
          method: record.method,
          query: { page: '1' },
          body: record.body,
          request_headers: { Host: 'api.example.com', ...record.headers },
          response: { ok: true },
          response_headers: { 'Content-Type': 'application/json' },
          status: 200,
        }),
        attempt: 1,
        at: BASE,
        durationMs: 1,
        status: 200,
        state: 'delivered' as const,
      })),
    );
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    store.close();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the requests in capture order with Sluice-Replay, and summarises the differences', async () => {
    // Prepare
    const progress: number[] = [];

    // Act
    const summary = await replay(store, { to, clock: instantClock, onProgress: (done) => progress.push(done) });

    // Assess
    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /users/1?page=1', 'GET /users/2?page=1', 'DELETE /users/3?page=1']);
    expect(received.map((request) => request.headers['sluice-replay'])).toEqual(['rec-1', 'rec-2', 'rec-3']);
    expect(received[0]!.body).toBe('{"name":"morpheus"}');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.headers.host).toBe(to.host);
    expect(received[2]!.headers.authorization).toBe('[REDACTED]');
    expect(summary).toMatchObject({ total: 3, sent: 3, failed: 0, statusChanged: 1, bodyChanged: 1, redacted: 1, dryRun: false });
    expect(summary.results[1]).toMatchObject({ id: 'rec-2', recordedStatus: 200, status: 500, statusChanged: true, bodyChanged: true });
    expect(progress).toEqual([1, 2, 3]);
  });

  it('sends nothing on a dry run, and still lists what it would send', async () => {
    // Act
    const summary = await replay(store, { to, dryRun: true, filter: { method: 'GET' } });

    // Assess
    expect(received).toEqual([]);
    expect(summary).toMatchObject({ total: 1, sent: 0, dryRun: true });
    expect(summary.results.map((result) => result.path)).toEqual(['/users/2?page=1']);
  });

  it('replays chosen ids, and counts a destination that does not answer as failed', async () => {
    // Act
    const summary = await replay(store, { to: new URL('http://127.0.0.1:1'), ids: ['rec-3', 'rec-1'], clock: instantClock });

    // Assess
    expect(summary.results.map((result) => result.id)).toEqual(['rec-1', 'rec-3']);
    expect(summary).toMatchObject({ total: 2, sent: 0, failed: 2 });
  });
});
