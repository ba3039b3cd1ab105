import Database from 'better-sqlite3';
import type { CaptureMeta } from '../../src/core/capture-frame.js';
import { formatFailureNote, type DeliveryFailure } from '../../src/forwarder/failure.js';
import { captureFrameFactory } from './forwarder-harness.js';

/** One dead letter to write: the exchange it records, its failure and when it was dead-lettered. */
export interface DeadLetterRowSpec {
  readonly meta?: Partial<CaptureMeta>;
  readonly failure?: DeliveryFailure;
  /** Epoch milliseconds. */
  readonly deadLetteredAt: number;
}

/**
 * Writes dead letters straight into an embedded queue's file, in one transaction, as the
 * forwarder would have left them (a capture frame, a failure note): thousands take
 * milliseconds, where going through receive and deadLetter one by one would take seconds.
 * Returns their ids in the order given.
 *
 * @example
 * ```ts
 * const ids = insertDeadLetters(file, [{ meta: { route: 'users' }, deadLetteredAt: Date.now() - 1000 }]);
 * ```
 */
export function insertDeadLetters(file: string, specs: readonly DeadLetterRowSpec[]): string[] {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      'INSERT INTO dead_letters (id, body, blob, sent_at, dead_lettered_at, receive_count, last_error) VALUES (?, ?, NULL, ?, ?, 5, ?)',
    );
    const ids: string[] = [];
    db.transaction(() => {
      for (const spec of specs) {
        const { id, body } = captureFrameFactory(spec.meta);
        const failure = spec.failure ?? { class: 'server_error', status: 503, message: 'HTTP 503 Service Unavailable' };
        insert.run(id, body, spec.deadLetteredAt - 60_000, spec.deadLetteredAt, formatFailureNote(failure, 5, spec.deadLetteredAt, 'max_attempts'));
        ids.push(id);
      }
    })();
    return ids;
  } finally {
    db.close();
  }
}
