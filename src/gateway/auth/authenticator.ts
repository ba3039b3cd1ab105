import type { Authorizer } from '../../core/authorizer.js';
import type { FailureCount } from './failure-limiter.js';

/** What a request's credentials are worth. */
export type AuthVerdict =
  /** Valid credentials: the request goes on to the target, with what was learned about the caller. */
  | { readonly outcome: 'allowed'; readonly authorizer?: Authorizer }
  /** No credentials of the scheme (or malformed ones): 401, nothing counted. */
  | { readonly outcome: 'missing' }
  /**
   * Wrong credentials: 401. `failure` is how the client's address stands (undefined when another
   * request's check was shared); `reason` is for the log only, never the client.
   */
  | {
      readonly outcome: 'denied';
      readonly failure: FailureCount | undefined;
      readonly reason?: string;
    }
  /** Valid credentials without the right to this route (a missing scope): 403. */
  | { readonly outcome: 'forbidden'; readonly reason: string }
  /** The client's address is over its failure limit: 429, nothing was checked. */
  | { readonly outcome: 'limited'; readonly retryAfterSeconds: number };

/**
 * One auth scheme (`basic`, `jwt`): the verdict on a request's `Authorization` header, and the
 * `WWW-Authenticate` challenges that go with each refusal.
 *
 * @example
 * ```ts
 * const verdict = await authenticator.authenticate(req.headers.authorization, req.socket.remoteAddress);
 * if (verdict.outcome === 'missing') res.writeHead(401, { 'WWW-Authenticate': authenticator.challenge });
 * ```
 */
export interface Authenticator {
  /** The `WWW-Authenticate` value of a 401 without credentials. */
  readonly challenge: string;
  /** The `WWW-Authenticate` value of a 401 with wrong credentials. */
  readonly deniedChallenge: string;
  /** The `WWW-Authenticate` value of a 403. */
  readonly forbiddenChallenge: string;
  /** Rejects only with `SluiceError`s that carry `retryAfterSeconds` (503: the check cannot run now). */
  authenticate(authorization: string | undefined, address: string | undefined): Promise<AuthVerdict>;
}
