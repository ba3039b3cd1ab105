export interface FailureLimiterOptions {
  /** Failed checks an address may have within one window. */
  readonly maxFailures: number;
  /** The window, from the address's first failure in it. */
  readonly windowMs: number;
  /** Addresses remembered at most; past it the least recently seen is forgotten. @default 10_000 */
  readonly maxAddresses?: number;
  /** A monotonic clock in ms. @default performance.now */
  readonly now?: () => number;
}

/** A failed check, as the limiter counted it. */
export interface FailureCount {
  /** Failures of the address in the current window, this one included. */
  readonly failures: number;
  /** This failure reached the limit: the address is refused from now until the window ends. */
  readonly limitReached: boolean;
  /** Whole seconds until the window ends. */
  readonly windowLeftSeconds: number;
}

interface AddressState {
  failures: number;
  /** When the current window ends; 0 before the first failure. */
  windowEnds: number;
  /** Checks admitted and not finished yet. */
  pending: number;
}

const DEFAULT_MAX_ADDRESSES = 10_000;

/**
 * Counts failed password checks per client address (see `clientKey`) in a fixed window that
 * opens at the address's first failure, and refuses an address that reached `maxFailures` until
 * its window ends, before any hash runs: at most `maxFailures` checks per window and address,
 * however fast it sends. Checks under way count too, so a client sending many requests at once
 * cannot get more checks in before their failures are known.
 *
 * A success does not reset the count: with one account of its own, an attacker could otherwise
 * interleave good logins to guess another's password at full speed. Memory is bounded: at most
 * `maxAddresses` addresses are remembered, and the least recently seen one is forgotten first;
 * a flood from more addresses than that can start afresh sooner, but every check still passes
 * through the password pool's bounded queue, which protects the event loop.
 *
 * @example
 * ```ts
 * const limiter = new FailureLimiter({ maxFailures: 10, windowMs: 60_000 });
 * const wait = limiter.admit('203.0.113.7'); // undefined: check; else refuse, Retry-After: wait
 * if (wait === undefined) limiter.finish('203.0.113.7', !ok);
 * ```
 */
export class FailureLimiter {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxAddresses: number;
  readonly #now: () => number;
  /** In least recently seen first order: each use moves an address to the end. */
  readonly #addresses = new Map<string, AddressState>();

  constructor(options: FailureLimiterOptions) {
    this.#maxFailures = options.maxFailures;
    this.#windowMs = options.windowMs;
    this.#maxAddresses = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.#addresses.size;
  }

  /** Seconds the address must wait before a check may run for it; undefined when one may now. */
  retryAfter(address: string): number | undefined {
    const state = this.#current(address, this.#now());
    if (state === undefined) return undefined;
    // Seen again: an address that keeps trying stays remembered (and refused) the longest.
    this.#touch(address);
    if (state.failures >= this.#maxFailures) return this.#secondsLeft(state);
    // Enough checks are under way to reach the limit: wait for their verdicts.
    if (state.failures + state.pending >= this.#maxFailures) return 1;
    return undefined;
  }

  /**
   * `retryAfter`, and when the check may run, counts it as under way until `finish()`.
   */
  admit(address: string): number | undefined {
    const wait = this.retryAfter(address);
    if (wait !== undefined) return wait;
    this.#touch(address).pending += 1;
    return undefined;
  }

  /** The end of an admitted check; a failure is counted and described. */
  finish(address: string, failed: false): undefined;
  finish(address: string, failed: boolean): FailureCount | undefined;
  finish(address: string, failed: boolean): FailureCount | undefined {
    const now = this.#now();
    const known = this.#current(address, now);
    if (known !== undefined && known.pending > 0) known.pending -= 1;
    if (!failed) {
      if (known !== undefined && known.failures === 0 && known.pending === 0) this.#addresses.delete(address);
      return undefined;
    }
    const state = this.#touch(address);
    if (state.failures === 0) state.windowEnds = now + this.#windowMs;
    state.failures += 1;
    return { failures: state.failures, limitReached: state.failures === this.#maxFailures, windowLeftSeconds: this.#secondsLeft(state, now) };
  }

  /** The address's state, with a window that has ended closed (forgotten when nothing is under way). */
  #current(address: string, now: number): AddressState | undefined {
    const state = this.#addresses.get(address);
    if (state === undefined || state.failures === 0 || state.windowEnds > now) return state;
    if (state.pending === 0) {
      this.#addresses.delete(address);
      return undefined;
    }
    state.failures = 0;
    state.windowEnds = 0;
    return state;
  }

  /** The address's state, created if need be, moved to the most recently seen end. */
  #touch(address: string): AddressState {
    let state = this.#addresses.get(address);
    if (state !== undefined) {
      this.#addresses.delete(address);
    } else {
      state = { failures: 0, windowEnds: 0, pending: 0 };
      if (this.#addresses.size >= this.#maxAddresses) this.#addresses.delete(this.#addresses.keys().next().value!);
    }
    this.#addresses.set(address, state);
    return state;
  }

  #secondsLeft(state: AddressState, now = this.#now()): number {
    return Math.max(1, Math.ceil((state.windowEnds - now) / 1_000));
  }
}
