import { ReceiptHandleError } from '../../core/errors.js';
import type { PayloadPointer } from './payload-pointer.js';

/** A Sluice receipt handle for an SQS message: SQS's handle and, when offloaded, the payload's place. */
export interface SqsReceipt {
  readonly handle: string;
  readonly pointer?: PayloadPointer;
}

const PREFIX = 'sqs1.';

/**
 * Wraps SQS's receipt handle with the payload's S3 location, so `delete` removes the object
 * from any process (the extended clients embed the pointer in their handles for the same reason).
 *
 * @internal
 * @example
 * ```ts
 * const handle = formatSqsReceiptHandle({ handle: message.ReceiptHandle, pointer });
 * parseSqsReceiptHandle(handle).pointer?.key;
 * ```
 */
export function formatSqsReceiptHandle(receipt: SqsReceipt): string {
  const parts = receipt.pointer ? [receipt.handle, receipt.pointer.bucket, receipt.pointer.key] : [receipt.handle];
  return PREFIX + Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/**
 * @internal
 * @throws ReceiptHandleError when the text is not a handle this driver made.
 */
export function parseSqsReceiptHandle(text: string): SqsReceipt {
  if (typeof text !== 'string' || !text.startsWith(PREFIX)) throw new ReceiptHandleError('malformed receipt handle');
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new ReceiptHandleError('malformed receipt handle');
  }
  if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string' && part !== '')) {
    throw new ReceiptHandleError('malformed receipt handle');
  }
  const [handle, bucket, key] = parts as string[];
  if (parts.length === 1) return { handle: handle! };
  if (parts.length === 3) return { handle: handle!, pointer: { bucket: bucket!, key: key! } };
  throw new ReceiptHandleError('malformed receipt handle');
}
