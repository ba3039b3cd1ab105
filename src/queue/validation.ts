import { BodyTooLargeError, InvalidArgumentError } from '../core/errors.js';
import type { DeadLetterListOptions, QueueLimits, ReceiveOptions, SendMessageInput } from './types.js';

/** The longest message id either driver stores (a UUIDv7 takes 36). */
export const MAX_MESSAGE_ID_LENGTH = 1024;

/** `dlq.list()`'s page size when none is given, and the largest it accepts. */
export const DEFAULT_DEAD_LETTER_PAGE = 100;
export const MAX_DEAD_LETTER_PAGE = 1000;

/** A receive's options once checked, the driver's own defaults still to apply (`visibilityTimeoutMs`). */
export interface ReceiveRequest {
  readonly maxMessages: number;
  /** Undefined: the queue's configured visibility timeout. */
  readonly visibilityTimeoutMs: number | undefined;
  readonly waitTimeMs: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * Checks one message to send against the queue's limits and returns its payload's size in bytes
 * (a string counts its UTF-8 bytes, chunks their sum). A body over `limits.maxMessageBytes` is
 * `BodyTooLargeError` (413), as it was at the gateway; anything malformed is `InvalidArgumentError`.
 *
 * @internal
 * @example
 * ```ts
 * checkSendInput({ body: 'héllo' }, { maxReceiveBatch: 10, maxMessageBytes: 1024 }); // 6
 * ```
 */
export function checkSendInput(input: SendMessageInput, limits: QueueLimits): number {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('a message to send must be an object with a body');
  const { id, delayMs, body } = input;
  if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > MAX_MESSAGE_ID_LENGTH)) {
    throw new InvalidArgumentError(`message id must be a string of 1 to ${MAX_MESSAGE_ID_LENGTH} characters`);
  }
  if (delayMs !== undefined) checkDuration('delayMs', delayMs, limits.maxDelayMs);
  const size = bodySize(body);
  if (size > limits.maxMessageBytes) throw new BodyTooLargeError(limits.maxMessageBytes);
  return size;
}

/**
 * Checks a receive's options: `maxMessages` an integer from 1 to `limits.maxReceiveBatch`,
 * durations finite and not negative, `signal` an `AbortSignal`.
 *
 * @internal
 * @example
 * ```ts
 * checkReceiveOptions({ maxMessages: 5 }, limits); // { maxMessages: 5, visibilityTimeoutMs: undefined, waitTimeMs: 0, signal: undefined }
 * ```
 */
export function checkReceiveOptions(options: ReceiveOptions, limits: QueueLimits): ReceiveRequest {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('receive options must be an object');
  const maxMessages = options.maxMessages ?? 1;
  if (!Number.isInteger(maxMessages) || maxMessages < 1 || maxMessages > limits.maxReceiveBatch) {
    throw new InvalidArgumentError(`maxMessages must be an integer from 1 to ${limits.maxReceiveBatch}, got ${String(maxMessages)}`);
  }
  const { visibilityTimeoutMs, signal } = options;
  if (visibilityTimeoutMs !== undefined) checkDuration('visibilityTimeoutMs', visibilityTimeoutMs);
  const waitTimeMs = options.waitTimeMs ?? 0;
  checkDuration('waitTimeMs', waitTimeMs);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new InvalidArgumentError('signal must be an AbortSignal');
  return { maxMessages, visibilityTimeoutMs, waitTimeMs, signal };
}

/**
 * Checks that a receipt handle is a non-empty string. Whether it is one this queue made, and
 * still current, is the driver's to say (`ReceiptHandleError`).
 *
 * @internal
 * @example
 * ```ts
 * checkReceiptHandle(message.receiptHandle);
 * ```
 */
export function checkReceiptHandle(receiptHandle: string): void {
  if (typeof receiptHandle !== 'string' || receiptHandle.length === 0) {
    throw new InvalidArgumentError('receiptHandle must be the non-empty string a receive returned');
  }
}

/**
 * Checks a duration in milliseconds: a finite number, not negative, and at most `max` when the
 * driver has a ceiling (SQS delays a message 15 minutes at most).
 *
 * @internal
 * @example
 * ```ts
 * checkDuration('timeoutMs', 5_000);
 * ```
 */
export function checkDuration(name: string, value: number, max?: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
  if (max !== undefined && value > max) throw new InvalidArgumentError(`${name} must be at most ${max}, got ${value}`);
}

/**
 * Checks a free-text note stored with a message (a dead-letter reason, a last error).
 *
 * @internal
 * @example
 * ```ts
 * checkText('reason', 'webhook-delivery: abort-message');
 * ```
 */
export function checkText(name: string, value: string): void {
  if (typeof value !== 'string') throw new InvalidArgumentError(`${name} must be a string, got ${typeof value}`);
}

/**
 * Checks `dlq.list()`'s options and returns the page size.
 *
 * @internal
 * @example
 * ```ts
 * checkListOptions({ limit: 20 }); // 20
 * ```
 */
export function checkListOptions(options: DeadLetterListOptions): number {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('list options must be an object');
  const limit = options.limit ?? DEFAULT_DEAD_LETTER_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DEAD_LETTER_PAGE) {
    throw new InvalidArgumentError(`limit must be an integer from 1 to ${MAX_DEAD_LETTER_PAGE}, got ${String(limit)}`);
  }
  const { after } = options;
  if (typeof after === 'object' && after !== null) {
    checkId('after.id', after.id);
    if (!Number.isFinite(after.deadLetteredAt))
      throw new InvalidArgumentError(`after.deadLetteredAt must be a finite number, got ${String(after.deadLetteredAt)}`);
  } else if (after !== undefined) {
    checkId('after', after);
  }
  return limit;
}

/**
 * Checks a message id given to the dead-letter queue.
 *
 * @internal
 * @example
 * ```ts
 * checkId('id', letter.id);
 * ```
 */
export function checkId(name: string, id: string): void {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidArgumentError(`${name} must be a non-empty string`);
}

/**
 * Checks the ids given to `dlq.redrive()`/`dlq.purge()`: undefined (all), or an array of ids.
 *
 * @internal
 * @example
 * ```ts
 * checkIds(['0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11']);
 * ```
 */
export function checkIds(ids: readonly string[] | undefined): void {
  if (ids === undefined) return;
  if (!Array.isArray(ids)) throw new InvalidArgumentError('ids must be an array of message ids, or undefined for all');
  for (const id of ids as readonly unknown[]) checkId('each id', id as string);
}

const BODY_TYPE_ERROR = 'message body must be a string, a Uint8Array or an array of Uint8Array chunks';

function bodySize(body: SendMessageInput['body']): number {
  if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
  if (body instanceof Uint8Array) return body.byteLength;
  if (!Array.isArray(body)) throw new InvalidArgumentError(BODY_TYPE_ERROR);
  let size = 0;
  for (const chunk of body as readonly unknown[]) {
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError(BODY_TYPE_ERROR);
    size += chunk.byteLength;
  }
  return size;
}
