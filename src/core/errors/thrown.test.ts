import { describe, expect, it } from 'vitest';
import { QueueFullError } from './queue.js';
import { errorChain, errorCode, errorName, isAbortError, toError } from './thrown.js';

const withCode = (code: unknown, cause?: unknown) => Object.assign(new Error('failed', cause === undefined ? undefined : { cause }), { code });

describe('Function: errorCode', () => {
  const cyclic = withCode(undefined);
  (cyclic as { cause?: unknown }).cause = cyclic;

  describe.each([
    { description: 'a system error', thrown: withCode('ECONNREFUSED'), expected: 'ECONNREFUSED' },
    { description: 'an undici error', thrown: withCode('UND_ERR_HEADERS_TIMEOUT'), expected: 'UND_ERR_HEADERS_TIMEOUT' },
    { description: "a Sluice error's own code", thrown: new QueueFullError('disk', 'full'), expected: 'SLUICE_QUEUE_FULL' },
    { description: 'a wrapper without a code (fetch)', thrown: new TypeError('fetch failed', { cause: withCode('ENOTFOUND') }), expected: 'ENOTFOUND' },
    { description: 'a wrapper two deep', thrown: new Error('a', { cause: new Error('b', { cause: withCode('EPIPE') }) }), expected: 'EPIPE' },
    { description: 'a wrapper with a code of its own', thrown: withCode('SQLITE_FULL', withCode('ENOSPC')), expected: 'SQLITE_FULL' },
    { description: "a DOMException's numeric code", thrown: new DOMException('late', 'TimeoutError'), expected: undefined },
    { description: 'an empty code', thrown: withCode(''), expected: undefined },
    { description: 'a plain Error', thrown: new Error('x'), expected: undefined },
    { description: 'a cause cycle', thrown: cyclic, expected: undefined },
    { description: 'a string', thrown: 'disk full', expected: undefined },
    { description: 'a plain object', thrown: { code: 'EACCES' }, expected: 'EACCES' },
    { description: 'null', thrown: null, expected: undefined },
    { description: 'undefined', thrown: undefined, expected: undefined },
  ])('of $description', ({ thrown, expected }) => {
    it(`is ${String(expected)}`, () => {
      expect(errorCode(thrown)).toBe(expected);
    });
  });
});

describe('Function: errorChain', () => {
  it('lists the value and its causes, outermost first', () => {
    // Prepare
    const inner = withCode('ECONNRESET');
    const outer = new Error('wrapped', { cause: inner });

    // Act
    const chain = errorChain(outer);

    // Assess
    expect(chain).toEqual([outer, inner]);
  });

  it('ends a cause cycle', () => {
    // Prepare
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;

    // Act
    const chain = errorChain(a);

    // Assess
    expect(chain).toEqual([a, b]);
  });

  it('is empty for nothing thrown', () => {
    expect(errorChain(undefined)).toEqual([]);
  });
});

describe('Function: errorName', () => {
  it.each([
    { description: 'an Error', thrown: new TypeError('x'), expected: 'TypeError' },
    { description: 'a DOMException', thrown: new DOMException('late', 'TimeoutError'), expected: 'TimeoutError' },
    { description: 'a string', thrown: 'TimeoutError', expected: undefined },
  ])('of $description is $expected', ({ thrown, expected }) => {
    expect(errorName(thrown)).toBe(expected);
  });
});

describe('Function: isAbortError', () => {
  const aborted = new AbortController();
  aborted.abort();

  it.each([
    { description: "an AbortController's reason", thrown: aborted.signal.reason as unknown, expected: true },
    { description: "Node's AbortError (ABORT_ERR)", thrown: withCode('ABORT_ERR'), expected: true },
    { description: "undici's RequestAbortedError", thrown: withCode('UND_ERR_ABORTED'), expected: true },
    { description: "the AWS SDK's AbortError", thrown: Object.assign(new Error('Request aborted'), { name: 'AbortError' }), expected: true },
    { description: 'a timeout', thrown: withCode('UND_ERR_HEADERS_TIMEOUT'), expected: false },
    { description: 'a reset', thrown: withCode('ECONNRESET'), expected: false },
    { description: 'a wrapper of an abort', thrown: new Error('failed', { cause: aborted.signal.reason }), expected: false },
    { description: 'a string', thrown: 'AbortError', expected: false },
  ])('is $expected for $description', ({ thrown, expected }) => {
    expect(isAbortError(thrown)).toBe(expected);
  });
});

describe('Function: toError', () => {
  it('keeps an Error as it is', () => {
    // Prepare
    const error = new RangeError('x');

    // Act & Assess
    expect(toError(error)).toBe(error);
  });

  it.each([
    { thrown: 'disk full', message: 'disk full' },
    { thrown: { reason: 'x' }, message: '{"reason":"x"}' },
  ])('wraps $thrown', ({ thrown, message }) => {
    expect(toError(thrown).message).toBe(message);
  });
});
