export interface SuccessCacheOptions {
  /** How long a success is remembered, from its check (a hit does not extend it). @default 5 min */
  readonly ttlMs?: number;
  /** Successes remembered at most; the oldest goes first. @default 1_024 */
  readonly maxEntries?: number;
  /** A monotonic clock in ms. @default performance.now */
  readonly now?: () => number;
}

/**
 * Credentials that passed a password check lately, so a client sending them with every request
 * (as HTTP Basic clients do) pays bcrypt or scrypt once every few minutes instead of every time,
 * as Caddy's basic auth caches its successful bcrypt comparisons.
 *
 * Only successes: an attacker sends a different password each time, so remembered failures
 * would never be hit by them, and the failure limit is what stops them. The keys are opaque
 * (an HMAC of the credentials under a per-process key, made by the caller): the cache never
 * holds a password.
 *
 * @example
 * ```ts
 * const cache = new SuccessCache();
 * cache.add(key);
 * cache.has(key); // true for the next 5 minutes
 * ```
 */
export class SuccessCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** Key → when it expires. Every entry lives equally long, so insertion order is expiry order. */
  readonly #expiries = new Map<string, number>();

  constructor(options: SuccessCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#maxEntries = options.maxEntries ?? 1_024;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Entries remembered now (expired ones included until they are next looked at). */
  get size(): number {
    return this.#expiries.size;
  }

  has(key: string): boolean {
    const expires = this.#expiries.get(key);
    if (expires === undefined) return false;
    if (expires > this.#now()) return true;
    this.#expiries.delete(key);
    return false;
  }

  add(key: string): void {
    const now = this.#now();
    this.#expiries.delete(key);
    for (const [oldest, expires] of this.#expiries) {
      if (expires > now && this.#expiries.size < this.#maxEntries) break;
      this.#expiries.delete(oldest);
    }
    this.#expiries.set(key, now + this.#ttlMs);
  }
}
