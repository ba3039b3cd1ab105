/** @internal What the checkpointer passes to its worker thread. */
export interface CheckpointWorkerData {
  /** The database file. */
  readonly path: string;
  /** A file URL that `better-sqlite3` resolves from (this package's). */
  readonly requireFrom: string;
  readonly intervalMs: number;
}

/** @internal A run of failed checkpoints, reported once; the worker keeps trying. */
export interface CheckpointFailure {
  readonly type: 'failed';
  readonly message: string;
}

/**
 * The body of a checkpoint worker thread: copies the write-ahead log back into the database
 * every `intervalMs` with a PASSIVE checkpoint (which never blocks writers or readers), on its
 * own connection. The checkpointer starts workers from this function's source (`eval: true`),
 * so it is self-contained: no imports, only `process.getBuiltinModule`.
 *
 * @internal
 * @example
 * ```ts
 * new Worker(`(${checkpointWorkerMain.toString()})()`, { eval: true, workerData });
 * ```
 */
export function checkpointWorkerMain(): void {
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  const { createRequire } = process.getBuiltinModule('node:module');
  const data = workerData as CheckpointWorkerData;
  const port = parentPort!;
  type Connection = { pragma(source: string): unknown; close(): void };
  const Database = createRequire(data.requireFrom)('better-sqlite3') as new (path: string, options: { fileMustExist: boolean }) => Connection;
  const db = new Database(data.path, { fileMustExist: true });
  // As on the queue's own connections: the checkpoint syncs the log before and the file after.
  db.pragma('synchronous = NORMAL');
  // A checkpoint copies pages through the OS, not through this connection's cache: keep it small.
  db.pragma('cache_size = -256');
  let failing = false;
  const checkpoint = () => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      failing = false;
    } catch (error) {
      if (!failing) port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies CheckpointFailure);
      failing = true;
    }
  };
  const timer = setInterval(checkpoint, data.intervalMs);
  port.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    checkpoint();
    db.close();
    port.close();
  });
}
