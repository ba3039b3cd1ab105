import { ClosedError } from '../../core/errors.js';
import type { InvokeRequest, InvokeResponse, Invoker } from './invoker.js';
import type { InvocationOutcome, WorkerPool } from './worker-pool.js';

/**
 * Runs a handler file in the gateway's own process (worker threads), no Docker: a function
 * error is an `Unhandled` response with Lambda's error payload, as Invoke reports it.
 *
 * @example
 * ```ts
 * const invoker = new HandlerInvoker(new WorkerPool({ file, exportName: 'handler', … }));
 * ```
 */
export class HandlerInvoker implements Invoker {
  readonly #pool: WorkerPool;
  #closed = false;

  constructor(pool: WorkerPool) {
    this.#pool = pool;
  }

  invoke(request: InvokeRequest): Promise<InvokeResponse> {
    if (this.#closed) return Promise.reject(new ClosedError('the handler invoker is closed'));
    return this.#pool.invoke(request.payload, request.timeoutMs).then(toResponse);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }
}

/** A function error is an `Unhandled` response carrying Lambda's error payload. */
function toResponse(outcome: InvocationOutcome): InvokeResponse {
  return 'payload' in outcome ? { payload: outcome.payload } : { payload: JSON.stringify(outcome.error), functionError: 'Unhandled' };
}
