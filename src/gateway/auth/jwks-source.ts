import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { isTrustedKeyUrl } from '../../core/jwt-auth-schema.js';

/** Timings of the key set; jose's own defaults except where noted. */
export const jwksTimings = {
  /** One discovery or key-set request at most (jose's default for the key set). */
  timeoutMs: 5_000,
  /** An unknown `kid` refetches the key set at most this often: a flood of made-up kids cannot flood the issuer. */
  cooldownMs: 30_000,
  /** Keys are refetched after this long even when every `kid` is known, so a revoked key goes away. */
  cacheMaxAgeMs: 600_000,
  /** After a failed discovery, requests fail fast for this long before it is tried again. */
  discoveryRetryMs: 5_000,
} as const;

/** Why the issuer's keys could not be had: the gateway's side of the failure, not the token's. */
export class KeySourceError extends Error {
  override readonly name = 'KeySourceError';
}

export interface JwksSourceOptions {
  /** The `issuer`: where `/.well-known/openid-configuration` is read unless `jwksUri` is set. */
  readonly issuer: string;
  readonly jwksUri?: string | undefined;
  /** A monotonic clock in ms, for the discovery retry. @default performance.now */
  readonly now?: () => number;
}

/**
 * The issuer's signing keys, as a `jose` key resolver: the JWKS URL comes from the route's
 * `jwks_uri` or from the issuer's OpenID discovery document (read once, on the first token, so
 * the gateway starts without the issuer being reachable), and `createRemoteJWKSet` fetches,
 * caches and refreshes the keys (on an unknown `kid`, at most once per cooldown).
 *
 * @example
 * ```ts
 * const keys = new JwksSource({ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc' });
 * await jwtVerify(token, keys.getKey, { issuer, algorithms: ['RS256'] });
 * ```
 */
export class JwksSource {
  readonly #issuer: string;
  readonly #now: () => number;
  #keys: JWTVerifyGetKey | undefined;
  #discovery: Promise<JWTVerifyGetKey> | undefined;
  #failedAt = -Infinity;
  #failure: KeySourceError | undefined;

  constructor(options: JwksSourceOptions) {
    this.#issuer = options.issuer;
    this.#now = options.now ?? (() => performance.now());
    if (options.jwksUri !== undefined) this.#keys = remoteKeys(options.jwksUri);
  }

  /** The key for a token's protected header; rejects with `KeySourceError` when none can be fetched. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const keys = this.#keys ?? (await this.#discover());
    return keys(header, token);
  };

  #discover(): Promise<JWTVerifyGetKey> {
    if (this.#failure !== undefined && this.#now() - this.#failedAt < jwksTimings.discoveryRetryMs) return Promise.reject(this.#failure);
    this.#discovery ??= discoverJwksUri(this.#issuer).then(
      (uri) => {
        this.#keys = remoteKeys(uri);
        this.#failure = undefined;
        return this.#keys;
      },
      (error: unknown) => {
        this.#discovery = undefined;
        this.#failedAt = this.#now();
        this.#failure =
          error instanceof KeySourceError
            ? error
            : new KeySourceError('the discovery document could not be read', {
                cause: error,
              });
        throw this.#failure;
      },
    );
    return this.#discovery;
  }
}

function remoteKeys(uri: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(uri), {
    timeoutDuration: jwksTimings.timeoutMs,
    cooldownDuration: jwksTimings.cooldownMs,
    cacheMaxAge: jwksTimings.cacheMaxAgeMs,
  });
}

/**
 * Reads `jwks_uri` from `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery
 * §4). The document's `issuer` must be the configured one exactly (§4.3), and the key URL must be
 * https (or loopback http), like the issuer's: a document could otherwise send the gateway to
 * keys anyone controls.
 *
 * @example
 * ```ts
 * await discoverJwksUri('https://login.example.com'); // 'https://login.example.com/.well-known/jwks.json'
 * ```
 */
export async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(jwksTimings.timeoutMs),
    });
  } catch (error) {
    throw new KeySourceError(`${url} could not be fetched`, { cause: error });
  }
  if (response.status !== 200) throw new KeySourceError(`${url} answered ${response.status}, expected 200`);
  let document: unknown;
  try {
    document = await response.json();
  } catch (error) {
    throw new KeySourceError(`${url} is not JSON`, { cause: error });
  }
  const { issuer: named, jwks_uri: jwksUri } = (document ?? {}) as {
    issuer?: unknown;
    jwks_uri?: unknown;
  };
  if (named !== issuer) throw new KeySourceError(`${url} names issuer ${JSON.stringify(named)}, expected ${JSON.stringify(issuer)}`);
  if (typeof jwksUri !== 'string' || !isTrustedKeyUrl(jwksUri)) throw new KeySourceError(`${url} has no https:// jwks_uri`);
  return jwksUri;
}
