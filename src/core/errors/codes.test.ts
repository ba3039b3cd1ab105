import { describe, expect, it } from 'vitest';
import * as errors from '../errors.js';
import { SluiceError } from './base.js';
import { isSluiceErrorCode, SLUICE_ERROR_CODES, type SluiceErrorCode } from './codes.js';

type ErrorClass = new (...args: unknown[]) => SluiceError;

/** Constructor arguments of the errors that take more than a message. */
const ARGUMENTS: Record<string, unknown[]> = {
  ConfigError: ['sluice.yaml', [{ path: 'routes', message: 'expected an array' }]],
  ListenError: ['in use', 'EADDRINUSE'],
  MethodNotAllowedError: ['use GET', ['GET']],
  BadPathError: ['above_root', 'climbs above the root'],
  BodyTooLargeError: [1024],
  QueueFullError: ['disk', 'full'],
  AwsAccessError: ['denied', 'sqs:GetQueueAttributes'],
  DeployNotApprovedError: ['not approved', ['IAM + Allow s3:* on *']],
  AwsServiceError: ['failed', { service: 'sqs', operation: 'SendMessage', awsCode: 'ThrottlingException', retryable: true }],
  AuthRateLimitedError: ['slow down', 10],
  IngestRejectedError: ['refused', { status: 404, awsCode: 'NoSuchBucket' }],
  IngestThrottledError: ['slow down', 1],
  LambdaFunctionError: ['failed', 'Unhandled'],
  LambdaResponseInvalidError: ['invalid', 'statusCode missing'],
};

/** Codes answered without an error object: Node's parser refused the request before one existed. */
const WITHOUT_A_CLASS: readonly SluiceErrorCode[] = ['SLUICE_HTTP_408', 'SLUICE_HTTP_431'];

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && (value === SluiceError || value.prototype instanceof SluiceError);
}

/** One instance of every error class `core/errors.ts` exports. */
const classes = Object.entries(errors as Record<string, unknown>).flatMap(([name, value]) =>
  isErrorClass(value) ? [{ name, error: new value(...(ARGUMENTS[name] ?? ['message'])) }] : [],
);

describe('Constant: SLUICE_ERROR_CODES', () => {
  it('lists each code once, all prefixed SLUICE_', () => {
    // Assess
    expect(new Set(SLUICE_ERROR_CODES).size).toBe(SLUICE_ERROR_CODES.length);
    expect(SLUICE_ERROR_CODES.filter((code) => !/^SLUICE_[A-Z0-9_]+$/.test(code))).toEqual([]);
  });

  it('lists exactly the codes the error classes carry, and the parser answers', () => {
    // Prepare
    const carried = new Set(classes.map(({ error }) => error.code));

    // Assess
    expect(classes.length).toBeGreaterThan(40);
    expect([...SLUICE_ERROR_CODES].filter((code) => !carried.has(code))).toEqual(WITHOUT_A_CLASS);
  });

  describe.each(classes)('Class: $name', ({ name, error }) => {
    it('carries a listed code, its own name and an HTTP status, in its JSON too', () => {
      // Assess
      expect(isSluiceErrorCode(error.code)).toBe(true);
      expect(error.name).toBe(name);
      expect(error.statusCode).toBeGreaterThanOrEqual(400);
      expect(error.toJSON().error.code).toBe(error.code);
    });
  });

  it('makes a code outside the list a compile error', () => {
    // Prepare
    class InventedError extends SluiceError {
      // @ts-expect-error: SLUICE_INVENTED is not in SLUICE_ERROR_CODES.
      override readonly code = 'SLUICE_INVENTED';
    }
    // @ts-expect-error: a code is one of the list, not any string.
    const code: SluiceErrorCode = 'SLUICE_ALSO_INVENTED';

    // Assess: at run time nothing stops them; `npm run typecheck` does.
    expect(isSluiceErrorCode(new InventedError('x').code)).toBe(false);
    expect(isSluiceErrorCode(code)).toBe(false);
  });
});

describe('Function: isSluiceErrorCode', () => {
  it.each([
    { value: 'SLUICE_QUEUE_FULL', expected: true },
    { value: 'SQLITE_FULL', expected: false },
    { value: 'ECONNREFUSED', expected: false },
    { value: 23, expected: false },
    { value: undefined, expected: false },
  ])('is $expected for $value', ({ value, expected }) => {
    expect(isSluiceErrorCode(value)).toBe(expected);
  });
});
