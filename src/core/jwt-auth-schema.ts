/**
 * A route's `auth: { type: jwt }` (SPEC §4): bearer tokens checked against an OpenID issuer's
 * keys, as API Gateway HTTP APIs' JWT authorizers check them, so the same route means the same
 * thing locally and on AWS.
 */
import { z } from 'zod';
import { isLoopbackHost } from './host-port.js';
import { duration } from './schema-primitives.js';

/**
 * Asymmetric JWS algorithms only (RFC 7518 §3, RFC 8037). `none` is never accepted, and neither
 * is HMAC: a verifier that takes HS256 with an RSA public key as the secret accepts tokens
 * anyone can forge (the classic algorithm-confusion attack).
 */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** Defaults of a `jwt` auth block. */
export const jwtAuthDefaults = {
  realm: 'sluice',
  algorithms: [...JWT_ALGORITHMS] as JwtAlgorithm[],
  /**
   * Leeway on `exp` and `nbf`: one minute, as Spring Security and Microsoft's token validators
   * allow by default; enough for ordinary clock drift, short enough to keep expiry meaningful.
   */
  clock_skew_ms: 60_000,
  /** The most `clock_skew` may be: beyond it an expired token would stay usable too long. */
  max_clock_skew_ms: 300_000,
  /** Invalid tokens from one client address within `failure_window` before it gets 429s. */
  max_failures: 10,
  failure_window_ms: 60_000,
} as const;

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/**
 * Where keys and discovery documents may be fetched from: `https://`, or plain `http://` on
 * loopback only, for an identity provider running next to the gateway in development.
 *
 * @example
 * ```ts
 * isTrustedKeyUrl('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc'); // true
 * isTrustedKeyUrl('http://127.0.0.1:9000');                                      // true
 * isTrustedKeyUrl('http://idp.example.com');                                     // false
 * ```
 */
export function isTrustedKeyUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

const trustedUrl = (what: string) =>
  z.string().refine(isTrustedKeyUrl, {
    message: `expected an https:// ${what} (plain http:// only on 127.0.0.1 or localhost), without credentials`,
  });

const algorithm = z.string().superRefine((value, ctx) => {
  if ((JWT_ALGORITHMS as readonly string[]).includes(value)) return;
  const why = /^HS\d+$/i.test(value)
    ? 'HMAC algorithms are refused: with public keys they let anyone forge tokens'
    : value.toLowerCase() === 'none'
      ? '"none" is refused: unsigned tokens prove nothing'
      : `expected one of: ${JWT_ALGORITHMS.join(', ')}`;
  ctx.addIssue({ code: 'custom', message: why });
});

const scopeToken = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'expected a scope without spaces, quotes or backslashes (RFC 6749 §3.3)');

/** @internal */
export const jwtAuthSchema = z.strictObject({
  type: z.literal('jwt'),
  /** The `realm` of `WWW-Authenticate: Bearer` challenges. */
  realm: z
    .string()
    .regex(/^[\x20-\x7e]{1,128}$/, 'expected printable ASCII')
    .refine((realm) => !/["\\]/.test(realm), {
      message: 'expected no quotes or backslashes',
    })
    .default(jwtAuthDefaults.realm),
  /** The token's `iss`, exactly; also where `/.well-known/openid-configuration` is read. */
  issuer: trustedUrl('issuer URL'),
  /** Accepted `aud` values (or Cognito access tokens' `client_id` when `aud` is absent). */
  audience: z.array(z.string().min(1, 'expected a non-empty audience')).min(1, 'expected at least one audience'),
  /** Any one of these in the token's `scope` (or `scp`) lets it through, as on API Gateway. */
  scopes: z.array(scopeToken).default([]),
  /** The key set, when the issuer publishes no discovery document. */
  jwks_uri: trustedUrl('JWKS URL').optional(),
  algorithms: z
    .array(algorithm)
    .min(1, 'expected at least one algorithm')
    .transform((names) => names as JwtAlgorithm[])
    .default(jwtAuthDefaults.algorithms),
  clock_skew: duration()
    .refine((ms) => ms <= jwtAuthDefaults.max_clock_skew_ms, {
      message: 'expected at most 5m',
    })
    .default(jwtAuthDefaults.clock_skew_ms),
  max_failures: z.number().int('expected a whole number').min(1, 'expected at least 1').default(jwtAuthDefaults.max_failures),
  failure_window: duration()
    .refine((ms) => ms >= 1_000, { message: 'expected at least 1s' })
    .default(jwtAuthDefaults.failure_window_ms),
});
