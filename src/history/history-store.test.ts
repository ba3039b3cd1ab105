import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyPathFor } from './history-schema.js';
import { HistoryStore } from './history-store.js';
import type { HistoryFilter, HistoryOutcome } from './types.js';

const BASE = Date.parse('2026-01-01T12:00:00.000Z');
let counter = 0;

/** A delivered record (SPEC §1) with a fresh id, captured `minutes` after BASE. */
function recordFactory(minutes: number, fields: Record<string, unknown> = {}): { id: string; json: string } {
  counter += 1;
  const id = `0190f5c2-0000-7000-8000-${String(counter).padStart(12, '0')}`;
  const record = {
    id,
    timestamp: new Date(BASE + minutes * 60_000).toISOString(),
    duration_ms: 4.2,
    route: 'users',
    from: '127.0.0.1:8080',
    endpoint: '/api/v1/users',
    method: 'POST',
    query: {},
    body: { name: 'morpheus', job: 'leader' },
    request_headers: { 'Content-Type': 'application/json', Authorization: '[REDACTED]' },
    response: { id: '573' },
    response_headers: { 'Content-Type': 'application/json' },
    status: 201,
    ...fields,
  };
  return { id, json: JSON.stringify(record) };
}

function delivered(record: { id: string; json: string }, at = BASE): HistoryOutcome {
  return { ...record, attempt: 1, at, durationMs: 12, status: 200, state: 'delivered' };
}

describe('Class: HistoryStore', () => {
  let dir: string;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-history-'));
    store = HistoryStore.open(historyPathFor(join(dir, 'data', 'sluice.db')));
  });

  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a record with its fields, attempts and state', () => {
    // Prepare
    const record = recordFactory(0);

    // Act
    store.write([
      { ...record, attempt: 1, at: BASE + 1_000, durationMs: 30, status: 503, error: 'HTTP 503', state: 'retrying' },
      { ...record, attempt: 2, at: BASE + 5_000, durationMs: 12, status: 200, state: 'delivered' },
    ]);
    const entry = store.get(record.id);

    // Assess
    expect(entry).toMatchObject({
      id: record.id,
      time: BASE,
      route: 'users',
      method: 'POST',
      path: '/api/v1/users',
      status: 201,
      durationMs: 4.2,
      state: 'delivered',
      attempts: 2,
      updatedAt: BASE + 5_000,
      record: JSON.parse(record.json) as unknown,
    });
    expect(entry?.attemptLog).toEqual([
      { attempt: 1, at: BASE + 1_000, durationMs: 30, status: 503, error: 'HTTP 503' },
      { attempt: 2, at: BASE + 5_000, durationMs: 12, status: 200, error: null },
    ]);
  });

  describe('captures', () => {
    it('holds a capture as queued, with no attempt, searchable and in the change feed', () => {
      // Prepare
      const record = recordFactory(0);
      const before = store.latestSeq();

      // Act
      store.capture([{ ...record, at: BASE + 10 }]);

      // Assess
      expect(store.get(record.id)).toMatchObject({ state: 'queued', attempts: 0, attemptLog: [], method: 'POST', status: 201, updatedAt: BASE + 10 });
      expect(store.list({ text: 'morpheus' }).entries.map((entry) => entry.id)).toEqual([record.id]);
      expect(store.list({ state: 'queued' }).entries).toHaveLength(1);
      expect(store.changesSince(before).map((change) => change.summary.state)).toEqual(['queued']);
    });

    it('moves a captured entry on with its first outcome, indexed once', () => {
      // Prepare
      const record = recordFactory(0);
      store.capture([{ ...record, at: BASE + 10 }]);
      const captured = store.latestSeq();

      // Act
      store.write([delivered(record, BASE + 50)]);

      // Assess
      expect(store.get(record.id)).toMatchObject({ state: 'delivered', attempts: 1, updatedAt: BASE + 50 });
      expect(store.changesSince(captured).map((change) => change.summary.state)).toEqual(['delivered']);
      expect(store.list({ text: 'morpheus' }).entries).toHaveLength(1);
    });

    it('never takes an entry back to queued when its capture arrives after its first outcome', () => {
      // Prepare: another process's forwarder wrote first.
      const record = recordFactory(0);
      store.write([delivered(record, BASE + 50)]);
      const written = store.latestSeq();

      // Act
      store.capture([{ ...record, at: BASE + 10 }]);

      // Assess
      expect(store.get(record.id)).toMatchObject({ state: 'delivered', attempts: 1 });
      expect(store.latestSeq()).toBe(written);
      expect(store.list({ text: 'morpheus' }).entries).toHaveLength(1);
    });
  });

  it('keeps the file and its folder private to their owner (0600, 0700)', async () => {
    // Assess
    expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'data', 'sluice.history.db'))).mode & 0o777).toBe(0o600);
  });

  describe('filters', () => {
    const records: Record<string, { id: string; json: string }> = {};

    beforeEach(() => {
      records.old = recordFactory(0, { route: 'orders', endpoint: '/api/v1/orders/7', method: 'GET', status: 200 });
      records.failing = recordFactory(10, { status: 502, body: { note: 'upstream refused' } });
      records.missing = recordFactory(20, { endpoint: '/api/v2/users', method: 'DELETE', status: 404 });
      records.secret = recordFactory(30, { route: 'hooks', endpoint: '/hooks/github', request_headers: { 'X-Delivery': 'abc-4711' } });
      store.write([
        delivered(records.old!),
        delivered(records.failing!),
        { ...records.missing!, attempt: 3, at: BASE, durationMs: 5, status: 500, error: 'HTTP 500', state: 'dead_letter' },
        { ...records.secret!, attempt: 1, at: BASE, durationMs: 5, error: 'connection refused', state: 'retrying' },
      ]);
    });

    const ids = (filter: HistoryFilter): string[] => store.list(filter).entries.map((entry) => entry.id);

    it.each<{ description: string; filter: HistoryFilter; expected: string[] }>([
      { description: 'no filter: all, newest first', filter: {}, expected: ['secret', 'missing', 'failing', 'old'] },
      { description: 'time range', filter: { since: BASE + 10 * 60_000, until: BASE + 30 * 60_000 }, expected: ['missing', 'failing'] },
      { description: 'route', filter: { route: 'orders' }, expected: ['old'] },
      { description: 'method, any case', filter: { method: 'delete' }, expected: ['missing'] },
      { description: 'status class', filter: { status: { class: 5 } }, expected: ['failing'] },
      { description: 'exact status', filter: { status: { exact: 404 } }, expected: ['missing'] },
      { description: 'path prefix', filter: { pathPrefix: '/api/v1/' }, expected: ['failing', 'old'] },
      { description: 'delivery state', filter: { state: 'dead_letter' }, expected: ['missing'] },
      { description: 'free text in a body', filter: { text: 'upstream refused' }, expected: ['failing'] },
      { description: 'free text in a header, with punctuation', filter: { text: 'abc-4711' }, expected: ['secret'] },
      { description: 'free text and a filter together', filter: { text: 'morpheus', route: 'orders' }, expected: ['old'] },
      { description: 'free text that nothing holds', filter: { text: 'trinity' }, expected: [] },
    ])('selects by $description', ({ filter, expected }) => {
      // Act
      const found = ids(filter);

      // Assess
      expect(found).toEqual(expected.map((name) => records[name]!.id));
    });
  });

  it('pages newest first with a cursor, each entry once', () => {
    // Prepare: two entries share a capture time, so the cursor must break the tie.
    const written = [recordFactory(0), recordFactory(1), recordFactory(1), recordFactory(2), recordFactory(3)];
    store.write(written.map((record) => delivered(record)));

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = store.list({}, { limit: 2, ...(cursor !== undefined && { cursor }) });
      seen.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);

    // Assess
    expect(pages).toBe(3);
    expect(seen).toEqual([written[4]!.id, written[3]!.id, written[2]!.id, written[1]!.id, written[0]!.id]);
  });

  it('refuses a cursor it did not make', () => {
    // Act & Assess
    expect(() => store.list({}, { cursor: 'nonsense' })).toThrow(RangeError);
  });

  it('prunes entries older than the retention, a batch at a time, with their attempts and words', () => {
    // Prepare
    const old = [recordFactory(0, { body: 'zion' }), recordFactory(1, { body: 'zion' }), recordFactory(2, { body: 'zion' })];
    const fresh = recordFactory(60, { body: 'zion' });
    store.write([...old, fresh].map((record) => delivered(record)));

    // Act
    const first = store.pruneStep({ before: BASE + 30 * 60_000, maxBytes: Number.MAX_SAFE_INTEGER }, 2);
    const second = store.pruneStep({ before: BASE + 30 * 60_000, maxBytes: Number.MAX_SAFE_INTEGER }, 2);
    const third = store.pruneStep({ before: BASE + 30 * 60_000, maxBytes: Number.MAX_SAFE_INTEGER }, 2);

    // Assess
    expect([first, second, third]).toEqual([2, 1, 0]);
    expect(store.list({ text: 'zion' }).entries.map((entry) => entry.id)).toEqual([fresh.id]);
    expect(store.get(old[0]!.id)).toBeUndefined();
  });

  it('prunes the oldest entries while the data is over its size bound', () => {
    // Prepare: about 2 MB of records.
    const big = Array.from({ length: 40 }, (_, minute) => recordFactory(minute, { body: 'x'.repeat(50_000) }));
    store.write(big.map((record) => delivered(record)));
    const bound = store.usedBytes() / 2;

    // Act
    while (store.pruneStep({ before: 0, maxBytes: bound }, 5) > 0 && store.usedBytes() > bound);

    // Assess: under the bound, and what is left is the newest.
    expect(store.usedBytes()).toBeLessThanOrEqual(bound);
    const left = store.list({}, { limit: 100 }).entries;
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(big.length);
    expect(left[0]!.id).toBe(big.at(-1)!.id);
  });

  it('leaves no pruned record in the file (secure_delete)', async () => {
    // Prepare
    const record = recordFactory(0, { body: { note: 'pruned-marker-5b1f' } });
    store.write([delivered(record)]);
    store.write([delivered(recordFactory(90))]);

    // Act
    store.pruneStep({ before: BASE + 60 * 60_000, maxBytes: Number.MAX_SAFE_INTEGER });
    store.close();
    const path = historyPathFor(join(dir, 'data', 'sluice.db'));
    const bytes = Buffer.concat([await readFile(path), await readFile(`${path}-wal`).catch(() => Buffer.alloc(0))]);
    store = HistoryStore.open(path);

    // Assess
    expect(bytes.includes('pruned-marker-5b1f')).toBe(false);
  });

  it('reads a history read-only, and refuses to write through it', () => {
    // Prepare
    const record = recordFactory(0);
    store.write([delivered(record)]);
    const reader = HistoryStore.openReadonly(historyPathFor(join(dir, 'data', 'sluice.db')));

    // Act & Assess
    try {
      expect(reader.get(record.id)?.id).toBe(record.id);
      expect(() => reader.write([delivered(recordFactory(1))])).toThrow();
    } finally {
      reader.close();
    }
  });
});
