import { v7 as uuidv7 } from 'uuid';
import { awsErrorCode } from '../../aws/aws-errors.js';
import { AwsServiceError, ClosedError, isAbortError, PayloadPointerError, ReceiptHandleError } from '../../core/errors.js';
import { SqsBatcher, type BatchOutcome } from '../../aws/sqs-batcher.js';
import { SqsDeadLetterQueue } from './dead-letters.js';
import { resolveSqsSettings, toSeconds, type ResolvedSqsSettings, type SqsQueueOptions, type SqsQueueSettings } from './options.js';
import type { PayloadPointer } from './payload-pointer.js';
import { formatSqsReceiptHandle, parseSqsReceiptHandle } from './receipt-handle.js';
import { SqsTransport, toSdkAttributes, type OutgoingMessage } from './transport.js';
import { attributesSize, fromSdkMessage, sluiceIdOf, type WireMessage } from './wire.js';
import { QueueBase } from '../queue-base.js';
import type { QueueLimits, QueueMessage, QueueStats, SendMessageInput } from '../types.js';
import type { ReceiveRequest } from '../validation.js';

/** SQS's limits: 10 messages per receive or batch, 20 s long polls, 15 min delays, 12 h visibility, 1 MiB per batch. */
const MAX_BATCH = 10;
const MAX_WAIT_SECONDS = 20;
const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_SECONDS = 43_200;
const MAX_BATCH_BYTES = 1024 * 1024;
/** Per-process memory of handles and errors, bounded: a forwarder holds far fewer at once. */
const MEMORY_LIMIT = 10_000;
const OUT_OF_RECEIVES = 'received too many times without being deleted';
/** SQS's answers to a receipt handle that is no longer current. */
const STALE_RECEIPT_CODES = new Set(['ReceiptHandleIsInvalid', 'MessageNotInflight', 'InvalidParameterValue', 'InvalidReceiptHandle']);

interface Held {
  readonly id: string;
  readonly wire: WireMessage;
  expiresAt: number;
}

/**
 * The SQS driver (SPEC §2): a main queue and its dead-letter queue (the RedrivePolicy's target),
 * with payloads over `offload_threshold` (body + attributes) in S3 in the AWS SQS Extended
 * Client format, so Java and Python extended-client consumers read Sluice's messages and
 * Sluice reads theirs. Many gateways and forwarders, in any number of processes or Lambda
 * functions, share one queue.
 *
 * SQS bodies are text: a payload that is not (a binary capture frame) travels base64-encoded
 * with the `SluiceBodyEncoding` attribute, which only Sluice reads — so `limits.binaryPayloads`
 * is false and the gateway sends rendered §1 records. The Sluice id travels in the
 * `SluiceMessageId` attribute.
 *
 * SQS cannot store an error on a message. The error passed to `changeVisibility` is kept in this
 * client's memory (shown as `lastError` when this client receives the message again), and a
 * message this client moves to the DLQ — by `deadLetter`, or by `changeVisibility` after its
 * last allowed receive — is copied there with its last error, receive count and times before
 * the original is deleted. A message SQS's redrive moves (its consumer died holding it) has no
 * error. `max_receive_count` must therefore equal the RedrivePolicy's `maxReceiveCount`.
 * `stats().oldestAgeMs` is null: SQS tells the oldest message's age only to CloudWatch
 * (`ApproximateAgeOfOldestMessage`, which the deployed alarm watches).
 *
 * @example
 * ```ts
 * const queue = new SqsQueue({ queue_url, dlq_url, payload_bucket: 'sluice-payloads', region: 'eu-west-1' });
 * await queue.send({ id: record.id, body: JSON.stringify(record) });
 * const [message] = await queue.receive({ maxMessages: 10, waitTimeMs: 20_000 });
 * if (message) await queue.delete(message.receiptHandle);
 * await queue.close();
 * ```
 */
export class SqsQueue extends QueueBase {
  readonly limits: QueueLimits;
  readonly dlq: SqsDeadLetterQueue;
  /** The shared SQS/S3 plumbing (also used by the Lambda functions). */
  readonly transport: SqsTransport;
  readonly #settings: ResolvedSqsSettings;
  readonly #now: () => number;
  readonly #sends: SqsBatcher<OutgoingMessage, string>;
  readonly #deletes: SqsBatcher<string, boolean>;
  /** Messages this client received and still holds, by SQS receipt handle. */
  readonly #held = new Map<string, Held>();
  /** The latest SQS receipt handle per Sluice id (older ones are stale). */
  readonly #current = new Map<string, string>();
  readonly #retired = new Set<string>();
  readonly #lastErrors = new Map<string, string>();
  readonly #closeController = new AbortController();

  constructor(settings: SqsQueueSettings, options: SqsQueueOptions = {}) {
    super();
    this.#settings = resolveSqsSettings(settings);
    this.#now = options.now ?? (() => Date.now());
    const { queueUrl, dlqUrl, bucket, offloadThresholdBytes, region, endpoint } = this.#settings;
    this.transport = new SqsTransport({ queueUrl, dlqUrl, bucket, offloadThresholdBytes, region, ...(endpoint !== undefined && { endpoint }) }, options);
    this.limits = {
      maxReceiveBatch: MAX_BATCH,
      maxMessageBytes: options.maxMessageBytes ?? 256 * 1024 * 1024,
      maxDelayMs: MAX_DELAY_SECONDS * 1000,
      binaryPayloads: false,
    };
    this.#sends = new SqsBatcher((messages) => this.#sendBatch(messages), {
      maxItems: MAX_BATCH,
      maxBytes: MAX_BATCH_BYTES,
      sizeOf: (message) => Buffer.byteLength(message.body, 'utf8') + attributesSize(message.attributes),
    });
    this.#deletes = new SqsBatcher((handles) => this.#deleteBatch(handles), { maxItems: MAX_BATCH });
    this.dlq = new SqsDeadLetterQueue({
      transport: this.transport,
      maxReceiveCount: this.#settings.maxReceiveCount,
      scanWaitSeconds: options.dlqScanWaitSeconds ?? 1,
      assertOpen: () => this.assertOpen(),
      track: (work) => this.track(work),
    });
  }

  protected _send(input: SendMessageInput): Promise<string> {
    // SQS takes one string per message: chunks are joined here.
    const body = Array.isArray(input.body) ? Buffer.concat(input.body as readonly Uint8Array[]) : (input.body as Uint8Array | string);
    const delaySeconds = delayOf(input.delayMs);
    const id = input.id ?? uuidv7();
    return this.track(this.#send(body, id, delaySeconds));
  }

  protected _sendBatch(inputs: readonly SendMessageInput[]): Promise<string[]> {
    // All in one turn of the event loop: the batcher packs them ten to a call.
    return Promise.all(inputs.map((input) => this._send(input)));
  }

  protected async _receive(request: ReceiveRequest): Promise<QueueMessage[]> {
    const max = request.maxMessages;
    const visibilityMs = request.visibilityTimeoutMs ?? this.#settings.visibilityTimeoutMs;
    const signal = request.signal ? AbortSignal.any([request.signal, this.#closeController.signal]) : this.#closeController.signal;
    if (signal.aborted) return [];
    const deadline = Date.now() + request.waitTimeMs;
    return this.track(
      (async () => {
        for (;;) {
          // SQS long-polls at most 20 s: a longer wait is several polls.
          const waitSeconds = toSeconds(deadline - Date.now(), MAX_WAIT_SECONDS);
          let wires: WireMessage[];
          try {
            wires = await this.#receiveOnce(max, toSeconds(visibilityMs, MAX_VISIBILITY_SECONDS), waitSeconds, signal);
          } catch (error) {
            if (isAbortError(error) || signal.aborted) return [];
            throw error;
          }
          const messages = await this.#accept(wires, visibilityMs);
          if (messages.length > 0 || Date.now() >= deadline || signal.aborted) return messages;
        }
      })(),
    );
  }

  protected async _delete(receiptHandle: string): Promise<void> {
    const receipt = parseSqsReceiptHandle(receiptHandle);
    await this.track(
      (async () => {
        const deleted = await this.#deletes.add(receipt.handle);
        const held = this.#forget(receipt.handle);
        if (held) this.#lastErrors.delete(held.id);
        // Only the consumer that deleted the message removes its payload: a stale handle means
        // another consumer holds the message now, and it still needs the object.
        if (deleted && receipt.pointer) await this.transport.deletePayload(receipt.pointer);
      })(),
    );
  }

  protected async _changeVisibility(receiptHandle: string, timeoutMs: number, lastError: string | undefined): Promise<void> {
    const receipt = parseSqsReceiptHandle(receiptHandle);
    if (this.#retired.has(receipt.handle)) throw new ReceiptHandleError('stale receipt handle: the message was received again');
    const held = this.#held.get(receipt.handle);
    await this.track(
      (async () => {
        if (held && lastError !== undefined) remember(this.#lastErrors, held.id, lastError);
        if (held && held.wire.receiveCount >= this.#settings.maxReceiveCount) {
          // Its next receive would have SQS's redrive move it without the error: move it now, with it.
          await this.#moveToDeadLetters(receipt.handle, held, lastError ?? this.#lastErrors.get(held.id) ?? OUT_OF_RECEIVES);
          return;
        }
        const seconds = toSeconds(timeoutMs, MAX_VISIBILITY_SECONDS);
        try {
          await this.transport.call('ChangeMessageVisibility', (client, sdk) =>
            client.send(
              new sdk.ChangeMessageVisibilityCommand({ QueueUrl: this.#settings.queueUrl, ReceiptHandle: receipt.handle, VisibilityTimeout: seconds }),
            ),
          );
        } catch (error) {
          if (isStaleReceipt(error)) {
            this.#forget(receipt.handle);
            throw new ReceiptHandleError('stale receipt handle: the lease ended or the message was received again', { cause: error });
          }
          throw error;
        }
        if (held) held.expiresAt = this.#now() + seconds * 1000;
      })(),
    );
  }

  protected async _deadLetter(receiptHandle: string, reason: string): Promise<void> {
    const receipt = parseSqsReceiptHandle(receiptHandle);
    const held = this.#retired.has(receipt.handle) ? undefined : this.#held.get(receipt.handle);
    if (held === undefined) {
      throw new ReceiptHandleError('this client does not hold the message (its lease ended, or it was received again)');
    }
    await this.track(this.#moveToDeadLetters(receipt.handle, held, reason));
  }

  protected _stats(): Promise<QueueStats> {
    return this.track(
      (async () => {
        const [main, dlq] = await Promise.all([this.#counts(this.#settings.queueUrl), this.#counts(this.#settings.dlqUrl)]);
        return {
          visible: main.visible,
          inFlight: main.inFlight,
          delayed: main.delayed,
          // SQS counts a message hidden for a retry backoff as not visible (in flight) and
          // cannot list hidden messages: neither the retries nor their due times are known.
          retrying: null,
          nextRetryAt: null,
          oldestAgeMs: null,
          dlqDepth: dlq.visible + dlq.inFlight + dlq.delayed,
        };
      })(),
    );
  }

  /** Ends long polls at once: SQS would otherwise hold them up to 20 s. */
  protected override _interrupt(): void {
    this.#closeController.abort();
  }

  /** Sends and deletes what the batchers still hold, then releases the SDK clients. */
  protected async _close(): Promise<void> {
    await this.#sends.drain();
    await this.#deletes.drain();
    this.transport.destroy();
  }

  /** Refuses what the batchers hold (no caller was told it was sent), then releases the SDK clients. */
  protected async _destroy(error: Error | undefined): Promise<void> {
    const reason = error ?? new ClosedError('the queue was destroyed');
    this.#sends.fail(reason);
    this.#deletes.fail(reason);
    this.transport.destroy();
  }

  async #send(payload: Uint8Array | string, id: string, delaySeconds: number | undefined): Promise<string> {
    const message = await this.transport.prepare(payload, id, delaySeconds);
    try {
      return await this.#sends.add(message);
    } catch (error) {
      // The message never made it: its offloaded payload would be an orphan.
      if (message.pointer) await this.transport.deletePayload(message.pointer);
      throw error;
    }
  }

  async #sendBatch(messages: readonly OutgoingMessage[]): Promise<BatchOutcome<string>[]> {
    const answer = await this.transport.call('SendMessageBatch', (client, sdk) =>
      client.send(
        new sdk.SendMessageBatchCommand({
          QueueUrl: this.#settings.queueUrl,
          Entries: messages.map((message, index) => ({
            Id: `m${index}`,
            MessageBody: message.body,
            MessageAttributes: toSdkAttributes(message.attributes),
            ...(message.delaySeconds !== undefined && { DelaySeconds: message.delaySeconds }),
          })),
        }),
      ),
    );
    const failed = new Map((answer.Failed ?? []).map((entry) => [entry.Id, entry]));
    return messages.map((message, index) => {
      const failure = failed.get(`m${index}`);
      if (failure === undefined) return { ok: true, value: message.id };
      const awsCode = failure.Code ?? 'Unknown';
      return {
        ok: false,
        error: new AwsServiceError(`sqs SendMessageBatch failed for one message: ${awsCode}: ${failure.Message ?? ''}`, {
          service: 'sqs',
          operation: 'SendMessageBatch',
          awsCode,
          retryable: failure.SenderFault !== true,
        }),
      };
    });
  }

  /** Deletes ten at a time; true for each message SQS deleted, false for one it no longer had. */
  async #deleteBatch(handles: readonly string[]): Promise<BatchOutcome<boolean>[]> {
    const answer = await this.transport.call('DeleteMessageBatch', (client, sdk) =>
      client.send(
        new sdk.DeleteMessageBatchCommand({
          QueueUrl: this.#settings.queueUrl,
          Entries: handles.map((handle, index) => ({ Id: `d${index}`, ReceiptHandle: handle })),
        }),
      ),
    );
    const failed = new Map((answer.Failed ?? []).map((entry) => [entry.Id, entry]));
    return handles.map((_, index) => {
      const failure = failed.get(`d${index}`);
      if (failure === undefined) return { ok: true, value: true };
      // Deleting a message that is already gone is not an error (the Queue contract).
      if (failure.SenderFault === true) return { ok: true, value: false };
      return {
        ok: false,
        error: new AwsServiceError(`sqs DeleteMessageBatch failed for one message: ${failure.Code ?? 'Unknown'}`, {
          service: 'sqs',
          operation: 'DeleteMessageBatch',
          awsCode: failure.Code ?? 'Unknown',
          retryable: true,
        }),
      };
    });
  }

  async #receiveOnce(max: number, visibilitySeconds: number, waitSeconds: number, signal: AbortSignal): Promise<WireMessage[]> {
    const answer = await this.transport.call('ReceiveMessage', (client, sdk) =>
      client.send(
        new sdk.ReceiveMessageCommand({
          QueueUrl: this.#settings.queueUrl,
          MaxNumberOfMessages: max,
          VisibilityTimeout: visibilitySeconds,
          WaitTimeSeconds: waitSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp', 'ApproximateFirstReceiveTimestamp'],
        }),
        { abortSignal: signal },
      ),
    );
    return (answer.Messages ?? []).map(fromSdkMessage);
  }

  /** Reads the payloads of received messages and holds them; unreadable ones go to the DLQ. */
  async #accept(wires: readonly WireMessage[], visibilityMs: number): Promise<QueueMessage[]> {
    this.#sweep();
    const now = this.#now();
    const read = await Promise.all(
      wires.map(async (wire) => {
        const id = sluiceIdOf(wire);
        const held: Held = { id, wire, expiresAt: now + visibilityMs };
        let payload: { body: Buffer; pointer?: PayloadPointer };
        try {
          payload = await this.transport.readPayload(wire);
        } catch (error) {
          if (error instanceof PayloadPointerError) {
            // Retrying cannot bring back a payload that is gone: the message goes to the DLQ now.
            this.transport.logger.warn({ message_id: id, err: error }, 'unreadable message moved to the dead-letter queue');
            await this.#moveToDeadLetters(wire.receiptHandle, held, error.message).catch((moveError: unknown) =>
              this.transport.logger.error({ message_id: id, err: moveError }, 'could not move an unreadable message to the dead-letter queue'),
            );
          } else {
            // S3 is failing (after the SDK's retries): the message comes back when its lease ends.
            this.transport.logger.warn({ message_id: id, err: error }, 'could not read an offloaded payload; the message will be received again');
          }
          return undefined;
        }
        this.#hold(wire.receiptHandle, held);
        const message: QueueMessage = {
          id,
          body: payload.body,
          receiptHandle: formatSqsReceiptHandle({ handle: wire.receiptHandle, ...(payload.pointer && { pointer: payload.pointer }) }),
          receiveCount: wire.receiveCount,
          sentAt: wire.sentAt,
          firstReceivedAt: wire.firstReceivedAt,
          lastError: this.#lastErrors.get(id) ?? null,
        };
        return message;
      }),
    );
    return read.filter((message): message is QueueMessage => message !== undefined);
  }

  async #moveToDeadLetters(handle: string, held: Held, lastError: string): Promise<void> {
    await this.transport.sendToDeadLetterQueue(held.wire, { lastError, receiveCount: held.wire.receiveCount, sentAt: held.wire.sentAt, at: this.#now() });
    await this.transport.call('DeleteMessage', (client, sdk) =>
      client.send(new sdk.DeleteMessageCommand({ QueueUrl: this.#settings.queueUrl, ReceiptHandle: handle })),
    );
    this.#forget(handle);
    this.#lastErrors.delete(held.id);
    this.transport.logger.debug({ message_id: held.id }, 'moved to the dead-letter queue');
  }

  async #counts(url: string): Promise<{ visible: number; inFlight: number; delayed: number }> {
    const answer = await this.transport.call('GetQueueAttributes', (client, sdk) =>
      client.send(
        new sdk.GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      ),
    );
    const attributes = answer.Attributes ?? {};
    return {
      visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
    };
  }

  #hold(handle: string, held: Held): void {
    const previous = this.#current.get(held.id);
    if (previous !== undefined && previous !== handle) {
      this.#held.delete(previous);
      remember(this.#retired, previous);
    }
    this.#held.set(handle, held);
    remember(this.#current, held.id, handle);
  }

  #forget(handle: string): Held | undefined {
    const held = this.#held.get(handle);
    this.#held.delete(handle);
    if (held && this.#current.get(held.id) === handle) this.#current.delete(held.id);
    return held;
  }

  /** Drops holds whose lease ended long ago (their handles are stale anyway). */
  #sweep(): void {
    const cutoff = this.#now() - 60_000;
    for (const [handle, held] of this.#held) {
      if (held.expiresAt < cutoff) this.#forget(handle);
    }
  }
}

/** SQS's whole seconds of delay (`limits.maxDelayMs` bounds it); none for 0. */
function delayOf(delayMs: number | undefined): number | undefined {
  if (delayMs === undefined || delayMs <= 0) return undefined;
  return Math.ceil(delayMs / 1000);
}

function isStaleReceipt(error: unknown): boolean {
  const code = error instanceof AwsServiceError ? error.awsCode : awsErrorCode(error);
  return STALE_RECEIPT_CODES.has(code.replace(/^AWS\.SimpleQueueService\./, ''));
}

/** Adds to a bounded Map or Set, forgetting the oldest entry past the limit. */
function remember<K, V>(memory: Map<K, V> | Set<K>, key: K, value?: V): void {
  if (memory instanceof Map) {
    memory.delete(key);
    memory.set(key, value as V);
  } else {
    memory.add(key);
  }
  if (memory.size > MEMORY_LIMIT) {
    const oldest = memory.keys().next().value as K;
    memory.delete(oldest);
  }
}
