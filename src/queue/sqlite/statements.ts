import type Database from 'better-sqlite3';
import { InListStatement } from './in-list.js';

/**
 * @internal A visible main-queue row as a receive reads it, as an array (better-sqlite3's raw
 * mode skips building an object per row): seq, id, body, blob, sent_at, receive_count, last_error,
 * first_received_at.
 */
export type CandidateRow = readonly [
  seq: number,
  id: string,
  body: Buffer | null,
  blob: string | null,
  sentAt: number,
  receiveCount: number,
  lastError: string | null,
  firstReceivedAt: number | null,
];

/** @internal Column positions in a `CandidateRow`. */
export const CANDIDATE = { seq: 0, id: 1, body: 2, blob: 3, sentAt: 4, receiveCount: 5, lastError: 6, firstReceivedAt: 7 } as const;

/** @internal A dead-letter row. */
export interface DeadLetterRow {
  readonly id: string;
  readonly body: Buffer | null;
  readonly blob: string | null;
  readonly sent_at: number;
  readonly dead_lettered_at: number;
  readonly receive_count: number;
  readonly last_error: string | null;
}

/** @internal A row to insert into the main queue. */
export interface NewMessageRow {
  readonly id: string;
  readonly body: Buffer | null;
  readonly blob: string | null;
  readonly sent_at: number;
  readonly enqueued_at: number;
  readonly visible_at: number;
}

/** @internal Counts behind `Queue.stats()`. */
export interface StatsRow {
  readonly visible: number;
  readonly in_flight: number;
  readonly delayed: number;
  readonly retrying: number;
  readonly next_retry_at: number | null;
  readonly oldest: number | null;
  readonly dlq: number;
}

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;
type InsertParams = [id: string, body: Buffer | null, blob: string | null, sentAt: number, enqueuedAt: number, visibleAt: number];

/** @internal The prepared statements of one connection. */
export interface SqliteStatements {
  /** Params: id, body, blob, sent_at, enqueued_at, visible_at (see `insertRow`). */
  readonly insert: Statement<InsertParams>;
  readonly anyVisible: Statement<[number], { one: number }>;
  readonly candidates: Statement<[number, number], CandidateRow>;
  /** Holds rows for a receive: params `until, token, now`, keys: seqs. */
  readonly hold: InListStatement;
  readonly copyToDeadLetters: Statement<[{ seq: number; now: number; reason: string | null; fallback: string }]>;
  /** Copies rows out of receives to the dead letters: params `now, fallback`, keys: seqs. */
  readonly copyManyToDeadLetters: InListStatement;
  readonly deleteBySeq: Statement<[number]>;
  /** Keys: seqs. */
  readonly deleteManyBySeq: InListStatement;
  /** Acknowledges messages whose payload is in the row. Keys: seqs. */
  readonly deleteInlineBySeq: InListStatement;
  /** Acknowledges the other messages. Keys: seqs; returns `<seq> <blob>` for each deleted row with a blob. */
  readonly deleteWithBlobsBySeq: InListStatement;
  readonly findHeld: Statement<[number, string], { seq: number }>;
  readonly changeVisibility: Statement<[{ seq: number; token: string; until: number; release: number; error: string | null }]>;
  readonly stats: Statement<[{ now: number }], StatsRow>;
  readonly expireMessages: Statement<[{ cutoff: number; limit: number }], { blob: string | null }>;
  readonly expireDeadLetters: Statement<[number, number], { blob: string | null }>;
  readonly blobReferenced: Statement<[{ blob: string }], { one: number }>;
  readonly deadLetter: Statement<[string], DeadLetterRow>;
  readonly deadLetterCursor: Statement<[string], { dead_lettered_at: number }>;
  readonly deadLettersFirst: Statement<[number], DeadLetterRow>;
  readonly deadLettersAfter: Statement<[number, string, number], DeadLetterRow>;
  readonly deadLetterIds: Statement<[], { id: string }>;
  readonly redriveOne: Statement<[{ id: string; now: number }]>;
  readonly deleteDeadLetter: Statement<[string], { blob: string | null }>;
  readonly deadLetterBlobs: Statement<[], { blob: string }>;
  readonly deleteAllDeadLetters: Statement<[]>;
}

const DEAD_LETTER_COLUMNS = 'id, body, blob, sent_at, dead_lettered_at, receive_count, last_error';

/**
 * Every statement the driver runs, prepared once per connection.
 *
 * @internal
 * @example
 * ```ts
 * const statements = prepareStatements(db);
 * insertRow(statements, row);
 * ```
 */
export function prepareStatements(db: Database.Database): SqliteStatements {
  return {
    // Positional parameters: binding by name costs every send about 10% more.
    insert: db.prepare<InsertParams>(
      `INSERT INTO messages (id, body, blob, sent_at, enqueued_at, visible_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    /** A cheap read before taking the write lock: most empty polls end here. */
    anyVisible: db.prepare<[number], { one: number }>('SELECT 1 AS one FROM messages WHERE visible_at <= ? LIMIT 1'),
    /** Everything a receive returns, read before the rows are held: cheaper than UPDATE … RETURNING. */
    candidates: db
      .prepare<[number, number], CandidateRow>(
        'SELECT seq, id, body, blob, sent_at, receive_count, last_error, first_received_at FROM messages WHERE visible_at <= ? ORDER BY visible_at LIMIT ?',
      )
      .raw(),
    hold: new InListStatement(
      db,
      'UPDATE messages SET receive_count = receive_count + 1, visible_at = ?, in_flight = 1, receipt = ?, first_received_at = coalesce(first_received_at, ?) WHERE seq IN (?…)',
    ),
    /** Copies a main-queue row to the dead letters; `reason` wins over the stored error, `fallback` fills in when both are null. */
    copyToDeadLetters: db.prepare<[{ seq: number; now: number; reason: string | null; fallback: string }]>(
      `INSERT OR REPLACE INTO dead_letters (${DEAD_LETTER_COLUMNS})
       SELECT id, body, blob, sent_at, @now, receive_count, coalesce(@reason, last_error, @fallback)
       FROM messages WHERE seq = @seq`,
    ),
    copyManyToDeadLetters: new InListStatement(
      db,
      `INSERT OR REPLACE INTO dead_letters (${DEAD_LETTER_COLUMNS})
       SELECT id, body, blob, sent_at, ?, receive_count, coalesce(last_error, ?) FROM messages WHERE seq IN (?…)`,
    ),
    deleteBySeq: db.prepare<[number]>('DELETE FROM messages WHERE seq = ?'),
    deleteManyBySeq: new InListStatement(db, 'DELETE FROM messages WHERE seq IN (?…)'),
    // Without RETURNING: most payloads are in the row, and returning a null for each costs more than the check.
    deleteInlineBySeq: new InListStatement(db, 'DELETE FROM messages WHERE seq IN (?…) AND blob IS NULL'),
    deleteWithBlobsBySeq: new InListStatement(db, "DELETE FROM messages WHERE seq IN (?…) RETURNING iif(blob IS NULL, NULL, seq || ' ' || blob)"),
    findHeld: db.prepare<[number, string], { seq: number }>('SELECT seq FROM messages WHERE seq = ? AND receipt = ?'),
    changeVisibility: db.prepare<[{ seq: number; token: string; until: number; release: number; error: string | null }]>(
      `UPDATE messages
       SET visible_at = @until, in_flight = CASE WHEN @release THEN 0 ELSE in_flight END, last_error = coalesce(@error, last_error)
       WHERE seq = @seq AND receipt = @token`,
    ),
    stats: db.prepare<[{ now: number }], StatsRow>(
      `SELECT
         (SELECT count(*) FROM messages WHERE visible_at <= @now) AS visible,
         (SELECT count(*) FROM messages WHERE visible_at > @now AND in_flight = 1) AS in_flight,
         (SELECT count(*) FROM messages WHERE visible_at > @now AND in_flight = 0) AS delayed,
         (SELECT count(*) FROM messages WHERE visible_at > @now AND in_flight = 0 AND receive_count > 0) AS retrying,
         (SELECT min(visible_at) FROM messages WHERE visible_at > @now AND in_flight = 0 AND receive_count > 0) AS next_retry_at,
         (SELECT enqueued_at FROM messages ORDER BY seq LIMIT 1) AS oldest,
         (SELECT count(*) FROM dead_letters) AS dlq`,
    ),
    // Rows are enqueued in seq order, so the expired ones are a prefix: look at the first rows
    // only, rather than scan a whole backlog that has nothing to expire.
    expireMessages: db.prepare<[{ cutoff: number; limit: number }], { blob: string | null }>(
      `DELETE FROM messages WHERE seq IN (
         SELECT seq FROM (SELECT seq, enqueued_at FROM messages ORDER BY seq LIMIT @limit) WHERE enqueued_at < @cutoff
       ) RETURNING blob`,
    ),
    expireDeadLetters: db.prepare<[number, number], { blob: string | null }>(
      'DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE dead_lettered_at < ? LIMIT ?) RETURNING blob',
    ),
    blobReferenced: db.prepare<[{ blob: string }], { one: number }>(
      'SELECT 1 AS one FROM messages WHERE blob = @blob UNION ALL SELECT 1 FROM dead_letters WHERE blob = @blob LIMIT 1',
    ),

    deadLetter: db.prepare<[string], DeadLetterRow>(`SELECT ${DEAD_LETTER_COLUMNS} FROM dead_letters WHERE id = ?`),
    deadLetterCursor: db.prepare<[string], { dead_lettered_at: number }>('SELECT dead_lettered_at FROM dead_letters WHERE id = ?'),
    deadLettersFirst: db.prepare<[number], DeadLetterRow>(`SELECT ${DEAD_LETTER_COLUMNS} FROM dead_letters ORDER BY dead_lettered_at, id LIMIT ?`),
    deadLettersAfter: db.prepare<[number, string, number], DeadLetterRow>(
      `SELECT ${DEAD_LETTER_COLUMNS} FROM dead_letters WHERE (dead_lettered_at, id) > (?, ?) ORDER BY dead_lettered_at, id LIMIT ?`,
    ),
    deadLetterIds: db.prepare<[], { id: string }>('SELECT id FROM dead_letters ORDER BY dead_lettered_at, id'),
    /** Back to the main queue: visible now, receive count reset, retention restarted. */
    redriveOne: db.prepare<[{ id: string; now: number }]>(
      `INSERT INTO messages (id, body, blob, sent_at, enqueued_at, visible_at, last_error)
       SELECT id, body, blob, sent_at, @now, @now, last_error FROM dead_letters WHERE id = @id
       ON CONFLICT (id) DO NOTHING`,
    ),
    deleteDeadLetter: db.prepare<[string], { blob: string | null }>('DELETE FROM dead_letters WHERE id = ? RETURNING blob'),
    deadLetterBlobs: db.prepare<[], { blob: string }>('SELECT blob FROM dead_letters WHERE blob IS NOT NULL'),
    deleteAllDeadLetters: db.prepare('DELETE FROM dead_letters'),
  };
}

/**
 * Inserts a row into the main queue; returns false when its id is already queued.
 *
 * @internal
 * @example
 * ```ts
 * insertRow(statements, { id, body, blob: null, sent_at: now, enqueued_at: now, visible_at: now }); // true
 * ```
 */
export function insertRow(statements: SqliteStatements, row: NewMessageRow): boolean {
  return statements.insert.run(row.id, row.body, row.blob, row.sent_at, row.enqueued_at, row.visible_at).changes === 1;
}
