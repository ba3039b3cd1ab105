import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueFile } from '../../../src/core/queue-location.js';
import { startDashboardStack, type DashboardStack } from '../../helpers/dashboard-stack.js';
import { insertDeadLetters, type DeadLetterRowSpec } from '../../helpers/dead-letter-rows.js';
import { request } from '../../helpers/http-client.js';

interface Listing {
  total: number;
  depth: number;
  letters: { id: string; route: string; last_status: number | null; endpoint: string }[];
  next_cursor?: string;
  as_of: number;
}

const JSON_HEADERS = ['Content-Type', 'application/json'];
const LETTERS = 1_500;

/** Three kinds of letters, in turn: 500 of each, a second apart, the oldest 1,500 s ago. */
function kind(index: number, base: number): DeadLetterRowSpec {
  const deadLetteredAt = base + index * 1_000;
  switch (index % 3) {
    case 0:
      return { meta: { route: 'users', method: 'POST', endpoint: '/api/v1/users' }, deadLetteredAt };
    case 1:
      return {
        meta: { route: 'orders', method: 'GET', endpoint: '/api/v1/orders/7' },
        failure: { class: 'client_error', status: 422, message: 'HTTP 422 Unprocessable Entity' },
        deadLetteredAt,
      };
    default:
      return {
        meta: { route: 'users', method: 'DELETE', endpoint: '/api/v1/users/9' },
        failure: { class: 'timeout', message: 'no complete answer within 10000 ms' },
        deadLetteredAt,
      };
  }
}

describe('Dashboard: the dead-letter filter over the whole queue (issue 14 §3)', () => {
  let stack: DashboardStack;
  let file: string;
  let ids: string[];
  const base = Date.now() - 2_000_000;
  const api = async (path: string) => (await request(`${stack.adminUrl}${path}`)).json<Listing>();
  const post = (path: string, body: unknown) => request(`${stack.adminUrl}${path}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
  const queued = (): string[] => {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare<[], { id: string }>('SELECT id FROM messages')
        .all()
        .map((row) => row.id);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    stack = await startDashboardStack();
    // Redriven letters stay in the queue, where the test can count them.
    await stack.forwarder.stop();
    file = queueFile(stack.gw.config.queue)!;
  });

  beforeEach(async () => {
    await post('/api/dlq/purge', { all: true });
    ids = insertDeadLetters(
      file,
      Array.from({ length: LETTERS }, (_, index) => kind(index, base)),
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts and pages the matches over all 1,500 letters, not the first 1,000', async () => {
    // Prepare
    const expected = ids.filter((_, index) => index % 3 === 0);

    // Act
    const seen: string[] = [];
    let page = await api('/api/dlq?route=users&status=5xx&limit=200');
    const first = page;
    seen.push(...page.letters.map((letter) => letter.id));
    while (page.next_cursor !== undefined) {
      page = await api(`/api/dlq?route=users&status=5xx&limit=200&cursor=${encodeURIComponent(page.next_cursor)}`);
      seen.push(...page.letters.map((letter) => letter.id));
    }
    const everything = await api('/api/dlq?limit=1000');
    const late = await api(`/api/dlq?path=/api/v1/users/&since=${base + 1_200_000}`);
    const bad = await request(`${stack.adminUrl}/api/dlq?status=teapot`);

    // Assess
    expect(first).toMatchObject({ total: 500, depth: LETTERS });
    expect(first.letters).toHaveLength(200);
    expect(seen).toEqual(expected);
    expect(everything).toMatchObject({ total: LETTERS, depth: LETTERS, next_cursor: expect.any(String) });
    expect(late.total).toBe(ids.filter((_, index) => index % 3 === 2 && index >= 1_200).length);
    expect(bad.status).toBe(400);
  });

  it('redrives exactly the matching letters, and none that arrived after the count', async () => {
    // Prepare: the count the dashboard shows, then a matching letter arrives.
    const count = await api('/api/dlq?route=users&status=503&limit=1');
    const [arrived] = insertDeadLetters(file, [{ meta: { route: 'users' }, deadLetteredAt: count.as_of + 1 }]);

    // Act
    const res = await post('/api/dlq/redrive', { filter: { route: 'users', status: '503' }, as_of: count.as_of });

    // Assess
    expect(count.total).toBe(500);
    expect(res.json()).toEqual({ redriven: 500, missing: [], as_of: count.as_of });
    expect(queued().sort()).toEqual(ids.filter((_, index) => index % 3 === 0).sort());
    const left = await api('/api/dlq?limit=1000');
    expect(left.total).toBe(LETTERS - 500 + 1);
    expect((await api('/api/dlq?route=users&status=503')).letters.map((letter) => letter.id)).toEqual([arrived]);
  });

  it('purges every letter matching path, method and time range, and refuses an empty filter', async () => {
    // Act
    const empty = await post('/api/dlq/purge', { filter: {} });
    const res = await post('/api/dlq/purge', { filter: { path: '/api/v1/orders', method: 'get', until: String(base + 900_000) } });

    // Assess
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'SLUICE_INVALID_ARGUMENT' } });
    const purged = ids.filter((_, index) => index % 3 === 1 && index < 900);
    expect(res.json()).toMatchObject({ purged: purged.length, missing: [] });
    const left = await api('/api/dlq?route=orders&limit=1000');
    expect(left.total).toBe(500 - purged.length);
    expect(left.letters.some((letter) => purged.includes(letter.id))).toBe(false);
  });

  it('reads ages in the filter (until=20m) at as_of, the time of the count, not at the time of the action', async () => {
    // Prepare: the count was taken ten minutes ago.
    const asOf = Date.now() - 600_000;
    const expected = ids.filter((_, index) => index % 3 === 1 && base + index * 1_000 < asOf - 1_200_000);

    // Act
    const res = await post('/api/dlq/purge', { filter: { route: 'orders', until: '20m' }, as_of: asOf });

    // Assess
    expect(expected.length).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ purged: expected.length });
  });
});
