import { describe, expect, it } from 'vitest';
import { DestinationTimeoutError } from './delivery.js';
import { LambdaTimeoutError } from './invoke.js';
import { BodyTimeoutError, ClientAbortedError } from './request.js';
import { isTimeout } from './timeouts.js';
import { UpstreamTimeoutError, UpstreamUnreachableError } from './upstream.js';

const withCode = (code: string, name?: string) => Object.assign(new Error(code), { code }, name === undefined ? {} : { name });
const named = (name: string) => Object.assign(new Error(name), { name });

/** What `AbortSignal.timeout()` rejects with once it fired. */
async function signalTimeout(): Promise<unknown> {
  const signal = AbortSignal.timeout(0);
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  return signal.reason;
}

describe('Function: isTimeout', () => {
  describe.each([
    // undici: the http target, the emulator invoker, the destination client.
    { description: "undici's connect timeout", thrown: withCode('UND_ERR_CONNECT_TIMEOUT'), expected: true },
    { description: "undici's headers timeout", thrown: withCode('UND_ERR_HEADERS_TIMEOUT'), expected: true },
    { description: "undici's body timeout", thrown: withCode('UND_ERR_BODY_TIMEOUT'), expected: true },
    // The system and other clients.
    { description: 'a socket timeout (ETIMEDOUT)', thrown: withCode('ETIMEDOUT'), expected: true },
    { description: 'ESOCKETTIMEDOUT', thrown: withCode('ESOCKETTIMEDOUT'), expected: true },
    { description: 'a socket timeout wrapped by fetch', thrown: new TypeError('fetch failed', { cause: withCode('UND_ERR_CONNECT_TIMEOUT') }), expected: true },
    // The AWS SDK.
    { description: "the AWS SDK's socket timeout", thrown: named('TimeoutError'), expected: true },
    {
      description: "the AWS SDK's abort on a timeout signal",
      thrown: Object.assign(new Error('Request aborted', { cause: new DOMException('late', 'TimeoutError') }), { name: 'AbortError' }),
      expected: true,
    },
    { description: "S3's RequestTimeout", thrown: named('RequestTimeout'), expected: true },
    { description: 'RequestTimeoutException', thrown: named('RequestTimeoutException'), expected: true },
    // Sluice's own, passing through.
    { description: 'an UpstreamTimeoutError', thrown: new UpstreamTimeoutError('late'), expected: true },
    { description: 'a LambdaTimeoutError', thrown: new LambdaTimeoutError('late'), expected: true },
    { description: 'a DestinationTimeoutError', thrown: new DestinationTimeoutError('late'), expected: true },
    // Not timeouts.
    { description: 'a refused connection', thrown: withCode('ECONNREFUSED'), expected: false },
    { description: 'a reset connection', thrown: withCode('ECONNRESET'), expected: false },
    { description: 'a reset the AWS SDK calls TimeoutError', thrown: withCode('ECONNRESET', 'TimeoutError'), expected: false },
    { description: 'a broken pipe the AWS SDK calls TimeoutError', thrown: withCode('EPIPE', 'TimeoutError'), expected: false },
    { description: "undici's closed socket", thrown: withCode('UND_ERR_SOCKET'), expected: false },
    { description: 'an unknown host', thrown: withCode('ENOTFOUND'), expected: false },
    { description: 'an abort', thrown: named('AbortError'), expected: false },
    { description: 'a client that went away', thrown: new ClientAbortedError('gone'), expected: false },
    { description: "a client's slow body (408, not a target's timeout)", thrown: new BodyTimeoutError('slow'), expected: false },
    { description: 'an UpstreamUnreachableError', thrown: new UpstreamUnreachableError('down'), expected: false },
    { description: 'a string', thrown: 'ETIMEDOUT', expected: false },
    { description: 'undefined', thrown: undefined, expected: false },
  ])('for $description', ({ thrown, expected }) => {
    it(`is ${expected}`, () => {
      expect(isTimeout(thrown)).toBe(expected);
    });
  });

  it("is true for AbortSignal.timeout()'s reason", async () => {
    // Prepare
    const reason = await signalTimeout();

    // Act & Assess
    expect(isTimeout(reason)).toBe(true);
  });
});
