import { Writable } from 'node:stream';
import { exportSPKI, importJWK, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/telemetry/logger.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { issuerKey, startOidcIssuer, type IssuerKey, type OidcIssuer } from '../../helpers/oidc-issuer.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const AUDIENCE = 'sluice-client';
const bearer = (token: string) => ['Authorization', `Bearer ${token}`];

describe('#13 - routes with auth: jwt', () => {
  let upstream: Upstream;
  let idp: OidcIssuer;
  let key: IssuerKey;
  let gw: TestGateway;
  const logLines: Record<string, unknown>[] = [];

  /** The warn lines logged for the route since `from`. */
  const refusalsSince = (from: number) => logLines.slice(from).filter((line) => line['route'] === 'hooks');

  beforeAll(async () => {
    upstream = await startUpstream();
    key = await issuerKey();
    idp = await startOidcIssuer([key]);
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    gw = await startGateway(
      {
        routes: [
          {
            name: 'hooks',
            match: { path_prefix: '/hooks' },
            target: { type: 'http', url: `${upstream.url}/echo` },
            auth: {
              type: 'jwt',
              issuer: idp.issuer,
              audience: [AUDIENCE, 'other-client'],
              scopes: ['hooks/write', 'hooks/admin'],
              max_failures: 100,
            },
          },
          {
            name: 'strict',
            match: { path_prefix: '/strict' },
            target: { type: 'http', url: `${upstream.url}/echo` },
            auth: {
              type: 'jwt',
              issuer: idp.issuer,
              jwks_uri: idp.jwksUri,
              audience: [AUDIENCE],
              max_failures: 2,
            },
          },
          {
            name: 'unreachable',
            match: { path_prefix: '/unreachable' },
            target: { type: 'http', url: `${upstream.url}/echo` },
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            auth: {
              type: 'jwt',
              issuer: 'http://127.0.0.1:1',
              audience: [AUDIENCE],
            },
          },
        ],
      },
      { logger: createLogger('warn', logs) },
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  afterAll(async () => {
    await gw.stop();
    await idp.close();
    await upstream.close();
  });

  it('lets a valid token through, found through the discovery document', async () => {
    // Prepare
    const token = await idp.mint(key, {
      aud: AUDIENCE,
      scope: 'openid hooks/write',
    });
    const before = upstream.requests.length;

    // Act
    const res = await request(`${gw.url}/hooks/github`, {
      method: 'POST',
      headers: [...bearer(token), 'Content-Type', 'text/plain'],
      body: 'hello',
    });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hello');
    expect(upstream.requests.length).toBe(before + 1);
    expect(idp.jwksFetches).toBe(1);
  });

  it("accepts a Cognito access token's client_id when it has no aud, and scopes as an scp list", async () => {
    // Prepare
    const token = await idp.mint(key, {
      client_id: 'other-client',
      scp: ['hooks/admin'],
    });

    // Act
    const res = await request(`${gw.url}/hooks/x`, { headers: bearer(token) });

    // Assess
    expect(res.status).toBe(200);
  });

  it('answers 401 with a bare Bearer challenge when there is no token, without calling the upstream', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const res = await request(`${gw.url}/hooks/x`, {
      headers: ['Authorization', 'Basic b3BzOnMzY3JldA=='],
    });

    // Assess
    expect(res.status).toBe(401);
    expect(res.header('www-authenticate')).toBe('Bearer realm="sluice"');
    expect(res.json()).toMatchObject({
      error: { code: 'SLUICE_UNAUTHORIZED' },
    });
    expect(upstream.requests.length).toBe(before);
  });

  const now = () => Date.now();
  const cases: {
    description: string;
    reason: string;
    token: () => Promise<string>;
  }[] = [
    {
      description: 'an expired token',
      reason: 'expired (exp)',
      token: () =>
        idp.mint(key, {
          aud: AUDIENCE,
          scope: 'hooks/write',
          exp: Math.floor(now() / 1000) - 120,
        }),
    },
    {
      description: 'a token not yet valid',
      reason: 'not yet valid (nbf)',
      token: () =>
        idp.mint(key, {
          aud: AUDIENCE,
          scope: 'hooks/write',
          nbf: Math.floor(now() / 1000) + 120,
        }),
    },
    {
      description: 'a token from another issuer',
      reason: 'wrong issuer (iss)',
      token: () =>
        idp.mint(key, {
          aud: AUDIENCE,
          scope: 'hooks/write',
          iss: 'https://idp.example.com',
        }),
    },
    {
      description: 'a token for another audience',
      reason: 'wrong audience (aud)',
      token: () => idp.mint(key, { aud: 'someone-else', scope: 'hooks/write' }),
    },
    {
      description: 'an unsigned token (alg none)',
      reason: 'algorithm not allowed (alg none)',
      token: async () =>
        new UnsecuredJWT({
          iss: idp.issuer,
          aud: AUDIENCE,
          scope: 'hooks/write',
        })
          .setExpirationTime('5m')
          .encode(),
    },
    {
      description: 'HS256 signed with the public key as the secret',
      reason: 'algorithm not allowed (alg HS256)',
      token: async () => {
        const pem = await exportSPKI(
          (await importJWK(key.publicJwk, 'RS256', {
            extractable: true,
          })) as CryptoKey,
        );
        return new SignJWT({
          iss: idp.issuer,
          aud: AUDIENCE,
          scope: 'hooks/write',
        })
          .setProtectedHeader({ alg: 'HS256', kid: key.kid })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(pem));
      },
    },
    {
      description: 'a token whose signature was tampered with',
      reason: 'bad signature',
      token: async () => {
        // A genuine token for a scope-less caller, its payload swapped for one with the scope.
        const [header, , signature] = (await idp.mint(key, { aud: AUDIENCE })).split('.');
        const forged = Buffer.from(
          JSON.stringify({
            iss: idp.issuer,
            aud: AUDIENCE,
            scope: 'hooks/write',
            exp: Math.floor(now() / 1000) + 300,
          }),
        ).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
    },
  ];

  describe.each(cases)('$description', ({ reason, token }) => {
    it('is refused with 401 invalid_token; the log says why, the response does not', async () => {
      // Prepare
      const from = logLines.length;
      const before = upstream.requests.length;

      // Act
      const res = await request(`${gw.url}/hooks/x`, {
        headers: bearer(await token()),
      });

      // Assess
      expect(res.status).toBe(401);
      expect(res.header('www-authenticate')).toBe('Bearer realm="sluice", error="invalid_token"');
      expect(res.json()).toMatchObject({
        error: { code: 'SLUICE_UNAUTHORIZED' },
      });
      expect(res.body.toString()).not.toContain(reason.split(' (')[0]);
      expect(upstream.requests.length).toBe(before);
      expect(refusalsSince(from)).toEqual([expect.objectContaining({ level: 40, reason, client: '127.0.0.1' })]);
    });
  });

  it('answers 403 insufficient_scope for a valid token without any of the route scopes, and logs it', async () => {
    // Prepare
    const token = await idp.mint(key, {
      aud: AUDIENCE,
      scope: 'openid hooks/read',
    });
    const from = logLines.length;

    // Act
    const res = await request(`${gw.url}/hooks/x`, { headers: bearer(token) });

    // Assess
    expect(res.status).toBe(403);
    expect(res.header('www-authenticate')).toBe('Bearer realm="sluice", error="insufficient_scope", scope="hooks/write hooks/admin"');
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FORBIDDEN' } });
    expect(res.body.toString()).not.toContain('hooks/read');
    expect(refusalsSince(from)).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining('none of the scopes'),
      }),
    ]);
  });

  it('refetches the keys for an unknown kid once the cooldown has passed, then accepts the rotated key', async () => {
    // Prepare: a new key the issuer does not publish yet.
    const rotated = await issuerKey();
    const token = await idp.mint(rotated, { aud: AUDIENCE, scope: 'hooks/write' }, { now: Date.now() + 60_000 });
    const unknown = await request(`${gw.url}/hooks/x`, {
      headers: bearer(token),
    });
    idp.publish([key, rotated]);
    const fetchesBefore = idp.jwksFetches;

    // Act: within jose's 30 s cooldown the key set is not fetched again; after it, it is.
    const coolingDown = await request(`${gw.url}/hooks/x`, {
      headers: bearer(token),
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    const refreshed = await request(`${gw.url}/hooks/x`, {
      headers: bearer(token),
    });

    // Assess
    expect(unknown.status).toBe(401);
    expect(coolingDown.status).toBe(401);
    expect(refreshed.status).toBe(200);
    expect(idp.jwksFetches).toBe(fetchesBefore + 1);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        route: 'hooks',
        reason: 'unknown signing key (kid)',
      }),
    );
  });

  it('counts invalid tokens in the per-address failure limit: 429 once it is reached, even for a valid token', async () => {
    // Prepare
    const expired = await idp.mint(key, {
      aud: AUDIENCE,
      exp: Math.floor(Date.now() / 1000) - 600,
    });
    const valid = await idp.mint(key, { aud: AUDIENCE });
    const first = await request(`${gw.url}/strict`, { headers: bearer(valid) });
    const failures = [await request(`${gw.url}/strict`, { headers: bearer(expired) }), await request(`${gw.url}/strict`, { headers: bearer(expired) })];

    // Act
    const limited = await request(`${gw.url}/strict`, {
      headers: bearer(valid),
    });

    // Assess
    expect(first.status).toBe(200);
    expect(failures.map((res) => res.status)).toEqual([401, 401]);
    expect(limited.status).toBe(429);
    expect(limited.json()).toMatchObject({
      error: { code: 'SLUICE_AUTH_RATE_LIMITED' },
    });
    expect(Number(limited.header('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it("answers 503 with Retry-After when the issuer's keys are out of reach, and counts nothing against the client", async () => {
    // Prepare
    const token = await idp.mint(key, { aud: AUDIENCE });

    // Act
    const res = await request(`${gw.url}/unreachable/x`, {
      headers: bearer(token),
    });

    // Assess
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({
      error: { code: 'SLUICE_AUTH_UNAVAILABLE' },
    });
    expect(res.header('retry-after')).toBe('5');
    expect(logLines).toContainEqual(
      expect.objectContaining({
        route: 'unreachable',
        msg: expect.stringContaining("issuer's keys are out of reach"),
      }),
    );
  });
});
