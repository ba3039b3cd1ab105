// Captures and the queue that stores them, whichever driver.
import { SluiceError } from './base.js';
import type { SluiceErrorCode } from './codes.js';

/** The capture could not be committed to the queue (see `capture.on_failure`). */
export class CaptureFailedError extends SluiceError {
  override readonly name = 'CaptureFailedError';
  override readonly code = 'SLUICE_CAPTURE_FAILED';
  override readonly statusCode = 503;
}

/** A receipt handle that is malformed or no longer current (the message was received again). */
export class ReceiptHandleError extends SluiceError {
  override readonly name = 'ReceiptHandleError';
  override readonly code = 'SLUICE_RECEIPT_INVALID';
  override readonly statusCode = 400;
}

/** A queue operation failed in its storage (disk full, database locked past the busy timeout…). */
export class QueueError extends SluiceError {
  override readonly name: string = 'QueueError';
  override readonly code: SluiceErrorCode = 'SLUICE_QUEUE_ERROR';
  override readonly statusCode: number = 503;
}

/** Why a queue refuses new messages: its `queue.max_size` is reached, or its disk is (nearly) full. */
export type QueueFullReason = 'max_size' | 'disk';

/**
 * The queue refuses new messages until space is freed: `queue.max_size` is reached, or the file
 * system holding it is down to the headroom kept for deletes (or out of space). Deletes,
 * deliveries and `sluice dlq purge` keep working; the gateway applies `capture.on_failure`.
 */
export class QueueFullError extends QueueError {
  override readonly name = 'QueueFullError';
  override readonly code = 'SLUICE_QUEUE_FULL';
  override readonly statusCode = 507;
  readonly reason: QueueFullReason;

  constructor(reason: QueueFullReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** A dead letter (or message) that does not exist. */
export class MessageNotFoundError extends SluiceError {
  override readonly name = 'MessageNotFoundError';
  override readonly code = 'SLUICE_MESSAGE_NOT_FOUND';
  override readonly statusCode = 404;
}

/** A queued payload that is neither a capture frame nor a JSON capture record. */
export class MalformedMessageError extends SluiceError {
  override readonly name = 'MalformedMessageError';
  override readonly code = 'SLUICE_MALFORMED_MESSAGE';
  override readonly statusCode = 422;
}

/** A command was pointed at a queue that does not exist yet (nothing has created its file). */
export class QueueNotFoundError extends SluiceError {
  override readonly name = 'QueueNotFoundError';
  override readonly code = 'SLUICE_QUEUE_NOT_FOUND';
  override readonly statusCode = 404;
}

/**
 * A queued SQS message points at an offloaded payload (SPEC §2) that cannot be read: the pointer
 * is malformed, or its S3 object is gone. The message goes to the dead-letter queue with this
 * reason; retrying would not bring the object back.
 */
export class PayloadPointerError extends SluiceError {
  override readonly name = 'PayloadPointerError';
  override readonly code = 'SLUICE_PAYLOAD_POINTER';
  override readonly statusCode = 422;
}
