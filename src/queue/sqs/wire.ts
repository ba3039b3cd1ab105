/**
 * SQS messages as Sluice reads and writes them, whether they come from `ReceiveMessage` or from
 * a Lambda SQS event (whose attribute keys are spelled differently).
 */

/** One message attribute, spelled as the SQS API spells it. */
export interface WireAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Uint8Array;
}

export type WireAttributes = Readonly<Record<string, WireAttribute>>;

/** A received SQS message, before its payload is read. */
export interface WireMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  /** The body as SQS holds it: the payload, or a pointer to it in S3. */
  readonly body: string;
  readonly attributes: WireAttributes;
  /** `ApproximateReceiveCount`: 1 on the first receive. */
  readonly receiveCount: number;
  /** `SentTimestamp`, epoch milliseconds. */
  readonly sentAt: number;
  /**
   * `ApproximateFirstReceiveTimestamp`, epoch milliseconds: where the retry budget starts. When
   * SQS does not give it (an emulator), the time the message was read: the budget then restarts
   * with each receive and `destination.retry.max_attempts` ends it.
   */
  readonly firstReceivedAt: number;
}

/**
 * Message attributes Sluice adds. Other consumers (the Java and Python extended clients) ignore
 * them; the payload itself stays the §1 record.
 */
export const SLUICE_ATTRIBUTES = {
  /** The Sluice message id (the capture's id), kept across DLQ moves and redrives. */
  id: 'SluiceMessageId',
  /** `base64` when the payload is not text SQS accepts (a body is XML characters only). */
  encoding: 'SluiceBodyEncoding',
  /** On a dead letter Sluice moved: JSON `{error, receive_count, sent_at, at}`. */
  deadLetter: 'SluiceDeadLetter',
} as const;

/** SQS allows at most this many attributes on a message. */
export const MAX_ATTRIBUTES = 10;

/**
 * Characters SQS refuses in a body (it allows #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD |
 * #x10000–#x10FFFF): other control characters, lone surrogates and U+FFFE/U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const NOT_SQS_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The SQS body for a payload: the text itself when it is UTF-8 that SQS accepts (a JSON record
 * always is), else base64, marked by the `SluiceBodyEncoding` attribute.
 *
 * @example
 * ```ts
 * encodeBody('{"id":"1"}'); // { text: '{"id":"1"}', base64: false }
 * encodeBody(new Uint8Array([0, 255])); // { text: 'AP8=', base64: true }
 * ```
 */
export function encodeBody(payload: Uint8Array | string): { text: string; base64: boolean } {
  if (typeof payload === 'string') {
    if (!NOT_SQS_TEXT.test(payload)) return { text: payload, base64: false };
    return { text: Buffer.from(payload, 'utf8').toString('base64'), base64: true };
  }
  let text: string | undefined;
  try {
    text = strictUtf8.decode(payload);
  } catch {
    text = undefined;
  }
  if (text !== undefined && !NOT_SQS_TEXT.test(text)) return { text, base64: false };
  return { text: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64'), base64: true };
}

/**
 * The payload bytes of a body read from SQS or S3 (undoing {@link encodeBody}).
 *
 * @example
 * ```ts
 * decodeBody('AP8=', { SluiceBodyEncoding: { DataType: 'String', StringValue: 'base64' } }); // <Buffer 00 ff>
 * ```
 */
export function decodeBody(text: string | Buffer, attributes: WireAttributes): Buffer {
  const base64 = attributes[SLUICE_ATTRIBUTES.encoding]?.StringValue === 'base64';
  if (typeof text !== 'string') return base64 ? Buffer.from(text.toString('latin1'), 'base64') : text;
  return Buffer.from(text, base64 ? 'base64' : 'utf8');
}

/** The Sluice id of a message: the `SluiceMessageId` attribute, else SQS's own message id. */
export function sluiceIdOf(message: Pick<WireMessage, 'messageId' | 'attributes'>): string {
  return message.attributes[SLUICE_ATTRIBUTES.id]?.StringValue ?? message.messageId;
}

/** A String attribute. */
export function stringAttribute(value: string): WireAttribute {
  return { DataType: 'String', StringValue: value };
}

/**
 * Bytes SQS counts for message attributes (name, data type and value, UTF-8), as the Java and
 * Python extended clients count them against the offload threshold.
 *
 * @example
 * ```ts
 * attributesSize({ ExtendedPayloadSize: { DataType: 'Number', StringValue: '300000' } }); // 19 + 6 + 6
 * ```
 */
export function attributesSize(attributes: WireAttributes): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    if (value.StringValue !== undefined) size += Buffer.byteLength(value.StringValue, 'utf8');
    if (value.BinaryValue !== undefined) size += value.BinaryValue.byteLength;
  }
  return size;
}

/** What the SDK's `Message` carries (the fields Sluice reads). */
export interface SdkMessageShape {
  readonly MessageId?: string;
  readonly ReceiptHandle?: string;
  readonly Body?: string;
  readonly Attributes?: Partial<Record<string, string>>;
  readonly MessageAttributes?: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array }>;
}

/**
 * A message from `ReceiveMessage` (asked for all attributes and `ApproximateReceiveCount`,
 * `SentTimestamp`, `ApproximateFirstReceiveTimestamp`).
 *
 * @example
 * ```ts
 * const { Messages = [] } = await sqs.send(new ReceiveMessageCommand(input));
 * const wires = Messages.map(fromSdkMessage);
 * ```
 */
export function fromSdkMessage(message: SdkMessageShape): WireMessage {
  const attributes: Record<string, WireAttribute> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    attributes[name] = {
      DataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined && { StringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && { BinaryValue: value.BinaryValue }),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
    sentAt: Number(message.Attributes?.SentTimestamp ?? Date.now()),
    firstReceivedAt: timestamp(message.Attributes?.ApproximateFirstReceiveTimestamp),
  };
}

/** A record of a Lambda SQS event (the fields Sluice reads; attribute keys in lower camel case). */
export interface LambdaSqsRecordShape {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: { readonly ApproximateReceiveCount: string; readonly SentTimestamp: string; readonly ApproximateFirstReceiveTimestamp?: string };
  readonly messageAttributes: Readonly<
    Record<string, { readonly dataType: string; readonly stringValue?: string | null | undefined; readonly binaryValue?: string | null | undefined }>
  >;
}

/**
 * A record of a Lambda SQS event, in the shape `ReceiveMessage` gives (binary attribute values
 * arrive base64-encoded in events).
 *
 * @example
 * ```ts
 * export const handler = async (event: SQSEvent) => event.Records.map(fromLambdaRecord);
 * ```
 */
export function fromLambdaRecord(record: LambdaSqsRecordShape): WireMessage {
  const attributes: Record<string, WireAttribute> = {};
  for (const [name, value] of Object.entries(record.messageAttributes)) {
    attributes[name] = {
      DataType: value.dataType,
      ...(typeof value.stringValue === 'string' && { StringValue: value.stringValue }),
      ...(typeof value.binaryValue === 'string' && { BinaryValue: new Uint8Array(Buffer.from(value.binaryValue, 'base64')) }),
    };
  }
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body: record.body,
    attributes,
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
    sentAt: Number(record.attributes.SentTimestamp),
    firstReceivedAt: timestamp(record.attributes.ApproximateFirstReceiveTimestamp),
  };
}

function timestamp(value: string | undefined): number {
  const parsed = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(parsed) ? parsed : Date.now();
}
