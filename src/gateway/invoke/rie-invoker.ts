import { Pool } from 'undici';
import { errorCode, isTimeout, LambdaInvokeError, LambdaThrottledError, LambdaTimeoutError, SluiceError } from '../../core/errors.js';
import type { InvokeRequest, InvokeResponse, Invoker } from './invoker.js';

/** The one path a Runtime Interface Emulator serves. */
export const RIE_INVOCATIONS_PATH = '/2015-03-31/functions/function/invocations';

/** Keys of the error object a runtime posts for a failed invocation. */
const ERROR_KEYS = new Set(['errorType', 'errorMessage', 'trace', 'stackTrace', 'requestId', 'cause']);

/**
 * Invokes a function behind the Lambda Runtime Interface Emulator (the `local` routes of
 * lambda-reverse-proxy): POST the event to `/2015-03-31/functions/function/invocations`.
 * Requests go out concurrently over a keep-alive pool, not one at a time. The emulator answers
 * 200 for function errors too, so an error object (`errorType` + `errorMessage`, nothing else)
 * is read as an `Unhandled` function error, and its timeout text as a timeout.
 *
 * @example
 * ```ts
 * const invoker = new RieInvoker('http://service-1-lambda:8080');
 * const { payload } = await invoker.invoke({ functionName: 'function', payload: event, timeoutMs: 30_000 });
 * ```
 */
export class RieInvoker implements Invoker {
  readonly #pool: Pool;
  readonly #origin: string;
  readonly #path: string;
  #closed = false;

  constructor(endpoint: string) {
    const url = new URL(endpoint);
    this.#origin = url.origin;
    // An endpoint given with the invocation path already (some compose files do) is used as is.
    this.#path = /\/invocations\/?$/.test(url.pathname) ? url.pathname : `${url.pathname.replace(/\/+$/, '')}${RIE_INVOCATIONS_PATH}`;
    this.#pool = new Pool(url.origin, { connections: null, pipelining: 1, keepAliveTimeout: 4_000 });
  }

  async invoke(request: InvokeRequest): Promise<InvokeResponse> {
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let payload: string;
    try {
      const response = await this.#pool.request({
        path: this.#path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: request.payload,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      });
      status = response.statusCode;
      headers = response.headers;
      payload = await response.body.text();
    } catch (error) {
      throw this.#error(error);
    }
    const functionError = headers['x-amz-function-error'];
    if (status === 200) {
      if (typeof functionError === 'string' && functionError !== '') return { payload, functionError };
      if (payload.startsWith('Task timed out after')) {
        throw new LambdaTimeoutError(`function at ${this.#origin} timed out (${payload.slice(0, 200)})`, { functionError: 'Unhandled' });
      }
      return isErrorObject(payload) ? { payload, functionError: 'Unhandled' } : { payload };
    }
    if (status === 502) return { payload, functionError: typeof functionError === 'string' ? functionError : 'Unhandled' };
    if (status === 504) throw new LambdaTimeoutError(`function at ${this.#origin} timed out (emulator answered 504)`, { functionError: 'Unhandled' });
    // The emulator runs one invocation at a time per container and refuses another with 400.
    if (status === 400 || status === 429) throw new LambdaThrottledError(`the emulator at ${this.#origin} is busy (HTTP ${status})`);
    throw new LambdaInvokeError(`the emulator at ${this.#origin} answered HTTP ${status}`);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }

  #error(error: unknown): SluiceError {
    if (error instanceof SluiceError) return error;
    if (isTimeout(error)) return new LambdaTimeoutError(`function at ${this.#origin} did not answer in time`, { cause: error });
    const code = errorCode(error);
    return new LambdaInvokeError(`cannot reach the emulator at ${this.#origin}${code ? ` (${code})` : ''}`, { cause: error });
  }
}

function isErrorObject(payload: string): boolean {
  if (payload.charCodeAt(0) !== 0x7b /* "{" */) return false;
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    const keys = Object.keys(value);
    return typeof value.errorMessage === 'string' && typeof value.errorType === 'string' && keys.every((key) => ERROR_KEYS.has(key));
  } catch {
    return false;
  }
}
