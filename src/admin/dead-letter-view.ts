import { decodeFrame, isFrame } from '../core/capture-frame.js';
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
  /** The route that captured the exchange; null when the record cannot be read. */
  readonly route: string | null;
  /** The request's method. */
  readonly method: string | null;
  /** The request's path without the query. */
  readonly endpoint: string | null;
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
    ...exchangeOf(letter.body),
  };
}

type Exchange = Pick<DeadLetterView, 'route' | 'method' | 'endpoint'>;

/**
 * Which request a dead letter records. A frame (the embedded gateway's) is read up to its
 * metadata, never rendered: a list stays cheap whatever the bodies weigh. A JSON record (SQS,
 * other producers) is parsed.
 */
function exchangeOf(body: Uint8Array): Exchange {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  try {
    if (isFrame(body)) {
      const { meta } = decodeFrame(body);
      return { route: meta.route, method: meta.method, endpoint: meta.endpoint };
    }
    const record = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as Record<string, unknown> | null;
    return { route: text(record?.route), method: text(record?.method), endpoint: text(record?.endpoint) };
  } catch {
    return { route: null, method: null, endpoint: null };
  }
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
