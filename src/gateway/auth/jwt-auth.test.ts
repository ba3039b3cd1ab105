import { createLocalJWKSet, errors, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/config-parse.js';
import type { JwtAuthConfig } from '../../core/config-schema.js';
import { JwtAuthenticator, parseBearer, tokenScopes } from './jwt-auth.js';

const ISSUER = 'https://idp.example.com';

function jwtConfig(auth: Record<string, unknown> = {}): JwtAuthConfig {
  const config = validateConfig(
    {
      routes: [
        {
          name: 'r',
          target: { type: 'http', url: 'http://127.0.0.1:3000' },
          auth: { type: 'jwt', issuer: ISSUER, audience: ['client'], ...auth },
        },
      ],
    },
    { file: 'sluice.yaml' },
  );
  return config.routes[0]!.auth as JwtAuthConfig;
}

describe('#13 - Class: JwtAuthenticator', () => {
  let privateKey: CryptoKey;
  let keys: ReturnType<typeof createLocalJWKSet>;

  const mint = (claims: JWTPayload) =>
    new SignJWT({ iss: ISSUER, ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    keys = createLocalJWKSet({
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }],
    });
  });

  it('puts the verified claims and scopes on the verdict, for $context.authorizer.claims', async () => {
    // Prepare
    const jwt = new JwtAuthenticator(jwtConfig({ scopes: ['hooks/write'] }), {
      keys,
    });

    // Act
    const verdict = await jwt.authenticate(`Bearer ${await mint({ aud: 'client', sub: 'user-1', tenant: 'acme', scope: 'openid hooks/write' })}`, '127.0.0.1');

    // Assess
    expect(verdict).toEqual({
      outcome: 'allowed',
      authorizer: {
        claims: expect.objectContaining({
          sub: 'user-1',
          tenant: 'acme',
          iss: ISSUER,
        }),
        scopes: ['openid', 'hooks/write'],
      },
    });
  });

  it.each([
    {
      description: 'client_id when there is no aud',
      claims: { client_id: 'client' },
      outcome: 'allowed',
    },
    {
      description: 'an aud list with one of the audiences',
      claims: { aud: ['x', 'client'] },
      outcome: 'allowed',
    },
    {
      description: 'client_id when aud names another audience',
      claims: { aud: 'x', client_id: 'client' },
      outcome: 'denied',
    },
    { description: 'neither aud nor client_id', claims: {}, outcome: 'denied' },
  ])('checks the audience: $description → $outcome', async ({ claims, outcome }) => {
    // Prepare
    const jwt = new JwtAuthenticator(jwtConfig(), { keys });

    // Act
    const verdict = await jwt.authenticate(`Bearer ${await mint(claims)}`, '127.0.0.1');

    // Assess
    expect(verdict.outcome).toBe(outcome);
  });

  it('accepts a token that expired within the clock skew, and refuses one beyond it', async () => {
    // Prepare
    const jwt = new JwtAuthenticator(jwtConfig({ clock_skew: '30s' }), {
      keys,
    });
    const now = Math.floor(Date.now() / 1000);
    const sign = (exp: number) => new SignJWT({ iss: ISSUER, aud: 'client', exp }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);

    // Act
    const within = await jwt.authenticate(`Bearer ${await sign(now - 10)}`, '127.0.0.1');
    const beyond = await jwt.authenticate(`Bearer ${await sign(now - 60)}`, '127.0.0.1');

    // Assess
    expect(within.outcome).toBe('allowed');
    expect(beyond).toMatchObject({
      outcome: 'denied',
      reason: 'expired (exp)',
    });
  });

  it('refuses a token without exp', async () => {
    // Prepare
    const jwt = new JwtAuthenticator(jwtConfig(), { keys });
    const token = await new SignJWT({ iss: ISSUER, aud: 'client' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);

    // Act
    const verdict = await jwt.authenticate(`Bearer ${token}`, '127.0.0.1');

    // Assess
    expect(verdict).toMatchObject({
      outcome: 'denied',
      reason: 'no expiry (exp)',
    });
  });

  it('answers missing for another scheme, without counting a failure', async () => {
    // Prepare
    const jwt = new JwtAuthenticator(jwtConfig({ max_failures: 1 }), { keys });

    // Act
    const verdicts = [await jwt.authenticate('Basic b3BzOnMzY3JldA==', '127.0.0.1'), await jwt.authenticate(undefined, '127.0.0.1')];
    const valid = await jwt.authenticate(`Bearer ${await mint({ aud: 'client' })}`, '127.0.0.1');

    // Assess
    expect(verdicts.map((verdict) => verdict.outcome)).toEqual(['missing', 'missing']);
    expect(valid.outcome).toBe('allowed');
  });

  it('answers unavailable, counting nothing, when the key set answers another status than 200', async () => {
    // Prepare: jose reports a key set answered with 500 as a generic JOSEError.
    const failing = () => Promise.reject(new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response'));
    const jwt = new JwtAuthenticator(jwtConfig({ max_failures: 1 }), { keys: failing });
    const token = `Bearer ${await mint({ aud: 'client' })}`;

    // Act and Assess: one after the other; with max_failures 1 a counted failure would make the second 'limited'.
    await expect(jwt.authenticate(token, '127.0.0.1')).rejects.toMatchObject({ code: 'SLUICE_AUTH_UNAVAILABLE' });
    await expect(jwt.authenticate(token, '127.0.0.1')).rejects.toMatchObject({ code: 'SLUICE_AUTH_UNAVAILABLE' });
  });

  it('challenges per RFC 6750', () => {
    // Act
    const jwt = new JwtAuthenticator(jwtConfig({ realm: 'hooks', scopes: ['a', 'b'] }), { keys });

    // Assess
    expect([jwt.challenge, jwt.deniedChallenge, jwt.forbiddenChallenge]).toEqual([
      'Bearer realm="hooks"',
      'Bearer realm="hooks", error="invalid_token"',
      'Bearer realm="hooks", error="insufficient_scope", scope="a b"',
    ]);
  });
});

describe('#13 - Function: parseBearer', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer   abc.def.ghi ', 'abc.def.ghi'],
    ['Basic abc', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, token) => {
    expect(parseBearer(header)).toBe(token);
  });
});

describe('#13 - Function: tokenScopes', () => {
  it.each([
    { claims: { scope: 'a  b' }, scopes: ['a', 'b'] },
    { claims: { scp: ['a', 'b'] }, scopes: ['a', 'b'] },
    { claims: { scp: 'a b' }, scopes: ['a', 'b'] },
    { claims: { scp: [1, 'a'] }, scopes: ['a'] },
    { claims: {}, scopes: [] },
  ])('$claims → $scopes', ({ claims, scopes }) => {
    expect(tokenScopes(claims)).toEqual(scopes);
  });
});
