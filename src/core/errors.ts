/**
 * Every error Sluice raises on purpose. Each carries a stable `code` (assert on it, not on the
 * message) and the HTTP status it maps to when it reaches a client.
 *
 * @example
 * ```ts
 * try { await queue.send({ body }) } catch (err) {
 *   if (err instanceof SluiceError && err.code === 'SLUICE_CLOSED') return;
 *   throw err;
 * }
 * ```
 */
export class SluiceError extends Error {
  override readonly name: string = 'SluiceError';
  readonly code: string = 'SLUICE_ERROR';
  readonly statusCode: number = 500;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** The JSON body a client receives for this error. */
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** One problem found in a configuration file. */
export interface ConfigIssue {
  /** Key path in the file, e.g. `routes[0].target.url`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** The configuration is invalid; nothing may start. The CLI exits with code 2. */
export class ConfigError extends SluiceError {
  override readonly name = 'ConfigError';
  override readonly code = 'SLUICE_CONFIG_INVALID';
  readonly file: string;
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[]) {
    super(formatConfigIssues(file, issues));
    this.file = file;
    this.issues = issues;
  }
}

function formatConfigIssues(file: string, issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? 'problem' : 'problems';
  const lines = issues.map((issue) => `  ${file}${issue.path ? `: ${issue.path}` : ''}: ${issue.message}`);
  return `invalid configuration (${issues.length} ${noun}):\n${lines.join('\n')}`;
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends SluiceError {
  override readonly name = 'UsageError';
  override readonly code = 'SLUICE_USAGE';
}

/**
 * A listener could not bind its address (in use, or a privileged port): the environment's
 * problem, not the configuration's, so the CLI exits with 1. The message names the address and
 * how to choose another.
 */
export class ListenError extends SluiceError {
  override readonly name = 'ListenError';
  override readonly code = 'SLUICE_LISTEN_FAILED';
  /** The system's code: `EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`… */
  readonly reason: string;

  constructor(message: string, reason: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

export class RouteNotFoundError extends SluiceError {
  override readonly name = 'RouteNotFoundError';
  override readonly code = 'SLUICE_ROUTE_NOT_FOUND';
  override readonly statusCode = 404;
}

/**
 * The method is refused for this resource. RFC 9110 §15.5.6: a 405 carries `Allow`, the methods
 * that are supported, so `allow` is required.
 */
export class MethodNotAllowedError extends SluiceError {
  override readonly name = 'MethodNotAllowedError';
  override readonly code = 'SLUICE_METHOD_NOT_ALLOWED';
  override readonly statusCode = 405;
  /** The methods sent in the `Allow` header. */
  readonly allow: readonly string[];

  constructor(message: string, allow: readonly string[]) {
    super(message);
    this.allow = allow;
  }
}

export class BadRequestError extends SluiceError {
  override readonly name = 'BadRequestError';
  override readonly code = 'SLUICE_BAD_REQUEST';
  override readonly statusCode = 400;
}

/** Why a request path was refused (see {@link BadPathError}). */
export type BadPathReason =
  | 'not_absolute'
  | 'bad_encoding'
  | 'encoded_separator'
  | 'nul'
  | 'backslash'
  | 'fragment'
  | 'above_root';

/**
 * A request path that cannot be normalised safely (an encoded `/` or `\`, NUL, invalid
 * percent-encoding, a climb above the root…). `reason` is stable and is sent to the client.
 */
export class BadPathError extends SluiceError {
  override readonly name = 'BadPathError';
  override readonly code = 'SLUICE_BAD_PATH';
  override readonly statusCode = 400;
  readonly reason: BadPathReason;

  constructor(reason: BadPathReason, message: string) {
    super(message);
    this.reason = reason;
  }

  override toJSON(): { error: { code: string; message: string; reason: BadPathReason } } {
    return { error: { code: this.code, message: this.message, reason: this.reason } };
  }
}

/**
 * A `Host` header that routing cannot trust (RFC 9112 §3.2): more than one, an invalid value, or
 * one that names another host than an absolute-form request target.
 */
export class BadHostError extends SluiceError {
  override readonly name = 'BadHostError';
  override readonly code = 'SLUICE_BAD_HOST';
  override readonly statusCode = 400;
}

/** An absolute-form request target whose scheme is not `http` or `https` (`ftp://…`). */
export class UnsupportedSchemeError extends SluiceError {
  override readonly name = 'UnsupportedSchemeError';
  override readonly code = 'SLUICE_UNSUPPORTED_SCHEME';
  override readonly statusCode = 400;
}

/** A request line with an HTTP major version other than 1 (`HTTP/2.0` sent as text, `HTTP/3.0`). */
export class HttpVersionNotSupportedError extends SluiceError {
  override readonly name = 'HttpVersionNotSupportedError';
  override readonly code = 'SLUICE_HTTP_VERSION_NOT_SUPPORTED';
  override readonly statusCode = 505;
}

export class BodyTooLargeError extends SluiceError {
  override readonly name = 'BodyTooLargeError';
  override readonly code = 'SLUICE_BODY_TOO_LARGE';
  override readonly statusCode = 413;
  readonly limit: number;

  constructor(limit: number) {
    super(`request body exceeds the limit of ${limit} bytes`);
    this.limit = limit;
  }
}

/** The client sent no request-body bytes for `limits.body_timeout` (nginx's client_body_timeout). */
export class BodyTimeoutError extends SluiceError {
  override readonly name = 'BodyTimeoutError';
  override readonly code = 'SLUICE_BODY_TIMEOUT';
  override readonly statusCode = 408;
}

export class UpstreamUnreachableError extends SluiceError {
  override readonly name = 'UpstreamUnreachableError';
  override readonly code = 'SLUICE_UPSTREAM_UNREACHABLE';
  override readonly statusCode = 502;
}

export class UpstreamTimeoutError extends SluiceError {
  override readonly name = 'UpstreamTimeoutError';
  override readonly code = 'SLUICE_UPSTREAM_TIMEOUT';
  override readonly statusCode = 504;
}

/**
 * A protocol switch the route cannot make: an `Upgrade` other than `websocket`, or a target
 * (a Lambda function) that answers one request with one response and cannot hold a connection.
 */
export class UpgradeNotSupportedError extends SluiceError {
  override readonly name = 'UpgradeNotSupportedError';
  override readonly code = 'SLUICE_UPGRADE_NOT_SUPPORTED';
  override readonly statusCode = 501;
}

/**
 * Every connection to the upstream was busy: too many requests already waited for one, or none
 * freed up within the route's timeout. The upstream never saw the request, so a retry is safe.
 */
export class UpstreamBusyError extends SluiceError {
  override readonly name = 'UpstreamBusyError';
  override readonly code = 'SLUICE_UPSTREAM_BUSY';
  override readonly statusCode = 503;
}

/** The client went away before the exchange completed. Never sent to anyone. */
export class ClientAbortedError extends SluiceError {
  override readonly name = 'ClientAbortedError';
  override readonly code = 'SLUICE_CLIENT_ABORTED';
  override readonly statusCode = 499;
}

/** The capture could not be committed to the queue (see `capture.on_failure`). */
export class CaptureFailedError extends SluiceError {
  override readonly name = 'CaptureFailedError';
  override readonly code = 'SLUICE_CAPTURE_FAILED';
  override readonly statusCode = 503;
}

/** A call on a queue, server or client after `close()`/`destroy()`. */
export class ClosedError extends SluiceError {
  override readonly name = 'ClosedError';
  override readonly code = 'SLUICE_CLOSED';
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
  override readonly code: string = 'SLUICE_QUEUE_ERROR';
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

/** The delivery destination gave no complete answer within its timeout (the attempt is retried). */
export class DestinationTimeoutError extends SluiceError {
  override readonly name = 'DestinationTimeoutError';
  override readonly code = 'SLUICE_DESTINATION_TIMEOUT';
  override readonly statusCode = 504;
}

/**
 * An AWS call failed after the SDK's own retries (throttling, 5xx, network) or with an error no
 * retry cures (access denied, no such queue). `awsCode` is the service's error code.
 */
export class AwsServiceError extends SluiceError {
  override readonly name = 'AwsServiceError';
  override readonly code = 'SLUICE_AWS_ERROR';
  override readonly statusCode = 503;
  /** e.g. `sqs`, `s3`. */
  readonly service: string;
  /** The API action, e.g. `SendMessageBatch`. */
  readonly operation: string;
  /** The service's error code (`ThrottlingException`, `NoSuchKey`…), or the network error's code. */
  readonly awsCode: string;
  /** The HTTP status of the service's answer, when there was one. */
  readonly httpStatus: number | undefined;
  /** True when trying again later may succeed (throttling, 5xx, network). */
  readonly retryable: boolean;

  constructor(
    message: string,
    details: { service: string; operation: string; awsCode: string; httpStatus?: number; retryable: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.service = details.service;
    this.operation = details.operation;
    this.awsCode = details.awsCode;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable;
  }
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

/** A request reached the proxy function for a method and resource its route map does not list. */
export class RouteNotMappedError extends SluiceError {
  override readonly name = 'RouteNotMappedError';
  override readonly code = 'SLUICE_ROUTE_NOT_MAPPED';
  override readonly statusCode = 502;
}

/** Normalises anything thrown into an `Error` with a message, for logs and DLQ reasons. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The route requires credentials and the request had none, or wrong ones (`WWW-Authenticate` says how). */
export class UnauthorizedError extends SluiceError {
  override readonly name = 'UnauthorizedError';
  override readonly code = 'SLUICE_UNAUTHORIZED';
  override readonly statusCode = 401;
}

/**
 * The client's address sent more wrong passwords than the route's `max_failures` within its
 * `failure_window`: refused without checking, until `retryAfterSeconds` have passed.
 */
export class AuthRateLimitedError extends SluiceError {
  override readonly name = 'AuthRateLimitedError';
  override readonly code = 'SLUICE_AUTH_RATE_LIMITED';
  override readonly statusCode = 429;
  /** Whole seconds until the address may try again (`Retry-After`). */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Every password-checking thread is busy and its queue is full: try again in a moment. */
export class AuthBusyError extends SluiceError {
  override readonly name = 'AuthBusyError';
  override readonly code = 'SLUICE_AUTH_BUSY';
  override readonly statusCode = 503;
  /** `Retry-After` in seconds. */
  readonly retryAfterSeconds = 1;
}

/** A function name taken from the path that is not a plain Lambda name (`..`, `%2F`, `:`…). */
export class InvalidFunctionNameError extends SluiceError {
  override readonly name = 'InvalidFunctionNameError';
  override readonly code = 'SLUICE_FUNCTION_NAME_INVALID';
  override readonly statusCode = 400;
}

/** A function name taken from the path that the route's `allow`/`deny` lists refuse. */
export class FunctionNotAllowedError extends SluiceError {
  override readonly name = 'FunctionNotAllowedError';
  override readonly code = 'SLUICE_FUNCTION_NOT_ALLOWED';
  override readonly statusCode = 404;
}

/** Lambda has no such function (or qualifier). */
export class FunctionNotFoundError extends SluiceError {
  override readonly name = 'FunctionNotFoundError';
  override readonly code = 'SLUICE_FUNCTION_NOT_FOUND';
  override readonly statusCode = 404;
}

/**
 * The function ran and failed (Invoke's `FunctionError`): the client gets 502 with the
 * `X-Amz-Function-Error` header, never the error's details, which go to the log.
 */
export class LambdaFunctionError extends SluiceError {
  override readonly name = 'LambdaFunctionError';
  override readonly code = 'SLUICE_FUNCTION_ERROR';
  override readonly statusCode = 502;
  /** `Unhandled` or `Handled`, as Invoke reports it. */
  readonly functionError: string;
  readonly errorType: string | undefined;

  constructor(message: string, functionError: string, errorType?: string) {
    super(message);
    this.functionError = functionError;
    this.errorType = errorType;
  }
}

/** The function (or the invocation) did not finish in time. */
export class LambdaTimeoutError extends SluiceError {
  override readonly name = 'LambdaTimeoutError';
  override readonly code = 'SLUICE_FUNCTION_TIMEOUT';
  override readonly statusCode = 504;
  /** Set when the function itself timed out (Invoke reports it as an `Unhandled` function error). */
  readonly functionError: string | undefined;

  constructor(message: string, options?: { cause?: unknown; functionError?: string }) {
    super(message, options);
    this.functionError = options?.functionError;
  }
}

/** Lambda refused the invocation for lack of concurrency (throttled); nothing ran. */
export class LambdaThrottledError extends SluiceError {
  override readonly name = 'LambdaThrottledError';
  override readonly code = 'SLUICE_FUNCTION_THROTTLED';
  override readonly statusCode = 503;
}

/** The function answered with a response AWS would reject; `reason` says why (logged, not sent). */
export class LambdaResponseInvalidError extends SluiceError {
  override readonly name = 'LambdaResponseInvalidError';
  override readonly code = 'SLUICE_FUNCTION_RESPONSE_INVALID';
  override readonly statusCode = 502;
  readonly reason: string;

  constructor(message: string, reason: string) {
    super(message);
    this.reason = reason;
  }
}

/** The invocation itself failed (endpoint unreachable, credentials, Lambda service error). */
export class LambdaInvokeError extends SluiceError {
  override readonly name = 'LambdaInvokeError';
  override readonly code = 'SLUICE_INVOKE_FAILED';
  override readonly statusCode = 502;
}
