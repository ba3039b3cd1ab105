import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parse } from '@aws-lambda-powertools/parser';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { toDeliverable, type Deliverable } from '../core/capture-record.js';
import type { DestinationConfig } from '../core/config-schema.js';
import { BadRequestError, PayloadPointerError, SluiceError, toError } from '../core/errors.js';
import { backoffDelay } from '../forwarder/backoff.js';
import type { DestinationClient } from '../forwarder/destination-client.js';
import { formatFailureNote, type DeadLetterReason, type DeliveryFailure } from '../forwarder/failure.js';
import type { PayloadPointer } from '../queue/sqs-payload-pointer.js';
import type { QueueLogger, SqsTransport } from '../queue/sqs-transport.js';
import { fromLambdaRecord, sluiceIdOf, type WireMessage } from '../queue/sqs-wire.js';

export interface ForwarderHandlerOptions {
  readonly transport: SqsTransport;
  readonly client: DestinationClient;
  readonly destination: DestinationConfig;
  /** The RedrivePolicy's `maxReceiveCount`: the last attempt moves the record to the DLQ itself, with its error. */
  readonly maxReceiveCount: number;
  readonly logger: QueueLogger;
  /** `DeliveryFailed` and `DeadLettered` (Count) are emitted here as CloudWatch EMF. */
  readonly metrics: Metrics;
  /** The longest `Retry-After` honoured. @default 1 hour */
  readonly maxRetryAfterMs?: number;
  readonly random?: () => number;
}

export type ForwarderHandler = (event: unknown, context: Context) => Promise<SQSBatchResponse>;

/** A record whose delivery failed and will be retried (reported as a batch item failure). */
class DeliveryRetryError extends SluiceError {
  override readonly name = 'DeliveryRetryError';
  override readonly code = 'SLUICE_DELIVERY_RETRY';
}

const MAX_VISIBILITY_MS = 43_200_000;

/**
 * The forwarder function's logic (SPEC §3, §5): each record of an SQS event batch is read
 * (from S3 when it is a pointer), POSTed to the destination with the same client, signing and
 * failure classes as `sluice forward`, and reported with Powertools Batch so that only the
 * failed records come back. A failed record is hidden for an exponential backoff with full
 * jitter (its visibility is changed) before it is reported; on its last allowed attempt, on
 * `webhook-delivery: abort-message`, on a 4xx with `dead_letter_on_4xx`, or when it cannot be
 * read (not a record, a bad pointer, a missing S3 object) it is copied to the DLQ with its
 * reason and reported done, so SQS deletes it. A delivered record's S3 payload is deleted.
 *
 * @example
 * ```ts
 * export const handler = createForwarderHandler({ transport, client, destination: config.destination, maxReceiveCount: 5, logger, metrics });
 * ```
 */
export function createForwarderHandler(options: ForwarderHandlerOptions): ForwarderHandler {
  const { transport, client, destination, logger, metrics } = options;
  const random = options.random ?? Math.random;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 3_600_000;
  const processor = new BatchProcessor(EventType.SQS);

  async function deadLetter(wire: WireMessage, id: string, failure: DeliveryFailure, reason: DeadLetterReason): Promise<void> {
    logger.warn({ id, attempt: wire.receiveCount, class: failure.class, status: failure.status, error: failure.message, reason }, 'delivery failed; moved to the dead-letter queue');
    const note = formatFailureNote(failure, wire.receiveCount, Date.now(), reason);
    await transport.sendToDeadLetterQueue(wire, { lastError: note, receiveCount: wire.receiveCount, sentAt: wire.sentAt, at: Date.now() });
    metrics.addMetric('DeadLettered', MetricUnit.Count, 1);
  }

  async function retryLater(wire: WireMessage, id: string, failure: DeliveryFailure): Promise<never> {
    let delayMs = backoffDelay(wire.receiveCount, destination.retry, random);
    if (failure.retryAfterMs !== undefined) delayMs = Math.max(delayMs, Math.min(failure.retryAfterMs, maxRetryAfterMs));
    logger.warn({ id, attempt: wire.receiveCount, class: failure.class, status: failure.status, error: failure.message, retry_in_ms: delayMs }, 'delivery failed; will retry');
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

  async function handleRecord(record: SQSRecord): Promise<void> {
    const wire = fromLambdaRecord(record);
    let id = sluiceIdOf(wire);
    let payload: { body: Buffer; pointer?: PayloadPointer };
    try {
      payload = await transport.readPayload(wire);
    } catch (error) {
      if (!(error instanceof PayloadPointerError)) throw error;
      await deadLetter(wire, id, { class: 'malformed', message: error.message }, 'malformed');
      return;
    }
    let deliverable: Deliverable;
    try {
      deliverable = toDeliverable(payload.body);
    } catch (error) {
      await deadLetter(wire, id, { class: 'malformed', message: toError(error).message }, 'malformed');
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
    metrics.addMetric('DeliveryFailed', MetricUnit.Count, 1);
    let reason: DeadLetterReason | undefined;
    if (failure.class === 'abort_message') reason = 'abort_message';
    else if (failure.class === 'client_error' && destination.dead_letter_on_4xx) reason = 'client_error';
    else if (wire.receiveCount >= options.maxReceiveCount) reason = 'max_attempts';
    if (reason !== undefined) {
      await deadLetter(wire, id, failure, reason);
      return;
    }
    await retryLater(wire, id, failure);
  }

  return async function forwarderHandler(input: unknown, context: Context): Promise<SQSBatchResponse> {
    const parsed = parse(input, undefined, SqsSchema, true);
    if (!parsed.success) {
      // Not an SQS event at all: nothing to report per record. Failing the invocation makes
      // Lambda retry the batch, and SQS's redrive ends it.
      logger.error({ err: parsed.error }, 'malformed SQS event');
      throw new BadRequestError('malformed SQS event');
    }
    try {
      return await processPartialResponse(input as SQSEvent, handleRecord, processor, { context, throwOnFullBatchFailure: false });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
