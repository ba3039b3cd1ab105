import { describe, expect, it } from 'vitest';
import { BadRequestError, IngestRejectedError, IngestThrottledError } from '../core/errors.js';
import { INGEST_RETRY_AFTER_SECONDS, toIngestError } from './ingest-errors.js';

function sdkError(name: string, status: number | undefined, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened in account 123456789012`), { name, $metadata: { httpStatusCode: status }, ...extra });
}

describe('Function: toIngestError', () => {
  it.each([
    ['throttling', 503, 'SLUICE_INGEST_THROTTLED', sdkError('ThrottlingException', 400)],
    ['SQS request throttling (query code)', 503, 'SLUICE_INGEST_THROTTLED', sdkError('Error', 400, { Code: 'AWS.SimpleQueueService.RequestThrottled' })],
    ['S3 slow down', 503, 'SLUICE_INGEST_THROTTLED', sdkError('SlowDown', 503)],
    ['a bare 429', 503, 'SLUICE_INGEST_THROTTLED', sdkError('Weird', 429)],
    ['the route timeout aborting the call', 504, 'SLUICE_INGEST_TIMEOUT', Object.assign(new Error('Request aborted'), { name: 'AbortError' })],
    ['a socket timeout', 504, 'SLUICE_INGEST_TIMEOUT', sdkError('TimeoutError', undefined)],
    ['no such queue', 400, 'SLUICE_INGEST_REJECTED', sdkError('QueueDoesNotExist', 400)],
    ['access denied', 403, 'SLUICE_INGEST_REJECTED', sdkError('AccessDenied', 403)],
    ['no such bucket', 404, 'SLUICE_INGEST_REJECTED', sdkError('NoSuchBucket', 404)],
    ['a refused connection', 502, 'SLUICE_INGEST_UNAVAILABLE', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })],
    [
      'a reset the SDK renamed TimeoutError',
      502,
      'SLUICE_INGEST_UNAVAILABLE',
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }),
    ],
    ['an unknown host', 502, 'SLUICE_INGEST_UNAVAILABLE', Object.assign(new Error('getaddrinfo ENOTFOUND sqs.nowhere'), { code: 'ENOTFOUND' })],
    ['a 500', 502, 'SLUICE_INGEST_UNAVAILABLE', sdkError('InternalError', 500)],
  ])('%s → %i %s', (_, status, code, thrown) => {
    // Act
    const error = toIngestError(thrown, 'sqs', 'SendMessage');

    // Assess
    expect(error.statusCode).toBe(status);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(thrown);
  });

  it("tells the client the service's code, never its message", () => {
    // Act
    const error = toIngestError(sdkError('QueueDoesNotExist', 400), 'sqs', 'SendMessage');

    // Assess
    expect(error).toBeInstanceOf(IngestRejectedError);
    expect(error.toJSON()).toEqual({
      error: { code: 'SLUICE_INGEST_REJECTED', message: 'sqs SendMessage refused the request: QueueDoesNotExist', aws_code: 'QueueDoesNotExist' },
    });
    expect(JSON.stringify(error.toJSON())).not.toContain('123456789012');
  });

  it('says how long a throttled client should wait', () => {
    // Act
    const error = toIngestError(sdkError('ThrottlingException', 400), 'sns', 'Publish');

    // Assess
    expect(error).toBeInstanceOf(IngestThrottledError);
    expect((error as IngestThrottledError).retryAfterSeconds).toBe(INGEST_RETRY_AFTER_SECONDS);
  });

  it("passes Sluice's own errors through", () => {
    // Prepare
    const own = new BadRequestError('parameter DelaySeconds must be a whole number from 0 to 900');

    // Act & Assess
    expect(toIngestError(own, 'sqs', 'SendMessage')).toBe(own);
  });
});
