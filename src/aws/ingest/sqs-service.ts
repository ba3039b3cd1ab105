import type { SQSClient } from '@aws-sdk/client-sqs';
import { SQS_MAX_MESSAGE_BYTES } from '../../core/config-schema.js';
import { ClosedError } from '../../core/errors.js';
import type { AwsClientOptions } from '../client-options.js';
import { SqsBatcher, type BatchOutcome } from '../sqs-batcher.js';
import { createSqsClient, loadSqsSdk } from '../sqs-client.js';
import type { IngestCall, IngestReply, IngestService } from './ingest-service.js';
import { integerParam, jsonObjectParam, messageAttributesParam } from './param-values.js';
import { sendSqsEntries, sqsMessageSize, type SqsSendEntry } from './sqs-send-batch.js';

/** SQS's longest delay: 15 minutes. */
const MAX_DELAY_SECONDS = 900;
/** SQS's most entries per `SendMessageBatch`. */
const MAX_BATCH_ENTRIES = 10;

/**
 * `SendMessage` for `sqs` ingest routes: the body (by default) as the message, up to SQS's
 * 1 MiB. `MessageAttributes` and `MessageSystemAttributes` are JSON text in `params`.
 *
 * Requests for the same queue that arrive in one turn of the event loop go as one
 * `SendMessageBatch` (up to ten messages and 1 MiB), which saves SQS requests and the SDK's
 * per-call CPU under load; nothing waits for company, so a lone request goes at once as a plain
 * `SendMessage`. Each request still gets its own answer (a failed entry is thrown like a
 * refused call), and still settles by its own timeout.
 *
 * @example
 * ```ts
 * const sqs = new SqsService({ region: 'eu-west-1' });
 * await sqs.send({ values: { QueueUrl, MessageBody: '{"id":7}' }, body, wholeBody, abortSignal }); // { messageId: '…' }
 * await sqs.close(); // sends what is gathered, then releases the client
 * ```
 */
export class SqsService implements IngestService {
  readonly service = 'sqs';
  readonly operation = 'SendMessage';
  readonly maxBodyBytes = SQS_MAX_MESSAGE_BYTES;
  readonly #options: AwsClientOptions;
  #client: Promise<SQSClient> | undefined;
  /** The batch gathering in this turn, per queue URL (a route's queue may come from the request). */
  readonly #batchers = new Map<string, SqsBatcher<SqsSendEntry, IngestReply>>();
  /** Calls under way, for close() to wait for. */
  readonly #running = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  send(call: IngestCall): Promise<IngestReply> {
    if (this.#closing !== undefined) return Promise.reject(new ClosedError('the sqs ingest service is closed'));
    const { values, abortSignal } = call;
    const input = {
      QueueUrl: values.QueueUrl,
      MessageBody: values.MessageBody,
      DelaySeconds: integerParam(values, 'DelaySeconds', 0, MAX_DELAY_SECONDS),
      MessageAttributes: messageAttributesParam(values, 'MessageAttributes'),
      MessageSystemAttributes: jsonObjectParam<Record<string, never>>(values, 'MessageSystemAttributes'),
      MessageDeduplicationId: values.MessageDeduplicationId,
      MessageGroupId: values.MessageGroupId,
    };
    if (abortSignal.aborted) return Promise.reject(abortSignal.reason);
    return settleBy(this.#batcher(input.QueueUrl ?? '').add({ input, signal: abortSignal }), abortSignal);
  }

  /** Sends what is gathered, waits for the calls under way, then releases the client. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all([...this.#batchers.values()].map((batcher) => batcher.drain()));
      while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
      (await this.#client?.catch(() => undefined))?.destroy();
    })();
    return this.#closing;
  }

  #batcher(queueUrl: string): SqsBatcher<SqsSendEntry, IngestReply> {
    const existing = this.#batchers.get(queueUrl);
    if (existing !== undefined) return existing;
    const batcher: SqsBatcher<SqsSendEntry, IngestReply> = new SqsBatcher((entries) => this.#flush(queueUrl, batcher, entries), {
      maxItems: MAX_BATCH_ENTRIES,
      maxBytes: SQS_MAX_MESSAGE_BYTES,
      sizeOf: (entry) => sqsMessageSize(entry.input),
    });
    this.#batchers.set(queueUrl, batcher);
    return batcher;
  }

  #flush(queueUrl: string, batcher: SqsBatcher<SqsSendEntry, IngestReply>, entries: readonly SqsSendEntry[]): Promise<BatchOutcome<IngestReply>[]> {
    // The turn is over: a later request starts a new batch, and a queue URL that came from a
    // request is not remembered past its call.
    if (this.#batchers.get(queueUrl) === batcher) this.#batchers.delete(queueUrl);
    const call = Promise.all([this.#sqs(), loadSqsSdk()]).then(([client, sdk]) => sendSqsEntries(client, sdk, entries));
    this.#running.add(call);
    void call.finally(() => this.#running.delete(call)).catch(() => {});
    return call;
  }

  #sqs(): Promise<SQSClient> {
    this.#client ??= createSqsClient(this.#options);
    return this.#client;
  }
}

/**
 * `work`'s outcome, or a rejection with the signal's reason as soon as it aborts: a request's
 * timeout holds even while the batch call carrying it waits for other requests' messages.
 */
function settleBy<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
