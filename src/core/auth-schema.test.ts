import { describe, expect, it } from 'vitest';
import { validateConfig } from './config-parse.js';
import { ConfigError, type ConfigIssue } from './errors.js';

const BCRYPT_10 = '$2y$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234';
const SALT = 'c2FsdHNhbHRzYWx0c2FsdA';
const KEY = 'a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U';

function withAuth(auth: Record<string, unknown>) {
  return { routes: [{ name: 'ops', target: { type: 'http', url: 'http://127.0.0.1:3000' }, auth: { type: 'basic', ...auth } }] };
}

function issuesOf(raw: unknown): ConfigIssue[] {
  try {
    validateConfig(raw, { file: 'sluice.yaml' });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.issues];
  }
}

describe('Config: routes[].auth basic', () => {
  it('limits failed logins to 10 per minute and address by default', () => {
    // Act
    const config = validateConfig(withAuth({ users: { ops: BCRYPT_10 } }), { file: 'sluice.yaml' });

    // Assess
    expect(config.routes[0]!.auth).toEqual({ type: 'basic', realm: 'sluice', users: { ops: BCRYPT_10 }, max_failures: 10, failure_window: 60_000 });
  });

  it('takes max_failures and failure_window with units', () => {
    // Act
    const config = validateConfig(withAuth({ users: { ops: BCRYPT_10 }, max_failures: 100, failure_window: '5m' }), { file: 'sluice.yaml' });

    // Assess
    expect(config.routes[0]!.auth).toMatchObject({ max_failures: 100, failure_window: 300_000 });
  });

  it.each([
    { description: 'no failures allowed', auth: { max_failures: 0 } },
    { description: 'a fraction of a failure', auth: { max_failures: 2.5 } },
    { description: 'a window under a second', auth: { failure_window: '500ms' } },
  ])('refuses $description', ({ auth }) => {
    // Act
    const issues = issuesOf(withAuth({ users: { ops: BCRYPT_10 }, ...auth }));

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual([`routes[0].auth.${Object.keys(auth)[0]}`]);
  });

  it.each([
    { description: 'bcrypt cost 14 (Caddy hash-password)', hash: BCRYPT_10.replace('$10$', '$14$') },
    { description: 'scrypt ln=16,r=8,p=1 (passlib default, 64 MiB)', hash: `$scrypt$ln=16,r=8,p=1$${SALT}$${KEY}` },
    { description: 'scrypt ln=16,r=8,p=2', hash: `$scrypt$ln=16,r=8,p=2$${SALT}$${KEY}` },
  ])('accepts a hash whose check takes about a second at most: $description', ({ hash }) => {
    expect(issuesOf(withAuth({ users: { ops: hash } }))).toEqual([]);
  });

  it.each([
    { description: 'bcrypt cost 15', hash: BCRYPT_10.replace('$10$', '$15$') },
    { description: 'bcrypt cost 31', hash: BCRYPT_10.replace('$10$', '$31$') },
    { description: 'scrypt over 64 MiB (ln=17,r=8)', hash: `$scrypt$ln=17,r=8,p=1$${SALT}$${KEY}` },
    { description: 'scrypt with p=3 at 64 MiB', hash: `$scrypt$ln=16,r=8,p=3$${SALT}$${KEY}` },
    { description: 'scrypt ln=0', hash: `$scrypt$ln=0,r=8,p=1$${SALT}$${KEY}` },
    { description: 'scrypt p=0', hash: `$scrypt$ln=10,r=8,p=0$${SALT}$${KEY}` },
    { description: 'a plain password', hash: 's3cret' },
  ])('refuses a hash that would take seconds per check or cannot be checked: $description', ({ hash }) => {
    // Act
    const issues = issuesOf(withAuth({ users: { ops: hash } }));

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['routes[0].auth.users.ops']);
  });
});

describe('#13 - Config: routes[].auth jwt', () => {
  const jwt = (auth: Record<string, unknown>) => ({
    routes: [
      {
        name: 'hooks',
        target: { type: 'http', url: 'http://127.0.0.1:3000' },
        auth: { type: 'jwt', issuer: 'https://idp.example.com', audience: ['client'], ...auth },
      },
    ],
  });

  it('defaults to asymmetric algorithms, 60 s of clock skew and no required scope', () => {
    // Act
    const config = validateConfig(jwt({}), { file: 'sluice.yaml' });

    // Assess
    expect(config.routes[0]!.auth).toMatchObject({
      type: 'jwt',
      realm: 'sluice',
      scopes: [],
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      clock_skew: 60_000,
      max_failures: 10,
      failure_window: 60_000,
    });
  });

  it.each(['http://127.0.0.1:9000', 'http://localhost:9000/realms/dev', 'http://[::1]:9000'])(
    'accepts a loopback http issuer for local development: %s',
    (issuer) => {
      // Act
      const config = validateConfig(jwt({ issuer, jwks_uri: `${issuer}/keys` }), { file: 'sluice.yaml' });

      // Assess
      expect(config.routes[0]!.auth).toMatchObject({ issuer });
    },
  );

  it.each([
    { description: 'an http issuer beyond loopback', auth: { issuer: 'http://idp.example.com' }, path: 'routes[0].auth.issuer', message: /https:\/\// },
    {
      description: 'an http jwks_uri beyond loopback',
      auth: { jwks_uri: 'http://idp.example.com/keys' },
      path: 'routes[0].auth.jwks_uri',
      message: /https:\/\//,
    },
    {
      description: 'an issuer with credentials',
      auth: { issuer: 'https://user:pw@idp.example.com' },
      path: 'routes[0].auth.issuer',
      message: /without credentials/,
    },
    { description: 'HS256', auth: { algorithms: ['HS256'] }, path: 'routes[0].auth.algorithms[0]', message: /HMAC algorithms are refused/ },
    { description: 'alg none', auth: { algorithms: ['none'] }, path: 'routes[0].auth.algorithms[0]', message: /"none" is refused/ },
    { description: 'no audience', auth: { audience: [] }, path: 'routes[0].auth.audience', message: /at least one audience/ },
    { description: 'a clock skew over 5 minutes', auth: { clock_skew: '10m' }, path: 'routes[0].auth.clock_skew', message: /at most 5m/ },
    { description: 'a scope with a space', auth: { scopes: ['hooks write'] }, path: 'routes[0].auth.scopes[0]', message: /without spaces/ },
  ])('refuses $description', ({ auth, path, message }) => {
    // Act
    const issues = issuesOf(jwt(auth));

    // Assess
    expect(issues).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });
});
