import { assertNever } from './assert-never.js';
import type { QueueConfig } from './config-schema.js';

/**
 * Where a queue lives, in one line for people (startup summary, `config check`): the embedded
 * queue's file, or the SQS queue's URL.
 *
 * @example
 * ```ts
 * queueLocation(config.queue); // '.sluice/sluice.db'
 * ```
 */
export function queueLocation(queue: QueueConfig): string {
  switch (queue.driver) {
    case 'sqlite':
      return queue.path;
    case 'sqs':
      return queue.queue_url;
    default:
      return assertNever(queue, 'driver');
  }
}

/**
 * The database file a queue keeps on this machine, as configured (relative to the working
 * directory); undefined for a queue held elsewhere (SQS) or in memory. Commands that inspect a
 * queue look for it, and the forwarder keeps the delivery counters `sluice status` shows in it.
 *
 * @example
 * ```ts
 * queueFile(config.queue); // '.sluice/sluice.db'
 * ```
 */
export function queueFile(queue: QueueConfig): string | undefined {
  switch (queue.driver) {
    case 'sqlite':
      return queue.path === ':memory:' ? undefined : queue.path;
    case 'sqs':
      return undefined;
    default:
      return assertNever(queue, 'driver');
  }
}
