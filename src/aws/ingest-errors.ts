import { IngestRejectedError, IngestThrottledError, IngestTimeoutError, IngestUnavailableError, isAbortError, isTimeout, SluiceError } from '../core/errors.js';
import { awsErrorCode, awsHttpStatus, isThrottling } from './aws-errors.js';

/** What a throttled client is told to wait: the SDK has already backed off and retried. */
export const INGEST_RETRY_AFTER_SECONDS = 1;

/**
 * Normalises what an ingest call (`SendMessage`, `Publish`, `PutObject`, …) threw into the error
 * the client's status comes from, one table for every service:
 *
 * - throttling (a throttling code or 429) → 503 with `Retry-After` ({@link IngestThrottledError});
 * - no answer in time (the route's timeout aborted the call, or a socket timeout) → 504;
 * - the service refused the request with a 4xx → that status and its error code
 *   ({@link IngestRejectedError}: no such queue 400, access denied 403, no such bucket 404…);
 * - anything else (refused or reset connections, unknown hosts, 5xx) → 502.
 *
 * Sluice's own errors pass through unchanged. The service's message is kept on the error (for
 * the log) but the client is told only the service, the action and the code.
 *
 * @example
 * ```ts
 * try { await sqs.send(new SendMessageCommand(input), { abortSignal }); }
 * catch (error) { throw toIngestError(error, 'sqs', 'SendMessage'); }
 * ```
 */
export function toIngestError(error: unknown, service: string, operation: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const awsCode = awsErrorCode(error);
  const status = awsHttpStatus(error);
  const what = `${service} ${operation}`;
  if (isThrottling(error)) return new IngestThrottledError(`${what} was throttled (${awsCode})`, INGEST_RETRY_AFTER_SECONDS, { cause: error });
  // The call's only abort signal is the route's timeout.
  if (isTimeout(error) || isAbortError(error)) return new IngestTimeoutError(`${what} did not answer in time`, { cause: error });
  if (status !== undefined && status >= 400 && status < 500) {
    return new IngestRejectedError(`${what} refused the request: ${awsCode}`, { status, awsCode }, { cause: error });
  }
  const detail = status === undefined ? awsCode : `${status} ${awsCode}`;
  return new IngestUnavailableError(`${what} failed: ${detail}`, { cause: error });
}
