// What the client sent cannot be served: routing, the request head, the body, the connection.
import { SluiceError } from './base.js';
import type { SluiceErrorCode } from './codes.js';

/** No route matches the request's host, path and method (404). */
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

/** A request Sluice cannot serve as sent (a malformed head, a refused WebSocket handshake…). */
export class BadRequestError extends SluiceError {
  override readonly name = 'BadRequestError';
  override readonly code = 'SLUICE_BAD_REQUEST';
  override readonly statusCode = 400;
}

/** One way a body misses its route's JSON Schema: where (a JSON Pointer into the body) and what. */
export interface BodySchemaViolation {
  /** JSON Pointer to the offending value, `""` for the body itself (e.g. `/items/0/sku`). */
  readonly instancePath: string;
  /** What the schema expected there, e.g. `must be string`. */
  readonly message: string;
}

/**
 * A body that is not JSON, or does not match its route's JSON Schema (`schema:`): 400 with the
 * violations, so a client can fix every field in one go. The list is capped; `omitted` says how
 * many more there were.
 */
export class BodyInvalidError extends SluiceError {
  override readonly name = 'BodyInvalidError';
  override readonly code = 'SLUICE_BODY_INVALID';
  override readonly statusCode = 400;
  readonly violations: readonly BodySchemaViolation[];
  /** Violations found beyond those listed. */
  readonly omitted: number;

  constructor(message: string, violations: readonly BodySchemaViolation[] = [], omitted = 0) {
    super(message);
    this.violations = violations;
    this.omitted = omitted;
  }

  override toJSON(): {
    error: { code: 'SLUICE_BODY_INVALID'; message: string; errors: readonly BodySchemaViolation[]; errors_omitted?: number };
  } {
    return { error: { code: this.code, message: this.message, errors: this.violations, ...(this.omitted > 0 && { errors_omitted: this.omitted }) } };
  }
}

/** Why a request path was refused (see {@link BadPathError}). */
export type BadPathReason = 'not_absolute' | 'bad_encoding' | 'encoded_separator' | 'nul' | 'backslash' | 'fragment' | 'above_root';

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

  override toJSON(): { error: { code: SluiceErrorCode; message: string; reason: BadPathReason } } {
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

/** The request body is over the route's `limits.max_body_bytes` (or Lambda's invoke limit). */
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

/** The client went away before the exchange completed. Never sent to anyone. */
export class ClientAbortedError extends SluiceError {
  override readonly name = 'ClientAbortedError';
  override readonly code = 'SLUICE_CLIENT_ABORTED';
  override readonly statusCode = 499;
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
