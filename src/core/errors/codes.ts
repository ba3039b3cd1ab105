/**
 * Every `code` a Sluice error can carry, in one list: the union type below is derived from it,
 * so a code that is not listed here is a compile error wherever a Sluice error, a JSON error
 * body or a log field is built from it. Codes are a contract with clients and scripts: add new
 * ones, never rename or remove one.
 *
 * Grouped as the files of `src/core/errors/` are.
 *
 * @example
 * ```ts
 * SLUICE_ERROR_CODES.includes('SLUICE_UPSTREAM_TIMEOUT'); // true
 * ```
 */
export const SLUICE_ERROR_CODES = [
  // base.ts: anything unexpected.
  'SLUICE_ERROR',
  // config.ts
  'SLUICE_CONFIG_INVALID',
  'SLUICE_USAGE',
  // lifecycle.ts
  'SLUICE_LISTEN_FAILED',
  'SLUICE_CLOSED',
  // arguments.ts: a call with an argument the API does not accept.
  'SLUICE_INVALID_ARGUMENT',
  'SLUICE_REPLAY_BUSY',
  // request.ts: what the client sent.
  'SLUICE_ROUTE_NOT_FOUND',
  'SLUICE_METHOD_NOT_ALLOWED',
  'SLUICE_BAD_REQUEST',
  'SLUICE_BAD_PATH',
  'SLUICE_BAD_HOST',
  'SLUICE_UNSUPPORTED_SCHEME',
  'SLUICE_HTTP_VERSION_NOT_SUPPORTED',
  'SLUICE_BODY_TOO_LARGE',
  'SLUICE_BODY_TIMEOUT',
  'SLUICE_BODY_INVALID',
  'SLUICE_CLIENT_ABORTED',
  'SLUICE_UPGRADE_NOT_SUPPORTED',
  // Answers to HTTP that Node's parser refused before a request existed (gateway.ts).
  'SLUICE_HTTP_408',
  'SLUICE_HTTP_431',
  // upstream.ts: the `http` target and the proxy function's backend.
  'SLUICE_UPSTREAM_UNREACHABLE',
  'SLUICE_UPSTREAM_TIMEOUT',
  'SLUICE_UPSTREAM_BUSY',
  'SLUICE_ROUTE_NOT_MAPPED',
  // auth.ts
  'SLUICE_UNAUTHORIZED',
  'SLUICE_AUTH_RATE_LIMITED',
  'SLUICE_AUTH_BUSY',
  'SLUICE_FORBIDDEN',
  'SLUICE_AUTH_UNAVAILABLE',
  // invoke.ts: the `lambda` target.
  'SLUICE_FUNCTION_NAME_INVALID',
  'SLUICE_FUNCTION_NOT_ALLOWED',
  'SLUICE_FUNCTION_NOT_FOUND',
  'SLUICE_FUNCTION_ERROR',
  'SLUICE_FUNCTION_TIMEOUT',
  'SLUICE_FUNCTION_THROTTLED',
  'SLUICE_FUNCTION_RESPONSE_INVALID',
  'SLUICE_INVOKE_FAILED',
  // queue.ts: capture storage and the queue drivers.
  'SLUICE_CAPTURE_FAILED',
  'SLUICE_RECEIPT_INVALID',
  'SLUICE_QUEUE_ERROR',
  'SLUICE_QUEUE_FULL',
  'SLUICE_QUEUE_NOT_FOUND',
  'SLUICE_MESSAGE_NOT_FOUND',
  'SLUICE_MALFORMED_MESSAGE',
  'SLUICE_PAYLOAD_POINTER',
  // delivery.ts
  'SLUICE_DESTINATION_TIMEOUT',
  'SLUICE_DELIVERY_RETRY',
  // aws.ts
  'SLUICE_AWS_ERROR',
  'SLUICE_AWS_ACCESS_DENIED',
  'SLUICE_DEPLOY_NOT_APPROVED',
  // ingest.ts: the targets that put a request into an AWS service.
  'SLUICE_INGEST_REJECTED',
  'SLUICE_INGEST_THROTTLED',
  'SLUICE_INGEST_TIMEOUT',
  'SLUICE_INGEST_UNAVAILABLE',
] as const;

/** One of {@link SLUICE_ERROR_CODES}. */
export type SluiceErrorCode = (typeof SLUICE_ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(SLUICE_ERROR_CODES);

/**
 * Whether `code` is one of Sluice's own codes (and not a system or library code such as
 * `ECONNREFUSED` or `UND_ERR_SOCKET`).
 *
 * @example
 * ```ts
 * isSluiceErrorCode('SLUICE_QUEUE_FULL'); // true
 * isSluiceErrorCode('SQLITE_FULL'); // false
 * ```
 */
export function isSluiceErrorCode(code: unknown): code is SluiceErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}
