import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteQueue, type SqliteQueueOptions, type SqliteQueueSettings } from '../../../src/queue/index.js';

/** A folder of its own for one test's database, and the queues opened on it. */
export interface TempQueues {
  readonly dir: string;
  readonly path: string;
  open(settings?: Partial<SqliteQueueSettings>, options?: SqliteQueueOptions): SqliteQueue;
  /** Closes every queue opened here and removes the folder. */
  cleanup(): Promise<void>;
}

/**
 * @example
 * ```ts
 * const temp = await tempQueues();
 * const queue = temp.open({ offload_threshold: 1024 });
 * await temp.cleanup();
 * ```
 */
export async function tempQueues(): Promise<TempQueues> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-queue-'));
  const path = join(dir, 'data', 'queue.db');
  const opened: SqliteQueue[] = [];
  return {
    dir,
    path,
    open(settings = {}, options = {}) {
      const queue = new SqliteQueue({ path, ...settings }, options);
      opened.push(queue);
      return queue;
    },
    async cleanup() {
      await Promise.allSettled(opened.map((queue) => queue.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}
