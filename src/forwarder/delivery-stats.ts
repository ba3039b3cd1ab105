import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** What happened to one delivery attempt, as `sluice status` counts it. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'dead_lettered';

/** Where the forwarder reports outcomes so `sluice status` can show rates across processes. */
export interface DeliveryStatsSink {
  record(outcome: DeliveryOutcome, at?: number): void;
  /** Writes what is pending and releases the storage. Idempotent. */
  close(): void;
}

/** Delivery activity over recent windows, summed over every forwarder sharing the queue file. */
export interface DeliveryStatsSummary {
  /** Records delivered per second over the rate window. */
  readonly ratePerSecond: number;
  readonly rateWindowMs: number;
  /** Counts over the error window (the alarm period). */
  readonly errorWindowMs: number;
  readonly delivered: number;
  readonly failed: number;
  readonly deadLettered: number;
  readonly lastDeliveredAt: number | null;
  readonly lastFailedAt: number | null;
}

const TABLE = 'forwarder_delivery_stats';
const BUCKET_MS = 10_000;
const RATE_WINDOW_MS = 60_000;
/** The period of the source design's error alarm: any failure in the last five minutes. */
const ERROR_WINDOW_MS = 5 * 60_000;
const KEEP_MS = 24 * 3_600_000;

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  bucket INTEGER PRIMARY KEY,
  delivered INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  dead_lettered INTEGER NOT NULL DEFAULT 0,
  last_delivered_at INTEGER,
  last_failed_at INTEGER
)`;

interface Bucket {
  delivered: number;
  failed: number;
  deadLettered: number;
  lastDeliveredAt: number | null;
  lastFailedAt: number | null;
}

/**
 * Counts delivery outcomes in ten-second buckets in a small table of the embedded queue's
 * SQLite file. Every forwarder process adds to the same rows, so `sluice status` sees the whole
 * system's rate and errors without reaching a running server. Counts are kept in memory and
 * written once a second, so the hot path never touches the disk.
 *
 * @example
 * ```ts
 * const stats = SqliteDeliveryStats.open('.sluice/sluice.db');
 * stats.record('delivered');
 * stats.close();
 * readDeliveryStats('.sluice/sluice.db')?.delivered; // 1
 * ```
 */
export class SqliteDeliveryStats implements DeliveryStatsSink {
  readonly #db: Database.Database;
  readonly #upsert: Database.Statement;
  readonly #prune: Database.Statement;
  readonly #pending = new Map<number, Bucket>();
  readonly #timer: NodeJS.Timeout;
  readonly #onError: (error: unknown) => void;
  #lastPrune = 0;
  #closed = false;

  private constructor(db: Database.Database, flushIntervalMs: number, onError: (error: unknown) => void) {
    this.#db = db;
    this.#onError = onError;
    db.exec(SCHEMA);
    this.#upsert = db.prepare(`INSERT INTO ${TABLE} (bucket, delivered, failed, dead_lettered, last_delivered_at, last_failed_at)
      VALUES (@bucket, @delivered, @failed, @deadLettered, @lastDeliveredAt, @lastFailedAt)
      ON CONFLICT(bucket) DO UPDATE SET
        delivered = delivered + excluded.delivered,
        failed = failed + excluded.failed,
        dead_lettered = dead_lettered + excluded.dead_lettered,
        last_delivered_at = max(coalesce(last_delivered_at, 0), coalesce(excluded.last_delivered_at, 0)),
        last_failed_at = max(coalesce(last_failed_at, 0), coalesce(excluded.last_failed_at, 0))`);
    this.#prune = db.prepare(`DELETE FROM ${TABLE} WHERE bucket < ?`);
    this.#timer = setInterval(() => this.flush(), flushIntervalMs).unref();
  }

  /**
   * Opens (and creates if needed) the stats table in the SQLite file at `path`.
   *
   * @param options.onError Called when a write fails (the counts are kept for the next one).
   */
  static open(path: string, options: { flushIntervalMs?: number; onError?: (error: unknown) => void } = {}): SqliteDeliveryStats {
    // A short busy timeout: a flush blocks the event loop while it waits for another process's
    // write lock, and a failed flush only keeps its counts for the next one.
    const db = new Database(path, { timeout: 100 });
    // Counters need not survive a power cut: no fsync per flush (the queue's own setting too).
    db.pragma('synchronous = NORMAL');
    return new SqliteDeliveryStats(db, options.flushIntervalMs ?? 1_000, options.onError ?? (() => {}));
  }

  record(outcome: DeliveryOutcome, at: number = Date.now()): void {
    const key = at - (at % BUCKET_MS);
    let bucket = this.#pending.get(key);
    if (bucket === undefined) {
      bucket = { delivered: 0, failed: 0, deadLettered: 0, lastDeliveredAt: null, lastFailedAt: null };
      this.#pending.set(key, bucket);
    }
    if (outcome === 'delivered') {
      bucket.delivered += 1;
      bucket.lastDeliveredAt = at;
    } else if (outcome === 'failed') {
      bucket.failed += 1;
      bucket.lastFailedAt = at;
    } else {
      bucket.deadLettered += 1;
    }
  }

  /** Writes pending counts now. */
  flush(): void {
    if (this.#closed || this.#pending.size === 0) return;
    const rows = [...this.#pending].map(([bucket, counts]) => ({ bucket, ...counts }));
    this.#pending.clear();
    try {
      this.#db.transaction(() => {
        for (const row of rows) this.#upsert.run(row);
        const now = Date.now();
        if (now - this.#lastPrune > 10 * 60_000) {
          this.#prune.run(now - KEEP_MS);
          this.#lastPrune = now;
        }
      })();
    } catch (error) {
      // Keep the counts: the next flush retries them (status figures are approximate anyway).
      for (const row of rows) this.#merge(row.bucket, row);
      this.#onError(error);
    }
  }

  close(): void {
    if (this.#closed) return;
    clearInterval(this.#timer);
    this.flush();
    this.#closed = true;
    this.#db.close();
  }

  /** Adds counts back into the pending map after a failed write. */
  #merge(key: number, counts: Bucket): void {
    const bucket = this.#pending.get(key);
    if (bucket === undefined) {
      this.#pending.set(key, { ...counts });
      return;
    }
    bucket.delivered += counts.delivered;
    bucket.failed += counts.failed;
    bucket.deadLettered += counts.deadLettered;
    bucket.lastDeliveredAt = maxOrNull(bucket.lastDeliveredAt, counts.lastDeliveredAt);
    bucket.lastFailedAt = maxOrNull(bucket.lastFailedAt, counts.lastFailedAt);
  }
}

/**
 * Reads the recent delivery activity recorded by {@link SqliteDeliveryStats} in the file at
 * `path`, read-only. `undefined` when the file or the table does not exist (no forwarder has
 * run against it yet).
 *
 * @example
 * ```ts
 * const summary = readDeliveryStats('.sluice/sluice.db');
 * console.log(summary?.ratePerSecond ?? 'unknown');
 * ```
 */
export function readDeliveryStats(path: string, now: number = Date.now()): DeliveryStatsSummary | undefined {
  if (!existsSync(path)) return undefined;
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(TABLE);
    if (table === undefined) return undefined;
    const sum = db.prepare(`SELECT coalesce(sum(delivered), 0) AS delivered, coalesce(sum(failed), 0) AS failed,
        coalesce(sum(dead_lettered), 0) AS deadLettered FROM ${TABLE} WHERE bucket >= ?`);
    const rateStart = now - RATE_WINDOW_MS - ((now - RATE_WINDOW_MS) % BUCKET_MS);
    const rate = sum.get(rateStart) as { delivered: number };
    const errorStart = now - ERROR_WINDOW_MS - ((now - ERROR_WINDOW_MS) % BUCKET_MS);
    const recent = sum.get(errorStart) as { delivered: number; failed: number; deadLettered: number };
    const last = db.prepare(`SELECT max(last_delivered_at) AS lastDeliveredAt, max(nullif(last_failed_at, 0)) AS lastFailedAt FROM ${TABLE}`).get() as {
      lastDeliveredAt: number | null;
      lastFailedAt: number | null;
    };
    return {
      ratePerSecond: rate.delivered / ((now - rateStart) / 1000),
      rateWindowMs: RATE_WINDOW_MS,
      errorWindowMs: ERROR_WINDOW_MS,
      delivered: recent.delivered,
      failed: recent.failed,
      deadLettered: recent.deadLettered,
      lastDeliveredAt: last.lastDeliveredAt || null,
      lastFailedAt: last.lastFailedAt || null,
    };
  } finally {
    db.close();
  }
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
