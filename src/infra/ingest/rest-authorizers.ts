/**
 * The authorizers of a REST ingest API, one per distinct `auth: { type: jwt }` block: a Cognito
 * user pools authorizer when it checks all the block asks (`userPoolAuthorizerPool`: a user
 * pool's issuer and no audience, which it would not check), else a Lambda REQUEST authorizer
 * running Sluice's JWT checks (`jose`, the same as the local face's) with the route's settings
 * (REQUEST rather than TOKEN: it sees the client's address, which the failure limit counts by).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { CognitoUserPoolsAuthorizer, IdentitySource, RequestAuthorizer, type IAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Function as LambdaFunction, type Code } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { JwtAuthConfig } from '../../core/config-schema.js';
import { functionDefaults } from '../function-defaults.js';
import { FunctionRole } from '../function-role.js';
import { userPoolAuthorizerPool } from './cognito-issuer.js';

/** The settings the Lambda authorizer reads, as one JSON variable (`SLUICE_JWT_AUTH`). */
export function jwtAuthorizerEnvironment(auth: JwtAuthConfig): Record<string, string> {
  return { SLUICE_JWT_AUTH: JSON.stringify({ ...auth, type: 'jwt' }) };
}

/** Properties of {@link RestAuthorizers}. */
export interface RestAuthorizersProps {
  /** dist-lambda/jwt-authorizer, for every `auth` block a user pools authorizer cannot check in full. */
  readonly authorizerCode?: Code;
  /** How long API Gateway keeps a token's answer. */
  readonly cacheTtl: Duration;
}

/**
 * Creates authorizers on demand and shares one between routes with the same `auth` block.
 *
 * @example
 * ```ts
 * const authorizers = new RestAuthorizers(this, 'Authorizers', { authorizerCode, cacheTtl: Duration.minutes(5) });
 * resource.addMethod('POST', integration, { authorizer: authorizers.for(route.auth), … });
 * ```
 */
export class RestAuthorizers extends Construct {
  readonly #props: RestAuthorizersProps;
  readonly #byAuth = new Map<string, IAuthorizer>();
  /** The Lambda authorizers' functions, by the `auth` block they check. */
  public readonly functions: LambdaFunction[] = [];

  constructor(scope: Construct, id: string, props: RestAuthorizersProps) {
    super(scope, id);
    this.#props = props;
  }

  /** The authorizer for a route's `auth` block (created on first use). */
  for(auth: JwtAuthConfig): IAuthorizer {
    const key = JSON.stringify(auth);
    let authorizer = this.#byAuth.get(key);
    if (authorizer !== undefined) return authorizer;
    const n = this.#byAuth.size + 1;
    const pool = userPoolAuthorizerPool(auth);
    if (pool !== undefined) {
      const stack = Stack.of(this);
      const userPool = UserPool.fromUserPoolArn(this, `Pool${n}`, `arn:${stack.partition}:cognito-idp:${pool.region}:${stack.account}:userpool/${pool.poolId}`);
      authorizer = new CognitoUserPoolsAuthorizer(this, `Cognito${n}`, { cognitoUserPools: [userPool], resultsCacheTtl: this.#props.cacheTtl });
    } else {
      if (this.#props.authorizerCode === undefined) throw new Error('a Lambda authorizer needs authorizerCode (validate the props first)');
      const { role, logGroup } = new FunctionRole(this, `Jwt${n}Execution`, { purpose: `the Sluice JWT authorizer for ${auth.issuer}` });
      const handler = new LambdaFunction(this, `Jwt${n}Function`, {
        ...functionDefaults,
        description: `Sluice JWT authorizer: tokens of ${auth.issuer}`.slice(0, 256),
        code: this.#props.authorizerCode,
        memorySize: 256,
        timeout: Duration.seconds(10),
        role,
        logGroup,
        environment: jwtAuthorizerEnvironment(auth),
      });
      this.functions.push(handler);
      authorizer = new RequestAuthorizer(this, `Jwt${n}`, {
        handler,
        identitySources: [IdentitySource.header('Authorization')],
        resultsCacheTtl: this.#props.cacheTtl,
      });
    }
    this.#byAuth.set(key, authorizer);
    return authorizer;
  }
}
