import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { ensurePrivateFile, ensurePrivateFolder, type PermissionLogger } from '../queue/sqlite/private-files.js';

/**
 * The history file's layout version, in `PRAGMA user_version`. Version 2 added the change
 * sequence (`change_seq`, `history_meta`) that `sluice tail` and the dashboard follow, version 3
 * the exchange's duration (`duration_ms`); an older file is migrated in place when a writer
 * opens it (see {@link migrate}).
 */
export const HISTORY_SCHEMA_VERSION = 3;

/** The first version with the change sequence: readers of older files cannot follow changes. */
export const CHANGE_SEQ_SCHEMA_VERSION = 2;

/** The first version with `history_entries.duration_ms`. */
export const DURATION_SCHEMA_VERSION = 3;

/**
 * One row per record (`history_entries`), one per delivery attempt (`history_attempts`), and a
 * contentless FTS5 index over the record's JSON (`history_text`, rowid = the entry's `seq`): the
 * words are indexed but the text is not stored twice, and `contentless_delete` lets pruning
 * remove an entry's words with it. `time` is the capture time in epoch ms; newest-first pages
 * walk the `(time, seq)` index.
 *
 * `change_seq` orders changes rather than entries: every write (an entry's first outcome or a
 * later one) gives the entry the next value of the counter kept in `history_meta`, so a reader
 * asks for what changed after the last value it saw. The counter lives in its own row, not in
 * `max(change_seq)`, so pruning the entry that held the highest value never lets a value be
 * handed out twice.
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
  record TEXT NOT NULL,
  change_seq INTEGER NOT NULL DEFAULT 0,
  duration_ms REAL
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

/** Version 2: the change sequence. Run after {@link SCHEMA}, on new and migrated files alike. */
const CHANGES = `
CREATE INDEX IF NOT EXISTS history_entries_change ON history_entries (change_seq);
CREATE TABLE IF NOT EXISTS history_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO history_meta (key, value) VALUES ('change_seq', (SELECT coalesce(max(change_seq), 0) FROM history_entries));
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
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Brings the file to {@link HISTORY_SCHEMA_VERSION} in one immediate transaction, so two
 * processes opening an old file at once migrate it once. Version 1 entries get their `seq` as
 * change sequence (the order they were first written in) and the counter starts above them, so
 * a reader that follows the file sees nothing twice and misses nothing written after.
 */
function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > HISTORY_SCHEMA_VERSION) {
      throw new Error(`${path} was written by a newer Sluice (history schema ${version}, this one knows ${HISTORY_SCHEMA_VERSION})`);
    }
    if (version === HISTORY_SCHEMA_VERSION) return;
    db.exec(SCHEMA);
    const columns = db.pragma('table_info(history_entries)') as { name: string }[];
    if (!columns.some((column) => column.name === 'change_seq')) {
      db.exec('ALTER TABLE history_entries ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0');
      db.exec('UPDATE history_entries SET change_seq = seq');
    }
    db.exec(CHANGES);
    // Version 3: entries written before keep a null duration (their records still hold it).
    if (!columns.some((column) => column.name === 'duration_ms')) db.exec('ALTER TABLE history_entries ADD COLUMN duration_ms REAL');
    db.pragma(`user_version = ${HISTORY_SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * The layout version of an open history file; a reader (which never migrates) compares it with
 * {@link HISTORY_SCHEMA_VERSION} before using what a newer layout added.
 *
 * @example
 * ```ts
 * historySchemaVersion(db); // 2
 * ```
 * @internal
 */
export function historySchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
