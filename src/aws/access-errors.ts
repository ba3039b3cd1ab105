import { AwsAccessError, AwsServiceError } from '../core/errors.js';
import { awsErrorCode, awsHttpStatus, toAwsError } from './aws-errors.js';

/** Codes AWS answers when the caller is not allowed, or its keys are not valid. */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedException']);
const BAD_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'SignatureDoesNotMatch']);

/**
 * Normalises a failed AWS call of a deployment for the person running it: no credentials,
 * invalid or expired ones, and a denied permission become an {@link AwsAccessError} that names
 * the IAM action to grant (`permission`); anything else is `toAwsError`'s.
 *
 * @example
 * ```ts
 * try { await sqs.send(new GetQueueAttributesCommand(input)); }
 * catch (error) { throw toAccessError(error, 'sqs', 'GetQueueAttributes', 'sqs:GetQueueAttributes'); }
 * ```
 */
export function toAccessError(error: unknown, service: string, operation: string, permission: string): Error {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'CredentialsProviderError') {
    return new AwsAccessError(
      'no AWS credentials found: set AWS_PROFILE (after `aws sso login`), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role provides them',
      'credentials',
      { cause: error },
    );
  }
  const code = awsErrorCode(error);
  if (BAD_CREDENTIALS.has(code)) {
    return new AwsAccessError(
      `AWS refused the credentials (${code}) calling ${service} ${operation}: renew them (aws sso login) or check AWS_PROFILE`,
      'credentials',
      {
        cause: error,
      },
    );
  }
  if (DENIED.has(code) || awsHttpStatus(error) === 403) {
    return new AwsAccessError(
      `AWS denied ${permission} (${service} ${operation}, ${code}): add it to the deployer's IAM policy (README, "Deploy on AWS")`,
      permission,
      {
        cause: error,
      },
    );
  }
  return toAwsError(error, service, operation);
}

/**
 * True when AWS refused the call for want of a permission (an access-denied code or HTTP 403),
 * on an SDK error or on the `AwsServiceError` `toAwsError` made of one.
 *
 * @example
 * ```ts
 * isAccessDenied(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })); // true
 * ```
 */
export function isAccessDenied(error: unknown): boolean {
  if (error instanceof AwsServiceError) return DENIED.has(error.awsCode) || error.httpStatus === 403;
  return DENIED.has(awsErrorCode(error)) || awsHttpStatus(error) === 403;
}
