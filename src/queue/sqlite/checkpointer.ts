import { Worker } from 'node:worker_threads';
import type { Logger } from '../../telemetry/logger.js';
import { checkpointWorkerMain, type CheckpointFailure, type CheckpointWorkerData } from './checkpoint-worker.js';

/** The worker's source: the function's own text, so the same code runs from `src/` and `dist/`. */
const WORKER_SOURCE = `(${checkpointWorkerMain.toString()})()`;

/**
 * Pages of log after which a connection checkpoints by itself anyway (SQLite's default is
 * 1,000). Only a checkpointer that stopped, or fell far behind, lets the log grow this long.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;

interface Running {
  readonly worker: Worker;
  users: number;
}

const running = new Map<string, Running>();

/** One queue's hold on the checkpointer of its file; `release()` once the queue closed. */
export interface CheckpointerLease {
  release(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. A checkpoint copies the log back into the database
 * and syncs both files; run by the connection that commits (SQLite's default, every 1,000
 * pages), it stalls that commit — a capture on the request path, or a forwarder's receive —
 * for as long as the disk takes to sync. Here one worker thread per database file and process
 * checkpoints every few milliseconds on its own connection, with PASSIVE checkpoints that never
 * block writers; the queue's connections keep a far higher automatic threshold as a fallback.
 * Queues opt in (`checkpointIntervalMs`; the gateway does, a forwarder alone saves the
 * thread's memory). Every queue of a process on the same file shares the worker; it stops when
 * the last one releases it, and never keeps the process alive.
 *
 * @internal
 * @example
 * ```ts
 * const lease = SqliteCheckpointer.acquire('/var/lib/sluice/sluice.db', logger, 20);
 * db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
 * await lease.release();
 * ```
 */
export const SqliteCheckpointer = {
  /** The first queue of a file sets the interval. */
  acquire(path: string, logger: Logger, intervalMs: number): CheckpointerLease {
    let entry = running.get(path);
    if (entry === undefined) {
      entry = { worker: start(path, logger, intervalMs), users: 0 };
      running.set(path, entry);
    }
    entry.users += 1;
    const held = entry;
    let released = false;
    return {
      async release() {
        if (released) return;
        released = true;
        held.users -= 1;
        if (held.users > 0) return;
        if (running.get(path) === held) running.delete(path);
        await stop(held.worker);
      },
    };
  },

  /** Files with a checkpoint worker in this process. */
  activePaths(): string[] {
    return [...running.keys()];
  },
};

function start(path: string, logger: Logger, intervalMs: number): Worker {
  const workerData: CheckpointWorkerData = { path, requireFrom: import.meta.url, intervalMs };
  // The worker allocates next to nothing: a small heap keeps its share of the process's memory small.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData,
    name: 'sluice-checkpoint',
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, codeRangeSizeMb: 2 },
  });
  worker.unref();
  worker.on('message', (message: CheckpointFailure) => {
    logger.warn({ path, error: message.message }, 'background WAL checkpoint failed; commits checkpoint past the fallback threshold until it recovers');
  });
  worker.on('error', (error) => {
    // The queue's own connections still checkpoint at the fallback threshold.
    logger.warn({ err: error, path }, 'WAL checkpoint worker stopped');
    if (running.get(path)?.worker === worker) running.delete(path);
  });
  return worker;
}

function stop(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    // The worker runs a last checkpoint, closes its connection and ends. Until then it keeps
    // the process alive: a caller awaiting close() at the end of a script must see it resolve.
    // One already gone (it failed) emitted its exit before: terminate() settles that case.
    worker.ref();
    worker.postMessage('stop');
    if (worker.threadId === -1) void worker.terminate().then(() => resolve());
  });
}
