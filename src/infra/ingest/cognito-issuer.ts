/**
 * Which JWT routes a REST API can leave to a Cognito user pools authorizer and, for the others,
 * where a REST API's mapping templates read the claims from. Pure: `sluice config check` plans with it
 * without loading aws-cdk-lib.
 */
import type { JwtAuthConfig } from '../../core/config-schema.js';
import type { ClaimSource } from './vtl/mapping-vtl.js';

/** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the issuer of a Cognito user pool's tokens. */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com\/([a-z]{2}(?:-[a-z]+)+-\d+_[A-Za-z0-9]+)$/;

/**
 * The Cognito user pool an issuer names, if it names one.
 *
 * @example
 * ```ts
 * cognitoUserPool('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123'); // { region: 'eu-west-1', poolId: 'eu-west-1_AbC123' }
 * ```
 */
export function cognitoUserPool(issuer: string): { region: string; poolId: string } | undefined {
  const match = COGNITO_ISSUER.exec(issuer);
  return match === null ? undefined : { region: match[1]!, poolId: match[2]! };
}

/**
 * The user pool whose user pools authorizer checks everything a route's `auth` asks, if any.
 * That authorizer checks the signature, issuer, expiry and scopes, but never `aud` or
 * `client_id`: a token another app client of the same pool obtained would pass on AWS while the
 * gateway refuses it. So a route that names an `audience` (every route read from a config file:
 * the schema requires one) gets Sluice's Lambda authorizer, which checks it as the gateway does.
 *
 * @example
 * ```ts
 * userPoolAuthorizerPool({ ...auth, issuer: POOL_ISSUER, audience: ['client'] }); // undefined: the Lambda authorizer
 * userPoolAuthorizerPool({ ...auth, issuer: POOL_ISSUER, audience: [] }); // { region: 'eu-west-1', poolId: 'eu-west-1_AbC123' }
 * ```
 */
export function userPoolAuthorizerPool(auth: JwtAuthConfig): { region: string; poolId: string } | undefined {
  return auth.audience.length === 0 ? cognitoUserPool(auth.issuer) : undefined;
}

/**
 * Where a route's claims come from on a REST API: the authorizer {@link userPoolAuthorizerPool}
 * chooses.
 *
 * @example
 * ```ts
 * claimSourceOf({ ...auth, issuer: 'https://idp.example.com' }); // 'lambda'
 * ```
 */
export function claimSourceOf(auth: JwtAuthConfig | undefined): ClaimSource {
  return auth !== undefined && userPoolAuthorizerPool(auth) === undefined ? 'lambda' : 'cognito';
}
