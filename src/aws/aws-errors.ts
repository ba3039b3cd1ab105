import { AwsServiceError, errorCode, isTimeout, SluiceError } from '../core/errors.js';

/** What the AWS SDK v3 puts on the errors it throws (service exceptions and network failures). */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/** Error codes AWS services use for "slow down" (the SDK's own list, plus S3's and SQS's). */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'KMS.ThrottlingException',
]);

/** Transient server-side and network failures (timeouts are {@link isTimeout}'s). */
const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'KMS.InternalException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Errors that mean the object or message is not there. */
const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

/**
 * The service's error code of anything the SDK threw: `ThrottlingException`, `NoSuchKey`,
 * `AWS.SimpleQueueService.NonExistentQueue`…, or a network error's `ECONNREFUSED`.
 *
 * @example
 * ```ts
 * awsErrorCode(Object.assign(new Error('gone'), { name: 'NoSuchKey' })); // 'NoSuchKey'
 * ```
 */
export function awsErrorCode(error: unknown): string {
  const shape = (error ?? {}) as SdkErrorShape;
  // Query-protocol services report the code in `Code`; the SDK also names the class after it.
  // Network errors carry the system's code, on themselves or on their cause.
  for (const candidate of [shape.Code, errorCode(error), shape.name]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  }
  return 'Unknown';
}

/** The HTTP status of the service's answer, when the error came with one. */
export function awsHttpStatus(error: unknown): number | undefined {
  const status = (error as SdkErrorShape | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * True for failures a later attempt may cure: throttling, 5xx, timeouts and network errors.
 * The SDK has already retried these (with its standard backoff) by the time they surface.
 *
 * @example
 * ```ts
 * isRetryable(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })); // true
 * isRetryable(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })); // false
 * ```
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AwsServiceError) return error.retryable;
  const shape = (error ?? {}) as SdkErrorShape;
  if (shape.$retryable !== undefined && shape.$retryable !== null) return true;
  const code = awsErrorCode(error);
  const bare = code.replace(/^AWS\.SimpleQueueService\./, '');
  if (THROTTLING.has(bare) || TRANSIENT.has(bare) || isTimeout(error)) return true;
  const status = awsHttpStatus(error);
  if (status !== undefined) return status >= 500 || status === 429;
  return false;
}

/**
 * True when the service asked the caller to slow down (a throttling code, or HTTP 429).
 *
 * @example
 * ```ts
 * isThrottling(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })); // true
 * ```
 */
export function isThrottling(error: unknown): boolean {
  const code = error instanceof AwsServiceError ? error.awsCode : awsErrorCode(error);
  return THROTTLING.has(code.replace(/^AWS\.SimpleQueueService\./, '')) || (error instanceof AwsServiceError ? error.httpStatus : awsHttpStatus(error)) === 429;
}

/**
 * True when S3 (or SQS) says the object or message does not exist.
 *
 * @example
 * ```ts
 * isNotFound(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } })); // true
 * ```
 */
export function isNotFound(error: unknown): boolean {
  if (error instanceof AwsServiceError) return NOT_FOUND.has(error.awsCode) || error.httpStatus === 404;
  return NOT_FOUND.has(awsErrorCode(error)) || awsHttpStatus(error) === 404;
}

/**
 * Normalises anything an AWS call threw into an {@link AwsServiceError} naming the service,
 * the action and the service's code (Sluice's own errors pass through unchanged), so callers
 * and logs see one shape whatever the SDK version.
 *
 * @example
 * ```ts
 * try { await sqs.send(new SendMessageCommand(input)); }
 * catch (error) { throw toAwsError(error, 'sqs', 'SendMessage'); }
 * ```
 */
export function toAwsError(error: unknown, service: string, operation: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const awsCode = awsErrorCode(error);
  const httpStatus = awsHttpStatus(error);
  const text = error instanceof Error ? error.message : String(error);
  return new AwsServiceError(
    `${service} ${operation} failed: ${awsCode}${text && text !== awsCode ? `: ${text}` : ''}`,
    { service, operation, awsCode, ...(httpStatus !== undefined && { httpStatus }), retryable: isRetryable(error) },
    { cause: error },
  );
}
