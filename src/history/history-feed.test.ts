import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followHistory, matchesFilter } from './history-feed.js';
import { HISTORY_SCHEMA_VERSION } from './history-schema.js';
import { HistoryStore } from './history-store.js';
import type { HistoryChange, HistoryFilter, HistoryOutcome, HistorySummary } from './types.js';

const BASE = Date.parse('2026-01-01T12:00:00.000Z');
let counter = 0;

function outcome(fields: Record<string, unknown> = {}, state: HistoryOutcome['state'] = 'delivered', attempt = 1): HistoryOutcome {
  counter += 1;
  const id = `0190f5c2-0000-7000-8000-${String(counter).padStart(12, '0')}`;
  const json = JSON.stringify({ id, timestamp: new Date(BASE).toISOString(), route: 'users', endpoint: '/users', method: 'GET', status: 200, ...fields });
  return { id, json, attempt, at: BASE, durationMs: 3, status: 200, state };
}

describe('History change feed', () => {
  let dir: string;
  let path: string;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-feed-'));
    path = join(dir, 'sluice.history.db');
    store = HistoryStore.open(path);
  });

  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('numbers inserts and updates in write order, each entry once at its latest change', () => {
    // Prepare
    const first = outcome({}, 'retrying');
    const second = outcome();
    store.write([first, second]);
    const before = store.latestSeq();

    // Act
    store.write([{ ...first, attempt: 2, state: 'delivered' }]);
    const all = store.changesSince(0);
    const since = store.changesSince(before);

    // Assess
    expect(before).toBe(2);
    expect(all.map((change) => [change.seq, change.summary.id, change.summary.state])).toEqual([
      [2, second.id, 'delivered'],
      [3, first.id, 'delivered'],
    ]);
    expect(since.map((change) => change.summary.id)).toEqual([first.id]);
    expect(store.latestSeq()).toBe(3);
  });

  it('never hands out a sequence number twice, even after pruning the newest change', () => {
    // Prepare
    store.write([outcome()]);
    store.pruneStep({ before: BASE + 1, maxBytes: Number.MAX_SAFE_INTEGER });

    // Act
    store.write([outcome()]);

    // Assess
    expect(store.changesSince(0).map((change) => change.seq)).toEqual([2]);
  });

  it('migrates a version 1 file in place: old entries keep their order, new changes follow', () => {
    // Prepare: a version 1 file, as the previous release wrote it.
    store.close();
    const v1 = join(dir, 'v1.history.db');
    const db = new Database(v1);
    db.exec(`CREATE TABLE history_entries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time INTEGER NOT NULL, route TEXT, method TEXT,
      path TEXT, status INTEGER, state TEXT NOT NULL, attempts INTEGER NOT NULL, updated_at INTEGER NOT NULL, size INTEGER NOT NULL, record TEXT NOT NULL);
      CREATE TABLE history_attempts (entry_seq INTEGER NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL, duration_ms REAL NOT NULL, status INTEGER, error TEXT);
      CREATE VIRTUAL TABLE history_text USING fts5 (record, content = '', contentless_delete = 1);
      INSERT INTO history_entries VALUES (7, 'old-entry', ${BASE}, 'users', 'GET', '/users', 200, 'delivered', 1, ${BASE}, 2, '{}');
      PRAGMA user_version = 1;`);
    db.close();
    const reader = HistoryStore.openReadonly(v1);
    expect(() => reader.latestSeq()).toThrow(/older/);
    reader.close();

    // Act
    store = HistoryStore.open(v1);
    const fresh = outcome();
    store.write([fresh]);

    // Assess
    expect(store.changesSince(0).map((change) => [change.seq, change.summary.id])).toEqual([
      [7, 'old-entry'],
      [8, fresh.id],
    ]);
    const check = new Database(v1, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(HISTORY_SCHEMA_VERSION);
    check.close();
  });

  it('reads a version 2 file without durations, and a writer adds them for new entries', () => {
    // Prepare: a version 2 file, as the previous release wrote it.
    store.close();
    const v2 = join(dir, 'v2.history.db');
    const db = new Database(v2);
    db.exec(`CREATE TABLE history_entries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time INTEGER NOT NULL, route TEXT, method TEXT,
      path TEXT, status INTEGER, state TEXT NOT NULL, attempts INTEGER NOT NULL, updated_at INTEGER NOT NULL, size INTEGER NOT NULL, record TEXT NOT NULL,
      change_seq INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE history_attempts (entry_seq INTEGER NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL, duration_ms REAL NOT NULL, status INTEGER, error TEXT);
      CREATE VIRTUAL TABLE history_text USING fts5 (record, content = '', contentless_delete = 1);
      CREATE TABLE history_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO history_meta VALUES ('change_seq', 3);
      INSERT INTO history_entries VALUES (7, 'old-entry', ${BASE}, 'users', 'GET', '/users', 200, 'delivered', 1, ${BASE}, 2, '{}', 3);
      PRAGMA user_version = 2;`);
    db.close();

    // Act: a reader (it never migrates), then a writer
    const reader = HistoryStore.openReadonly(v2);
    const read = { listed: reader.list().entries, changes: reader.changesSince(0) };
    reader.close();
    store = HistoryStore.open(v2);
    const fresh = outcome({ duration_ms: 8.5 });
    store.write([fresh]);

    // Assess
    expect(read.listed).toEqual([expect.objectContaining({ id: 'old-entry', durationMs: null })]);
    expect(read.changes.map((change) => change.seq)).toEqual([3]);
    expect(store.changesSince(0).map((change) => [change.summary.id, change.summary.durationMs])).toEqual([
      ['old-entry', null],
      [fresh.id, 8.5],
    ]);
  });

  it('follows a store another connection writes, from now on, filtered, until aborted', async () => {
    // Prepare
    store.write([outcome()]);
    const reader = HistoryStore.openReadonly(path);
    const controller = new AbortController();
    const seen: HistoryChange[] = [];
    const ok = outcome({ status: 200 });
    const failing = outcome({ status: 503 }, 'retrying');

    let firstSeen: () => void = () => {};
    const first = new Promise<void>((resolve) => (firstSeen = resolve));

    // Act: the second write waits for the first change to be seen (a later poll would only see
    // the entry's latest state).
    const following = (async () => {
      for await (const change of followHistory(reader, { filter: { status: { class: 5 } }, intervalMs: 10, signal: controller.signal })) {
        seen.push(change);
        firstSeen();
        if (seen.length === 2) controller.abort();
      }
    })();
    store.write([ok, failing]);
    await first;
    store.write([{ ...failing, attempt: 2, state: 'delivered' }]);
    await following;
    reader.close();

    // Assess: the older entry and the 200 are not seen; the 503 is seen as it changes.
    expect(seen.map((change) => [change.summary.id, change.summary.state])).toEqual([
      [failing.id, 'retrying'],
      [failing.id, 'delivered'],
    ]);
  });
});

describe('Function: matchesFilter', () => {
  const summary: HistorySummary = {
    id: 'a',
    time: BASE,
    route: 'users',
    method: 'POST',
    path: '/api/v1/users',
    status: 503,
    state: 'retrying',
    attempts: 1,
    updatedAt: BASE,
    durationMs: 12.5,
  };

  it.each<{ description: string; filter: HistoryFilter; expected: boolean }>([
    { description: 'no filter', filter: {}, expected: true },
    { description: 'since, inclusive', filter: { since: BASE }, expected: true },
    { description: 'until, exclusive', filter: { until: BASE }, expected: false },
    { description: 'another route', filter: { route: 'orders' }, expected: false },
    { description: 'the method in any case', filter: { method: 'post' }, expected: true },
    { description: 'the status class', filter: { status: { class: 5 } }, expected: true },
    { description: 'another status class', filter: { status: { class: 2 } }, expected: false },
    { description: 'an exact status', filter: { status: { exact: 503 } }, expected: true },
    { description: 'a path prefix', filter: { pathPrefix: '/api/v1/' }, expected: true },
    { description: 'another path prefix', filter: { pathPrefix: '/api/v2/' }, expected: false },
    { description: 'another state', filter: { state: 'delivered' }, expected: false },
    { description: 'text, which it does not check', filter: { text: 'anything' }, expected: true },
  ])('$description', ({ filter, expected }) => {
    // Act & Assess
    expect(matchesFilter(summary, filter)).toBe(expected);
  });
});
