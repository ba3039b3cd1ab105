import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { SqliteCheckpointer } from './checkpointer.js';
import { SqliteQueue } from './sqlite-queue.js';

describe('Class: SqliteCheckpointer', () => {
  let dir: string;
  let path: string;
  let opened: SqliteQueue[];

  function open(checkpointIntervalMs?: number): SqliteQueue {
    const queue = new SqliteQueue({ path }, checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs });
    opened.push(queue);
    return queue;
  }

  async function fill(queue: SqliteQueue): Promise<void> {
    // About 2 MB: far below the connections' own threshold (16,384 pages), so only the worker moves it.
    await queue.sendBatch(Array.from({ length: 2000 }, (_, index) => ({ body: Buffer.alloc(1000, index & 0xff) })));
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-checkpoint-'));
    path = join(dir, 'queue.db');
    opened = [];
  });

  afterEach(async () => {
    await Promise.allSettled(opened.map((queue) => queue.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file while the queue stays open', async () => {
    // Prepare
    const queue = open(20);
    const before = statSync(path).size;

    // Act
    await fill(queue);

    // Assess
    await waitFor(() => statSync(path).size > before + 1_000_000, 'the log copied into the database file');
    expect(SqliteCheckpointer.activePaths()).toEqual([queue.path]);
  });

  it('leaves checkpoints to the commits by default', async () => {
    // Prepare
    const queue = open();
    const before = statSync(path).size;

    // Act
    await fill(queue);
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess: about 550 pages, under SQLite's default threshold of 1,000: all of it stays in the log.
    expect(SqliteCheckpointer.activePaths()).toEqual([]);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(2_000_000);
    expect(statSync(path).size).toBeLessThan(before + 500_000);
  });

  it('runs one worker per file for all queues of a process, until the last one closes', async () => {
    // Prepare
    const first = open(20);
    const second = open(20);

    // Act
    const whileBoth = SqliteCheckpointer.activePaths();
    await first.close();
    const afterFirst = SqliteCheckpointer.activePaths();
    await second.close();
    const afterBoth = SqliteCheckpointer.activePaths();

    // Assess
    expect(whileBoth).toEqual([first.path]);
    expect(afterFirst).toEqual([first.path]);
    expect(afterBoth).toEqual([]);
  });
});
