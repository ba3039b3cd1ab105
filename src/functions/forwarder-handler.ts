import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { toDeliverable, type Deliverable } from '../core/capture-record.js';
import type { DestinationConfig } from '../core/config-schema.js';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import { BadRequestError, DeliveryRetryError, PayloadPointerError, toError } from '../core/errors.js';
import type { DestinationClient } from '../forwarder/destination-client.js';
import { formatFailureNote, type DeadLetterReason, type DeliveryFailure } from '../forwarder/failure.js';
import { RetryPolicy } from '../forwarder/retry-policy.js';
import type { PayloadPointer } from '../queue/sqs/payload-pointer.js';
import type { QueueLogger, SqsTransport } from '../queue/sqs/transport.js';
import { fromLambdaRecord, sluiceIdOf, type WireMessage } from '../queue/sqs/wire.js';
import { checkSqsEvent } from './sqs-event-check.js';

export interface ForwarderHandlerOptions {
  readonly transport: SqsTransport;
  readonly client: DestinationClient;
  readonly destination: DestinationConfig;
  /**
   * The RedrivePolicy's `maxReceiveCount` (at least `destination.retry.max_attempts`): a record
   * still to be retried on its last allowed receive is moved to the DLQ by the function itself,
   * with its error, rather than by SQS without one.
   */
  readonly maxReceiveCount: number;
  readonly logger: QueueLogger;
  /** `DeliveryFailed` and `DeadLettered` (Count) are emitted here as CloudWatch EMF. */
  readonly metrics: Metrics;
  /** The longest `Retry-After` honoured. @default 1 hour */
  readonly maxRetryAfterMs?: number;
  readonly random?: () => number;
  /** The clock of the retry budget, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

export type ForwarderHandler = (event: unknown, context: Context) => Promise<SQSBatchResponse>;

const MAX_VISIBILITY_MS = 43_200_000;

/**
 * The forwarder function's logic (SPEC §3, §5): each record of an SQS event batch is read
 * (from S3 when it is a pointer), POSTed to the destination with the same client, signing and
 * failure classes as `sluice forward`, and reported with Powertools Batch so that only the
 * failed records come back. After a failure the same {@link RetryPolicy} as `sluice forward`
 * decides, with the budget starting at SQS's `ApproximateFirstReceiveTimestamp`: a record to
 * retry is hidden for the backoff (its visibility is changed) before it is reported; a record
 * past `destination.retry.max_age` or `max_attempts`, on its last receive the RedrivePolicy
 * allows, on `webhook-delivery: abort-message`, on a 4xx with `dead_letter_on_4xx`, or that
 * cannot be read (not a record, a bad pointer, a missing S3 object) is copied to the DLQ with
 * its reason and reported done, so SQS deletes it. A delivered record's S3 payload is deleted.
 *
 * @example
 * ```ts
 * export const handler = createForwarderHandler({ transport, client, destination: config.destination, maxReceiveCount: 5, logger, metrics });
 * ```
 */
export function createForwarderHandler(options: ForwarderHandlerOptions): ForwarderHandler {
  const { transport, client, destination, logger, metrics } = options;
  const now = options.now ?? Date.now;
  const policy = new RetryPolicy({
    retry: destination.retry,
    deadLetterOn4xx: destination.dead_letter_on_4xx,
    ...(options.maxRetryAfterMs !== undefined && { maxRetryAfterMs: options.maxRetryAfterMs }),
    ...(options.random !== undefined && { random: options.random }),
  });
  const processor = new BatchProcessor(EventType.SQS);

  async function deadLetter(wire: WireMessage, id: string, failure: DeliveryFailure, reason: DeadLetterReason): Promise<void> {
    logger.warn(
      { id, attempt: wire.receiveCount, class: failure.class, status: failure.status, error: failure.message, reason },
      'delivery failed; moved to the dead-letter queue',
    );
    const at = now();
    const note = formatFailureNote(failure, wire.receiveCount, at, reason);
    await transport.sendToDeadLetterQueue(wire, { lastError: note, receiveCount: wire.receiveCount, sentAt: wire.sentAt, at });
    metrics.addMetric(LAMBDA_METRICS.deadLettered, MetricUnit.Count, 1);
  }

  async function retryLater(wire: WireMessage, id: string, failure: DeliveryFailure, delayMs: number): Promise<never> {
    logger.warn(
      { id, attempt: wire.receiveCount, class: failure.class, status: failure.status, error: failure.message, retry_in_ms: delayMs },
      'delivery failed; will retry',
    );
    try {
      await transport.call('ChangeMessageVisibility', (sqs, sdk) =>
        sqs.send(
          new sdk.ChangeMessageVisibilityCommand({
            QueueUrl: transport.settings.queueUrl,
            ReceiptHandle: wire.receiptHandle,
            VisibilityTimeout: Math.ceil(Math.min(delayMs, MAX_VISIBILITY_MS) / 1000),
          }),
        ),
      );
    } catch (error) {
      // Without the backoff the record still comes back, after the queue's visibility timeout.
      logger.warn({ id, err: error }, 'could not set the retry backoff');
    }
    throw new DeliveryRetryError(`${failure.class}: ${failure.message}`);
  }

  /** Applies the policy's decision; a failure the policy dead-letters is done, else it is reported for a retry. */
  async function settle(wire: WireMessage, id: string, failure: DeliveryFailure): Promise<void> {
    const decision = policy.decide({ failure, attempt: wire.receiveCount, firstAttemptAt: wire.firstReceivedAt, now: now() });
    if (decision.action === 'dead_letter') return deadLetter(wire, id, failure, decision.reason);
    // SQS's redrive would move it on its next receive, without the error: move it now, with it.
    if (wire.receiveCount >= options.maxReceiveCount) return deadLetter(wire, id, failure, 'max_attempts');
    await retryLater(wire, id, failure, decision.delayMs);
  }

  async function handleRecord(record: SQSRecord): Promise<void> {
    const wire = fromLambdaRecord(record);
    let id = sluiceIdOf(wire);
    let payload: { body: Buffer; pointer?: PayloadPointer };
    try {
      payload = await transport.readPayload(wire);
    } catch (error) {
      if (!(error instanceof PayloadPointerError)) throw error;
      await settle(wire, id, { class: 'malformed', message: error.message });
      return;
    }
    let deliverable: Deliverable;
    try {
      deliverable = toDeliverable(payload.body, id);
    } catch (error) {
      await settle(wire, id, { class: 'malformed', message: toError(error).message });
      return;
    }
    id = deliverable.id;
    const result = await client.post(deliverable);
    if (result.ok) {
      if (payload.pointer !== undefined) await transport.deletePayload(payload.pointer);
      return;
    }
    if ('aborted' in result) throw new DeliveryRetryError('the delivery was cut short');
    const { failure } = result;
    metrics.addMetric(LAMBDA_METRICS.deliveryFailed, MetricUnit.Count, 1);
    await settle(wire, id, failure);
  }

  return async function forwarderHandler(input: unknown, context: Context): Promise<SQSBatchResponse> {
    const malformed = checkSqsEvent(input);
    if (malformed !== undefined) {
      // Not an SQS event at all: nothing to report per record. Failing the invocation makes
      // Lambda retry the batch, and SQS's redrive ends it.
      logger.error({ where: malformed }, 'malformed SQS event');
      throw new BadRequestError('malformed SQS event');
    }
    try {
      return await processPartialResponse(input as SQSEvent, handleRecord, processor, { context, throwOnFullBatchFailure: false });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
