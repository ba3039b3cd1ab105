import {
  BodyTooLargeError,
  FunctionNotFoundError,
  LambdaInvokeError,
  LambdaThrottledError,
  LambdaTimeoutError,
  SluiceError,
} from '../core/errors.js';

/** Lambda's synchronous invocation payload limit, request and response (6 MB). */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** Invoke errors that mean "not now": no concurrency, the function still being created or updated. */
const THROTTLED = new Set(['TooManyRequestsException', 'EC2ThrottledException', 'ResourceNotReadyException', 'ResourceConflictException', 'SnapStartNotReadyException']);

/** Names the SDK and Node give a wait that was cut short. */
const TIMEOUTS = new Set(['AbortError', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT']);

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
  const name = errorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const text = error instanceof Error ? error.message : String(error);
  const detail = `${name}${text && text !== name ? `: ${text}` : ''}`;
  if (THROTTLED.has(name) || status === 429) return new LambdaThrottledError(`function ${functionName} was throttled (${detail})`, { cause: error });
  if (TIMEOUTS.has(name)) return new LambdaTimeoutError(`function ${functionName} did not answer in time`, { cause: error });
  if (name === 'ResourceNotFoundException' || status === 404) return new FunctionNotFoundError(`function ${functionName} not found`, { cause: error });
  if (name === 'RequestTooLargeException' || status === 413) return new BodyTooLargeError(LAMBDA_PAYLOAD_LIMIT_BYTES);
  return new LambdaInvokeError(`invoking ${functionName} failed (${detail})`, { cause: error });
}

function errorName(error: unknown): string {
  const shape = (error ?? {}) as { name?: unknown; code?: unknown; cause?: { code?: unknown } };
  for (const candidate of [shape.name, shape.code, shape.cause?.code]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  }
  return 'Error';
}
