import { describe, expect, it } from 'vitest';
import { awsErrorCode, isNotFound, isRetryable, toAwsError } from './aws-errors.js';

function sdkError(name: string, status: number | undefined, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $fault: status !== undefined && status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    ...extra,
  });
}

describe('Function: isRetryable', () => {
  it.each([
    ['throttling', sdkError('ThrottlingException', 400), true],
    ['SQS request throttling (query code)', sdkError('Error', 400, { Code: 'AWS.SimpleQueueService.RequestThrottled' }), true],
    ['S3 slow down', sdkError('SlowDown', 503), true],
    ['a 500', sdkError('InternalError', 500), true],
    ['an unknown 503', sdkError('Weird', 503), true],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['access denied', sdkError('AccessDenied', 403), false],
    ['no such queue', sdkError('QueueDoesNotExist', 400), false],
    ['a programming error', new TypeError('x is not a function'), false],
  ])('%s → %s', (_, error, expected) => {
    // Act
    const retryable = isRetryable(error);

    // Assess
    expect(retryable).toBe(expected);
  });
});

describe('Function: toAwsError', () => {
  it('names the service, action and code, and keeps the cause', () => {
    // Prepare
    const cause = sdkError('NoSuchKey', 404);

    // Act
    const error = toAwsError(cause, 's3', 'GetObject');

    // Assess
    expect(error).toMatchObject({
      name: 'AwsServiceError',
      code: 'SLUICE_AWS_ERROR',
      service: 's3',
      operation: 'GetObject',
      awsCode: 'NoSuchKey',
      httpStatus: 404,
      retryable: false,
    });
    expect(error.cause).toBe(cause);
    expect(isNotFound(error)).toBe(true);
  });

  it('passes Sluice errors through unchanged', () => {
    // Prepare
    const original = toAwsError(sdkError('ThrottlingException', 400), 'sqs', 'SendMessage');

    // Act
    const again = toAwsError(original, 'sqs', 'SendMessageBatch');

    // Assess
    expect(again).toBe(original);
  });

  it('reads the code of a network error from its cause', () => {
    // Prepare
    const error = Object.assign(new Error('fetch failed'), { name: 'Error', cause: { code: 'ECONNRESET' } });

    // Act
    const code = awsErrorCode(error);

    // Assess
    expect(code).toBe('ECONNRESET');
  });
});
