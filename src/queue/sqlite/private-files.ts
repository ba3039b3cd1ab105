import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, statSync } from 'node:fs';
import { errorCode } from '../../core/errors.js';

/** Files that hold captures: read and written by their owner only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Folders that hold captures: entered by their owner only. */
export const PRIVATE_FOLDER_MODE = 0o700;

/** Where a notice about loose permissions goes (the queue's logger). */
export interface PermissionLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Makes sure a folder that holds captures exists. One Sluice creates is 0700 whatever the
 * umask (also the parents it creates). An existing folder is left as it is — it may be shared on
 * purpose (the working directory, `/var/lib`) — but a warning names it when group or others may
 * enter it, since the records in it hold whole requests and responses.
 *
 * @returns whether the folder was created.
 *
 * @example
 * ```ts
 * ensurePrivateFolder('/var/lib/sluice', logger);
 * ```
 */
export function ensurePrivateFolder(path: string, logger: PermissionLogger | undefined): boolean {
  const created = mkdirSync(path, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (created !== undefined) {
    // mkdir applies the umask, which may take away the owner's own bits; chmod does not.
    chmodSync(path, PRIVATE_FOLDER_MODE);
    return true;
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    logger?.warn({ path, mode: `0${mode.toString(8)}` }, `the queue's folder can be read by other users; run \`chmod 700 ${path}\` unless that is intended`);
  }
  return false;
}

/**
 * Creates a file Sluice owns (the queue database) 0600 whatever the umask, or tightens an
 * existing one to 0600: it holds nothing anyone else should read. SQLite gives the `-wal` and
 * `-shm` files it creates the database file's mode, so they follow. A file owned by another user
 * cannot be changed: a warning says so instead.
 *
 * @example
 * ```ts
 * ensurePrivateFile('/var/lib/sluice/sluice.db', logger);
 * ```
 */
export function ensurePrivateFile(path: string, logger: PermissionLogger | undefined): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    tighten(path, logger);
    return;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/**
 * An existing file or folder Sluice owns alone: group and others lose every permission (a
 * missing one is skipped). One owned by another user cannot be changed: a warning says so.
 *
 * @example
 * ```ts
 * tighten('/var/lib/sluice/sluice.db.blobs', logger, PRIVATE_FOLDER_MODE); // 0755 becomes 0700
 * ```
 */
export function tighten(path: string, logger: PermissionLogger | undefined, mode = PRIVATE_FILE_MODE): void {
  let current: number;
  try {
    current = statSync(path).mode & 0o777;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if ((current & 0o077) === 0) return;
  try {
    chmodSync(path, current & mode);
  } catch (error) {
    logger?.warn({ path, mode: `0${current.toString(8)}`, err: error }, 'a queue file can be read by other users and its mode cannot be changed');
  }
}
