import type Database from 'better-sqlite3';
import { isDiskFull } from './space-reserve.js';

/** Tries while another connection (the checkpoint worker) holds the checkpoint lock. */
const BUSY_TRIES = 10;
const BUSY_PAUSE_MS = 5;
/** Each try waits this long for readers to move on. */
const BUSY_WAIT_MS = 20;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** How a TRUNCATE checkpoint ended. */
export type TruncateOutcome = 'done' | 'busy' | 'full';

/**
 * Copies the whole write-ahead log into the database and truncates the log file to nothing
 * (`wal_checkpoint(TRUNCATE)`), synchronously. This is the step that lets a full disk drain:
 * until the log is copied back it cannot start over, so every write — deletes too — makes it
 * longer; once truncated, its space is the file system's again.
 *
 * `full`: the copy needed room past the database file's end (pages the log added, the
 * checkpoint's debt) and the disk had none. `busy`: another connection kept the checkpoint lock
 * or a reader kept the log, for all of a few short tries (a PASSIVE checkpoint does not wait).
 *
 * @internal
 * @example
 * ```ts
 * if (truncateLog(db) === 'full') releaseCheckpointReserve();
 * ```
 */
export function truncateLog(db: Database.Database): TruncateOutcome {
  // A TRUNCATE checkpoint waits for readers through the busy handler: keep each wait short, so
  // a long reader elsewhere (another process) never blocks the event loop for seconds.
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
  try {
    return attempts(db);
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
}

function attempts(db: Database.Database): TruncateOutcome {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (row === undefined || row.busy === 0) return 'done';
    } catch (error) {
      if (isDiskFull(error)) return 'full';
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' && (error as { code?: unknown }).code !== 'SQLITE_LOCKED') throw error;
    }
    if (attempt === BUSY_TRIES) return 'busy';
    // A recovery path only (a full disk): a few milliseconds' block beats an unpaid log.
    Atomics.wait(pause, 0, 0, BUSY_PAUSE_MS);
  }
}
