import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { AuthBusyError, ClosedError } from '../../core/errors.js';
import { passwordCheck } from './password-hash.js';

/** Checks a password against a stored hash somewhere other than the event loop. */
export interface PasswordVerifier {
  /**
   * True when `password` matches the bcrypt or scrypt `hash`. Rejects with `AuthBusyError`
   * (503) when every thread is busy and the queue is full, and with `ClosedError` once closed.
   */
  verify(password: string, hash: string): Promise<boolean>;
}

export interface PasswordPoolOptions {
  /** Threads that hash. @default {@link defaultPasswordThreads} */
  readonly threads?: number;
  /** Checks that may wait for a thread; one more is refused with `AuthBusyError`. @default 16 per thread */
  readonly maxQueue?: number;
}

/** What a pool has done, for tests and diagnostics. @internal */
export interface PasswordPoolStats {
  /** Checks handed to the threads since the pool was created. */
  readonly checks: number;
  /** Checks running or waiting now. */
  readonly pending: number;
  /** The threads alive now (none before the first check and after `close()`). */
  readonly threads: readonly Worker[];
}

/** The checking threads' code: a plain JavaScript file beside this one, in `src/` and in `dist/`. */
const WORKER_FILE = new URL('./password-worker.mjs', import.meta.url).href;

/** An idle thread ends after this long; the next check starts one again (a few ms). */
const IDLE_TIMEOUT_MS = 30_000;

/**
 * Threads for password checks: one core less than the machine has, so the gateway's event loop
 * keeps a core of its own while checks run flat out (on 2 cores: 1 thread), and at most 4:
 * successful logins are cached, so only an attack keeps more busy, and an attack should not
 * take more of a large machine than that from the routes that do real work. On 1 core the one
 * thread shares it: the OS then slices a long hash, so the event loop waits a time slice, not a
 * whole hash.
 *
 * @example
 * ```ts
 * defaultPasswordThreads(); // 1 on a 2-core machine, 4 on 8 cores
 * ```
 */
export function defaultPasswordThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * bcrypt and scrypt checks on a pool of worker threads ({@link https://github.com/piscinajs/piscina | piscina}),
 * never on the event loop: bcryptjs is pure JavaScript (a cost-10 hash is ~60 ms of one core),
 * and on the event loop a few clients sending wrong passwords stalled every route. scrypt runs
 * here too rather than on libuv's threadpool (where `crypto.scrypt` would put it): that pool has
 * 4 threads shared with file and DNS work, and here scrypt shares bcrypt's bound.
 *
 * The queue is bounded: past `threads + maxQueue` checks at once, `verify` refuses at once with
 * `AuthBusyError` (503, `Retry-After: 1`) instead of letting requests pile up behind hashes.
 * Threads start on the first check, not before.
 *
 * @example
 * ```ts
 * const pool = new PasswordPool();
 * await pool.verify('s3cret', '$2y$10$…'); // true or false
 * await pool.close();
 * ```
 */
export class PasswordPool implements PasswordVerifier {
  readonly threads: number;
  readonly maxQueue: number;
  #piscina: Piscina | undefined;
  #pending = 0;
  #checks = 0;
  #closed = false;

  constructor(options: PasswordPoolOptions = {}) {
    this.threads = options.threads ?? defaultPasswordThreads();
    this.maxQueue = options.maxQueue ?? 16 * this.threads;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    if (this.#closed) throw new ClosedError('the password pool is closed');
    const check = passwordCheck(password, hash);
    // The configuration only accepts bcrypt and scrypt hashes; anything else never matches.
    if (check === undefined) return false;
    if (this.#pending >= this.threads + this.maxQueue) throw new AuthBusyError('too many password checks at once; try again in a moment');
    this.#pending += 1;
    this.#checks += 1;
    try {
      return (await this.#start().run(check)) === true;
    } finally {
      this.#pending -= 1;
    }
  }

  /** @internal */
  stats(): PasswordPoolStats {
    return { checks: this.#checks, pending: this.#pending, threads: this.#piscina?.threads ?? [] };
  }

  /** Ends the threads; checks still waiting or running reject. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const piscina = this.#piscina;
    this.#piscina = undefined;
    await piscina?.destroy();
  }

  #start(): Piscina {
    this.#piscina ??= new Piscina({
      filename: WORKER_FILE,
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: IDLE_TIMEOUT_MS,
      // The bound is enforced above, where it can answer 503; this is only the backstop.
      maxQueue: this.maxQueue,
      // bcryptjs and scrypt's parameters need next to no JavaScript heap (scrypt's memory is native).
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    });
    return this.#piscina;
  }
}

/** A route's hold on the process's shared pool. */
export interface PasswordPoolLease extends PasswordVerifier {
  /** Gives the pool back; the last lease closes it. Idempotent. */
  release(): Promise<void>;
}

let shared: { pool: PasswordPool; users: number } | undefined;

/**
 * The process's password pool, shared by every route with `auth`, however many gateways run:
 * the bound is about the machine's cores, so two pools would only oversubscribe them. It is
 * created with the first lease (no thread starts before the first check) and closed with the
 * last one, which `AuthTarget.close()` gives back when its gateway closes.
 *
 * @example
 * ```ts
 * const lease = acquirePasswordPool();
 * await lease.verify('s3cret', '$2y$10$…');
 * await lease.release();
 * ```
 */
export function acquirePasswordPool(): PasswordPoolLease {
  shared ??= { pool: new PasswordPool(), users: 0 };
  shared.users += 1;
  const held = shared;
  let released = false;
  return {
    verify: (password, hash) => held.pool.verify(password, hash),
    async release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      if (shared === held) shared = undefined;
      await held.pool.close();
    },
  };
}

/**
 * The shared pool's stats, undefined when no route holds it.
 *
 * @internal
 * @example
 * ```ts
 * sharedPasswordPoolStats()?.checks; // checks run so far
 * ```
 */
export function sharedPasswordPoolStats(): (PasswordPoolStats & { readonly users: number }) | undefined {
  return shared === undefined ? undefined : { ...shared.pool.stats(), users: shared.users };
}
