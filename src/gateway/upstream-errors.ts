import {
  BodyTooLargeError,
  ClientAbortedError,
  errorCode,
  isAbortError,
  isTimeout,
  SluiceError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../core/errors.js';

/**
 * Normalises what undici and the network throw into Sluice's errors, so the gateway maps each
 * to one status: 504 for timeouts, 502 for everything else that broke the upstream exchange.
 *
 * @example
 * ```ts
 * toUpstreamError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).statusCode; // 502
 * ```
 */
export function toUpstreamError(error: unknown, upstream: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const code = errorCode(error);
  if (isTimeout(error)) {
    return new UpstreamTimeoutError(`upstream ${upstream} did not answer in time (${code ?? 'timeout'})`, { cause: error });
  }
  if (isAbortError(error)) {
    // The gateway aborts the upstream request with the reason: the client's body was too large, or the client left.
    const reason = error instanceof Error ? error.cause : undefined;
    if (reason instanceof BodyTooLargeError || reason instanceof ClientAbortedError) return reason;
    return new ClientAbortedError('the client went away', { cause: error });
  }
  const what = code ? ` (${code})` : '';
  return new UpstreamUnreachableError(`upstream ${upstream} failed${what}`, { cause: error });
}
