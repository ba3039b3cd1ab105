import { randomFillSync } from 'node:crypto';
import { existsSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { errorChain, errorCode } from '../../core/errors.js';

/** The reserve is written in chunks of this size, from one buffer. */
const CHUNK_BYTES = 1024 * 1024;
/** Bounds of the reserve, which is 1/64 of the file system in between. */
export const MIN_RESERVE_BYTES = 256 * 1024;
export const MAX_RESERVE_BYTES = 8 * 1024 * 1024;
/** SQLite's "database or disk is full", the file system's no space and over quota. */
const DISK_FULL_CODES: ReadonlySet<string> = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * How large the reserve is for a file system of `totalBytes`: 1/64 of it, at least 256 KiB and at
 * most 8 MiB. 8 MiB is about 2,000 pages of write-ahead log: far more than the largest delete
 * transaction the queue runs (a receive with its group of acknowledgements, or a purge chunk).
 *
 * @internal
 * @example
 * ```ts
 * reserveBytesFor(5 * 1024 * 1024); // 262144
 * ```
 */
export function reserveBytesFor(totalBytes: number): number {
  return Math.min(MAX_RESERVE_BYTES, Math.max(MIN_RESERVE_BYTES, Math.floor(totalBytes / 64 / 4096) * 4096));
}

/**
 * Whether a storage error means the disk (or the user's quota) is full: SQLite's SQLITE_FULL,
 * or ENOSPC / EDQUOT from the file system (blob files, the write-ahead log).
 *
 * @internal
 * @example
 * ```ts
 * isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })); // true
 * ```
 */
export function isDiskFull(error: unknown): boolean {
  // Any link counts: the queue wraps SQLite's and the file system's errors in its own.
  return errorChain(error).some((link) => DISK_FULL_CODES.has(errorCode(link) ?? ''));
}

/**
 * A file of real, allocated bytes beside the database (`<file>.reserve`) that the queue gives
 * back to the file system when the disk is full, so that what frees space can still run.
 *
 * Why it is needed: SQLite cannot delete without writing. In WAL mode a DELETE appends a frame
 * (a page plus 24 bytes) to the write-ahead log for every page it changes (the table's and each
 * index's leaf pages, their parents, the free-list trunk and page 1), and the log only reuses
 * its space after a checkpoint copied it back. On a full disk the log cannot grow, so the
 * delete fails with SQLITE_FULL ("database or disk is full") — that is how `sluice dlq purge`
 * and the forwarder's acknowledgements failed. Freed pages stay inside the database file (it
 * never shrinks on its own), so deleting rows does not give space back to the file system
 * either; only blob files do.
 *
 * What the queue does with it (see `SqliteQueue`): new messages are refused before the file
 * system's free space (plus the database's own free pages) drops below the reserve's size, so
 * Sluice itself never fills the disk; and when a write that frees or moves data (acknowledge,
 * receive, retry, dead-letter, purge, redrive, expiry) still fails with SQLITE_FULL, because
 * something else filled the disk, the queue releases the reserve, runs a checkpoint (which
 * overwrites pages the database already has, so it needs no new space) and retries once. The
 * reserve is written again once the disk has room for it and the headroom; until then the
 * queue refuses new messages, so captures never eat the space deletes need.
 *
 * The reserve is filled with random bytes, not zeros: a file system that compresses (ZFS,
 * btrfs) would store zeros in next to no space. Processes that only inspect the queue (`sluice
 * status`, `sluice dlq`) release it when they must but never write it.
 *
 * @internal
 * @example
 * ```ts
 * const reserve = new SpaceReserve('/var/lib/sluice/sluice.db.reserve', 8 * 1024 * 1024);
 * await reserve.ensure();
 * try { deleteRows() } catch (error) { if (isDiskFull(error) && reserve.release()) deleteRows(); else throw error; }
 * ```
 */
export class SpaceReserve {
  readonly path: string;
  readonly bytes: number;
  #writing: Promise<boolean> | undefined;

  constructor(path: string, bytes: number) {
    this.path = path;
    this.bytes = bytes;
  }

  /** `<database>.reserve`, the reserve file of a database file. */
  static pathFor(databasePath: string): string {
    return `${databasePath}.reserve`;
  }

  /** Whether the reserve file is there (written by this or another process). */
  held(): boolean {
    return existsSync(this.path);
  }

  /**
   * Writes the reserve when it is missing; resolves true once it is in place. The file is
   * written under a temporary name and renamed, so a half-written reserve (the disk filled
   * meanwhile) never counts: it is removed and false is returned.
   */
  ensure(): Promise<boolean> {
    if (this.held()) return Promise.resolve(true);
    this.#writing ??= this.#write().finally(() => (this.#writing = undefined));
    return this.#writing;
  }

  /**
   * Writes the reserve now, synchronously, when missing; true once it is in place. For a small
   * reserve on a recovery path, where it must be back before the next write can take the space.
   */
  ensureSync(): boolean {
    if (this.held()) return true;
    const temporary = `${this.path}.${process.pid}.sync.tmp`;
    try {
      writeFileSync(temporary, randomFillSync(Buffer.allocUnsafe(this.bytes)), { mode: 0o600 });
      renameSync(temporary, this.path);
      return true;
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // Never created.
      }
      return false;
    }
  }

  /** Resolves once a write under way (if any) is over. */
  async settled(): Promise<void> {
    await this.#writing;
  }

  /** Removes the reserve, synchronously (called inside a failed write's retry); true when a file was removed. */
  release(): boolean {
    try {
      unlinkSync(this.path);
      return true;
    } catch {
      return false;
    }
  }

  async #write(): Promise<boolean> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    const chunk = randomFillSync(Buffer.allocUnsafe(Math.min(CHUNK_BYTES, this.bytes)));
    try {
      const file = await open(temporary, 'w', 0o600);
      try {
        for (let written = 0; written < this.bytes;) {
          const size = Math.min(chunk.length, this.bytes - written);
          const { bytesWritten } = await file.write(chunk, 0, size);
          written += bytesWritten;
        }
      } finally {
        await file.close();
      }
      await rename(temporary, this.path);
      return true;
    } catch {
      await unlink(temporary).catch(() => undefined);
      return false;
    }
  }
}
