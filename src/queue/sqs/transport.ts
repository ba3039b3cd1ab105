import { randomUUID } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { isNotFound, toAwsError } from '../../aws/aws-errors.js';
import type { AwsCredentials } from '../../aws/client-options.js';
import { S3ObjectStore, type ObjectStore } from '../../aws/s3-client.js';
import { createSqsClient, loadSqsSdk, type SqsSdk } from '../../aws/sqs-client.js';
import { SQS_MAX_MESSAGE_BYTES } from '../../core/config-defaults.js';
import { isAbortError, PayloadPointerError } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import {
  describePointer,
  formatPointer,
  isPointerMessage,
  parsePointer,
  payloadSizeAttribute,
  PAYLOAD_SIZE_ATTRIBUTE,
  type PayloadPointer,
} from './payload-pointer.js';
import {
  attributesSize,
  decodeBody,
  encodeBody,
  MAX_ATTRIBUTES,
  sluiceIdOf,
  SLUICE_ATTRIBUTES,
  stringAttribute,
  type WireAttribute,
  type WireAttributes,
  type WireMessage,
} from './wire.js';

/** The logging the SQS code does; a pino logger fits, and so does an adapter for another. */
export type QueueLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

const noop = (): void => undefined;
/** @internal */
export const QUIET_LOGGER: QueueLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** Where the queue lives. */
export interface SqsTransportSettings {
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly bucket: string;
  /** Messages over this many bytes (body + attributes) go to S3. */
  readonly offloadThresholdBytes: number;
  readonly region: string;
  readonly endpoint?: string;
}

/** Clients and knobs that are not configuration; tests inject clients here. */
export interface SqsTransportOptions {
  /** An SQS client to use instead of creating one (it stays the caller's to destroy). */
  readonly sqs?: SQSClient;
  /** Where offloaded payloads go, instead of an S3 client created on first need. */
  readonly objects?: ObjectStore;
  readonly credentials?: AwsCredentials;
  /** SDK attempts per call. @default 3 */
  readonly maxAttempts?: number;
  readonly logger?: QueueLogger;
}

/** A message ready for `SendMessage`/`SendMessageBatch`. */
export interface OutgoingMessage {
  readonly id: string;
  readonly body: string;
  readonly attributes: WireAttributes;
  /** Set when the payload went to S3. */
  readonly pointer?: PayloadPointer;
  readonly delaySeconds?: number;
}

/** What a dead letter Sluice moved remembers (the `SluiceDeadLetter` attribute). */
export interface DeadLetterNote {
  readonly lastError: string | null;
  readonly receiveCount: number;
  readonly sentAt: number;
  /** When it was moved, epoch milliseconds. */
  readonly at: number;
}

/** A long error is cut here: attributes count against the message size. */
const MAX_ERROR_CHARS = 4096;
/** Attributes the SQS code writes or reads; others (a foreign producer's) go first when space runs out. */
const KNOWN_ATTRIBUTES = new Set<string>([...Object.values(SLUICE_ATTRIBUTES), PAYLOAD_SIZE_ATTRIBUTE, 'SQSLargePayloadSize']);

/**
 * What the SQS driver and the SQS Lambda functions share: the clients (created on first use),
 * the payload encoding, offloading to S3 in the extended clients' format (SPEC §2), reading a
 * payload back, and moving a message to the dead-letter queue with its last error.
 *
 * @example
 * ```ts
 * const transport = new SqsTransport({ queueUrl, dlqUrl, bucket, offloadThresholdBytes: 262_144, region: 'eu-west-1' });
 * const message = await transport.prepare(JSON.stringify(record), record.id);
 * // … SendMessage(message.body, message.attributes) …
 * const { body } = await transport.readPayload(fromLambdaRecord(event.Records[0]));
 * ```
 */
export class SqsTransport {
  readonly settings: SqsTransportSettings;
  readonly objects: ObjectStore;
  readonly logger: QueueLogger;
  readonly #options: SqsTransportOptions;
  #client: Promise<SQSClient> | undefined;
  readonly #ownsClient: boolean;

  constructor(settings: SqsTransportSettings, options: SqsTransportOptions = {}) {
    this.settings = settings;
    this.#options = options;
    this.logger = options.logger ?? QUIET_LOGGER;
    this.#ownsClient = options.sqs === undefined;
    if (options.sqs !== undefined) this.#client = Promise.resolve(options.sqs);
    const aws = this.#awsOptions();
    this.objects = options.objects ?? new S3ObjectStore(aws);
  }

  /** The SQS client, created on first use. */
  client(): Promise<SQSClient> {
    this.#client ??= createSqsClient(this.#awsOptions());
    return this.#client;
  }

  /** Runs one SQS action, normalising what it throws ({@link toAwsError}). */
  async call<T>(operation: string, action: (client: SQSClient, sdk: SqsSdk) => Promise<T>): Promise<T> {
    const [client, sdk] = await Promise.all([this.client(), loadSqsSdk()]);
    try {
      return await action(client, sdk);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw toAwsError(error, 'sqs', operation);
    }
  }

  /**
   * The message for a payload: its body (text, or base64 when it is not text SQS accepts), the
   * Sluice id attribute and, when body and attributes exceed the offload threshold, the payload
   * put in S3 and the body replaced by a pointer with `ExtendedPayloadSize`.
   */
  async prepare(payload: Uint8Array | string, id: string, delaySeconds?: number): Promise<OutgoingMessage> {
    const { text, base64 } = encodeBody(payload);
    const attributes: Record<string, WireAttribute> = { [SLUICE_ATTRIBUTES.id]: stringAttribute(id) };
    if (base64) attributes[SLUICE_ATTRIBUTES.encoding] = stringAttribute('base64');
    const delay = delaySeconds !== undefined && delaySeconds > 0 ? { delaySeconds } : {};
    // The extended clients' rule: offload when body + attributes are over the threshold.
    if (Buffer.byteLength(text, 'utf8') + attributesSize(attributes) <= this.settings.offloadThresholdBytes) {
      return { id, body: text, attributes, ...delay };
    }
    const offloaded = await this.offload(text, attributes);
    return { id, ...offloaded, ...delay };
  }

  /** Puts a body in S3 and returns the pointer message that replaces it. */
  async offload(text: string, attributes: WireAttributes): Promise<{ body: string; attributes: WireAttributes; pointer: PayloadPointer }> {
    // A random key, as the extended clients use: the object outlives redrives and copies.
    const pointer: PayloadPointer = { bucket: this.settings.bucket, key: randomUUID() };
    const bytes = Buffer.from(text, 'utf8');
    await this.objects.put(pointer.bucket, pointer.key, bytes);
    return { body: formatPointer(pointer), attributes: { ...attributes, [PAYLOAD_SIZE_ATTRIBUTE]: payloadSizeAttribute(bytes.length) }, pointer };
  }

  /**
   * The payload of a received message, read from S3 when the message is a pointer.
   *
   * @throws PayloadPointerError when the pointer is malformed or its object is missing (the
   *   message belongs in the dead-letter queue); AwsServiceError when S3 failed otherwise.
   */
  async readPayload(message: Pick<WireMessage, 'body' | 'attributes'>): Promise<{ body: Buffer; pointer?: PayloadPointer }> {
    if (!isPointerMessage(message.body, message.attributes)) return { body: decodeBody(message.body, message.attributes) };
    const pointer = parsePointer(message.body);
    try {
      const stored = await this.objects.get(pointer.bucket, pointer.key);
      return { body: decodeBody(stored, message.attributes), pointer };
    } catch (error) {
      if (isNotFound(error)) {
        throw new PayloadPointerError(`the offloaded payload ${describePointer(pointer)} is missing (deleted, or expired by the bucket's lifecycle)`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /**
   * What the main queue allows the retry budget: its RedrivePolicy's `maxReceiveCount` (null
   * without one) and its `MessageRetentionPeriod` in milliseconds. Needs `sqs:GetQueueAttributes`,
   * which an SQS event source mapping's role has anyway.
   *
   * @example
   * ```ts
   * const { maxReceiveCount } = await transport.queueRetryLimits(); // 60
   * ```
   */
  async queueRetryLimits(): Promise<{ maxReceiveCount: number | null; retentionMs: number | null }> {
    const answer = await this.call('GetQueueAttributes', (client, sdk) =>
      client.send(new sdk.GetQueueAttributesCommand({ QueueUrl: this.settings.queueUrl, AttributeNames: ['RedrivePolicy', 'MessageRetentionPeriod'] })),
    );
    const attributes = answer.Attributes ?? {};
    let maxReceiveCount: number | null = null;
    try {
      const policy = JSON.parse(attributes.RedrivePolicy ?? 'null') as { maxReceiveCount?: unknown } | null;
      const count = Number(policy?.maxReceiveCount);
      if (Number.isInteger(count) && count > 0) maxReceiveCount = count;
    } catch {
      // Not JSON: reported as unknown, never guessed.
    }
    const retention = Number(attributes.MessageRetentionPeriod);
    return { maxReceiveCount, retentionMs: Number.isFinite(retention) && retention > 0 ? retention * 1000 : null };
  }

  /**
   * Puts a copy of a received message in the dead-letter queue with its last error, receive
   * count and times (`SluiceDeadLetter`); the caller then deletes the original. An offloaded
   * payload stays where it is: dead letters keep their objects.
   */
  async sendToDeadLetterQueue(message: WireMessage, note: DeadLetterNote): Promise<void> {
    const attributes: Record<string, WireAttribute> = { ...message.attributes };
    attributes[SLUICE_ATTRIBUTES.id] ??= stringAttribute(sluiceIdOf(message));
    const lastError = note.lastError === null ? null : note.lastError.slice(0, MAX_ERROR_CHARS);
    attributes[SLUICE_ATTRIBUTES.deadLetter] = stringAttribute(
      JSON.stringify({ error: lastError, receive_count: note.receiveCount, sent_at: note.sentAt, at: note.at }),
    );
    const kept = this.#fitAttributeCount(attributes);
    let body = message.body;
    let finalAttributes: WireAttributes = kept;
    if (Buffer.byteLength(body, 'utf8') + attributesSize(kept) > SQS_MAX_MESSAGE_BYTES && !isPointerMessage(body, kept)) {
      // The notes pushed an inline message over SQS's limit: its payload moves to S3 now.
      ({ body, attributes: finalAttributes } = await this.offload(body, kept));
    }
    await this.call('SendMessage', (client, sdk) =>
      client.send(new sdk.SendMessageCommand({ QueueUrl: this.settings.dlqUrl, MessageBody: body, MessageAttributes: toSdkAttributes(finalAttributes) })),
    );
  }

  /** Deletes an offloaded payload after its record was delivered; a failure is logged, not raised (the bucket's lifecycle removes leftovers). */
  async deletePayload(pointer: PayloadPointer): Promise<void> {
    try {
      await this.objects.delete(pointer.bucket, pointer.key);
    } catch (error) {
      this.logger.warn({ err: error, object: describePointer(pointer) }, 'could not delete a delivered payload from S3; the bucket lifecycle will');
    }
  }

  /** Releases the clients this transport created. */
  destroy(): void {
    if (this.#ownsClient) void this.#client?.then((client) => client.destroy());
    this.objects.destroy();
  }

  #fitAttributeCount(attributes: Record<string, WireAttribute>): Record<string, WireAttribute> {
    const names = Object.keys(attributes);
    if (names.length <= MAX_ATTRIBUTES) return attributes;
    const dropped = names.filter((name) => !KNOWN_ATTRIBUTES.has(name)).slice(0, names.length - MAX_ATTRIBUTES);
    this.logger.warn({ dropped }, "a dead letter would exceed SQS's 10 message attributes; the producer's attributes named here were left out");
    return Object.fromEntries(Object.entries(attributes).filter(([name]) => !dropped.includes(name)));
  }

  #awsOptions(): { region: string; endpoint?: string; credentials?: AwsCredentials; maxAttempts?: number } {
    const { settings, options } = { settings: this.settings, options: this.#options };
    return {
      region: settings.region,
      ...(settings.endpoint !== undefined && { endpoint: settings.endpoint }),
      ...(options.credentials !== undefined && { credentials: options.credentials }),
      ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    };
  }
}

/**
 * The `SluiceDeadLetter` note of a message Sluice moved to the DLQ; `undefined` for one SQS's
 * redrive moved (or another producer's).
 */
export function readDeadLetterNote(attributes: WireAttributes): DeadLetterNote | undefined {
  const text = attributes[SLUICE_ATTRIBUTES.deadLetter]?.StringValue;
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { error?: unknown; receive_count?: unknown; sent_at?: unknown; at?: unknown };
    return {
      lastError: typeof value.error === 'string' ? value.error : null,
      receiveCount: typeof value.receive_count === 'number' ? value.receive_count : 0,
      sentAt: typeof value.sent_at === 'number' ? value.sent_at : 0,
      at: typeof value.at === 'number' ? value.at : 0,
    };
  } catch {
    return undefined;
  }
}

/** Attributes in the SDK's input shape. */
export function toSdkAttributes(attributes: WireAttributes): Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }> {
  const out: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }> = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined && { StringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && { BinaryValue: value.BinaryValue }),
    };
  }
  return out;
}
