import { createHmac, randomBytes } from 'node:crypto';
import { basicAuthDefaults } from '../../core/auth-schema.js';
import type { BasicAuthConfig } from '../../core/config-schema.js';
import type { Authenticator, AuthVerdict } from './authenticator.js';
import { clientKey } from './client-address.js';
import { FailureLimiter } from './failure-limiter.js';
import type { PasswordVerifier } from './password-pool.js';
import { SuccessCache } from './success-cache.js';

/** A `basic` auth block; the failure limit's settings default as in the configuration. */
export type BasicAuthSettings = Pick<BasicAuthConfig, 'realm' | 'users'> & Partial<Pick<BasicAuthConfig, 'max_failures' | 'failure_window'>>;

export interface BasicAuthenticatorOptions {
  /** Where hashes are checked (the shared password pool). */
  readonly verifier: PasswordVerifier;
  /** A monotonic clock in ms, for the failure windows and the success cache. @default performance.now */
  readonly now?: () => number;
}

const ALLOWED: AuthVerdict = { outcome: 'allowed' };
const MISSING: AuthVerdict = { outcome: 'missing' };

/**
 * HTTP Basic authentication (RFC 7617) against bcrypt or scrypt hashes, checked on the password
 * pool, never on the event loop. In order, for a request with Basic credentials:
 *
 * 1. its client address over the route's `max_failures` in `failure_window` → 429, unchecked
 *    (even right credentials: a refused address learns nothing, not even from the cache);
 * 2. credentials that passed a check in the last 5 minutes → allowed, unchecked;
 * 3. the same credentials already being checked for another request → that check's verdict;
 * 4. otherwise one check on the pool (503 when its queue is full); a failure counts against
 *    the address.
 *
 * Credentials are never logged or kept: the cache and the checks under way are keyed by an HMAC
 * of them under a key that lives only in this process. An unknown user costs the same hash as a
 * known one (the first user's), so timing does not tell which user names exist.
 *
 * @example
 * ```ts
 * const basic = new BasicAuthenticator(route.auth, { verifier: acquirePasswordPool() });
 * await basic.authenticate(req.headers.authorization, req.socket.remoteAddress); // { outcome: 'allowed' }…
 * basic.challenge; // 'Basic realm="ops", charset="UTF-8"'
 * ```
 */
export class BasicAuthenticator implements Authenticator {
  /** The `WWW-Authenticate` value of a 401. */
  readonly challenge: string;
  get deniedChallenge(): string {
    return this.challenge;
  }
  /** Basic auth never answers 403; the same challenge, for completeness. */
  get forbiddenChallenge(): string {
    return this.challenge;
  }
  readonly #users: ReadonlyMap<string, string>;
  readonly #decoy: string;
  readonly #key = randomBytes(32);
  readonly #verifier: PasswordVerifier;
  readonly #limiter: FailureLimiter;
  readonly #successes: SuccessCache;
  /** Checks under way, by credentials key: concurrent requests with the same credentials share one. */
  readonly #checking = new Map<string, Promise<boolean>>();

  constructor(config: BasicAuthSettings, options: BasicAuthenticatorOptions) {
    this.challenge = `Basic realm="${config.realm}", charset="UTF-8"`;
    this.#users = new Map(Object.entries(config.users));
    this.#decoy = this.#users.values().next().value!;
    this.#verifier = options.verifier;
    const now = options.now ?? (() => performance.now());
    this.#limiter = new FailureLimiter({
      maxFailures: config.max_failures ?? basicAuthDefaults.max_failures,
      windowMs: config.failure_window ?? basicAuthDefaults.failure_window_ms,
      now,
    });
    this.#successes = new SuccessCache({ now });
  }

  /**
   * The verdict on a request's `Authorization` header, from the socket's remote address.
   * Rejects with `AuthBusyError` when the password pool is saturated.
   */
  async authenticate(authorization: string | undefined, address: string | undefined): Promise<AuthVerdict> {
    const credentials = parseBasic(authorization);
    if (credentials === undefined) return MISSING;
    const client = clientKey(address);
    const wait = this.#limiter.retryAfter(client);
    if (wait !== undefined) return { outcome: 'limited', retryAfterSeconds: wait };
    const key = createHmac('sha256', this.#key).update(credentials.user).update('\0').update(credentials.password).digest('base64');
    if (this.#successes.has(key)) return ALLOWED;
    const shared = this.#checking.get(key);
    if (shared !== undefined) return (await shared) ? ALLOWED : { outcome: 'denied', failure: undefined };

    // Nothing was awaited since retryAfter(), so this admits; it also counts the check as under way.
    const refused = this.#limiter.admit(client);
    if (refused !== undefined) return { outcome: 'limited', retryAfterSeconds: refused };
    const hash = this.#users.get(credentials.user);
    const check = this.#verifier.verify(credentials.password, hash ?? this.#decoy).then((matches) => hash !== undefined && matches);
    this.#checking.set(key, check);
    let allowed: boolean;
    try {
      allowed = await check;
    } catch (error) {
      // Busy or closed: no verdict on the credentials, so nothing against the address.
      this.#limiter.finish(client, false);
      throw error;
    } finally {
      this.#checking.delete(key);
    }
    if (allowed) {
      this.#successes.add(key);
      this.#limiter.finish(client, false);
      return ALLOWED;
    }
    return { outcome: 'denied', failure: this.#limiter.finish(client, true) };
  }
}

/**
 * `Basic dXNlcjpwYXNz` → `{ user: 'user', password: 'pass' }`; undefined when it is not Basic.
 *
 * @example
 * ```ts
 * parseBasic('Basic ' + Buffer.from('ops:s3cret').toString('base64')); // { user: 'ops', password: 's3cret' }
 * ```
 */
export function parseBasic(authorization: string | undefined): { user: string; password: string } | undefined {
  if (authorization === undefined) return undefined;
  const match = /^basic[ \t]+([A-Za-z0-9+/]+=*)[ \t]*$/i.exec(authorization);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
