import { closeSync, openSync, writevSync } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from '../../core/errors.js';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from './private-files.js';

/**
 * The folder beside the database that holds payloads too large to keep in a row (SPEC §2,
 * "large payloads … go to a blob folder next to the database"). A blob is written before the
 * row that names it commits, so a committed row never points at a file that was not written; a
 * process that dies in between leaves an unreferenced file, removed later by `sweepOrphans`.
 *
 * Blobs are not flushed to disk one by one. The queue commits with `synchronous = NORMAL`,
 * which survives the process dying (kill -9) but not a power cut, and the file's data is in the
 * page cache before the commit, so it survives the same failures the row does. After a power
 * cut a row may point at a file that is short or gone: a missing file moves its message to the
 * dead-letter queue with the reason (an fsync per blob would cost every large capture a disk
 * flush for a guarantee the rows themselves do not give).
 *
 * @example
 * ```ts
 * const blobs = new BlobStore(BlobStore.folderFor('/var/lib/sluice/sluice.db'));
 * await blobs.write('0190f5c2-…', payload);
 * await blobs.write('0190f5c3-…', [header, body]); // chunks land in the file in order, never joined in memory
 * const bytes = await blobs.read('0190f5c2-…'); // Buffer, or undefined when gone
 * ```
 */
/**
 * Blobs up to this size are written synchronously: into the page cache that is a copy of well
 * under a millisecond, and half the CPU of the three thread-pool round trips (open, write, close)
 * an asynchronous write costs per file — which is what every large capture pays. Larger blobs
 * go through the thread pool so the event loop never stalls on them.
 */
const SYNC_WRITE_MAX_BYTES = 1024 * 1024;

export class BlobStore {
  readonly dir: string;
  #ready: Promise<unknown> | undefined;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** `<database>.blobs`, the folder used for a database file. */
  static folderFor(databasePath: string): string {
    return `${databasePath}.blobs`;
  }

  /** The file a blob name maps to. Names are generated UUIDs, never caller input. */
  pathOf(name: string): string {
    return join(this.dir, name);
  }

  /**
   * Writes a new blob from one buffer or from chunks written in order (one `writev`, so a caller
   * holding a payload in pieces never joins them in memory); resolves once the whole payload is in
   * the file (not flushed to disk, see above).
   */
  async write(name: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
    this.#ready ??= this.#createFolder();
    await this.#ready;
    const chunks: readonly Uint8Array[] = isChunk(data) ? [data] : data;
    let total = 0;
    for (const chunk of chunks) total += chunk.length;
    // 'wx': names are fresh UUIDs, so an existing file is a bug, never something to overwrite.
    if (total <= SYNC_WRITE_MAX_BYTES) {
      writeChunksSync(this.pathOf(name), chunks);
      return;
    }
    await writeChunks(this.pathOf(name), chunks);
  }

  /**
   * The folder, 0700 whatever the umask when it is new; one that exists is tightened when the
   * queue opens (see `SqliteQueue`). Blob files are created 0600: the umask can only take bits
   * away from that, never open them to others.
   */
  async #createFolder(): Promise<void> {
    const created = await mkdir(this.dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    if (created !== undefined) await chmod(this.dir, PRIVATE_FOLDER_MODE);
  }

  /** The blob's bytes, or undefined when the file does not exist. */
  async read(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(name));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Removes blobs; ones already gone are skipped. */
  async remove(names: Iterable<string>): Promise<void> {
    const removals: Promise<void>[] = [];
    for (const name of names) {
      removals.push(
        unlink(this.pathOf(name)).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        }),
      );
    }
    const results = await Promise.allSettled(removals);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Deletes files no row refers to and whose last change is older than `minAgeMs`. The age
   * spares blobs whose row is being committed right now, by this or another process.
   *
   * @param referenced returns the subset of the given names that rows still point at.
   * @param nowMs wall-clock time, compared with file modification times.
   * @returns how many files were deleted.
   */
  async sweepOrphans(referenced: (names: readonly string[]) => ReadonlySet<string>, minAgeMs: number, nowMs: number): Promise<number> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
    const old: string[] = [];
    for (const name of entries) {
      try {
        const info = await stat(this.pathOf(name));
        if (info.isFile() && nowMs - info.mtimeMs > minAgeMs) old.push(name);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    if (old.length === 0) return 0;
    const keep = referenced(old);
    const orphans = old.filter((name) => !keep.has(name));
    await this.remove(orphans);
    return orphans.length;
  }
}

function isChunk(data: Uint8Array | readonly Uint8Array[]): data is Uint8Array {
  return data instanceof Uint8Array;
}

/**
 * The chunks still to write after `written` bytes went out. `writev` returns short when an error
 * follows some written bytes (a disk filling up), and the next call reports the error, so both
 * writers loop on what remains rather than take a short count for success.
 */
function remainder(chunks: readonly Uint8Array[], written: number): readonly Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = written;
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    rest.push(skip === 0 ? chunk : chunk.subarray(skip));
    skip = 0;
  }
  return rest;
}

function writeChunksSync(path: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  try {
    let pending: readonly Uint8Array[] = chunks;
    while (pending.length > 0) {
      const written = writevSync(fd, pending);
      pending = remainder(pending, written);
    }
  } finally {
    closeSync(fd);
  }
}

async function writeChunks(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const file = await open(path, 'wx', PRIVATE_FILE_MODE);
  try {
    let pending: readonly Uint8Array[] = chunks;
    while (pending.length > 0) {
      const { bytesWritten } = await file.writev(pending);
      pending = remainder(pending, bytesWritten);
    }
  } finally {
    await file.close();
  }
}

function isNotFound(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}
