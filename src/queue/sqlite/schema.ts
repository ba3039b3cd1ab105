import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { QueueError } from '../../core/errors.js';
import { ensurePrivateFile, ensurePrivateFolder, tighten, type PermissionLogger } from './private-files.js';

/** Bumped with each change to the tables below; a newer file is refused rather than misread. */
export const SCHEMA_VERSION = 3;

/**
 * Two tables: the main queue and the dead letters. A message is a row in exactly one of them;
 * moving it is one transaction. `body` is null when the payload lives in the blob folder, and
 * `blob` then names the file.
 *
 * - `visible_at` drives receive and the stats (`messages_visible` covers both).
 * - `in_flight` is 1 from a receive until the consumer releases the message, so `stats()` can
 *   tell a message someone holds from one waiting out a delay or a backoff.
 * - `receipt` is the token of the latest receive; an older handle no longer matches it.
 * - `enqueued_at` starts retention and the oldest-age figure; it restarts on redrive, while
 *   `sent_at` stays the first send time reported to consumers. It grows with `seq` (a redriven
 *   message is a new row), so both read the first rows in `seq` order instead of keeping an
 *   index that every send and every delete would pay for.
 * - Receipt handles name the row by `seq`: acknowledgements never look up the id index, which
 *   is kept for the ids' uniqueness.
 * - `first_received_at` is set by the first receive and starts the forwarder's retry budget
 *   (`destination.retry.max_age`); a redriven message is a new row, so it starts again.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS messages (
  seq           INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL,
  body          BLOB,
  blob          TEXT,
  sent_at       INTEGER NOT NULL,
  enqueued_at   INTEGER NOT NULL,
  visible_at    INTEGER NOT NULL,
  receive_count INTEGER NOT NULL DEFAULT 0,
  in_flight     INTEGER NOT NULL DEFAULT 0,
  receipt       TEXT,
  last_error    TEXT,
  first_received_at INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON messages (id);
CREATE INDEX IF NOT EXISTS messages_visible ON messages (visible_at, in_flight);
CREATE INDEX IF NOT EXISTS messages_blob ON messages (blob) WHERE blob IS NOT NULL;

CREATE TABLE IF NOT EXISTS dead_letters (
  id               TEXT    PRIMARY KEY,
  body             BLOB,
  blob             TEXT,
  sent_at          INTEGER NOT NULL,
  dead_lettered_at INTEGER NOT NULL,
  receive_count    INTEGER NOT NULL,
  last_error       TEXT
);
CREATE INDEX IF NOT EXISTS dead_letters_order ON dead_letters (dead_lettered_at, id);
CREATE INDEX IF NOT EXISTS dead_letters_blob ON dead_letters (blob) WHERE blob IS NOT NULL;
`;

/**
 * Opens (creating folder, file and tables when missing) a queue database: WAL so readers never
 * block the writer, `synchronous = NORMAL` (a commit survives the process being killed, not a
 * power cut: the WAL is flushed at checkpoints), and a busy timeout so processes sharing the
 * file wait for each other's short write transactions instead of failing.
 *
 * Records hold whole requests and responses, so the files are private: the folder is created
 * 0700, the database 0600 (and SQLite gives its `-wal` and `-shm` files the database's mode),
 * and existing files are tightened to that (see `private-files.ts`). `secure_delete` overwrites
 * a deleted record's bytes with zeros, so a delivered record does not stay readable in the
 * file's free pages (its cost is measured by `bench/queue/sqlite-floor.mjs`).
 *
 * The gateway's queue moves checkpoints to a worker thread (`SqliteCheckpointer`). Other
 * settings stay at their defaults on purpose: on the delivery bench's drain, a larger
 * `cache_size`, `temp_store = MEMORY` and `mmap_size` made no measurable difference.
 *
 * @internal
 * @example
 * ```ts
 * const db = openSqliteDatabase('.sluice/sluice.db', 5000);
 * ```
 */
export function openSqliteDatabase(path: string, busyTimeoutMs: number, logger?: PermissionLogger): Database.Database {
  ensurePrivateFolder(dirname(path), logger);
  ensurePrivateFile(path, logger);
  tighten(`${path}-wal`, logger);
  tighten(`${path}-shm`, logger);
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new QueueError(`cannot use write-ahead logging on ${path} (journal mode stays ${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new QueueError(`${path} has queue schema ${version}; this version of Sluice reads up to ${SCHEMA_VERSION}`);
    }
    if (version === SCHEMA_VERSION) return;
    db.exec(DDL);
    // Version 1 kept an index on enqueued_at; version 2 reads that order from seq.
    db.exec('DROP INDEX IF EXISTS messages_enqueued');
    // Version 3 records the first receive. Messages already received keep null until their next
    // receive: their budget then starts at the upgrade, which is later than their real first
    // attempt, never earlier, so no record is dead-lettered sooner than it was promised.
    const columns = db.pragma('table_info(messages)') as { name: string }[];
    if (!columns.some((column) => column.name === 'first_received_at')) db.exec('ALTER TABLE messages ADD COLUMN first_received_at INTEGER');
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
