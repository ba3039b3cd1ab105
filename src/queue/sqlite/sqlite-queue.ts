import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { QueueError, QueueFullError, ReceiptHandleError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../telemetry/logger.js';
import { BlobStore } from './blob-store.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, SqliteCheckpointer, type CheckpointerLease } from './checkpointer.js';
import { GroupCommit, type GroupOutcome, type TakenGroup } from './group-commit.js';
import type { SqliteQueueContext } from './context.js';
import { SqliteDeadLetterQueue } from './dead-letters.js';
import { toQueueError } from './errors.js';
import { resolveSqliteQueueOptions, type ResolvedSqliteQueueOptions, type SqliteQueueOptions, type SqliteQueueSettings } from './options.js';
import { formatReceiptHandle, newReceiptToken, parseReceiptHandle } from './receipt-handle.js';
import { PRIVATE_FOLDER_MODE, tighten } from './private-files.js';
import { openSqliteDatabase } from './schema.js';
import { CANDIDATE, insertRow, prepareStatements, type CandidateRow, type NewMessageRow, type SqliteStatements, type StatsRow } from './statements.js';
import { SqliteQueueSpace } from './space.js';
import { notifyQueueWrite, onQueueWrite } from './wakeup.js';
import { isDiskFull } from './space-reserve.js';
import { QueueBase } from '../queue-base.js';
import type { QueueLimits, QueueMessage, QueueStats, SendMessageInput } from '../types.js';
import type { ReceiveRequest } from '../validation.js';

/** What one maintenance pass removed. */
export interface SweepResult {
  /** Main-queue messages older than `retention`. */
  readonly expired: number;
  /** Dead letters older than `dlq_retention`. */
  readonly deadLettersExpired: number;
  /** Blob files no message refers to. */
  readonly orphanBlobs: number;
}

interface Lease {
  readonly token: string;
  /** When the receive happened: the first receive time of rows received for the first time. */
  readonly at: number;
  /** As read before the receive counted them: each message's receive count is one more. */
  readonly rows: readonly CandidateRow[];
}

type DeleteOutcome = GroupOutcome<string | null>;

interface PreparedSend {
  readonly row: NewMessageRow;
  /** Set when the payload goes to the blob folder: its chunks, written to the file as they are. */
  readonly offloaded?: readonly Uint8Array[];
  readonly size: number;
}

/** Rows deleted per statement by the retention sweep. */
const SWEEP_CHUNK = 1000;
const EMPTY = Buffer.alloc(0);
const NO_LEASE: Lease = { token: '', at: 0, rows: [] };
const DELETED_INLINE: DeleteOutcome = { ok: true, value: null };
const OUT_OF_RECEIVES = 'received too many times without being deleted';
/**
 * Deletes wait up to 2 ms for company (or for a receive to carry them): a forwarder deletes
 * each message as its delivery ends, a few per event-loop turn, and a commit per turn made the
 * deletes cost more than the receives. `delete()` still resolves only once its row is gone.
 */
const DELETE_LINGER = { minGroup: 64, maxWaitMs: 2 } as const;

/**
 * The embedded queue (SPEC §2): one SQLite file in WAL mode, shared safely by every process
 * that opens it (a gateway and separate forwarders). Receives are transactions holding the
 * write lock (`BEGIN IMMEDIATE`), so no two receivers, in one process or in several, ever hold
 * the same message. `send()` resolves once its row is committed; sends issued in the same turn
 * of the event loop share one transaction (group commit). Payloads over `offload_threshold`
 * live in `<file>.blobs/`.
 *
 * The receive and delete path is built for a forwarder draining a backlog: a receive is one
 * read and one UPDATE over the chosen rows, whatever their number; deletes are grouped (see
 * `DELETE_LINGER`) into one statement and ride in the next receive's transaction, so draining
 * costs about one commit per batch received.
 *
 * Space (see `SqliteQueueSpace` and `SpaceReserve`): sends are refused with `QueueFullError`
 * at `queue.max_size`, and before the disk is down to the headroom kept for deletes. Every
 * write that frees or moves data (acknowledge, receive, retry, dead-letter, expiry, DLQ purge
 * and redrive) releases the disk space reserve and retries once when it meets a full disk, so
 * a full disk never stops the queue from draining.
 *
 * @example
 * ```ts
 * const queue = new SqliteQueue({ path: '.sluice/sluice.db', max_receive_count: 5 });
 * await queue.send({ body: JSON.stringify(record), id: record.id });
 * const [message] = await queue.receive({ waitTimeMs: 20_000 });
 * if (message) {
 *   try { await deliver(message.body); await queue.delete(message.receiptHandle); }
 *   catch (error) { await queue.changeVisibility(message.receiptHandle, 5_000, String(error)); }
 * }
 * await queue.close();
 * ```
 */
export class SqliteQueue extends QueueBase {
  readonly limits: QueueLimits;
  readonly dlq: SqliteDeadLetterQueue;
  /** The database file, resolved (symbolic links followed). */
  readonly path: string;

  readonly #options: ResolvedSqliteQueueOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #db: Database.Database;
  readonly #statements: SqliteStatements;
  readonly #blobs: BlobStore;
  readonly #sends: GroupCommit<NewMessageRow, string>;
  /**
   * Deletes group-commit too: a forwarder acknowledges each delivered message on its own. The
   * group goes with the next receive's transaction when one comes first. Keys: seqs.
   */
  readonly #deletes: GroupCommit<number, string | null>;
  readonly #deleteGroup: Database.Transaction<(seqs: readonly number[]) => DeleteOutcome[]>;
  readonly #insertGroup: Database.Transaction<(rows: readonly NewMessageRow[]) => GroupOutcome<string>[]>;
  readonly #insertBatch: Database.Transaction<(rows: readonly NewMessageRow[]) => void>;
  readonly #leaseTransaction: Database.Transaction<
    (max: number, now: number, until: number, deletes: readonly number[]) => { lease: Lease; deleted: DeleteOutcome[] }
  >;
  readonly #deadLetterHeld: Database.Transaction<(seq: number, token: string, reason: string, now: number) => boolean>;
  readonly #onClose = new Set<() => void>();
  readonly #sweepTimer: NodeJS.Timeout;
  readonly #checkpoints: CheckpointerLease | undefined;
  /** Undefined for an in-memory database. */
  readonly #space: SqliteQueueSpace | undefined;
  #sweeping: Promise<SweepResult> | undefined;
  /** The last receive was filled: more messages are likely waiting, so skip the read that checks. */
  #backlog = false;
  /** The space monitor's shutdown, started as soon as the queue starts closing. */
  #spaceClosed: Promise<void> | undefined;

  constructor(settings: SqliteQueueSettings, options: SqliteQueueOptions = {}) {
    super();
    this.#options = resolveSqliteQueueOptions(settings, options);
    this.#logger = options.logger ?? silentLogger();
    this.#now = options.now ?? (() => Date.now());
    try {
      this.#db = openSqliteDatabase(resolve(this.#options.path), this.#options.busyTimeoutMs, this.#logger);
    } catch (error) {
      throw toQueueError(error, 'open');
    }
    try {
      this.path = realpathSync(this.#db.name);
      this.#statements = prepareStatements(this.#db);
    } catch (error) {
      this.#db.close();
      throw toQueueError(error, 'open');
    }
    this.#blobs = new BlobStore(BlobStore.folderFor(this.path));
    if (this.#options.path !== ':memory:') {
      try {
        this.#space = new SqliteQueueSpace({
          db: this.#db,
          path: this.path,
          blobFolder: this.#blobs.dir,
          maxBytes: this.#options.maxSizeBytes,
          keepReserve: this.#options.keepSpaceReserve,
          checkpointWhenBehind: this.#options.checkpointIntervalMs === 0,
          ...(this.#options.spaceReserveBytes !== undefined && { reserveBytes: this.#options.spaceReserveBytes }),
          logger: this.#logger,
        });
      } catch (error) {
        this.#db.close();
        throw toQueueError(error, 'open');
      }
    }
    // Blob files written before files were private: closing their folder hides them all.
    tighten(this.#blobs.dir, this.#logger, PRIVATE_FOLDER_MODE);
    if (this.#options.checkpointIntervalMs > 0) {
      this.#db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
      this.#checkpoints = SqliteCheckpointer.acquire(this.path, this.#logger, this.#options.checkpointIntervalMs);
    }
    this.limits = { maxReceiveBatch: this.#options.maxReceiveBatch, maxMessageBytes: this.#options.maxMessageBytes };

    const statements = this.#statements;
    this.#insertGroup = this.#db.transaction((rows) =>
      rows.map((row) => (insertRow(statements, row) ? { ok: true, value: row.id } : { ok: false, error: duplicateId(row.id) })),
    );
    this.#insertBatch = this.#db.transaction((rows) => {
      for (const row of rows) if (!insertRow(statements, row)) throw duplicateId(row.id);
    });
    this.#leaseTransaction = this.#db.transaction((max, now, until, deletes) => {
      const deleted = deletes.length > 0 ? this.#deleteInTransaction(deletes) : [];
      return { lease: this.#leaseInTransaction(max, now, until), deleted };
    });
    this.#deadLetterHeld = this.#db.transaction((seq, token, reason, now) => {
      if (!statements.findHeld.get(seq, token)) return false;
      this.#moveToDeadLetters(seq, now, reason);
      return true;
    });
    this.#deleteGroup = this.#db.transaction((seqs) => this.#deleteInTransaction(seqs));
    this.#sends = new GroupCommit((rows) => this.#flushSends(rows));
    this.#deletes = new GroupCommit((seqs) => this.#deleteInParts(seqs), undefined, DELETE_LINGER);
    this.dlq = new SqliteDeadLetterQueue(this.#context());

    // Expired rows go at once; the file part of the sweep finishes in the background.
    this.#sweep().catch((error: unknown) => this.#logger.warn({ err: error }, 'queue sweep on open failed'));
    this.#sweepTimer = setInterval(() => {
      if (this.#sweeping) return;
      this.#sweep().catch((error: unknown) => this.#logger.warn({ err: error }, 'queue sweep failed'));
    }, this.#options.sweepIntervalMs);
    this.#sweepTimer.unref();
  }

  protected async _send(input: SendMessageInput, size: number): Promise<string> {
    const logBytes = this.#space?.logCost(size, this.#offloads(size)) ?? 0;
    if (this.#space?.logHasRoom(logBytes) === false) {
      // Rare: sends outran the checkpoint worker. Tracked, so that close() waits for the wait.
      return this.#run('send', async () => {
        await this.#roomInLog(logBytes);
        return this.#sendNow(input, size);
      });
    }
    return this.#sendNow(input, size);
  }

  async #sendNow(input: SendMessageInput, size: number): Promise<string> {
    let prepared: PreparedSend;
    try {
      prepared = this.#prepareSend(input, size, this.#now());
    } catch (error) {
      // Refused at the limit after this process deleted messages: their blob files are gone
      // too, which only a fresh sum of the folder tells. Look once, then decide.
      const space = this.#space;
      if (!(error instanceof QueueFullError) || space === undefined || !space.blobsMayHaveGone) throw error;
      await space.refresh();
      prepared = this.#prepareSend(input, size, this.#now());
    }
    if (!prepared.offloaded) return this.#sends.submit(prepared.row);
    const { row, offloaded } = prepared;
    return this.#run('send', async () => {
      const blob = row.blob as string;
      try {
        await this.#blobs.write(blob, offloaded);
      } catch (error) {
        this.#space?.logFlushed(this.#logCostOf([row]));
        await this.#removeBlobs([blob]);
        throw this.#sendFailure(error);
      }
      this.#space?.blobWritten(prepared.size);
      try {
        return await this.#sends.submit(row);
      } catch (error) {
        await this.#removeBlobs([blob]);
        throw error;
      }
    });
  }

  /** Sends all messages in one transaction: all are committed, or none. */
  protected async _sendBatch(inputs: readonly SendMessageInput[], sizes: readonly number[]): Promise<string[]> {
    let logBytes = 0;
    for (const size of sizes) logBytes += this.#space?.logCost(size, this.#offloads(size)) ?? 0;
    if (this.#space?.logHasRoom(logBytes) === false) await this.#run('sendBatch', () => this.#roomInLog(logBytes));
    const now = this.#now();
    const prepared: PreparedSend[] = [];
    try {
      for (const [index, input] of inputs.entries()) prepared.push(this.#prepareSend(input, sizes[index] as number, now));
    } catch (error) {
      // Refused part way: the ones admitted already will never be written.
      this.#space?.logFlushed(this.#logCostOf(prepared.map(({ row }) => row)));
      throw error;
    }
    return this.#run('sendBatch', async () => {
      const written: string[] = [];
      try {
        for (const { row, offloaded } of prepared) {
          if (!offloaded) continue;
          written.push(row.blob as string);
          await this.#blobs.write(row.blob as string, offloaded);
        }
        this.#insertBatch.immediate(prepared.map(({ row }) => row));
      } catch (error) {
        await this.#removeBlobs(written);
        throw this.#sendFailure(error);
      } finally {
        this.#space?.logFlushed(this.#logCostOf(prepared.map(({ row }) => row)));
      }
      this.#notify();
      return prepared.map(({ row }) => row.id);
    });
  }

  protected _receive(request: ReceiveRequest): Promise<QueueMessage[]> {
    const { maxMessages, waitTimeMs, signal } = request;
    const visibilityMs = request.visibilityTimeoutMs ?? this.#options.visibilityTimeoutMs;
    return this.#run('receive', () => this.#poll(maxMessages, visibilityMs, waitTimeMs, signal));
  }

  protected async _delete(receiptHandle: string): Promise<void> {
    const { seq } = parseReceiptHandle(receiptHandle);
    return this.#run('delete', async () => {
      const blob = await this.#deletes.submit(seq);
      if (blob !== null) await this.#removeBlobs([blob]);
    });
  }

  /**
   * Hides a held message for `timeoutMs` from now. With `lastError` (a failed attempt putting
   * the message back with a backoff) or a timeout of 0 the message is released: `stats()` counts
   * it as delayed rather than in flight. Without, it is a heartbeat that extends the hold.
   */
  protected async _changeVisibility(receiptHandle: string, timeoutMs: number, lastError: string | undefined): Promise<void> {
    const { seq, token } = parseReceiptHandle(receiptHandle);
    return this.#run('changeVisibility', async () => {
      const release = lastError !== undefined || timeoutMs === 0 ? 1 : 0;
      const until = this.#now() + timeoutMs;
      const { changes } = this.#freeing('changeVisibility', () =>
        this.#statements.changeVisibility.run({ seq, token, until, release, error: lastError ?? null }),
      );
      if (changes === 0) throw staleHandle();
      if (timeoutMs === 0) this.#notify();
    });
  }

  protected async _deadLetter(receiptHandle: string, reason: string): Promise<void> {
    const { seq, token } = parseReceiptHandle(receiptHandle);
    return this.#run('deadLetter', async () => {
      if (!this.#freeing('deadLetter', () => this.#deadLetterHeld.immediate(seq, token, reason, this.#now()))) throw staleHandle();
    });
  }

  protected _stats(): Promise<QueueStats> {
    return this.#run('stats', async () => {
      const now = this.#now();
      const row = this.#statements.stats.get({ now }) as StatsRow;
      return {
        visible: row.visible,
        inFlight: row.in_flight,
        delayed: row.delayed,
        retrying: row.retrying,
        nextRetryAt: row.next_retry_at,
        oldestAgeMs: row.oldest === null ? null : Math.max(0, now - row.oldest),
        dlqDepth: row.dlq,
        ...(this.#space !== undefined && { space: await this.#space.stats() }),
      };
    });
  }

  /**
   * Deletes messages past their retention (main queue and dead letters) with their blobs, and
   * blob files no row refers to. Runs on open and every `sweepIntervalMs`; call it to sweep now.
   */
  async sweep(): Promise<SweepResult> {
    this.assertOpen();
    return this.#sweep();
  }

  protected override _interrupt(): void {
    clearInterval(this.#sweepTimer);
    this.#spaceClosed = this.#space?.close();
    for (const wake of [...this.#onClose]) wake();
  }

  /** Commits the sends and deletes still grouped, then closes the file. */
  protected async _close(): Promise<void> {
    try {
      this.#sends.flush();
      this.#deletes.flush();
      this.#db.close();
    } catch (error) {
      throw toQueueError(error, 'close');
    } finally {
      await this.#checkpoints?.release();
      await this.#spaceClosed;
    }
  }

  /**
   * The grouped writes are synchronous and cheap, so a forced end commits them too: only the
   * operations awaiting a blob file are not waited for (they then fail, having told no caller
   * that their message was kept).
   */
  protected _destroy(): Promise<void> {
    return this._close();
  }

  /**
   * Waits until the write-ahead log has room for `logBytes` more (see `SqliteQueueSpace.logHasRoom`);
   * throws `ClosedError` when the queue closed meanwhile, `QueueFullError` when no checkpoint could pay.
   */
  async #roomInLog(logBytes: number): Promise<void> {
    const space = this.#space;
    if (space === undefined) return;
    while (!space.logHasRoom(logBytes)) {
      await space.waitForCheckpoint();
      this.assertOpen();
    }
  }

  /** What rows add to the write-ahead log, as `SqliteQueueSpace.admit` counted them. */
  #logCostOf(rows: readonly NewMessageRow[]): number {
    const space = this.#space;
    if (space === undefined) return 0;
    let total = 0;
    for (const row of rows) total += row.body === null ? space.logCost(0, true) : space.logCost(row.body.length, false);
    return total;
  }

  /** Payloads over the threshold go to a blob file beside the database. */
  #offloads(size: number): boolean {
    return size > this.#options.offloadThresholdBytes;
  }

  /** `input` was checked by `QueueBase`; `size` is its payload's byte length. */
  #prepareSend(input: SendMessageInput, size: number, now: number): PreparedSend {
    const id = input.id ?? uuidv7();
    const delayMs = input.delayMs ?? 0;
    const chunks = toChunks(input.body);
    const offload = this.#offloads(size);
    this.#space?.admit(size, offload);
    const row: NewMessageRow = {
      id,
      // A payload kept in the row is small: joining its chunks costs less than binding them apart.
      body: offload ? null : chunks.length === 1 ? toBuffer(chunks[0]!) : Buffer.concat(chunks, size),
      blob: offload ? uuidv7() : null,
      sent_at: now,
      enqueued_at: now,
      visible_at: now + delayMs,
    };
    return offload ? { row, offloaded: chunks, size } : { row, size };
  }

  #flushSends(rows: readonly NewMessageRow[]): GroupOutcome<string>[] {
    let outcomes: GroupOutcome<string>[];
    try {
      outcomes = this.#insertGroup.immediate(rows);
    } catch (error) {
      throw this.#sendFailure(error);
    } finally {
      this.#space?.logFlushed(this.#logCostOf(rows));
    }
    if (outcomes.some((outcome) => outcome.ok)) this.#notify();
    return outcomes;
  }

  /** Receives at once, then (long poll) again on each local send, each poll interval, until the wait ends. */
  async #poll(max: number, visibilityMs: number, waitMs: number, signal: AbortSignal | undefined): Promise<QueueMessage[]> {
    const first = this.#lease(max, visibilityMs);
    if (first.rows.length > 0 || waitMs === 0 || signal?.aborted) return first.rows.length > 0 ? this.#materialise(first) : [];

    let over = false;
    let wakeUp: (() => void) | undefined;
    const wake = () => wakeUp?.();
    const end = () => {
      over = true;
      wake();
    };
    const deadline = setTimeout(end, waitMs);
    const unsubscribe = onQueueWrite(this.path, wake);
    this.#onClose.add(end);
    signal?.addEventListener('abort', end, { once: true });
    try {
      while (!over && !this.closed) {
        await new Promise<void>((resolveWait) => {
          const timer = setTimeout(done, this.#options.pollIntervalMs);
          function done() {
            clearTimeout(timer);
            wakeUp = undefined;
            resolveWait();
          }
          wakeUp = done;
        });
        if (this.closed) break;
        const lease = this.#lease(max, visibilityMs);
        if (lease.rows.length > 0) return await this.#materialise(lease);
      }
      return [];
    } finally {
      clearTimeout(deadline);
      unsubscribe();
      this.#onClose.delete(end);
      signal?.removeEventListener('abort', end);
    }
  }

  #lease(max: number, visibilityMs: number): Lease {
    const now = this.#now();
    // A read first: an empty queue is polled without ever taking the write lock.
    if (!this.#backlog && this.#statements.anyVisible.get(now) === undefined) return NO_LEASE;
    // Acknowledgements waiting for their group commit ride along: one commit instead of two.
    const deletes = this.#deletes.take();
    let result: { lease: Lease; deleted: DeleteOutcome[] };
    try {
      result = this.#freeing('receive', () => this.#leaseTransaction.immediate(max, now, now + visibilityMs, deletes?.items ?? []));
    } catch (error) {
      this.#backlog = false;
      if (deletes) this.#deleteAlone(deletes);
      // On a full disk a smaller receive needs less log: half as many, down to one at a time.
      if (isDiskFull(error) && max > 1) return this.#lease(Math.ceil(max / 2), visibilityMs);
      throw error;
    }
    deletes?.settle(result.deleted);
    this.#backlog = result.lease.rows.length === max;
    return result.lease;
  }

  /** Deletes a group whose shared transaction failed, in a transaction of its own. */
  #deleteAlone(group: TakenGroup<number, string | null>): void {
    try {
      group.settle(this.#deleteInParts(group.items));
    } catch (error) {
      group.fail(error);
    }
  }

  /** Deletes a group; on a full disk, in smaller transactions (see `#freeingInParts`). */
  #deleteInParts(seqs: readonly number[]): DeleteOutcome[] {
    const outcomes: DeleteOutcome[] = [];
    this.#freeingInParts('delete', seqs, (part) => outcomes.push(...this.#deleteGroup.immediate(part)));
    return outcomes;
  }

  /**
   * Runs inside BEGIN IMMEDIATE: reads the first visible messages, moves those out of receives
   * to the dead letters, and holds the rest with one statement.
   */
  #leaseInTransaction(max: number, now: number, until: number): Lease {
    const statements = this.#statements;
    const limit = this.#options.maxReceiveCount;
    const token = newReceiptToken();
    const rows: CandidateRow[] = [];
    // Only needed for a second round, where a row held with a visibility timeout of 0 is still visible.
    let seen: Set<number> | undefined;
    for (;;) {
      const candidates = statements.candidates.all(now, max - rows.length);
      const held: number[] = [];
      let doomed: CandidateRow[] | undefined;
      for (const candidate of candidates) {
        const seq = candidate[CANDIDATE.seq];
        if (seen?.has(seq)) continue;
        // SQS redrive semantics: the receive after the last allowed one moves the message.
        if (candidate[CANDIDATE.receiveCount] >= limit) (doomed ??= []).push(candidate);
        else {
          held.push(seq);
          rows.push(candidate);
        }
      }
      if (held.length > 0) statements.hold.run([until, token, now], held);
      if (doomed === undefined || rows.length >= max) return { token, at: now, rows };
      this.#moveOutOfReceives(doomed, now);
      seen ??= new Set();
      for (const seq of held) seen.add(seq);
    }
  }

  #moveOutOfReceives(rows: readonly CandidateRow[], now: number): void {
    const seqs = rows.map((row) => row[CANDIDATE.seq]);
    this.#statements.copyManyToDeadLetters.run([now, OUT_OF_RECEIVES], seqs);
    this.#statements.deleteManyBySeq.run([], seqs);
    for (const row of rows) {
      this.#logger.info({ id: row[CANDIDATE.id], receive_count: row[CANDIDATE.receiveCount] }, 'message moved to the dead-letter queue');
    }
  }

  #moveToDeadLetters(seq: number, now: number, reason: string | null): void {
    this.#statements.copyToDeadLetters.run({ seq, now, reason, fallback: OUT_OF_RECEIVES });
    this.#statements.deleteBySeq.run(seq);
  }

  /** Deletes messages by row, in the caller's transaction; each outcome is the message's blob, if any. */
  #deleteInTransaction(seqs: readonly number[]): DeleteOutcome[] {
    const statements = this.#statements;
    this.#space?.freed();
    // The rows left over have a blob, were deleted already, or repeat in the group.
    if (statements.deleteInlineBySeq.run([], seqs) === seqs.length) return seqs.map(() => DELETED_INLINE);
    let blobs: Map<number, string> | undefined;
    for (const found of statements.deleteWithBlobsBySeq.pluck<string | null>([], seqs)) {
      if (found === null) continue;
      const space = found.indexOf(' ');
      (blobs ??= new Map()).set(Number(found.slice(0, space)), found.slice(space + 1));
    }
    if (blobs === undefined) return seqs.map(() => DELETED_INLINE);
    const named = blobs;
    return seqs.map((seq) => {
      const blob = named.get(seq);
      return blob === undefined ? DELETED_INLINE : { ok: true, value: blob };
    });
  }

  async #materialise(lease: Lease): Promise<QueueMessage[]> {
    const messages: QueueMessage[] = [];
    for (const row of lease.rows) {
      const id = row[CANDIDATE.id];
      const blob = row[CANDIDATE.blob];
      let body: Buffer | undefined = row[CANDIDATE.body] ?? EMPTY;
      if (blob !== null) {
        body = await this.#blobs.read(blob);
        if (body === undefined) {
          // Cannot be delivered; park it where an operator will see it.
          this.#logger.error({ id, blob }, 'message payload file is missing; moving it to the dead-letter queue');
          this.#freeing('deadLetter', () => this.#deadLetterHeld.immediate(row[CANDIDATE.seq], lease.token, `payload file ${blob} is missing`, this.#now()));
          continue;
        }
      }
      messages.push({
        id,
        body,
        receiptHandle: formatReceiptHandle(lease.token, row[CANDIDATE.seq]),
        receiveCount: row[CANDIDATE.receiveCount] + 1,
        sentAt: row[CANDIDATE.sentAt],
        firstReceivedAt: row[CANDIDATE.firstReceivedAt] ?? lease.at,
        lastError: row[CANDIDATE.lastError],
      });
    }
    return messages;
  }

  /** One sweep at a time: a sweep asked for while another runs starts when it ends. */
  #sweep(): Promise<SweepResult> {
    const previous = this.#sweeping;
    const sweep = this.#run('sweep', async () => {
      if (previous) await previous.catch(() => undefined);
      return this.#sweepOnce();
    });
    this.#sweeping = sweep;
    const forget = () => {
      if (this.#sweeping === sweep) this.#sweeping = undefined;
    };
    sweep.then(forget, forget);
    return sweep;
  }

  async #sweepOnce(): Promise<SweepResult> {
    const now = this.#now();
    const blobs: string[] = [];
    const { expireMessages, expireDeadLetters } = this.#statements;
    const expired = this.#freeing('sweep', () =>
      this.#deleteInChunks((cutoff, limit) => expireMessages.all({ cutoff, limit }), now - this.#options.retentionMs, blobs),
    );
    const deadLettersExpired = this.#freeing('sweep', () =>
      this.#deleteInChunks((cutoff, limit) => expireDeadLetters.all(cutoff, limit), now - this.#options.dlqRetentionMs, blobs),
    );
    await this.#removeBlobs(blobs);
    // File times come from the wall clock, whatever clock the queue was given.
    const orphanBlobs = await this.#blobs.sweepOrphans(
      (names) => new Set(names.filter((name) => this.#statements.blobReferenced.get({ blob: name }) !== undefined)),
      this.#options.orphanBlobAgeMs,
      Date.now(),
    );
    if (expired + deadLettersExpired + orphanBlobs > 0) {
      this.#logger.info({ expired, dead_letters_expired: deadLettersExpired, orphan_blobs: orphanBlobs }, 'queue sweep removed expired messages');
    }
    return { expired, deadLettersExpired, orphanBlobs };
  }

  #deleteInChunks(expire: (cutoff: number, limit: number) => { blob: string | null }[], cutoff: number, blobs: string[]): number {
    let deleted = 0;
    for (;;) {
      const rows = expire(cutoff, SWEEP_CHUNK);
      deleted += rows.length;
      for (const row of rows) if (row.blob !== null) blobs.push(row.blob);
      if (rows.length < SWEEP_CHUNK) return deleted;
    }
  }

  /** Blob removal after the row is gone: a failure leaves an orphan for the sweep, never an error. */
  async #removeBlobs(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    try {
      await this.#blobs.remove(names);
    } catch (error) {
      this.#logger.warn({ err: error, count: names.length }, 'could not remove payload files; the sweep will retry');
    }
  }

  /**
   * Runs a write that frees or moves data (never a send). On a full disk it gives the space
   * reserve back, checkpoints (which copies the log into pages the database file already has,
   * so it needs no new space, and lets the next write start the log from its beginning) and
   * tries once more: a full disk must never stop the queue from draining. See `SpaceReserve`.
   */
  #freeing<T>(operation: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      const space = this.#space;
      if (space === undefined) throw error;
      space.releaseReserve(operation);
      space.diskFull();
      // The failed attempt left the log as long as the disk allowed: copy it back and empty it.
      space.payDebt(operation);
      try {
        return write();
      } finally {
        // Pay what this attempt added (or give back what a failed one took) while there is room to.
        space.payDebt(operation);
      }
    }
  }

  /**
   * `#freeing` over a list whose items can be written in separate transactions (each `write`
   * is one, all or nothing): on a full disk, a part that still does not fit is halved, down to
   * one item, each part's log copied back and emptied before the next. A large delete group or
   * purge chunk needs more log than a full disk may have room for; one row at a time always
   * fits in the space reserve.
   */
  #freeingInParts<I>(operation: string, items: readonly I[], write: (part: readonly I[]) => void): void {
    try {
      this.#freeing(operation, () => write(items));
    } catch (error) {
      if (!isDiskFull(error) || items.length <= 1) throw error;
      const half = Math.ceil(items.length / 2);
      this.#freeingInParts(operation, items.slice(0, half), write);
      this.#freeingInParts(operation, items.slice(half), write);
    }
  }

  /** A send that failed for lack of space becomes `QueueFullError` (reason `disk`), and sends are refused until there is room. */
  #sendFailure(error: unknown): unknown {
    if (!isDiskFull(error) || error instanceof QueueFullError) return toQueueError(error, 'send');
    this.#space?.sendFailed();
    return new QueueFullError('disk', 'the disk holding the queue is full', { cause: error });
  }

  /** Tracks an operation so close() can wait for it, and normalises its storage errors. */
  #run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return this.track(
      (async () => {
        try {
          return await work();
        } catch (error) {
          throw toQueueError(error, operation);
        }
      })(),
    );
  }

  #notify(): void {
    notifyQueueWrite(this.path);
  }

  #context(): SqliteQueueContext {
    return {
      db: this.#db,
      statements: this.#statements,
      blobs: this.#blobs,
      logger: this.#logger,
      now: () => this.#now(),
      assertOpen: () => this.assertOpen(),
      freeing: (operation, write) => this.#freeing(operation, write),
      freeingInParts: (operation, items, write) => this.#freeingInParts(operation, items, write),
      run: (operation, work) => this.#run(operation, work),
      notify: () => this.#notify(),
    };
  }
}

/** The payload as chunks (its form was checked by `QueueBase`). */
function toChunks(body: SendMessageInput['body']): readonly Uint8Array[] {
  if (typeof body === 'string') return [Buffer.from(body, 'utf8')];
  if (body instanceof Uint8Array) return [body];
  return body as readonly Uint8Array[];
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function duplicateId(id: string): QueueError {
  return new QueueError(`a message with id ${id} is already queued`);
}

function staleHandle(): ReceiptHandleError {
  return new ReceiptHandleError('receipt handle is stale: the message was received again since, or is gone');
}
