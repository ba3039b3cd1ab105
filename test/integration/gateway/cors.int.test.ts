import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request, type ClientResponse } from '../../helpers/http-client.js';
import { issuerKey, startOidcIssuer, type IssuerKey, type OidcIssuer } from '../../helpers/oidc-issuer.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

/** Every `Access-Control-*` header of a response, names lower-cased. */
const corsHeaders = (res: ClientResponse) =>
  Object.fromEntries(
    res
      .headerNames()
      .filter((name) => name.toLowerCase().startsWith('access-control-'))
      .map((name) => [name.toLowerCase(), res.header(name)]),
  );

const preflight = (origin: string, method = 'POST') => [
  'Origin',
  origin,
  'Access-Control-Request-Method',
  method,
  'Access-Control-Request-Headers',
  'authorization, content-type',
];

describe('#13 - routes with cors', () => {
  let upstream: Upstream;
  let idp: OidcIssuer;
  let key: IssuerKey;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    // The upstream answers with CORS headers of its own, which the route's policy replaces.
    upstream = await startUpstream({
      routes: {
        '/app': (_req, res) => {
          res
            .writeHead(200, {
              'content-type': 'text/plain',
              'access-control-allow-origin': '*',
              'x-request-id': 'r-1',
            })
            .end('ok');
        },
      },
    });
    key = await issuerKey();
    idp = await startOidcIssuer([key]);
    token = await idp.mint(key, { aud: 'client' });
    gw = await startGateway({
      routes: [
        {
          name: 'hooks',
          match: { methods: ['POST'], path: '/hooks' },
          target: { type: 'http', url: `${upstream.url}/app` },
          capture: true,
          auth: { type: 'jwt', issuer: idp.issuer, audience: ['client'] },
          cors: {
            allow_origins: [APP],
            allow_headers: ['authorization', 'content-type'],
            expose_headers: ['x-request-id'],
            max_age: '10m',
            allow_credentials: true,
          },
        },
        {
          name: 'plain',
          match: { path_prefix: '/plain' },
          target: { type: 'http', url: `${upstream.url}/echo` },
        },
      ],
    });
  });

  afterAll(async () => {
    await gw.stop();
    await idp.close();
    await upstream.close();
  });

  it('answers a preflight from an allowed origin with 204 before auth; the target and the capture never see it', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act: a POST-only route, asked about POST, with no token.
    const res = await request(`${gw.url}/hooks`, {
      method: 'OPTIONS',
      headers: preflight(APP),
    });

    // Assess
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-max-age': '600',
    });
    expect(res.header('vary')).toBe('Origin');
    expect(res.body.length).toBe(0);
    expect(upstream.requests.length).toBe(before);
    expect(await gw.takeRecords()).toEqual([]);
  });

  it('answers a preflight from a refused origin with 204 and no CORS headers, never reaching the target', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const res = await request(`${gw.url}/hooks`, {
      method: 'OPTIONS',
      headers: preflight(EVIL),
    });

    // Assess
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({});
    expect(upstream.requests.length).toBe(before);
    expect(await gw.takeRecords()).toEqual([]);
  });

  it("puts the route's headers on an actual response to an allowed origin, replacing the upstream's", async () => {
    // Act
    const res = await request(`${gw.url}/hooks`, {
      method: 'POST',
      headers: ['Origin', APP, 'Authorization', `Bearer ${token}`],
      body: '{}',
    });

    // Assess
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
    });
    expect(res.headerValues('vary')).toContain('Origin');
    expect(res.header('x-request-id')).toBe('r-1');
  });

  it('sends no CORS headers at all to a refused origin, not even the upstream ones', async () => {
    // Act
    const res = await request(`${gw.url}/hooks`, {
      method: 'POST',
      headers: ['Origin', EVIL, 'Authorization', `Bearer ${token}`],
      body: '{}',
    });

    // Assess
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
  });

  it("puts CORS headers on the gateway's own refusals too, so the page can read its 401", async () => {
    // Act
    const res = await request(`${gw.url}/hooks`, {
      method: 'POST',
      headers: ['Origin', APP],
      body: '{}',
    });

    // Assess
    expect(res.status).toBe(401);
    expect(res.header('access-control-allow-origin')).toBe(APP);
    expect(res.header('www-authenticate')).toBe('Bearer realm="sluice"');
  });

  it('passes preflights on a route without cors to its target, as before', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const res = await request(`${gw.url}/plain`, {
      method: 'OPTIONS',
      headers: preflight(APP, 'PUT'),
    });

    // Assess
    expect(res.status).toBe(200);
    expect(res.header('x-echo-method')).toBe('OPTIONS');
    expect(upstream.requests.length).toBe(before + 1);
  });
});
