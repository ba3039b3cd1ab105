import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../telemetry/logger.js';
import { openSqliteDatabase } from './schema.js';
import { SqliteQueueSpace } from './space.js';
import { SqliteQueue } from './sqlite-queue.js';

describe('Class: SqliteQueue, queue.max_size', () => {
  let dir: string;
  let queue: SqliteQueue;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-space-'));
    queue = new SqliteQueue({ path: join(dir, 'q.db'), max_size: 512 * 1024, offload_threshold: 16 * 1024 }, { spaceReserveBytes: 256 * 1024 });
  });

  afterEach(async () => {
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends `body` until the queue refuses; returns how many were accepted and the refusal. */
  async function fill(body: Buffer): Promise<{ accepted: number; error: unknown }> {
    for (let accepted = 0; accepted < 10_000; accepted += 1) {
      try {
        await queue.send({ body });
      } catch (error) {
        return { accepted, error };
      }
    }
    throw new Error('the queue never refused a send');
  }

  it.each([
    { description: 'rows', size: 4 * 1024 },
    { description: 'blob files', size: 32 * 1024 },
  ])('refuses sends with SLUICE_QUEUE_FULL at the limit ($description), and accepts them again once messages are deleted', async ({ size }) => {
    // Act
    const { accepted, error } = await fill(Buffer.alloc(size, 1));
    const full = await queue.stats();
    for (;;) {
      const messages = await queue.receive({ maxMessages: 100 });
      if (messages.length === 0) break;
      await Promise.all(messages.map((message) => queue.delete(message.receiptHandle)));
    }
    const id = await queue.send({ body: Buffer.alloc(size, 2) });

    // Assess
    expect(accepted).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: 'QueueFullError', code: 'SLUICE_QUEUE_FULL', reason: 'max_size' });
    expect(full.space).toMatchObject({ full: 'max_size', maxBytes: 512 * 1024 });
    expect(full.space!.usedBytes).toBeLessThanOrEqual(512 * 1024);
    expect(full.space!.usedBytes).toBeGreaterThan(512 * 1024 - 2 * size - 4096);
    expect(id).toEqual(expect.any(String));
    expect((await queue.stats()).space?.full).toBeNull();
  });
});

/**
 * The checkpoint's debt (log pages past the database file's end) is bounded so that a full disk
 * can always be drained (issue 10). Issue 11's 256 KiB regression: the bound counted blob
 * payloads, which never enter the log, so every few large captures looked at the files again;
 * and a send over the bound checkpointed on the event loop, and was refused on a healthy disk
 * whenever that checkpoint could not run at once (the checkpoint worker held its lock).
 */
describe('Class: SqliteQueueSpace, the write-ahead log bound', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-log-bound-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A second connection inside a read transaction that saw message `id`: until it closes, no
   * checkpoint can copy back the log written after its snapshot.
   */
  function holdLog(path: string, id: string): Database.Database {
    const reader = new Database(path, { readonly: true });
    reader.prepare('BEGIN').run();
    expect(reader.prepare('SELECT id FROM messages WHERE id = ?').get(id)).toEqual({ id });
    return reader;
  }

  it('#11 - admits captures kept in blob files by arithmetic alone, without looking at the files', async () => {
    // Prepare: a 64 KiB bound, passed many times over by the blobs' bytes but never by their rows.
    const path = join(dir, 'q.db');
    const db = openSqliteDatabase(path, 5_000);
    const space = new SqliteQueueSpace({
      db,
      path,
      blobFolder: join(dir, 'q.db.blobs'),
      maxBytes: undefined,
      keepReserve: false,
      reserveBytes: 256 * 1024,
      checkpointWhenBehind: false,
      logger: silentLogger(),
    });
    const looks = vi.spyOn(db, 'pragma');

    // Act: 64 captures of 256 KiB each, kept in blob files.
    for (let i = 0; i < 64; i += 1) space.admit(256 * 1024, true);

    // Assess
    expect(looks).not.toHaveBeenCalled();
    expect(space.logHasRoom(space.logCost(256 * 1024, true))).toBe(true);
    looks.mockRestore();
    await space.close();
    db.close();
  });

  it.each([
    { description: 'a checkpoint worker', checkpointIntervalMs: 20 },
    { description: 'no checkpoint worker', checkpointIntervalMs: 0 },
  ])('#11 - a send over the bound waits for a checkpoint instead of being refused ($description)', async ({ checkpointIntervalMs }) => {
    // Prepare: a 64 KiB bound, and a reader whose snapshot keeps any checkpoint from copying the
    // log back; it lets go once a send starts waiting for a checkpoint.
    const path = join(dir, 'q.db');
    const queue = new SqliteQueue({ path }, { spaceReserveBytes: 256 * 1024, checkpointIntervalMs });
    const reader = holdLog(path, await queue.send({ body: 'first' }));
    let waited = false;
    const wait = SqliteQueueSpace.prototype.waitForCheckpoint;
    vi.spyOn(SqliteQueueSpace.prototype, 'waitForCheckpoint').mockImplementation(function (this: SqliteQueueSpace) {
      if (!waited) reader.close();
      waited = true;
      return wait.call(this);
    });

    // Act: eight 16 KiB rows, one after the other: 160 KiB of log.
    const outcomes: unknown[] = [];
    for (let i = 0; i < 8; i += 1)
      outcomes.push(
        await queue.send({ body: Buffer.alloc(16 * 1024, i) }).then(
          () => 'kept',
          (error: unknown) => error,
        ),
      );

    // Assess: every send was kept, after waiting.
    expect(outcomes).toEqual(Array.from({ length: 8 }, () => 'kept'));
    expect(waited).toBe(true);
    expect((await queue.stats()).visible).toBe(9);
    vi.restoreAllMocks();
    if (reader.open) reader.close();
    await queue.close();
  });

  it('#11 - a burst over the bound is held back until a checkpoint paid, not let through', async () => {
    // Prepare
    const path = join(dir, 'q.db');
    const queue = new SqliteQueue({ path }, { spaceReserveBytes: 256 * 1024 });
    const reader = holdLog(path, await queue.send({ body: 'first' }));
    let waited = false;
    const wait = SqliteQueueSpace.prototype.waitForCheckpoint;
    vi.spyOn(SqliteQueueSpace.prototype, 'waitForCheckpoint').mockImplementation(function (this: SqliteQueueSpace) {
      waited = true;
      return wait.call(this);
    });

    // Act: sixteen 16 KiB rows at once, the reader let go once the first of them is kept.
    const sends = Array.from({ length: 16 }, (_, i) => queue.send({ body: Buffer.alloc(16 * 1024, i) }));
    const outcomes = Promise.allSettled(sends);
    await sends[0];
    reader.close();
    const settled = await outcomes;

    // Assess
    expect(waited).toBe(true);
    expect(settled.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    vi.restoreAllMocks();
    await queue.close();
  });

  it('refuses a send over the bound when no checkpoint can pay (a reader never lets go)', async () => {
    // Prepare
    const path = join(dir, 'q.db');
    const queue = new SqliteQueue({ path }, { spaceReserveBytes: 256 * 1024 });
    const reader = holdLog(path, await queue.send({ body: 'first' }));

    // Act
    const sends = Array.from({ length: 16 }, (_, i) => queue.send({ body: Buffer.alloc(32 * 1024, i) }));
    const settled = await Promise.allSettled(sends);

    // Assess: the first sends fit; the rest are refused as a full disk would refuse them.
    const refused = settled.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(16);
    for (const { reason } of refused) expect(reason).toMatchObject({ name: 'QueueFullError', code: 'SLUICE_QUEUE_FULL', reason: 'disk' });
    reader.close();
    await queue.close();
  });
});
