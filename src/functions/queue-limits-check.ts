import { sqsRetryLimitWarnings } from '../core/retry-warnings.js';
import type { QueueLogger, SqsTransport } from '../queue/sqs/transport.js';

/**
 * Reads the SQS queue's RedrivePolicy and retention (`GetQueueAttributes`) and logs a warning
 * for each that would end the retry budget early ({@link sqsRetryLimitWarnings}). It never
 * rejects: a queue that cannot be read is a warning too, since the check only advises.
 *
 * The forwarder function starts it at init without awaiting it. The first SDK request of an
 * execution environment loads and runs the SDK's credential, signing and HTTP code, and waits a
 * round trip, all counted in the init (issue 12 §4); nothing the first batch does waits for this
 * advice, so it runs alongside the batch and its warnings follow when SQS answers.
 *
 * @example
 * ```ts
 * void checkQueueRetryLimits(transport, config.destination.retry, powertoolsAdapter(logger));
 * ```
 */
export async function checkQueueRetryLimits(
  transport: Pick<SqsTransport, 'queueRetryLimits'>,
  retry: { readonly max_age: number; readonly max_attempts: number },
  logger: QueueLogger,
): Promise<void> {
  try {
    for (const warning of sqsRetryLimitWarnings(await transport.queueRetryLimits(), retry)) logger.warn(warning);
  } catch (error) {
    logger.warn({ err: error }, "could not read the SQS queue's RedrivePolicy to check the retry budget");
  }
}
