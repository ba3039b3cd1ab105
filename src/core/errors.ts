/**
 * Sluice's errors, one file per area in `errors/`, re-exported here so that imports read
 * `from '../core/errors.js'` wherever they are. Every code is listed in `errors/codes.ts`;
 * `errors/thrown.ts` and `errors/timeouts.ts` are the one place that reads a thrown value.
 */
export { SluiceError } from './errors/base.js';
export { isSluiceErrorCode, SLUICE_ERROR_CODES } from './errors/codes.js';
export type { SluiceErrorCode } from './errors/codes.js';
export { errorChain, errorCode, errorName, isAbortError, toError } from './errors/thrown.js';
export { isTimeout } from './errors/timeouts.js';
export { ConfigError, UsageError } from './errors/config.js';
export type { ConfigIssue } from './errors/config.js';
export { ClosedError, ListenError } from './errors/lifecycle.js';
export { InvalidArgumentError, ReplayBusyError } from './errors/arguments.js';
export {
  BadHostError,
  BadPathError,
  BadRequestError,
  BodyInvalidError,
  BodyTimeoutError,
  BodyTooLargeError,
  ClientAbortedError,
  HttpVersionNotSupportedError,
  MethodNotAllowedError,
  RouteNotFoundError,
  UnsupportedSchemeError,
  UpgradeNotSupportedError,
} from './errors/request.js';
export type { BadPathReason, BodySchemaViolation } from './errors/request.js';
export { RouteNotMappedError, UpstreamBusyError, UpstreamTimeoutError, UpstreamUnreachableError } from './errors/upstream.js';
export { AuthBusyError, AuthRateLimitedError, AuthUnavailableError, ForbiddenError, UnauthorizedError } from './errors/auth.js';
export {
  FunctionNotAllowedError,
  FunctionNotFoundError,
  InvalidFunctionNameError,
  LambdaFunctionError,
  LambdaInvokeError,
  LambdaResponseInvalidError,
  LambdaThrottledError,
  LambdaTimeoutError,
} from './errors/invoke.js';
export {
  CaptureFailedError,
  MalformedMessageError,
  MessageNotFoundError,
  PayloadPointerError,
  QueueError,
  QueueFullError,
  QueueNotFoundError,
  ReceiptHandleError,
} from './errors/queue.js';
export type { QueueFullReason } from './errors/queue.js';
export { DeliveryRetryError, DestinationTimeoutError } from './errors/delivery.js';
export { AwsAccessError, AwsServiceError, DeployNotApprovedError } from './errors/aws.js';
export { IngestRejectedError, IngestThrottledError, IngestTimeoutError, IngestUnavailableError } from './errors/ingest.js';
