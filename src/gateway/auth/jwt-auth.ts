import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Authorizer } from '../../core/authorizer.js';
import type { JwtAuthConfig } from '../../core/config-schema.js';
import { AuthUnavailableError } from '../../core/errors.js';
import type { Authenticator, AuthVerdict } from './authenticator.js';
import { clientKey } from './client-address.js';
import { FailureLimiter } from './failure-limiter.js';
import { JwksSource } from './jwks-source.js';

export interface JwtAuthenticatorOptions {
  /** Where signing keys come from. @default a {@link JwksSource} for the config's issuer or `jwks_uri` */
  readonly keys?: JWTVerifyGetKey;
  /** A monotonic clock in ms, for the failure windows. @default performance.now */
  readonly now?: () => number;
}

const MISSING: AuthVerdict = { outcome: 'missing' };

/**
 * Bearer JWTs (RFC 6750) checked as API Gateway HTTP APIs' JWT authorizers check them, with
 * `jose`: the signature against the issuer's keys, by an allowed asymmetric algorithm only; `iss`
 * exactly; `aud` (or, when a token has none, Cognito access tokens' `client_id`) among the
 * route's audiences; `exp` required and, like `nbf`, allowed `clock_skew`; then at least one of
 * the route's `scopes`, if it names any.
 *
 * An invalid token counts against the client's address (`max_failures` per `failure_window`,
 * then 429 without a check), as wrong passwords do; a missing one or a missing scope does not.
 * The reason a token was refused is returned for the log only: the client learns nothing but
 * `error="invalid_token"` or `error="insufficient_scope"`.
 *
 * @example
 * ```ts
 * const jwt = new JwtAuthenticator(route.auth);
 * const verdict = await jwt.authenticate(req.headers.authorization, req.socket.remoteAddress);
 * if (verdict.outcome === 'allowed') verdict.authorizer?.claims.sub;
 * ```
 */
export class JwtAuthenticator implements Authenticator {
  readonly challenge: string;
  readonly deniedChallenge: string;
  readonly forbiddenChallenge: string;
  readonly #config: JwtAuthConfig;
  readonly #audiences: ReadonlySet<string>;
  readonly #keys: JWTVerifyGetKey;
  readonly #limiter: FailureLimiter;

  constructor(config: JwtAuthConfig, options: JwtAuthenticatorOptions = {}) {
    this.#config = config;
    this.#audiences = new Set(config.audience);
    this.#keys = options.keys ?? new JwksSource({ issuer: config.issuer, jwksUri: config.jwks_uri }).getKey;
    this.#limiter = new FailureLimiter({
      maxFailures: config.max_failures,
      windowMs: config.failure_window,
      ...(options.now !== undefined && { now: options.now }),
    });
    // RFC 6750 §3: no error code when the request had no token at all.
    this.challenge = `Bearer realm="${config.realm}"`;
    this.deniedChallenge = `Bearer realm="${config.realm}", error="invalid_token"`;
    this.forbiddenChallenge = `Bearer realm="${config.realm}", error="insufficient_scope"${config.scopes.length > 0 ? `, scope="${config.scopes.join(' ')}"` : ''}`;
  }

  /**
   * The verdict on a request's `Authorization` header, from the socket's remote address.
   * Rejects with `AuthUnavailableError` when the issuer's keys cannot be fetched.
   */
  async authenticate(authorization: string | undefined, address: string | undefined): Promise<AuthVerdict> {
    const token = parseBearer(authorization);
    if (token === undefined) return MISSING;
    const client = clientKey(address);
    const refused = this.#limiter.admit(client);
    if (refused !== undefined) return { outcome: 'limited', retryAfterSeconds: refused };
    let claims: JWTPayload;
    try {
      claims = await this.#verify(token);
    } catch (error) {
      if (isKeyFailure(error)) {
        // The issuer's keys are out of reach: no verdict on the token, so nothing against the address.
        this.#limiter.finish(client, false);
        throw new AuthUnavailableError('the token cannot be checked now; try again shortly', { cause: error });
      }
      return {
        outcome: 'denied',
        failure: this.#limiter.finish(client, true),
        reason: refusalReason(error, token),
      };
    }
    this.#limiter.finish(client, false);
    const scopes = tokenScopes(claims);
    const required = this.#config.scopes;
    if (required.length > 0 && !required.some((scope) => scopes.includes(scope))) {
      return {
        outcome: 'forbidden',
        reason: `the token has none of the scopes ${required.join(', ')}`,
      };
    }
    const authorizer: Authorizer = { claims, scopes };
    return { outcome: 'allowed', authorizer };
  }

  async #verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.#keys, {
      issuer: this.#config.issuer,
      algorithms: this.#config.algorithms,
      clockTolerance: Math.floor(this.#config.clock_skew / 1_000),
      // API Gateway refuses tokens without an expiry too: one that never expires cannot be revoked.
      requiredClaims: ['exp'],
    });
    const { aud } = payload;
    const audiences = aud === undefined ? [] : typeof aud === 'string' ? [aud] : aud;
    if (audiences.some((value) => this.#audiences.has(value))) return payload;
    // Cognito access tokens carry the app client in `client_id` and have no `aud` (API Gateway accepts either).
    if (aud === undefined && typeof payload['client_id'] === 'string' && this.#audiences.has(payload['client_id'])) return payload;
    throw new TokenError(aud === undefined ? 'no aud or client_id claim among the audiences' : 'wrong audience (aud)');
  }
}

/**
 * True when the keys could not be had (discovery or key set unreachable, slow, not 200, not a key
 * set): the gateway's failure, not the token's, so it must not count against the client.
 */
function isKeyFailure(error: unknown): boolean {
  if (error instanceof TokenError) return false;
  if (!(error instanceof errors.JOSEError)) return true;
  // jose reports a key set answered with another status than 200 as a generic JOSEError.
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC';
}

/** A token refused by a check of Sluice's own (jose's are `JOSEError`s). */
class TokenError extends Error {
  override readonly name = 'TokenError';
}

/** Refused algorithms the log names; any other is "other", so log keys stay a small fixed set. */
const NAMED_ALGORITHMS = new Set(['none', 'HS256', 'HS384', 'HS512']);

/** Why a token was refused, in a few words for the log (never for the client); a fixed set of phrases. */
function refusalReason(error: unknown, token: string): string {
  if (error instanceof TokenError) return error.message;
  if (error instanceof errors.JWTExpired) return 'expired (exp)';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return 'not yet valid (nbf)';
      case 'iss':
        return 'wrong issuer (iss)';
      case 'exp':
        return 'no expiry (exp)';
      default:
        return `invalid ${error.claim} claim`;
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    const alg = decodeProtectedHeader(token).alg ?? '';
    return `algorithm not allowed (alg ${NAMED_ALGORITHMS.has(alg) ? alg : 'other'})`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown signing key (kid)';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'ambiguous signing key (kid)';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSENotSupported) return 'unsupported algorithm or key';
  return 'malformed token';
}

/**
 * The token of `Authorization: Bearer <token>` (RFC 6750 §2.1); undefined for another scheme.
 *
 * @example
 * ```ts
 * parseBearer('Bearer eyJhbGciOi…'); // 'eyJhbGciOi…'
 * parseBearer('Basic b3BzOnMzY3JldA=='); // undefined
 * ```
 */
export function parseBearer(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(authorization);
  return match === null ? undefined : match[1];
}

/**
 * A token's scopes: `scope`, space-separated (RFC 8693 §4.2, Cognito, Auth0), or `scp`, a list
 * (Okta, Entra ID) or a string.
 *
 * @example
 * ```ts
 * tokenScopes({ scope: 'hooks/read hooks/write' }); // ['hooks/read', 'hooks/write']
 * tokenScopes({ scp: ['hooks/write'] });            // ['hooks/write']
 * ```
 */
export function tokenScopes(claims: JWTPayload): string[] {
  const scopes: string[] = [];
  for (const value of [claims['scope'], claims['scp']]) {
    if (typeof value === 'string') scopes.push(...value.split(' ').filter((scope) => scope !== ''));
    else if (Array.isArray(value)) scopes.push(...value.filter((scope): scope is string => typeof scope === 'string'));
  }
  return scopes;
}
