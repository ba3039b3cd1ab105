import type Database from 'better-sqlite3';
import type { Logger } from '../../telemetry/logger.js';
import type { BlobStore } from './blob-store.js';
import type { SqliteStatements } from './statements.js';

/**
 * What the parts of the embedded driver share: one connection, its statements, the blob folder
 * and the queue's lifecycle hooks.
 *
 * @internal
 */
export interface SqliteQueueContext {
  readonly db: Database.Database;
  readonly statements: SqliteStatements;
  readonly blobs: BlobStore;
  readonly logger: Logger;
  now(): number;
  /** Throws `ClosedError` once `close()` was called. */
  assertOpen(): void;
  /** Runs an operation `close()` waits for, and normalises its storage errors to `QueueError`. */
  run<T>(operation: string, work: () => Promise<T>): Promise<T>;
  /** Runs a write that frees or moves data; on a full disk it releases the space reserve and retries once. */
  freeing<T>(operation: string, write: () => T): T;
  /** `freeing` over items that may be written in separate transactions: halved on a full disk until they fit. */
  freeingInParts<I>(operation: string, items: readonly I[], write: (part: readonly I[]) => void): void;
  /** Wakes long polls on this file: something may have become visible. */
  notify(): void;
}
