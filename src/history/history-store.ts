import type Database from 'better-sqlite3';
import type { PermissionLogger } from '../queue/sqlite/private-files.js';
import { historyFields } from './history-fields.js';
import { decodeCursor, encodeCursor, filterCondition } from './history-query.js';
import { CHANGE_SEQ_SCHEMA_VERSION, DURATION_SCHEMA_VERSION, HISTORY_SCHEMA_VERSION, historySchemaVersion, openHistoryDatabase } from './history-schema.js';
import type {
  HistoryAttempt,
  HistoryCapture,
  HistoryChange,
  HistoryEntry,
  HistoryFilter,
  HistoryOutcome,
  HistoryPage,
  HistoryState,
  HistorySummary,
} from './types.js';

/** How many entries one prune step removes at most: short enough never to be felt. */
export const PRUNE_BATCH = 500;

interface SummaryRow {
  seq: number;
  id: string;
  time: number;
  route: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  state: HistoryState;
  attempts: number;
  updated_at: number;
  duration_ms: number | null;
}

/** The summary's columns; a reader of a file older than version 3 has no durations. */
function summaryColumns(version: number): string {
  const duration = version >= DURATION_SCHEMA_VERSION ? 'duration_ms' : 'NULL AS duration_ms';
  return `seq, id, time, route, method, path, status, state, attempts, updated_at, ${duration}`;
}

/**
 * The history of delivered records (issue 14 §1) in its own SQLite file: each record with its
 * delivery attempts and state, searchable by time, route, method, status, path, state and free
 * text. Writes come in batches, one transaction each, through prepared statements; the
 * record's listed fields are read with one `JSON.parse` (see `historyFields`).
 *
 * @example
 * ```ts
 * const store = HistoryStore.open('.sluice/sluice.history.db');
 * store.write([{ id, json, attempt: 1, at: Date.now(), durationMs: 12, status: 200, state: 'delivered' }]);
 * const { entries, nextCursor } = store.list({ status: { class: 2 } }, { limit: 20 });
 * store.close();
 * ```
 */
export class HistoryStore {
  readonly #db: Database.Database;
  readonly #readonly: boolean;
  #statements: ReturnType<typeof prepareWrites> | undefined;
  #changeReads: ReturnType<typeof prepareChangeReads> | undefined;
  #closed = false;
  readonly #summaryColumns: string;

  private constructor(db: Database.Database, readonly: boolean) {
    this.#db = db;
    this.#readonly = readonly;
    this.#summaryColumns = summaryColumns(historySchemaVersion(db));
  }

  /** Opens (and creates) the history file for writing. */
  static open(path: string, options: { logger?: PermissionLogger } = {}): HistoryStore {
    return new HistoryStore(openHistoryDatabase(path, options), false);
  }

  /**
   * Opens an existing history file for reading only (the CLI).
   *
   * @throws when the file does not exist.
   */
  static openReadonly(path: string): HistoryStore {
    return new HistoryStore(openHistoryDatabase(path, { readonly: true }), true);
  }

  /**
   * Creates the entries of newly captured records, `queued` with no attempt, in one
   * transaction. A record the history already holds is left as it is: another process's
   * forwarder may have written its first outcome before this process's capture reached the
   * file, and a capture never takes an entry back to `queued`.
   */
  capture(captures: readonly HistoryCapture[]): void {
    if (captures.length === 0) return;
    if (this.#readonly) throw new Error('the history store was opened read-only');
    const statements = (this.#statements ??= prepareWrites(this.#db));
    this.#db.transaction(() => {
      let change = (statements.changeCounter.get() as { value: number }).value;
      for (const capture of captures) {
        const inserted = statements.insert.run(this.#newEntry(capture.id, capture.json, 'queued', 0, capture.at, change + 1));
        if (inserted.changes === 0) continue;
        change += 1;
        statements.index.run(inserted.lastInsertRowid, capture.json);
      }
      statements.setChangeCounter.run(change);
    })();
  }

  /**
   * Records delivery outcomes in one transaction: the first outcome of a record creates its
   * entry (and indexes its text), later ones update its state and add an attempt.
   */
  write(outcomes: readonly HistoryOutcome[]): void {
    if (outcomes.length === 0) return;
    if (this.#readonly) throw new Error('the history store was opened read-only');
    const statements = (this.#statements ??= prepareWrites(this.#db));
    this.#db.transaction(() => {
      // The change counter is read once and written once per batch: every outcome takes the
      // next value, so a follower sees each change in the order it was written.
      let change = (statements.changeCounter.get() as { value: number }).value;
      for (const outcome of outcomes) {
        change += 1;
        const found = statements.find.get(outcome.id) as { seq: number } | undefined;
        let seq: number;
        if (found === undefined) {
          seq = Number(statements.insert.run(this.#newEntry(outcome.id, outcome.json, outcome.state, 1, outcome.at, change)).lastInsertRowid);
          statements.index.run(seq, outcome.json);
        } else {
          seq = found.seq;
          statements.update.run({ seq, state: outcome.state, at: outcome.at, change });
        }
        statements.attempt.run({
          seq,
          attempt: outcome.attempt,
          at: outcome.at,
          durationMs: outcome.durationMs,
          status: outcome.status ?? null,
          error: outcome.error ?? null,
        });
      }
      statements.setChangeCounter.run(change);
    })();
  }

  /** The insert's parameters for a record's first row: its listed fields read from the JSON. */
  #newEntry(id: string, json: string, state: HistoryState, attempts: number, at: number, change: number) {
    const fields = historyFields(json);
    return {
      id,
      time: fields.time ?? at,
      route: fields.route,
      method: fields.method,
      path: fields.path,
      status: fields.status,
      durationMs: fields.durationMs,
      state,
      attempts,
      at,
      size: Buffer.byteLength(json),
      json,
      change,
    };
  }

  /**
   * Entries inserted or updated after change `seq`, in the order of their changes (ascending
   * `seq`), at most `limit`. An entry that changed several times since appears once, at its
   * latest change, with its state then. Pass the last change's `seq` back to read on.
   *
   * @throws Error on a history file written by an older Sluice that no writer has upgraded yet.
   * @example
   * ```ts
   * let seq = store.latestSeq();
   * // …later
   * for (const change of store.changesSince(seq)) seq = change.seq;
   * ```
   */
  changesSince(seq: number, limit = 500): HistoryChange[] {
    const rows = this.#changeStatements().since.all(seq, limit) as (SummaryRow & { change_seq: number })[];
    return rows.map((row) => ({ seq: row.change_seq, summary: toSummary(row) }));
  }

  /**
   * The sequence number of the latest change (0 for a history never written to): follow from
   * here to see only what changes from now on.
   *
   * @throws Error on a history file written by an older Sluice that no writer has upgraded yet.
   * @example
   * ```ts
   * const fromNow = store.latestSeq();
   * ```
   */
  latestSeq(): number {
    const row = this.#changeStatements().latest.get() as { value: number } | undefined;
    return row?.value ?? 0;
  }

  #changeStatements(): ReturnType<typeof prepareChangeReads> {
    if (this.#changeReads !== undefined) return this.#changeReads;
    // A reader never migrates (it may not own the file): an old layout has no change sequence.
    const version = historySchemaVersion(this.#db);
    if (version < CHANGE_SEQ_SCHEMA_VERSION) {
      throw new Error(
        `the history file has schema ${version}, older than ${HISTORY_SCHEMA_VERSION}: start this version of Sluice's forwarder once to upgrade it`,
      );
    }
    return (this.#changeReads = prepareChangeReads(this.#db, this.#summaryColumns));
  }

  /**
   * Entries matching `filter`, newest first (by capture time), `limit` at a time; pass the
   * page's `nextCursor` back as `cursor` for the next, older page.
   *
   * @throws RangeError on a cursor this store did not make.
   */
  list(filter: HistoryFilter = {}, options: { limit?: number; cursor?: string } = {}): HistoryPage {
    const limit = options.limit ?? 50;
    const cursor = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    if (options.cursor !== undefined && cursor === undefined) throw new RangeError(`not a history cursor: ${options.cursor}`);
    const { sql, params } = filterCondition(filter, cursor);
    const rows = this.#db
      .prepare(`SELECT ${this.#summaryColumns} FROM history_entries WHERE ${sql} ORDER BY time DESC, seq DESC LIMIT @limit`)
      .all({ ...params, limit: limit + 1 }) as SummaryRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      entries: page.map(toSummary),
      ...(rows.length > limit && last !== undefined && { nextCursor: encodeCursor({ time: last.time, seq: last.seq }) }),
    };
  }

  /** One entry with its record and attempts, or undefined. */
  get(id: string): HistoryEntry | undefined {
    const row = this.#db.prepare(`SELECT ${this.#summaryColumns}, record FROM history_entries WHERE id = ?`).get(id) as
      (SummaryRow & { record: string }) | undefined;
    if (row === undefined) return undefined;
    const attempts = this.#db
      .prepare('SELECT attempt, at, duration_ms AS durationMs, status, error FROM history_attempts WHERE entry_seq = ? ORDER BY rowid')
      .all(row.seq) as HistoryAttempt[];
    return { ...toSummary(row), record: parseRecord(row.record), attemptLog: attempts };
  }

  /** Pages the history's data occupies, in bytes (free pages left by pruning are not counted). */
  usedBytes(): number {
    const pageSize = this.#db.pragma('page_size', { simple: true }) as number;
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const free = this.#db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  /**
   * Removes at most `batch` of the oldest entries: those captured before `before`, or, when
   * there are none and the data is over `maxBytes`, the oldest anyway. Returns how many went;
   * a full batch means there may be more to do. Each call is one short transaction, so a
   * caller spreads a large prune over many turns of the event loop.
   */
  pruneStep(bounds: { before: number; maxBytes: number }, batch = PRUNE_BATCH): number {
    const statements = (this.#statements ??= prepareWrites(this.#db));
    let seqs = (statements.older.all(bounds.before, batch) as { seq: number }[]).map((row) => row.seq);
    if (seqs.length === 0 && this.usedBytes() > bounds.maxBytes) {
      seqs = (statements.oldest.all(batch) as { seq: number }[]).map((row) => row.seq);
    }
    if (seqs.length === 0) return 0;
    this.#db.transaction(() => {
      for (const seq of seqs) {
        statements.unindex.run(seq);
        statements.removeAttempts.run(seq);
        statements.remove.run(seq);
      }
    })();
    return seqs.length;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

function prepareWrites(db: Database.Database) {
  return {
    find: db.prepare('SELECT seq FROM history_entries WHERE id = ?'),
    // A capture that comes after its record's first outcome (two processes) changes nothing.
    insert: db.prepare(`INSERT INTO history_entries (id, time, route, method, path, status, duration_ms, state, attempts, updated_at, size, record, change_seq)
      VALUES (@id, @time, @route, @method, @path, @status, @durationMs, @state, @attempts, @at, @size, @json, @change) ON CONFLICT (id) DO NOTHING`),
    index: db.prepare('INSERT INTO history_text (rowid, record) VALUES (?, ?)'),
    update: db.prepare(
      'UPDATE history_entries SET state = @state, attempts = attempts + 1, updated_at = max(updated_at, @at), change_seq = @change WHERE seq = @seq',
    ),
    changeCounter: db.prepare("SELECT value FROM history_meta WHERE key = 'change_seq'"),
    setChangeCounter: db.prepare("UPDATE history_meta SET value = ? WHERE key = 'change_seq'"),
    attempt: db.prepare(`INSERT INTO history_attempts (entry_seq, attempt, at, duration_ms, status, error)
      VALUES (@seq, @attempt, @at, @durationMs, @status, @error)`),
    older: db.prepare('SELECT seq FROM history_entries WHERE time < ? ORDER BY time, seq LIMIT ?'),
    oldest: db.prepare('SELECT seq FROM history_entries ORDER BY time, seq LIMIT ?'),
    unindex: db.prepare('DELETE FROM history_text WHERE rowid = ?'),
    removeAttempts: db.prepare('DELETE FROM history_attempts WHERE entry_seq = ?'),
    remove: db.prepare('DELETE FROM history_entries WHERE seq = ?'),
  };
}

function prepareChangeReads(db: Database.Database, columns: string) {
  return {
    since: db.prepare(`SELECT ${columns}, change_seq FROM history_entries WHERE change_seq > ? ORDER BY change_seq LIMIT ?`),
    latest: db.prepare("SELECT value FROM history_meta WHERE key = 'change_seq'"),
  };
}

function toSummary(row: SummaryRow): HistorySummary {
  return {
    id: row.id,
    time: row.time,
    route: row.route,
    method: row.method,
    path: row.path,
    status: row.status,
    state: row.state,
    attempts: row.attempts,
    updatedAt: row.updated_at,
    durationMs: row.duration_ms,
  };
}

function parseRecord(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Shown as text below: the entry is still worth seeing.
  }
  return { unparsed: json };
}
