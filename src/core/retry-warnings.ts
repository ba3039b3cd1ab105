import { assertNever } from './assert-never.js';
import type { QueueDriver } from './config-schema.js';

/** What the warnings read of a configuration: a valid file's or a Lambda function's. */
export interface RetryBudgetConfig {
  readonly queue: { readonly driver: QueueDriver; readonly max_receive_count: number };
  readonly destination?: { readonly retry: { readonly max_age: number; readonly max_attempts: number } } | undefined;
}

/**
 * Warnings about an SQS queue (read with `GetQueueAttributes`) that would end the retry budget
 * early: a RedrivePolicy `maxReceiveCount` below `max_attempts` (SQS dead-letters first), or a
 * retention no longer than `max_age` (SQS deletes records still being retried).
 *
 * @example
 * ```ts
 * sqsRetryLimitWarnings({ maxReceiveCount: 5, retentionMs: 345_600_000 }, config.destination.retry); // ['… maxReceiveCount (5) …']
 * ```
 */
export function sqsRetryLimitWarnings(
  limits: { maxReceiveCount: number | null; retentionMs: number | null },
  retry: { max_age: number; max_attempts: number },
): string[] {
  const warnings: string[] = [];
  if (limits.maxReceiveCount === null) {
    warnings.push("the SQS queue has no RedrivePolicy: a record that never finishes an attempt is retried until the queue's retention ends");
  } else if (limits.maxReceiveCount < retry.max_attempts) {
    warnings.push(
      `the SQS queue's RedrivePolicy maxReceiveCount (${limits.maxReceiveCount}) is below destination.retry.max_attempts (${retry.max_attempts}): ` +
        'SQS dead-letters records before destination.retry.max_age ends; raise it, and queue.max_receive_count with it',
    );
  }
  if (limits.retentionMs !== null && limits.retentionMs <= retry.max_age) {
    warnings.push(
      `the SQS queue's MessageRetentionPeriod (${limits.retentionMs / 1000} s) is not longer than destination.retry.max_age (${retry.max_age} ms): ` +
        'SQS deletes records still being retried; raise it',
    );
  }
  return warnings;
}

/**
 * Warnings about a valid configuration whose queue would end the retry budget early: a
 * `queue.max_receive_count` below `destination.retry.max_attempts` dead-letters records after
 * that many receives, before `max_age`.
 *
 * @example
 * ```ts
 * for (const warning of retryBudgetWarnings(config)) logger.warn(warning);
 * ```
 */
export function retryBudgetWarnings(config: RetryBudgetConfig): string[] {
  const retry = config.destination?.retry;
  if (retry === undefined || config.queue.max_receive_count >= retry.max_attempts) return [];
  return [
    `queue.max_receive_count (${config.queue.max_receive_count}) is below destination.retry.max_attempts (${retry.max_attempts}): ` +
      `records are dead-lettered after ${config.queue.max_receive_count} receives, before destination.retry.max_age (${retry.max_age} ms) ends; ${raiseReceiveCount(config.queue.driver)}`,
  ];
}

/** How to raise a driver's receive limit: SQS keeps it in the queue's RedrivePolicy too. */
function raiseReceiveCount(driver: QueueDriver): string {
  switch (driver) {
    case 'sqlite':
      return 'remove queue.max_receive_count (it then follows max_attempts) or raise it';
    case 'sqs':
      return "raise the SQS RedrivePolicy's maxReceiveCount to at least that and set queue.max_receive_count to it";
    default:
      return assertNever(driver, 'driver');
  }
}
