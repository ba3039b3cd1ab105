import { describe, expect, it } from 'vitest';
import { BadRequestError, IngestRejectedError, IngestThrottledError } from '../core/errors.js';
import { INGEST_RETRY_AFTER_SECONDS, toIngestError } from './ingest-errors.js';

function sdkError(name: string, status: number | undefined, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened in account 123456789012`), { name, $metadata: { httpStatusCode: status }, ...extra });
}

describe('Function: toIngestError', () => {
  it.each([
    ['throttling', sdkError('ThrottlingException', 400), 503, 'SLUICE_INGEST_THROTTLED'],
    ['SQS request throttling (query code)', sdkError('Error', 400, { Code: 'AWS.SimpleQueueService.RequestThrottled' }), 503, 'SLUICE_INGEST_THROTTLED'],
    ['S3 slow down', sdkError('SlowDown', 503), 503, 'SLUICE_INGEST_THROTTLED'],
    ['a bare 429', sdkError('Weird', 429), 503, 'SLUICE_INGEST_THROTTLED'],
    ['the route timeout aborting the call', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), 504, 'SLUICE_INGEST_TIMEOUT'],
    ['a socket timeout', sdkError('TimeoutError', undefined), 504, 'SLUICE_INGEST_TIMEOUT'],
    ['no such queue', sdkError('QueueDoesNotExist', 400), 400, 'SLUICE_INGEST_REJECTED'],
    ['access denied', sdkError('AccessDenied', 403), 403, 'SLUICE_INGEST_REJECTED'],
    ['no such bucket', sdkError('NoSuchBucket', 404), 404, 'SLUICE_INGEST_REJECTED'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 502, 'SLUICE_INGEST_UNAVAILABLE'],
    ['a reset the SDK renamed TimeoutError', Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }), 502, 'SLUICE_INGEST_UNAVAILABLE'],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND sqs.nowhere'), { code: 'ENOTFOUND' }), 502, 'SLUICE_INGEST_UNAVAILABLE'],
    ['a 500', sdkError('InternalError', 500), 502, 'SLUICE_INGEST_UNAVAILABLE'],
  ])('%s → %i %s', (_, thrown, status, code) => {
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
    expect(error.toJSON()).toEqual({ error: { code: 'SLUICE_INGEST_REJECTED', message: 'sqs SendMessage refused the request: QueueDoesNotExist', aws_code: 'QueueDoesNotExist' } });
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
