import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { ensurePrivateFile, ensurePrivateFolder, type PermissionLogger } from '../queue/sqlite/private-files.js';

/** The history file's layout version, in `PRAGMA user_version`. */
export const HISTORY_SCHEMA_VERSION = 1;

/**
 * One row per record (`history_entries`), one per delivery attempt (`history_attempts`), and a
 * contentless FTS5 index over the record's JSON (`history_text`, rowid = the entry's `seq`): the
 * words are indexed but the text is not stored twice, and `contentless_delete` lets pruning
 * remove an entry's words with it. `time` is the capture time in epoch ms; newest-first pages
 * walk the `(time, seq)` index.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS history_entries (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  time INTEGER NOT NULL,
  route TEXT,
  method TEXT,
  path TEXT,
  status INTEGER,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  size INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_entries_time ON history_entries (time, seq);
CREATE TABLE IF NOT EXISTS history_attempts (
  entry_seq INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  status INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS history_attempts_entry ON history_attempts (entry_seq);
CREATE VIRTUAL TABLE IF NOT EXISTS history_text USING fts5 (record, content = '', contentless_delete = 1);
`;

/**
 * The history file beside an embedded queue's file: `.sluice/sluice.db` keeps its history in
 * `.sluice/sluice.history.db`. A file of its own, so history writes and pruning never hold the
 * queue's write lock (the gateway commits captures through it) and the queue's space limit
 * counts captures only.
 *
 * @example
 * ```ts
 * historyPathFor('/var/lib/sluice/sluice.db'); // '/var/lib/sluice/sluice.history.db'
 * ```
 */
export function historyPathFor(queuePath: string): string {
  return `${queuePath.replace(/\.db$/, '')}.history.db`;
}

/**
 * Opens the history file, creating it (0600, in a 0700 folder) with its tables when `readonly`
 * is not set. Like the queue: WAL, `synchronous = NORMAL` (an entry lost in a power cut costs a
 * line of history, never a record), and `secure_delete` so pruned records are overwritten.
 *
 * @throws when `readonly` is set and the file does not exist, or the file is newer than this code.
 * @example
 * ```ts
 * const db = openHistoryDatabase('.sluice/sluice.history.db', { logger });
 * ```
 * @internal
 */
export function openHistoryDatabase(path: string, options: { readonly?: boolean; logger?: PermissionLogger } = {}): Database.Database {
  if (options.readonly) {
    return new Database(path, { readonly: true, fileMustExist: true, timeout: 5_000 });
  }
  ensurePrivateFolder(dirname(path), options.logger);
  ensurePrivateFile(path, options.logger);
  // A short busy timeout: a batch blocks the event loop while it waits for another writer
  // (a second forwarder on the same file), and a batch that gives up is only history.
  const db = new Database(path, { timeout: 250 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > HISTORY_SCHEMA_VERSION) {
      throw new Error(`${path} was written by a newer Sluice (history schema ${version}, this one knows ${HISTORY_SCHEMA_VERSION})`);
    }
    db.exec(SCHEMA);
    db.pragma(`user_version = ${HISTORY_SCHEMA_VERSION}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
