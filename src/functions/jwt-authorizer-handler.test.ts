import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../core/config-parse.js';
import type { JwtAuthConfig } from '../core/config-schema.js';
import { apiWideResource, authorizerContext, createJwtAuthorizerHandler } from './jwt-authorizer-handler.js';

const ISSUER = 'https://idp.example.com';
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/hooks/orders';

function jwtConfig(auth: Record<string, unknown> = {}): JwtAuthConfig {
  const config = validateConfig(
    { routes: [{ name: 'r', target: { type: 'http', url: 'http://127.0.0.1:3000' }, auth: { type: 'jwt', issuer: ISSUER, audience: ['client'], ...auth } }] },
    { file: 'sluice.yaml' },
  );
  return config.routes[0]!.auth as JwtAuthConfig;
}

function authorizerEvent(authorization: string | undefined, sourceIp = '203.0.113.7'): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    headers: authorization === undefined ? {} : { Authorization: authorization },
    requestContext: { identity: { sourceIp } },
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

describe('#13 - Function: the REST ingest API JWT authorizer', () => {
  let privateKey: CryptoKey;
  let keys: ReturnType<typeof createLocalJWKSet>;
  const mint = (claims: JWTPayload, expiry = '5m') =>
    new SignJWT({ iss: ISSUER, ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime(expiry).sign(privateKey);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] });
  });

  it('allows a valid token across the API and passes its claims as the context', async () => {
    // Prepare
    const handler = createJwtAuthorizerHandler(jwtConfig({ scopes: ['hooks/write'] }), { keys });

    // Act
    const result = await handler(authorizerEvent(`Bearer ${await mint({ aud: 'client', sub: 'user-1', tenant: 'acme', scope: 'openid hooks/write' })}`));

    // Assess
    expect(result.principalId).toBe('user-1');
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*' },
    ]);
    expect(result.context).toMatchObject({ sub: 'user-1', tenant: 'acme', aud: 'client', scope: 'openid hooks/write' });
  });

  it('denies (403) a valid token without a required scope', async () => {
    // Prepare
    const handler = createJwtAuthorizerHandler(jwtConfig({ scopes: ['hooks/write'] }), { keys });

    // Act
    const result = await handler(authorizerEvent(`Bearer ${await mint({ aud: 'client', sub: 'user-1', scope: 'openid' })}`));

    // Assess
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: METHOD_ARN }]);
    expect(result.context).toBeUndefined();
  });

  it.each([
    ['no Authorization header', async () => undefined],
    ['another scheme', async () => 'Basic b3BzOnMzY3JldA=='],
    ['a wrong audience', async () => `Bearer ${await mint({ aud: 'someone-else' })}`],
    ['an expired token', async () => `Bearer ${await mint({ aud: 'client' }, '-1h')}`],
    ['a forged signature', async () => `Bearer ${(await mint({ aud: 'client' })).replace(/.{8}$/, 'AAAAAAAA')}`],
  ])('answers Unauthorized (401) to %s', async (_name, header) => {
    // Prepare
    const handler = createJwtAuthorizerHandler(jwtConfig(), { keys });
    const event = authorizerEvent(await header());

    // Act
    const outcome = handler(event);

    // Assess
    await expect(outcome).rejects.toThrow(/^Unauthorized$/);
  });

  it('stops checking an address after max_failures bad tokens, and logs why without the token', async () => {
    // Prepare
    const logged: string[] = [];
    const handler = createJwtAuthorizerHandler(jwtConfig({ max_failures: 2 }), {
      keys,
      log: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
    });
    const bad = `Bearer ${await mint({ aud: 'someone-else' })}`;
    const good = `Bearer ${await mint({ aud: 'client', sub: 'u' })}`;

    // Act
    await expect(handler(authorizerEvent(bad))).rejects.toThrow('Unauthorized');
    await expect(handler(authorizerEvent(bad))).rejects.toThrow('Unauthorized');
    const limited = await handler(authorizerEvent(good)).then(
      () => 'allowed',
      (error: Error) => error.message,
    );
    const otherAddress = await handler(authorizerEvent(good, '198.51.100.9'));

    // Assess
    expect(limited).toBe('Unauthorized');
    expect(otherAddress.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect(logged.join('\n')).toMatch(/wrong audience/);
    expect(logged.join('\n')).toMatch(/failure limit/);
    expect(logged.join('\n')).not.toContain(bad.slice(7, 40));
  });

  it('keeps only strings, numbers and booleans in the context, the rest as JSON', () => {
    // Act
    const context = authorizerContext({ sub: 'u', n: 3, admin: false, groups: ['a', 'b'], address: { city: 'Oslo' }, gone: null });

    // Assess
    expect(context).toEqual({ sub: 'u', n: 3, admin: false, groups: '["a","b"]', address: '{"city":"Oslo"}' });
  });

  it('widens a method ARN to the stage, and leaves an ARN it cannot read alone', () => {
    expect(apiWideResource(METHOD_ARN)).toBe('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*');
    expect(apiWideResource('not-an-arn')).toBe('not-an-arn');
  });
});
