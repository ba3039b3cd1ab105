import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../test/helpers/wait-for.js';
import { HistoryStore } from './history-store.js';
import { HistoryWriter } from './history-writer.js';
import type { HistoryOutcome } from './types.js';

const NOW = Date.parse('2026-01-08T12:00:00.000Z');
const DAY = 86_400_000;

function outcomeFactory(capturedAt: number): HistoryOutcome {
  const id = `0190f5c2-1111-7000-8000-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`;
  return {
    id,
    json: JSON.stringify({ id, timestamp: new Date(capturedAt).toISOString(), route: 'users', endpoint: '/users', method: 'GET', status: 200 }),
    attempt: 1,
    at: capturedAt,
    durationMs: 3,
    status: 200,
    state: 'delivered',
  };
}

describe('Class: HistoryWriter', () => {
  let dir: string;
  let path: string;
  let writer: HistoryWriter | undefined;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] });
    dir = await mkdtemp(join(tmpdir(), 'sluice-history-writer-'));
    path = join(dir, 'sluice.history.db');
  });

  afterEach(async () => {
    writer?.close();
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  function count(): number {
    const reader = HistoryStore.openReadonly(path);
    try {
      return reader.list({}, { limit: 5_000 }).entries.length;
    } finally {
      reader.close();
    }
  }

  it('writes nothing while recording, then the whole batch on its timer', async () => {
    // Prepare
    writer = new HistoryWriter(HistoryStore.open(path), { retentionMs: 7 * DAY, maxSizeBytes: 2 ** 30, flushIntervalMs: 250, now: () => NOW });

    // Act
    for (let index = 0; index < 10; index += 1) writer.record(outcomeFactory(NOW));
    const before = count();
    await vi.advanceTimersByTimeAsync(250);

    // Assess
    expect(before).toBe(0);
    expect(count()).toBe(10);
  });

  it('writes a full batch on the next turn without waiting for the timer', async () => {
    // Prepare
    writer = new HistoryWriter(HistoryStore.open(path), { retentionMs: 7 * DAY, maxSizeBytes: 2 ** 30, flushIntervalMs: 60_000, batchSize: 4, now: () => NOW });

    // Act
    for (let index = 0; index < 4; index += 1) writer.record(outcomeFactory(NOW));
    await vi.advanceTimersByTimeAsync(0);

    // Assess
    expect(count()).toBe(4);
  });

  it('drops outcomes beyond its bound and says how many', async () => {
    // Prepare
    const errors: unknown[] = [];
    writer = new HistoryWriter(HistoryStore.open(path), {
      retentionMs: 7 * DAY,
      maxSizeBytes: 2 ** 30,
      maxPending: 3,
      batchSize: 100,
      onError: (error) => errors.push(error),
    });

    // Act
    for (let index = 0; index < 5; index += 1) writer.record(outcomeFactory(NOW));
    writer.flush();

    // Assess
    expect(count()).toBe(3);
    expect(String(errors[0])).toContain('2 captures or delivery outcomes');
  });

  it('writes a capture before the outcome that follows it in the same batch', () => {
    // Prepare
    writer = new HistoryWriter(HistoryStore.open(path), { retentionMs: 7 * DAY, maxSizeBytes: 2 ** 30, flushIntervalMs: 60_000 });
    const outcome = outcomeFactory(NOW);

    // Act
    writer.captured({ id: outcome.id, json: outcome.json, at: NOW });
    writer.record(outcome);
    writer.flush();

    // Assess
    const store = HistoryStore.openReadonly(path);
    try {
      expect(store.get(outcome.id)).toMatchObject({ state: 'delivered', attempts: 1 });
      // Two changes: the capture created the entry, the outcome moved it on (the other way round,
      // the capture would have been ignored).
      expect(store.latestSeq()).toBe(2);
    } finally {
      store.close();
    }
  });

  it('writes what is pending on close', () => {
    // Prepare
    writer = new HistoryWriter(HistoryStore.open(path), { retentionMs: 7 * DAY, maxSizeBytes: 2 ** 30, flushIntervalMs: 60_000 });
    writer.record(outcomeFactory(NOW));

    // Act
    writer.close();

    // Assess
    expect(count()).toBe(1);
  });

  it('prunes past the retention on its timer, in batches, until none is left', async () => {
    // Prepare: 1 200 old entries (three prune batches) and one fresh; real timers, since the
    // steps chain through setImmediate.
    vi.useRealTimers();
    const store = HistoryStore.open(path);
    store.write(Array.from({ length: 1_200 }, () => outcomeFactory(NOW - 8 * DAY)));
    store.write([outcomeFactory(NOW - DAY)]);

    // Act
    writer = new HistoryWriter(store, { retentionMs: 7 * DAY, maxSizeBytes: 2 ** 30, pruneIntervalMs: 20, now: () => NOW });
    await waitFor(() => count() === 1, 'the old entries pruned');

    // Assess
    expect(count()).toBe(1);
  });
});
