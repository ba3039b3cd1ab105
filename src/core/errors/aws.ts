// AWS calls, normalised at the SDK boundary (`src/aws/aws-errors.ts`).
import { SluiceError } from './base.js';

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
 * AWS refused a call for want of credentials or of a permission. `permission` names the IAM
 * action the caller lacks (`apigateway:GET`, `sqs:GetQueueAttributes`…), or `credentials` when
 * none were found, so the message says what to add to the deployer's policy.
 *
 * @example
 * ```ts
 * throw new AwsAccessError('AWS denied sqs:GetQueueAttributes on the dead-letter queue', 'sqs:GetQueueAttributes');
 * ```
 */
export class AwsAccessError extends SluiceError {
  override readonly name = 'AwsAccessError';
  override readonly code = 'SLUICE_AWS_ACCESS_DENIED';
  override readonly statusCode = 403;
  /** The IAM action that was denied, or `credentials` when there were none. */
  readonly permission: string;

  constructor(message: string, permission: string, options?: { cause?: unknown }) {
    super(message, options);
    this.permission = permission;
  }
}

/**
 * The CDK toolkit asked to approve something the person running `sluice deploy` was not shown
 * and did not approve: IAM or security group changes missing from the plan (the stack changed
 * since), or a question `sluice deploy` does not ask at all (roll back a failed stack, an MFA
 * token). Nothing is approved on their behalf; `unapproved` lists what was asked.
 *
 * @example
 * ```ts
 * throw new DeployNotApprovedError('sluice-forwarder: IAM changes the plan did not show', ['IAM + Allow s3:* on *']);
 * ```
 */
export class DeployNotApprovedError extends SluiceError {
  override readonly name = 'DeployNotApprovedError';
  override readonly code = 'SLUICE_DEPLOY_NOT_APPROVED';
  override readonly statusCode = 409;
  readonly unapproved: readonly string[];

  constructor(message: string, unapproved: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
    this.unapproved = unapproved;
  }
}
