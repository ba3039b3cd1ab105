import { errorChain, errorCode, errorName } from './thrown.js';

/**
 * Codes that mean "no answer in time", whoever waited: undici (the `http` target, the emulator
 * invoker, the destination client), the system (a connect or keep-alive that gave up), other
 * HTTP clients, and Sluice's own timeouts passing through.
 */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'SLUICE_UPSTREAM_TIMEOUT',
  'SLUICE_FUNCTION_TIMEOUT',
  'SLUICE_DESTINATION_TIMEOUT',
]);

/**
 * Names that mean the same: `AbortSignal.timeout()`'s DOMException and the AWS SDK's socket and
 * connection timeouts (`TimeoutError`), and AWS services' own (`RequestTimeout` from S3,
 * `RequestTimeoutException`).
 */
const TIMEOUT_NAMES: ReadonlySet<string> = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/**
 * A connection the peer refused or reset is not a timeout, whatever the error is called: the
 * AWS SDK's HTTP handler renames `ECONNRESET` and `EPIPE` errors to `TimeoutError` (so that its
 * retry strategy retries them), which would otherwise turn a reset into a 504.
 */
const CONNECTION_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * True when a thrown value means the peer gave no (complete) answer in time. Every target and
 * the forwarder decide with this one table, so the same timeout is the same status everywhere:
 * 504 for the `http` and `lambda` targets alike, a `timeout` failure for deliveries. A refused
 * or reset connection is never a timeout (502 on every target).
 *
 * The value's `code` (or its causes', see {@link errorCode}) is checked first, then the name of
 * the value and of each cause: the AWS SDK rejects an aborted call with an `AbortError` whose
 * cause is the signal's `TimeoutError`.
 *
 * @example
 * ```ts
 * isTimeout(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' })); // true
 * isTimeout(AbortSignal.timeout(0).reason); // true, once the signal fired
 * isTimeout(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' })); // false
 * ```
 */
export function isTimeout(thrown: unknown): boolean {
  const code = errorCode(thrown);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return true;
  if (code !== undefined && CONNECTION_CODES.has(code)) return false;
  return errorChain(thrown).some((link) => TIMEOUT_NAMES.has(errorName(link) ?? ''));
}
