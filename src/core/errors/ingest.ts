// The ingest targets (`sqs`, `sns`, `s3`, …): a request put straight into an AWS service.
import { SluiceError } from './base.js';

/**
 * The service refused the request with a 4xx (no such queue, access denied, a parameter it does
 * not accept): the client gets that status and the service's error code, never its message
 * (which names accounts and resources; it goes to the log).
 */
export class IngestRejectedError extends SluiceError {
  override readonly name = 'IngestRejectedError';
  override readonly code = 'SLUICE_INGEST_REJECTED';
  override readonly statusCode: number;
  /** The service's error code, e.g. `AWS.SimpleQueueService.NonExistentQueue`, `NoSuchBucket`. */
  readonly awsCode: string;

  constructor(message: string, details: { status: number; awsCode: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.statusCode = details.status;
    this.awsCode = details.awsCode;
  }

  override toJSON(): { error: { code: 'SLUICE_INGEST_REJECTED'; message: string; aws_code: string } } {
    return { error: { code: this.code, message: this.message, aws_code: this.awsCode } };
  }
}

/** The service throttled the call (after the SDK's retries): 503 with `Retry-After`. */
export class IngestThrottledError extends SluiceError {
  override readonly name = 'IngestThrottledError';
  override readonly code = 'SLUICE_INGEST_THROTTLED';
  override readonly statusCode = 503;
  /** Seconds the client should wait before trying again. */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The service gave no answer within the route's timeout (504). */
export class IngestTimeoutError extends SluiceError {
  override readonly name = 'IngestTimeoutError';
  override readonly code = 'SLUICE_INGEST_TIMEOUT';
  override readonly statusCode = 504;
}

/** The service could not be reached (refused, reset, no such host) or failed with a 5xx (502). */
export class IngestUnavailableError extends SluiceError {
  override readonly name = 'IngestUnavailableError';
  override readonly code = 'SLUICE_INGEST_UNAVAILABLE';
  override readonly statusCode = 502;
}
