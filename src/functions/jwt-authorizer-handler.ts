/**
 * The JWT authorizer of a native REST ingest API (issue 13 §2) for issuers that are not Cognito
 * user pools: API Gateway REST APIs have no JWT authorizer of their own, so a Lambda REQUEST
 * authorizer runs the same checks as the local gateway (`JwtAuthenticator`: signature by an
 * allowed algorithm, `iss`, `aud`/`client_id`, `exp`, `nbf`, scopes, failures per address).
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { JwtAuthConfig } from '../core/config-schema.js';
import { JwtAuthenticator, type JwtAuthenticatorOptions } from '../gateway/auth/jwt-auth.js';

/** What API Gateway answers the client when an authorizer throws this message: 401. */
const UNAUTHORIZED = 'Unauthorized';

export interface JwtAuthorizerOptions extends JwtAuthenticatorOptions {
  /** Where refusals are logged (never the token). @default nowhere */
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * A REQUEST authorizer handler for one `auth: { type: jwt }` block. A valid token with a required
 * scope gets an Allow policy for the whole API (the answer is cached per token, and the authorizer
 * serves only the routes with this `auth` block) with the claims as the context the mapping
 * templates read (`$context.authorizer.<claim>`). A token without a required scope gets a Deny
 * (403); a missing or invalid token, or an address over its failure limit, is thrown
 * `Unauthorized` (401). Keys that cannot be fetched reject with the cause (API Gateway answers 500).
 *
 * @example
 * ```ts
 * export const handler = createJwtAuthorizerHandler(jwtAuthSchema.parse(JSON.parse(process.env.SLUICE_JWT_AUTH!)));
 * ```
 */
export function createJwtAuthorizerHandler(auth: JwtAuthConfig, options: JwtAuthorizerOptions = {}) {
  const authenticator = new JwtAuthenticator(auth, options);
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const verdict = await authenticator.authenticate(headerValue(event, 'authorization'), event.requestContext?.identity?.sourceIp);
    switch (verdict.outcome) {
      case 'allowed': {
        const claims = verdict.authorizer?.claims ?? {};
        return policy(typeof claims.sub === 'string' ? claims.sub : 'anonymous', 'Allow', event.methodArn, authorizerContext(claims));
      }
      case 'forbidden':
        options.log?.('token refused', { reason: verdict.reason });
        return policy('forbidden', 'Deny', event.methodArn);
      case 'denied':
        options.log?.('token refused', { reason: verdict.reason ?? 'invalid token' });
        throw new Error(UNAUTHORIZED);
      case 'limited':
        options.log?.('address over its failure limit', { retryAfterSeconds: verdict.retryAfterSeconds });
        throw new Error(UNAUTHORIZED);
      case 'missing':
        throw new Error(UNAUTHORIZED);
    }
  };
}

/** Header names are matched without regard to case (API Gateway passes them as the client sent them). */
function headerValue(event: APIGatewayRequestAuthorizerEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name && value !== undefined) return value;
  return undefined;
}

/**
 * `arn:aws:execute-api:region:account:api/stage/METHOD/path` → `…:api/stage/*`: one answer serves
 * every method of the API that uses this authorizer while it is cached.
 */
export function apiWideResource(methodArn: string): string {
  const [api, stage] = methodArn.split('/');
  return !methodArn.startsWith('arn:') || stage === undefined || stage === '' ? methodArn : `${api}/${stage}/*`;
}

function policy(principalId: string, effect: 'Allow' | 'Deny', methodArn: string, context?: APIGatewayAuthorizerResult['context']): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: effect === 'Allow' ? apiWideResource(methodArn) : methodArn }],
    },
    ...(context !== undefined && { context }),
  };
}

/**
 * The claims as an authorizer context, which holds strings, numbers and booleans only: lists
 * and objects are passed as JSON, as API Gateway's Cognito authorizer passes them as text.
 */
export function authorizerContext(claims: Readonly<Record<string, unknown>>): Record<string, string | number | boolean> {
  const context: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') context[name] = value;
    else if (value !== null && value !== undefined) context[name] = JSON.stringify(value);
  }
  return context;
}
