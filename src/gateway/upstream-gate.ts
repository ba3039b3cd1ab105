import { UpstreamBusyError } from '../core/errors.js';

export interface UpstreamGateOptions {
  /** Requests in flight at most: one per connection, since requests are never pipelined. */
  readonly connections: number;
  /** Requests waiting for a free connection at most; beyond it they are refused at once. */
  readonly maxPending: number;
  /** Names the upstream in errors. */
  readonly upstream: string;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Admission to one upstream's connection pool, with Envoy's circuit-breaker semantics: at most
 * `connections` requests in flight, at most `maxPending` waiting in arrival order, each waiting
 * at most its route's timeout. undici's Pool caps sockets (`connections`) but queues without
 * bound and starts a request's timeouts only once it has a socket; this gate bounds both.
 *
 * @example
 * ```ts
 * const gate = new UpstreamGate({ connections: 2, maxPending: 10, upstream: 'http://127.0.0.1:3000' });
 * if (!gate.tryAcquire()) await gate.acquire(30_000, signal);
 * try { await send(); } finally { gate.release(); }
 * ```
 */
export class UpstreamGate {
  readonly #connections: number;
  readonly #maxPending: number;
  readonly #upstream: string;
  /** Insertion-ordered, so the oldest waiter is served first; O(1) removal when one gives up. */
  readonly #waiting = new Set<Waiter>();
  #active = 0;

  constructor(options: UpstreamGateOptions) {
    this.#connections = options.connections;
    this.#maxPending = options.maxPending;
    this.#upstream = options.upstream;
  }

  /** Requests in flight and waiting, for tests and metrics. */
  get stats(): { active: number; pending: number } {
    return { active: this.#active, pending: this.#waiting.size };
  }

  /** Takes a slot when one is free (the common case: no promise, no timer). */
  tryAcquire(): boolean {
    if (this.#active >= this.#connections) return false;
    this.#active += 1;
    return true;
  }

  /**
   * Waits for a slot, in arrival order. Rejects with {@link UpstreamBusyError} at once when
   * `maxPending` requests already wait, or after `timeoutMs` without a slot; with `signal`'s
   * reason when the caller gives up (the client went away).
   */
  acquire(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    if (this.#waiting.size >= this.#maxPending) {
      return Promise.reject(new UpstreamBusyError(`every connection to ${this.#upstream} is busy and ${this.#maxPending} requests already wait`));
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#waiting.delete(waiter)) {
          clearTimeout(waiter.timer);
          reject(signal!.reason as Error);
        }
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
        timer: setTimeout(() => {
          this.#waiting.delete(waiter);
          signal?.removeEventListener('abort', onAbort);
          reject(new UpstreamBusyError(`no connection to ${this.#upstream} freed up within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiting.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Returns a slot: handed straight to the oldest waiter, if any. */
  release(): void {
    const next = this.#waiting.values().next();
    if (next.done === true) {
      this.#active -= 1;
      return;
    }
    const waiter = next.value;
    this.#waiting.delete(waiter);
    clearTimeout(waiter.timer);
    waiter.resolve();
  }

  /** Fails every waiter (the target is closing). */
  close(error: Error): void {
    for (const waiter of this.#waiting) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.#waiting.clear();
  }
}
