import { toDeliverable } from '../core/capture-record.js';
import { toError } from '../core/errors.js';
import { parseFailureNote } from '../forwarder/failure.js';
import type { DeadLetter } from '../queue/types.js';

/** A dead letter as `sluice dlq` shows it (and prints with `--json`). */
export interface DeadLetterView {
  readonly id: string;
  readonly sent_at: string;
  readonly dead_lettered_at: string;
  readonly attempts: number;
  /** The destination's status on the last attempt; null for a network error or timeout. */
  readonly last_status: number | null;
  /** The failure class (`server_error`, `timeout`, …) when the forwarder recorded one. */
  readonly failure_class: string | null;
  readonly last_error: string | null;
  readonly last_attempt_at: string | null;
  /** Why it was dead-lettered: `max_age`, `max_attempts`, `abort_message`, `client_error`, `malformed`. */
  readonly reason: string | null;
}

/**
 * Reads a dead letter's recorded failure into the fields the DLQ commands print. A
 * `lastError` the forwarder did not write (another producer's text) is shown as it is.
 *
 * @example
 * ```ts
 * const view = viewDeadLetter(await queue.dlq.get(id));
 * console.log(view.attempts, view.last_status, view.last_error);
 * ```
 */
export function viewDeadLetter(letter: DeadLetter): DeadLetterView {
  const note = parseFailureNote(letter.lastError);
  return {
    id: letter.id,
    sent_at: new Date(letter.sentAt).toISOString(),
    dead_lettered_at: new Date(letter.deadLetteredAt).toISOString(),
    attempts: note?.attempt ?? letter.receiveCount,
    last_status: note?.status ?? null,
    failure_class: note?.class ?? null,
    last_error: note?.error ?? letter.lastError,
    last_attempt_at: note ? new Date(note.at).toISOString() : null,
    // A message that ran out of receives without a final note was moved by the queue itself.
    reason: note?.dead_letter ?? (note ? 'max_attempts' : null),
  };
}

/**
 * The record a dead letter holds, parsed, or why it cannot be read.
 *
 * @example
 * ```ts
 * const content = deadLetterRecord(letter);
 * if ('record' in content) console.log(JSON.stringify(content.record, null, 2));
 * ```
 */
export function deadLetterRecord(letter: DeadLetter): { record: unknown } | { unreadable: string } {
  try {
    return { record: JSON.parse(toDeliverable(letter.body).json) };
  } catch (error) {
    return { unreadable: toError(error).message };
  }
}
