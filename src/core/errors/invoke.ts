// The `lambda` target: the function name, the invocation and the function's answer.
import { SluiceError } from './base.js';

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
