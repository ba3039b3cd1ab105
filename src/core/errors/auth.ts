// A route's `auth` refused the request, or could not check it now.
import { SluiceError } from './base.js';

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

/** The token is valid but lacks the right to this route (none of its scopes): 403. */
export class ForbiddenError extends SluiceError {
  override readonly name = 'ForbiddenError';
  override readonly code = 'SLUICE_FORBIDDEN';
  override readonly statusCode = 403;
}

/** The route's tokens cannot be checked now: the issuer's keys are out of reach. */
export class AuthUnavailableError extends SluiceError {
  override readonly name = 'AuthUnavailableError';
  override readonly code = 'SLUICE_AUTH_UNAVAILABLE';
  override readonly statusCode = 503;
  /** `Retry-After` in seconds. */
  readonly retryAfterSeconds = 5;
}
