import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaProcess, type LambdaProcess } from '../../helpers/lambda-process.js';
import { issuerKey, startOidcIssuer, type IssuerKey, type OidcIssuer } from '../../helpers/oidc-issuer.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/alerts';

const authorizerEvent = (authorization?: string) => ({
  type: 'REQUEST',
  methodArn: METHOD_ARN,
  headers: authorization === undefined ? {} : { Authorization: authorization },
  requestContext: { identity: { sourceIp: '203.0.113.7' } },
});

/**
 * The REST ingest API's JWT authorizer as it is deployed: the built bundle, its settings in
 * SLUICE_JWT_AUTH as the stack sets them, the issuer's keys found through OpenID discovery.
 */
describe('#13 - Lambda bundle: the JWT authorizer', () => {
  let idp: OidcIssuer;
  let key: IssuerKey;
  let authorizer: LambdaProcess;
  let outdir: string;

  beforeAll(async () => {
    // A folder of its own: other test files rebuild dist-lambda/ at the same time.
    outdir = await mkdtemp(join(tmpdir(), 'sluice-bundles-'));
    const { buildLambda } = (await import(`${ROOT}scripts/build-lambda.mjs`)) as { buildLambda: (options: { outdir: string }) => Promise<unknown> };
    await buildLambda({ outdir });
    key = await issuerKey();
    idp = await startOidcIssuer([key]);
    const auth = { type: 'jwt', issuer: idp.issuer, audience: ['client'], scopes: ['alerts/write'] };
    authorizer = await startLambdaProcess(join(outdir, 'jwt-authorizer/index.mjs'), {
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      SLUICE_JWT_AUTH: JSON.stringify(auth),
    });
  });

  afterAll(async () => {
    await authorizer?.close();
    await idp?.close();
    await rm(outdir, { recursive: true, force: true });
  });

  it('allows a token of the issuer with the scope, and passes the claims on', async () => {
    // Prepare
    const token = await idp.mint(key, { aud: 'client', sub: 'user-7', scope: 'alerts/write' });

    // Act
    const result = (await authorizer.invoke(authorizerEvent(`Bearer ${token}`))) as APIGatewayAuthorizerResult;

    // Assess
    expect(result.principalId).toBe('user-7');
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*' });
    expect(result.context).toMatchObject({ sub: 'user-7', scope: 'alerts/write' });
  });

  it('denies a token without the scope and refuses a token of another audience', async () => {
    // Prepare
    const noScope = await idp.mint(key, { aud: 'client', sub: 'user-7', scope: 'openid' });
    const otherAudience = await idp.mint(key, { aud: 'someone-else', sub: 'user-7', scope: 'alerts/write' });

    // Act
    const denied = (await authorizer.invoke(authorizerEvent(`Bearer ${noScope}`))) as APIGatewayAuthorizerResult;
    const refused = await authorizer.invoke(authorizerEvent(`Bearer ${otherAudience}`)).then(
      () => 'allowed',
      (error: Error) => error.message,
    );

    // Assess
    expect(denied.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(refused).toMatch(/Unauthorized/);
    expect(authorizer.stderr()).toMatch(/wrong audience/);
    expect(authorizer.stderr()).not.toContain(otherAudience);
  });
});
