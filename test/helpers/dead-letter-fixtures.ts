import { formatFailureNote, type DeadLetterReason, type DeliveryFailure } from '../../src/forwarder/failure.js';
import type { Queue } from '../../src/queue/types.js';
import { enqueueRecords } from './forwarder-harness.js';

/**
 * Puts `count` records in the dead-letter queue the way the forwarder does after failing them,
 * and returns their ids (oldest first).
 *
 * @example
 * ```ts
 * const ids = await deadLetterRecords(queue, 3, { class: 'server_error', status: 503, message: 'HTTP 503 Service Unavailable' });
 * ```
 */
export async function deadLetterRecords(
  queue: Queue,
  count: number,
  failure: DeliveryFailure = { class: 'server_error', status: 503, message: 'HTTP 503 Service Unavailable' },
  options: { attempt?: number; reason?: DeadLetterReason } = {},
): Promise<string[]> {
  const ids = await enqueueRecords(queue, count);
  let moved = 0;
  while (moved < count) {
    const messages = await queue.receive({ maxMessages: Math.min(count - moved, queue.limits.maxReceiveBatch) });
    for (const message of messages) {
      await queue.deadLetter(message.receiptHandle, formatFailureNote(failure, options.attempt ?? 5, Date.now(), options.reason ?? 'max_attempts'));
      moved += 1;
    }
  }
  return ids;
}
