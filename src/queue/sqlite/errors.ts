import { QueueError, SluiceError } from '../../core/errors.js';

/**
 * Normalises a storage failure (a `SqliteError` such as SQLITE_BUSY or SQLITE_FULL, a file
 * system error from the blob folder) into `QueueError` with the original as `cause`. Errors Sluice
 * raised on purpose pass through unchanged.
 *
 * @internal
 * @example
 * ```ts
 * try { db.exec(sql) } catch (error) { throw toQueueError(error, 'receive') }
 * ```
 */
export function toQueueError(error: unknown, operation: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new QueueError(`queue ${operation} failed: ${detail}`, { cause: error });
}
