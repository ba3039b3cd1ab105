import { readdir, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { QueueFullError, type QueueFullReason } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import { reserveBytesFor, SpaceReserve } from './space-reserve.js';
import { RefusalMarker } from './refusal-marker.js';
import { truncateLog } from './truncate-log.js';
import type { QueueSpaceStats } from '../types.js';

/** How often the files and the file system are looked at (and the reserve rewritten when due). */
const SAMPLE_INTERVAL_MS = 1_000;
/** How often the blob folder is summed up while the queue is far from its limits. */
const BLOB_SCAN_INTERVAL_MS = 15_000;
/** While refusing, a send looks again at most this often, so a freed disk is noticed at once. */
const REFUSING_RESAMPLE_MS = 200;
/** How often, at most, the log file is truncated to make room for the reserve. */
const TRUNCATE_INTERVAL_MS = 10_000;
/** Each row costs more than its payload: the other columns, its index entries, page slack. */
const ROW_OVERHEAD_BYTES = 256;
/** What a page of a table holds, short of its header: payloads over it spill into overflow pages. */
const PAGE_HEADER_BYTES = 35;
/** Blob files take whole blocks of the file system. */
const FILE_BLOCK_BYTES = 4096;
/** The checkpoint reserve, and the log's debt allowed to sends, is this share of the reserve (at least 64 KiB). */
const CHECKPOINT_RESERVE_SHARE = 4;
const MIN_CHECKPOINT_RESERVE_BYTES = 64 * 1024;
/** A send over the log's bound looks this often whether a checkpoint paid some of the debt… */
const CHECKPOINT_POLL_MS = 5;
/** …and is refused when none could for this long (a reader holds the log). */
const CHECKPOINT_WAIT_MS = 1_000;

export interface SqliteQueueSpaceOptions {
  readonly db: Database.Database;
  /** The database file (its `-wal` and `.blobs` live beside it). */
  readonly path: string;
  readonly blobFolder: string;
  /** `queue.max_size`; undefined for no limit but the disk's. */
  readonly maxBytes: number | undefined;
  /**
   * Write the reserve (servers) or only release it when a delete needs it (inspecting
   * commands). Servers also mark their refusals for other processes (see `RefusalMarker`).
   */
  readonly keepReserve: boolean;
  /** Overrides the reserve's size (otherwise 1/64 of the file system, 256 KiB … 8 MiB). */
  readonly reserveBytes?: number;
  /**
   * Whether this process checkpoints by itself (no checkpoint worker): the space sampler then
   * checkpoints once a second while the log holds pages the database file does not have yet.
   */
  readonly checkpointWhenBehind: boolean;
  readonly logger: Logger;
}

/**
 * How much space the embedded queue takes and may still take, checked without touching the disk
 * on the send path. Every second it reads the database's pages in use (`page_count` −
 * `freelist_count`), the write-ahead log's size and the file system's free space (`statfs`);
 * the blob folder is summed every 15 s, and every second while the queue is near its limit.
 *
 * What `queue.max_size` counts: the database's pages in use and the blob files, the data the
 * queue holds. Not the database's free pages: SQLite reuses them before the file grows, and the
 * file never shrinks by itself, so counting them would keep a queue that filled once full for
 * good after it drained. Not the write-ahead log either, for the same reason: checkpoints copy
 * it back and it is reused from its start, but SQLite leaves its file at its largest size. Both
 * are disk space all the same, which the disk check (free space + free pages, against the
 * headroom) accounts for; the log is reported on its own (`walBytes`).
 *
 * The disk check also counts the checkpoint's debt: pages the log holds beyond the end of the
 * database file (new pages from sends) need that much room when a checkpoint copies them back,
 * and until a checkpoint has, the log cannot start over and every later write — deletes too —
 * makes it longer. So sends stop while there is still room for that, and a process without a
 * checkpoint worker checkpoints once a second while it owes one. Between two looks, the
 * payloads this process sent are added to the figures, so one gateway never overshoots; other
 * processes' sends are seen at the next look.
 *
 * A send is refused with `QueueFullError` when it would take the queue past `queue.max_size`
 * (`max_size`), or the space left for it — the file system's free space plus the database's
 * free pages — below the headroom kept for deletes (`disk`; see `SpaceReserve`).
 *
 * @internal
 * @example
 * ```ts
 * const space = new SqliteQueueSpace({ db, path, blobFolder, maxBytes: 1 << 30, keepReserve: true, logger });
 * space.admit(payload.length); // throws QueueFullError at the limit
 * ```
 */
export class SqliteQueueSpace {
  readonly reserve: SpaceReserve;
  /** The second margin: only pays the checkpoint's debt (see `payDebt`). */
  readonly checkpointReserve: SpaceReserve;
  readonly #options: SqliteQueueSpaceOptions;
  readonly #pageSize: number;
  readonly #timer: NodeJS.Timeout;
  /** Undefined for processes that only inspect the queue. */
  readonly #marker: RefusalMarker | undefined;
  /** Headroom kept free for deletes: the reserve's size. */
  readonly #headroom: number;
  #dbBytes = 0;
  #walBytes = 0;
  #dbFreeBytes = 0;
  /** Bytes of pages in the log beyond the database file's end. */
  #checkpointDebt = 0;
  #diskFree: number | null = null;
  #diskTotal: number | null = null;
  #reserveHeld = false;
  #checkpointReserveHeld = false;
  /** Sum of the blob folder at the last scan, plus the blobs this process wrote since. */
  #blobBytes = 0;
  #blobScanned = false;
  #scanning: Promise<void> | undefined;
  #lastScanAt = 0;
  /** Bytes this process sent since the last sample. */
  #pending = 0;
  /**
   * What those sends add to the database file: the checkpoint's debt grows by it. A blob's
   * bytes go to its own file, so they count in `#pending` (disk, `max_size`) but not here.
   */
  #pendingLog = 0;
  /** What sends admitted and not committed yet (or given up) will add to the log. */
  #unflushedLog = 0;
  /** `#unflushedLog` at the last sample: rows the measured debt could not include yet. */
  #carriedLog = 0;
  /** The wait for a checkpoint that sends over the log's bound share (see `waitForCheckpoint`). */
  #catchingUp: Promise<void> | undefined;
  /** Blob bytes written while a scan of the folder runs (the scan may or may not see them). */
  #writtenDuringScan = 0;
  /** This process deleted messages since the last look: a refused send looks again at once. */
  #freedSinceSample = false;
  #freedSinceScan = false;
  #sampledAt = 0;
  #full: QueueFullReason | null = null;
  /** The size of the last refused send, to tell later whether one like it would fit now. */
  #refusedCost = 0;
  /** The reserve was given back for a delete and not written again yet. */
  #released = false;
  #truncatedAt = 0;
  #closed = false;

  constructor(options: SqliteQueueSpaceOptions) {
    this.#options = options;
    if (options.keepReserve) this.#marker = new RefusalMarker(options.path);
    this.#pageSize = options.db.pragma('page_size', { simple: true }) as number;
    this.#sample();
    this.reserve = new SpaceReserve(SpaceReserve.pathFor(options.path), options.reserveBytes ?? reserveBytesFor(this.#diskTotal ?? 0));
    this.#headroom = this.reserve.bytes;
    this.#reserveHeld = this.reserve.held();
    const share = Math.floor(this.reserve.bytes / CHECKPOINT_RESERVE_SHARE / FILE_BLOCK_BYTES) * FILE_BLOCK_BYTES;
    this.checkpointReserve = new SpaceReserve(`${this.reserve.path}-checkpoint`, Math.max(MIN_CHECKPOINT_RESERVE_BYTES, share));
    this.#checkpointReserveHeld = this.checkpointReserve.held();
    // After a burst, SQLite leaves the log file at its largest: past the headroom, give the
    // space back when the log starts over, so the disk check sees it.
    options.db.pragma(`journal_size_limit = ${this.#headroom}`);
    void this.#scanBlobs();
    this.#maintainReserve();
    this.#timer = setInterval(() => this.#tick(), SAMPLE_INTERVAL_MS).unref();
  }

  /**
   * Accounts for a message of `bytes` about to be sent, or throws `QueueFullError` when it does
   * not fit. Arithmetic only, unless the estimate says it does not fit: then it looks at the
   * files first (once after estimated sends, else at most every 200 ms). The log's own bound is
   * the caller's to wait for first (`logHasRoom`), so that no send waits inside a transaction.
   */
  admit(bytes: number, offloaded: boolean): void {
    const cost = offloaded ? Math.ceil(bytes / FILE_BLOCK_BYTES) * FILE_BLOCK_BYTES + ROW_OVERHEAD_BYTES : this.#rowCost(bytes);
    let refused = this.#refusal(cost);
    // Refuse on measured figures: look again when estimates are part of them, or when space may have been freed.
    if (refused !== null && (this.#pending > 0 || this.#freedSinceSample || Date.now() - this.#sampledAt >= REFUSING_RESAMPLE_MS)) {
      this.#sample();
      refused = this.#refusal(cost);
    }
    if (refused !== null) {
      this.#full = refused;
      this.#refusedCost = cost;
      this.#marker?.set(refused);
      if (refused === 'max_size') this.#scanBlobsSoon();
      throw this.#error(refused);
    }
    this.#full = null;
    this.#marker?.clear();
    this.#pending += cost;
    const log = this.logCost(bytes, offloaded);
    this.#pendingLog += log;
    this.#unflushedLog += log;
  }

  /** Admitted sends adding `logBytes` to the log were committed, or given up: the next look sees them, or need not. */
  logFlushed(logBytes: number): void {
    this.#unflushedLog = Math.max(0, this.#unflushedLog - logBytes);
  }

  /** What a send of `bytes` adds to the database file, and so to the checkpoint's debt (see `logHasRoom`). */
  logCost(bytes: number, offloaded: boolean): number {
    return offloaded ? ROW_OVERHEAD_BYTES : this.#rowCost(bytes);
  }

  /**
   * Whether sends adding `logBytes` to the database file keep the checkpoint's debt (pages the
   * log holds past the database file's end) within what the checkpoint reserve can pay once
   * something else took the rest of the disk: without that copy the log can never start over,
   * and deletes on a full disk fail. Arithmetic only; when false, `await waitForCheckpoint()`
   * and ask again. A send larger than the whole bound fits a paid-up log.
   *
   * Only what goes into the database counts: a 256 KiB capture kept in a blob file adds a row
   * of a few hundred bytes to the log, not its payload.
   */
  logHasRoom(logBytes: number): boolean {
    const owed = this.#checkpointDebt + this.#carriedLog + this.#pendingLog;
    return owed === 0 || owed + logBytes <= this.checkpointReserve.bytes;
  }

  /**
   * Resolves once a checkpoint paid some of the log's debt (or the queue closes); rejects with
   * `QueueFullError` (reason `disk`) when none could within a second. Concurrent callers share
   * one wait. With a checkpoint worker the send waits for it, off the event loop: a checkpoint
   * here would sync the database on the request path, and fail while the worker holds the
   * checkpoint lock. A process without one checkpoints here (PASSIVE: it never waits).
   */
  waitForCheckpoint(): Promise<void> {
    this.#catchingUp ??= this.#catchUp().finally(() => (this.#catchingUp = undefined));
    return this.#catchingUp;
  }

  async #catchUp(): Promise<void> {
    const deadline = Date.now() + CHECKPOINT_WAIT_MS;
    let owed: number | undefined;
    for (;;) {
      if (this.#options.checkpointWhenBehind) this.#checkpointPassive();
      this.#sample();
      const now = this.#checkpointDebt + this.#carriedLog;
      if (this.#closed || now === 0 || (owed !== undefined && now < owed)) return;
      owed ??= now;
      if (Date.now() >= deadline) {
        this.#full = 'disk';
        this.#marker?.set('disk');
        throw new QueueFullError('disk', `the write-ahead log owes the database ${now} bytes and no checkpoint could copy them back`);
      }
      await sleep(CHECKPOINT_POLL_MS);
    }
  }

  #checkpointPassive(): void {
    try {
      this.#options.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or out of space: the next look says whether it paid.
    }
  }

  /**
   * Pays the log's debt on a full disk, and gives the log's space back: a TRUNCATE checkpoint
   * (see `truncateLog`), run after each attempt of a write that frees or moves data. When the
   * copy finds no room past the database's end, the checkpoint reserve is released to pay it;
   * once paid, it is written back at once if the emptied log left room for it twice over, so
   * the next commit's debt can be paid too. True when the log was emptied.
   */
  payDebt(operation: string): boolean {
    const { db, logger } = this.#options;
    let outcome = truncateLog(db);
    if (outcome === 'full' && this.checkpointReserve.release()) {
      logger.warn(
        { path: this.checkpointReserve.path, bytes: this.checkpointReserve.bytes, operation },
        'disk full: released the checkpoint reserve to copy the write-ahead log into the database',
      );
      outcome = truncateLog(db);
    }
    this.#sample();
    const room = this.#diskFree ?? 0;
    if (outcome === 'done' && this.#options.keepReserve && !this.#checkpointReserveHeld && room >= 2 * this.checkpointReserve.bytes) {
      this.#checkpointReserveHeld = this.checkpointReserve.ensureSync();
      this.#sample();
    }
    return outcome === 'done';
  }

  /** A blob of `bytes` was written by this process (until the next scan sums the folder). */
  blobWritten(bytes: number): void {
    const size = Math.ceil(bytes / FILE_BLOCK_BYTES) * FILE_BLOCK_BYTES;
    this.#blobBytes += size;
    if (this.#scanning !== undefined) this.#writtenDuringScan += size;
  }

  /** This process deleted messages: the next refused send looks at the files again at once. */
  freed(): void {
    this.#freedSinceSample = true;
    this.#freedSinceScan = true;
  }

  /** Whether this process deleted messages since the blob folder was last summed (their files may be gone). */
  get blobsMayHaveGone(): boolean {
    return this.#freedSinceScan;
  }

  /** Sums the blob folder and looks at the files now. */
  async refresh(): Promise<void> {
    await this.#scanBlobs();
    this.#sample();
  }

  /** The pages a row of `bytes` takes: a payload larger than a page spills into overflow pages. */
  #rowCost(bytes: number): number {
    const size = bytes + ROW_OVERHEAD_BYTES;
    return size < this.#pageSize / 4 ? size : Math.ceil(size / (this.#pageSize - PAGE_HEADER_BYTES)) * this.#pageSize;
  }

  /**
   * Gives the reserve back to the file system so that a delete can run on a full disk; true
   * when a file was removed (by this call: another process may have released it already).
   */
  releaseReserve(operation: string): boolean {
    const released = this.reserve.release();
    this.#reserveHeld = false;
    if (released) {
      this.#released = true;
      this.#options.logger.warn(
        { path: this.reserve.path, bytes: this.reserve.bytes, operation },
        'disk full: released the space reserve so deletes can go on; new messages are refused until it is written back',
      );
    }
    return released;
  }

  /** A send failed for lack of space: as `diskFull`, and other processes are told (see `RefusalMarker`). */
  sendFailed(): void {
    this.diskFull();
    this.#marker?.set('disk');
  }

  /** A write failed for lack of space: refuse sends until a look finds room again. */
  diskFull(): void {
    this.#diskFree = 0;
    this.#dbFreeBytes = 0;
    this.#full = 'disk';
  }

  /** The figures now (`QueueStats.space`): looks at the files first, and sums the blobs if never done. */
  async stats(): Promise<QueueSpaceStats> {
    if (!this.#blobScanned || this.#scanning !== undefined) await this.#scanBlobs();
    this.#sample();
    // Would the send this process last refused fit now? Without one, does anything fit at all?
    // And does another process (the gateway, seen from `sluice status`) say it refuses?
    const full = this.#refusal(this.#full === null ? 0 : this.#refusedCost) ?? RefusalMarker.read(this.#options.path, this.#marker?.path);
    this.#full = full;
    return {
      usedBytes: this.#used(),
      walBytes: this.#walBytes,
      maxBytes: this.#options.maxBytes ?? null,
      diskFreeBytes: this.#diskFree,
      diskTotalBytes: this.#diskTotal,
      headroomBytes: this.#headroom,
      reserveHeld: this.#reserveHeld,
      full,
    };
  }

  /** Why sends are refused right now (as of the last look), or null. */
  get full(): QueueFullReason | null {
    return this.#full;
  }

  /** Stops looking; resolves once a reserve being written is in place (or given up). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#marker?.clear();
    await Promise.all([this.reserve.settled(), this.checkpointReserve.settled()]);
  }

  #used(): number {
    return this.#dbBytes + this.#blobBytes + this.#pending;
  }

  #refusal(cost: number): QueueFullReason | null {
    const max = this.#options.maxBytes;
    if (max !== undefined && this.#used() + cost > max) return 'max_size';
    if (this.#diskFree === null) return null;
    // Until the reserve is back, its space is kept free too: captures must not take it.
    const keep = this.#headroom + (this.#reserveHeld ? 0 : this.reserve.bytes) + (this.#checkpointReserveHeld ? 0 : this.checkpointReserve.bytes);
    return this.#diskFree + this.#dbFreeBytes - this.#checkpointDebt - this.#pending - cost < keep ? 'disk' : null;
  }

  #error(reason: QueueFullReason): QueueFullError {
    if (reason === 'max_size') {
      return new QueueFullError('max_size', `the queue is full: it holds ${this.#used()} bytes and queue.max_size is ${this.#options.maxBytes!}`);
    }
    return new QueueFullError('disk', `the disk holding the queue is full: ${this.#diskFree ?? 0} bytes free, ${this.#headroom} kept for deletes`);
  }

  #tick(): void {
    if (this.#closed) return;
    this.#sample();
    this.#remark();
    if (this.#options.checkpointWhenBehind && this.#checkpointDebt > 0) {
      try {
        this.#options.db.pragma('wal_checkpoint(PASSIVE)');
        this.#sample();
      } catch {
        // Busy or out of space: the next tick tries again.
      }
    }
    const now = Date.now();
    const near = this.#full !== null || (this.#options.maxBytes !== undefined && this.#used() > this.#options.maxBytes * 0.9);
    if (now - this.#lastScanAt >= (near ? SAMPLE_INTERVAL_MS : BLOB_SCAN_INTERVAL_MS)) void this.#scanBlobs();
    this.#maintainReserve();
  }

  /** While refusing: would the send last refused fit now? Keeps the mark fresh, or clears it. */
  #remark(): void {
    if (this.#full === null) return;
    this.#full = this.#refusal(this.#refusedCost);
    if (this.#full === null) this.#marker?.clear();
    else this.#marker?.touch();
  }

  /**
   * Writes the reserve when it is missing, only with room for it and the headroom to spare, so
   * it never fills the disk itself. Without that room, the space is often in the log file, which
   * SQLite leaves at its largest size: a TRUNCATE checkpoint (with a short busy timeout, at most
   * every 10 s) gives it back once every reader is done with it.
   */
  #maintainReserve(): void {
    if (!this.#options.keepReserve || this.#diskFree === null) return;
    // The smaller, more vital one first: without it a full disk's log cannot be copied back.
    if (!this.#checkpointReserveHeld && this.#diskFree - this.checkpointReserve.bytes >= this.#headroom) {
      void this.checkpointReserve.ensure().then((held) => {
        if (!this.#closed) this.#checkpointReserveHeld = held;
      });
    }
    if (this.#reserveHeld) return;
    if (this.#diskFree - this.reserve.bytes < this.#headroom) {
      if (this.#walBytes > 0 && Date.now() - this.#truncatedAt >= TRUNCATE_INTERVAL_MS) this.#truncateLog();
      if (this.#diskFree - this.reserve.bytes < this.#headroom) return;
    }
    void this.reserve.ensure().then((held) => {
      if (this.#closed) return;
      if (held && this.#released) this.#options.logger.info({ path: this.reserve.path, bytes: this.reserve.bytes }, 'disk space reserve written back');
      if (held) this.#released = false;
      this.#reserveHeld = held;
    });
  }

  #truncateLog(): void {
    const { db } = this.#options;
    this.#truncatedAt = Date.now();
    const busy = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.pragma('busy_timeout = 50');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy or out of space: tried again later.
    } finally {
      db.pragma(`busy_timeout = ${busy}`);
    }
    this.#sample();
  }

  /** Reads the database's size, the log's and the file system's free space: a few microseconds. */
  #sample(): void {
    const { db, path } = this.#options;
    this.#sampledAt = Date.now();
    this.#pending = 0;
    this.#pendingLog = 0;
    this.#carriedLog = this.#unflushedLog;
    this.#freedSinceSample = false;
    try {
      const pages = db.pragma('page_count', { simple: true }) as number;
      const free = db.pragma('freelist_count', { simple: true }) as number;
      this.#dbBytes = (pages - free) * this.#pageSize;
      this.#dbFreeBytes = free * this.#pageSize;
      const fileBytes = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      this.#checkpointDebt = Math.max(0, pages * this.#pageSize - fileBytes);
    } catch {
      // The connection is closing or busy: keep the previous figures.
    }
    this.#walBytes = statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    try {
      const fs = statfsSync(dirname(path));
      this.#diskFree = fs.bavail * fs.bsize;
      this.#diskTotal = fs.blocks * fs.bsize;
    } catch {
      this.#diskFree = null;
      this.#diskTotal = null;
    }
    // Undefined only while the constructor's first look runs.
    this.#reserveHeld = (this.reserve as SpaceReserve | undefined)?.held() ?? false;
    this.#checkpointReserveHeld = (this.checkpointReserve as SpaceReserve | undefined)?.held() ?? false;
  }

  #scanBlobsSoon(): void {
    if (Date.now() - this.#lastScanAt >= SAMPLE_INTERVAL_MS) void this.#scanBlobs();
  }

  /** Sums the blob folder (files written and removed by every process). */
  #scanBlobs(): Promise<void> {
    this.#lastScanAt = Date.now();
    this.#scanning ??= (async () => {
      this.#writtenDuringScan = 0;
      this.#freedSinceScan = false;
      const folder = this.#options.blobFolder;
      let total = 0;
      try {
        const names = await readdir(folder);
        for (const name of names) {
          const size = (await stat(join(folder, name)).catch(() => undefined))?.size ?? 0;
          total += Math.ceil(size / FILE_BLOCK_BYTES) * FILE_BLOCK_BYTES;
        }
      } catch {
        // No folder yet: no blobs.
      }
      // Counted twice when the scan saw them too: an overestimate, corrected by the next scan.
      this.#blobBytes = total + this.#writtenDuringScan;
      this.#blobScanned = true;
    })().finally(() => (this.#scanning = undefined));
    return this.#scanning;
  }
}
