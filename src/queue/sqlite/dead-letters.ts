import { MessageNotFoundError } from '../../core/errors.js';
import { DeadLetterQueueBase } from '../dead-letter-queue-base.js';
import type { DeadLetter, DeadLetterPosition } from '../types.js';
import type { SqliteQueueContext } from './context.js';
import { isDiskFull } from './space-reserve.js';
import type { DeadLetterRow } from './statements.js';

/** Rows moved per transaction, so a redrive of everything never holds the write lock for long. */
const CHUNK = 500;

/**
 * The dead-letter side of the embedded queue (`sluice dlq list|show|redrive|purge`). Dead
 * letters keep their payload, including an offloaded blob, until purged or expired.
 *
 * @example
 * ```ts
 * const page = await queue.dlq.list({ limit: 20 });
 * const next = await queue.dlq.list({ limit: 20, after: page.at(-1)?.id });
 * await queue.dlq.redrive(page.map((letter) => letter.id));
 * ```
 */
export class SqliteDeadLetterQueue extends DeadLetterQueueBase {
  readonly #context: SqliteQueueContext;

  /** @internal */
  constructor(context: SqliteQueueContext) {
    super(() => context.assertOpen());
    this.#context = context;
  }

  protected _list(limit: number, after: string | DeadLetterPosition | undefined): Promise<DeadLetter[]> {
    const context = this.#context;
    return context.run('dlq list', async () => {
      const { statements } = context;
      let rows: DeadLetterRow[];
      if (after === undefined) {
        rows = statements.deadLettersFirst.all(limit);
      } else if (typeof after === 'object') {
        rows = statements.deadLettersAfter.all(after.deadLetteredAt, after.id, limit);
      } else {
        const cursor = statements.deadLetterCursor.get(after);
        if (!cursor) throw new MessageNotFoundError(`no dead letter with id ${after} to continue after`);
        rows = statements.deadLettersAfter.all(cursor.dead_lettered_at, after, limit);
      }
      return Promise.all(rows.map((row) => this.#toDeadLetter(row)));
    });
  }

  protected _get(id: string): Promise<DeadLetter | undefined> {
    const context = this.#context;
    return context.run('dlq get', async () => {
      const row = context.statements.deadLetter.get(id);
      return row && this.#toDeadLetter(row);
    });
  }

  /**
   * Moves dead letters back to the main queue, visible now, receive count reset. An id that is
   * not a dead letter, or whose id is in the main queue again, is skipped and not counted.
   */
  protected _redrive(ids: readonly string[] | undefined): Promise<number> {
    const context = this.#context;
    return context.run('dlq redrive', async () => {
      const { db, statements } = context;
      const targets = ids ?? statements.deadLetterIds.all().map((row) => row.id);
      const moveChunk = db.transaction((chunk: readonly string[], now: number) => {
        let moved = 0;
        for (const id of chunk) {
          if (statements.redriveOne.run({ id, now }).changes === 0) continue;
          statements.deleteDeadLetter.run(id);
          moved += 1;
        }
        return moved;
      });
      let moved = 0;
      for (let start = 0; start < targets.length; start += CHUNK) {
        const chunk = targets.slice(start, start + CHUNK);
        context.freeingInParts('dlq redrive', chunk, (part) => (moved += moveChunk.immediate(part, context.now())));
      }
      if (moved > 0) context.notify();
      return moved;
    });
  }

  /**
   * Deletes dead letters and their blobs; returns how many existed. Works on a full disk: every
   * transaction may use the space reserve (see `SpaceReserve`), a chunk whose log does not fit
   * is split until it does (with `secure_delete`, every freed page is written to the log, so
   * even the purge of everything can need more log than a full disk has), and each chunk's blob
   * files go as soon as its rows are gone, so the space comes back while the purge runs.
   */
  protected _purge(ids: readonly string[] | undefined): Promise<number> {
    const context = this.#context;
    return context.run('dlq purge', async () => {
      const { db, statements } = context;
      const blobs: string[] = [];
      let purged = 0;
      if (ids === undefined) {
        // One statement without WHERE: SQLite frees the table's pages whole. With secure_delete
        // it still zeroes each of them through the log, so on a full disk it may not fit.
        const purgeAll = db.transaction(() => {
          blobs.length = 0;
          for (const row of statements.deadLetterBlobs.all()) blobs.push(row.blob);
          return statements.deleteAllDeadLetters.run().changes;
        });
        try {
          purged = context.freeing('dlq purge', () => purgeAll.immediate());
        } catch (error) {
          if (!isDiskFull(error)) throw error;
          // Too much log for the space left: by id, in parts that fit.
          blobs.length = 0;
          purged = await this.#purgeByIds(statements.deadLetterIds.all().map((row) => row.id));
        }
      } else {
        purged = await this.#purgeByIds(ids);
      }
      await context.blobs.remove(blobs);
      return purged;
    });
  }

  /** Purges the dead letters named, a chunk per transaction (split further on a full disk), and their blobs. */
  async #purgeByIds(ids: readonly string[]): Promise<number> {
    const context = this.#context;
    const { db, statements } = context;
    const purgeChunk = db.transaction((chunk: readonly string[]) => {
      const found: string[] = [];
      let count = 0;
      for (const id of chunk) {
        const row = statements.deleteDeadLetter.get(id);
        if (!row) continue;
        count += 1;
        if (row.blob !== null) found.push(row.blob);
      }
      return { count, found };
    });
    let purged = 0;
    for (let start = 0; start < ids.length; start += CHUNK) {
      const found: string[] = [];
      context.freeingInParts('dlq purge', ids.slice(start, start + CHUNK), (part) => {
        const done = purgeChunk.immediate(part);
        purged += done.count;
        found.push(...done.found);
      });
      await context.blobs.remove(found);
    }
    return purged;
  }

  async #toDeadLetter(row: DeadLetterRow): Promise<DeadLetter> {
    return {
      id: row.id,
      body: await this.#body(row),
      sentAt: row.sent_at,
      deadLetteredAt: row.dead_lettered_at,
      receiveCount: row.receive_count,
      lastError: row.last_error,
    };
  }

  async #body(row: DeadLetterRow): Promise<Buffer> {
    if (row.blob === null) return row.body ?? Buffer.alloc(0);
    const bytes = await this.#context.blobs.read(row.blob);
    if (bytes) return bytes;
    // Show the letter anyway: listing the DLQ is how an operator finds out about it.
    this.#context.logger.warn({ id: row.id, blob: row.blob }, 'dead letter payload file is missing');
    return Buffer.alloc(0);
  }
}
