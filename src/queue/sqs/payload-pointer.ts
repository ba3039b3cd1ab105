import { PayloadPointerError } from '../../core/errors.js';
import type { WireAttribute, WireAttributes } from './wire.js';

/**
 * The AWS SQS Extended Client libraries' pointer format (SPEC §2), bit for bit, so their Java
 * and Python consumers read Sluice's large messages and Sluice reads theirs. The body is the
 * pointer as Jackson writes it with default typing:
 * `["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"B","s3Key":"K"}]`,
 * and the `ExtendedPayloadSize` attribute (Number) holds the payload's UTF-8 byte length.
 */
export const POINTER_CLASS = 'software.amazon.payloadoffloading.PayloadS3Pointer';
/** The Java client 1.x's pointer class, still read by both libraries. */
export const LEGACY_POINTER_CLASS = 'com.amazon.sqs.javamessaging.MessageS3Pointer';
export const PAYLOAD_SIZE_ATTRIBUTE = 'ExtendedPayloadSize';
/** The Java client 1.x's (and `use_legacy_attribute` Python's) size attribute. */
export const LEGACY_PAYLOAD_SIZE_ATTRIBUTE = 'SQSLargePayloadSize';

/** Where an offloaded payload lives. */
export interface PayloadPointer {
  readonly bucket: string;
  readonly key: string;
}

/**
 * The message body pointing at an offloaded payload, exactly as the Java extended client
 * writes it (no spaces, bucket before key).
 *
 * @example
 * ```ts
 * formatPointer({ bucket: 'B', key: 'K' });
 * // '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"B","s3Key":"K"}]'
 * ```
 */
export function formatPointer(pointer: PayloadPointer): string {
  return JSON.stringify([POINTER_CLASS, { s3BucketName: pointer.bucket, s3Key: pointer.key }]);
}

/**
 * The `ExtendedPayloadSize` attribute for a payload of `bytes` UTF-8 bytes.
 *
 * @example
 * ```ts
 * payloadSizeAttribute(300_000); // { DataType: 'Number', StringValue: '300000' }
 * ```
 */
export function payloadSizeAttribute(bytes: number): WireAttribute {
  return { DataType: 'Number', StringValue: String(bytes) };
}

/**
 * True when a message points at an offloaded payload. The extended clients decide by the size
 * attribute (current or legacy name); a body starting with a pointer class counts too, for
 * consumers that did not ask for message attributes when they moved the message.
 */
export function isPointerMessage(body: string, attributes: WireAttributes): boolean {
  if (attributes[PAYLOAD_SIZE_ATTRIBUTE] !== undefined || attributes[LEGACY_PAYLOAD_SIZE_ATTRIBUTE] !== undefined) return true;
  return body.startsWith(`["${POINTER_CLASS}"`) || body.startsWith(`["${LEGACY_POINTER_CLASS}"`);
}

/**
 * Reads a pointer body written by Sluice, the Java client (current or legacy class) or the
 * Python client (which writes `json.dumps` spacing).
 *
 * @throws PayloadPointerError when the body is not such a pointer.
 * @example
 * ```ts
 * parsePointer('["com.amazon.sqs.javamessaging.MessageS3Pointer", {"s3BucketName": "B", "s3Key": "K"}]'); // { bucket: 'B', key: 'K' }
 * ```
 */
export function parsePointer(body: string): PayloadPointer {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new PayloadPointerError('the message carries an extended-client size attribute but its body is not a JSON pointer', { cause });
  }
  if (!Array.isArray(value) || value.length !== 2 || (value[0] !== POINTER_CLASS && value[0] !== LEGACY_POINTER_CLASS)) {
    throw new PayloadPointerError(`the message body is not an S3 payload pointer (expected ["${POINTER_CLASS}", {…}])`);
  }
  const target = value[1] as { s3BucketName?: unknown; s3Key?: unknown } | null;
  if (target === null || typeof target !== 'object' || typeof target.s3BucketName !== 'string' || typeof target.s3Key !== 'string') {
    throw new PayloadPointerError('the S3 payload pointer has no string s3BucketName and s3Key');
  }
  if (target.s3BucketName === '' || target.s3Key === '') throw new PayloadPointerError('the S3 payload pointer names an empty bucket or key');
  return { bucket: target.s3BucketName, key: target.s3Key };
}

/** `s3://bucket/key`, for logs and dead-letter reasons. */
export function describePointer(pointer: PayloadPointer): string {
  return `s3://${pointer.bucket}/${pointer.key}`;
}
