import { BodyTooLargeError, ClientAbortedError, SluiceError, UpstreamTimeoutError, UpstreamUnreachableError } from '../core/errors.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

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
  const code = (error as { code?: string } | null)?.code ?? '';
  if (TIMEOUT_CODES.has(code)) {
    return new UpstreamTimeoutError(`upstream ${upstream} did not answer in time (${code})`, { cause: error });
  }
  if (code === 'UND_ERR_ABORTED' || (error as Error | null)?.name === 'AbortError') {
    const reason = (error as { cause?: unknown }).cause;
    if (reason instanceof BodyTooLargeError || reason instanceof ClientAbortedError) return reason;
    return new ClientAbortedError('the client went away', { cause: error });
  }
  const what = code ? ` (${code})` : '';
  return new UpstreamUnreachableError(`upstream ${upstream} failed${what}`, { cause: error });
}
