import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** A signing key of the stand-in issuer, with the `kid` its JWKS names it by. */
export interface IssuerKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface OidcIssuer {
  /** `http://127.0.0.1:PORT`: the `iss` of its tokens and where its discovery document is. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** Requests for the key set so far. */
  readonly jwksFetches: number;
  /** Publishes exactly these keys from now on (key rotation). */
  publish(keys: readonly IssuerKey[]): void;
  /** A token signed with `key` (RS256), valid for 5 minutes from `now` unless `claims` say otherwise. */
  mint(key: IssuerKey, claims: JWTPayload, options?: { now?: number }): Promise<string>;
  close(): Promise<void>;
}

/**
 * An RSA signing key with a random `kid`.
 *
 * @example
 * ```ts
 * const key = await issuerKey();
 * ```
 */
export async function issuerKey(): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    extractable: true,
  });
  const kid = `k-${Math.random().toString(36).slice(2, 10)}`;
  return {
    kid,
    privateKey,
    publicJwk: {
      ...(await exportJWK(publicKey)),
      kid,
      alg: 'RS256',
      use: 'sig',
    },
  };
}

/**
 * An OpenID provider stand-in on 127.0.0.1: `/.well-known/openid-configuration` and
 * `/jwks.json`, as Cognito, Auth0 or Okta serve them, publishing the keys it is given.
 *
 * @example
 * ```ts
 * const key = await issuerKey();
 * const idp = await startOidcIssuer([key]);
 * const token = await idp.mint(key, { aud: 'client', scope: 'hooks/write' });
 * ```
 */
export async function startOidcIssuer(keys: readonly IssuerKey[]): Promise<OidcIssuer> {
  let published = keys.map((key) => key.publicJwk);
  let jwksFetches = 0;
  const server: Server = createServer((req, res) => {
    const { issuer, jwksUri } = urls();
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer,
          jwks_uri: jwksUri,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/jwks.json') {
      jwksFetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const urls = () => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { issuer, jwksUri: `${issuer}/jwks.json` };
  };
  return {
    ...urls(),
    get jwksFetches() {
      return jwksFetches;
    },
    publish(next) {
      published = next.map((key) => key.publicJwk);
    },
    async mint(key, claims, options = {}) {
      const now = Math.floor((options.now ?? Date.now()) / 1000);
      return new SignJWT({
        iss: urls().issuer,
        iat: now,
        exp: now + 300,
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
