import {
  BodyTooLargeError,
  errorCode,
  errorName,
  FunctionNotFoundError,
  isAbortError,
  isTimeout,
  LambdaInvokeError,
  LambdaThrottledError,
  LambdaTimeoutError,
  SluiceError,
} from '../core/errors.js';
import { awsHttpStatus } from './aws-errors.js';

/** Lambda's synchronous invocation payload limit, request and response (6 MB). */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** Invoke errors that mean "not now": no concurrency, the function still being created or updated. */
const THROTTLED = new Set([
  'TooManyRequestsException',
  'EC2ThrottledException',
  'ResourceNotReadyException',
  'ResourceConflictException',
  'SnapStartNotReadyException',
]);

/**
 * Normalises what an Invoke call threw into the error the client's status comes from: 503 when
 * Lambda throttled it, 504 when it did not answer in time, 404 for an unknown function or
 * qualifier, 413 when the payload is over Lambda's limit, 502 for anything else (credentials,
 * network, Lambda service errors). Sluice's own errors pass through unchanged.
 *
 * @example
 * ```ts
 * toLambdaError(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }), 'hello').statusCode; // 503
 * ```
 */
export function toLambdaError(error: unknown, functionName: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const name = invokeErrorName(error);
  const status = awsHttpStatus(error);
  const text = error instanceof Error ? error.message : String(error);
  const detail = `${name}${text && text !== name ? `: ${text}` : ''}`;
  if (THROTTLED.has(name) || status === 429) return new LambdaThrottledError(`function ${functionName} was throttled (${detail})`, { cause: error });
  // The invoker's only abort signal is its timeout; a refused or reset connection is never one (502).
  if (isTimeout(error) || isAbortError(error)) return new LambdaTimeoutError(`function ${functionName} did not answer in time`, { cause: error });
  if (name === 'ResourceNotFoundException' || status === 404) return new FunctionNotFoundError(`function ${functionName} not found`, { cause: error });
  if (name === 'RequestTooLargeException' || status === 413) return new BodyTooLargeError(LAMBDA_PAYLOAD_LIMIT_BYTES);
  return new LambdaInvokeError(`invoking ${functionName} failed (${detail})`, { cause: error });
}

/** Lambda's error name (`TooManyRequestsException`…), else the network error's code, else `Error`. */
function invokeErrorName(error: unknown): string {
  const name = errorName(error);
  if (name !== undefined && name !== 'Error') return name;
  return errorCode(error) ?? 'Error';
}
