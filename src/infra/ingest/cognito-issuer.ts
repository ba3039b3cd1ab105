/**
 * Which JWT issuers API Gateway can check itself (Cognito user pools) and, for the others, where
 * a REST API's mapping templates read the claims from. Pure: `sluice config check` plans with it
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
 * Where a route's claims come from on a REST API, by its issuer.
 *
 * @example
 * ```ts
 * claimSourceOf({ ...auth, issuer: 'https://idp.example.com' }); // 'lambda'
 * ```
 */
export function claimSourceOf(auth: JwtAuthConfig | undefined): ClaimSource {
  return auth !== undefined && cognitoUserPool(auth.issuer) === undefined ? 'lambda' : 'cognito';
}
