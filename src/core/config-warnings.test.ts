import { describe, expect, it } from 'vitest';
import { validateConfig } from './config-parse.js';
import { configWarnings } from './config-warnings.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function route(name: string, match: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, match, target: { type: 'http', url: 'http://127.0.0.1:3000/' }, ...extra };
}

function warningsOf(raw: Record<string, unknown>): { code: string; path: string }[] {
  return configWarnings(validateConfig(raw, { file: 'sluice.yaml' })).map(({ code, path }) => ({ code, path }));
}

describe('Function: configWarnings', () => {
  it.each([
    { description: 'the same prefix twice', routes: [route('a', { path_prefix: '/api' }), route('b', { path_prefix: '/api/' })] },
    {
      description: 'the same host in another case',
      routes: [route('a', { host: 'API.example.com', path: '/x' }), route('b', { host: 'api.example.com', path: '/x' })],
    },
    { description: 'no match and "/" (both everything)', routes: [route('a', {}), route('b', { path_prefix: '/', host: '*' })] },
    {
      description: 'methods taken by earlier routes together',
      routes: [
        route('a', { path: '/x', methods: ['GET'] }),
        route('b', { path: '/x', methods: ['POST'] }),
        route('c', { path: '/x', methods: ['post', 'GET'] }),
      ],
      path: 'routes[2]',
    },
  ])('warns about a route that never matches: $description', ({ routes, path }) => {
    // Act
    const warnings = warningsOf({ routes });

    // Assess
    expect(warnings).toEqual([{ code: 'unreachable_route', path: path ?? 'routes[1]' }]);
  });

  it.each([
    { description: 'different prefixes', routes: [route('a', { path_prefix: '/api' }), route('b', { path_prefix: '/api/v1' })] },
    { description: 'a path and a prefix of the same text', routes: [route('a', { path_prefix: '/x' }), route('b', { path: '/x' })] },
    { description: 'different hosts', routes: [route('a', { host: 'a.example.com' }), route('b', { host: 'b.example.com' })] },
    {
      description: 'methods after any method (the restricted one ranks first)',
      routes: [route('a', { path: '/x' }), route('b', { path: '/x', methods: ['GET'] })],
    },
    { description: 'any method after some methods', routes: [route('a', { path: '/x', methods: ['GET'] }), route('b', { path: '/x' })] },
    {
      description: 'overlapping methods with one left',
      routes: [route('a', { path: '/x', methods: ['GET'] }), route('b', { path: '/x', methods: ['GET', 'PUT'] })],
    },
  ])('does not warn about $description', ({ routes }) => {
    expect(warningsOf({ routes })).toEqual([]);
  });

  it('warns about captured routes without a destination, only where the process delivers', () => {
    // Prepare
    const config = validateConfig({ routes: [route('a', {}, { capture: true })] }, { file: 'sluice.yaml' });

    // Act
    const serving = configWarnings(config);
    const gatewayOnly = configWarnings(config, { delivers: false });

    // Assess
    expect(serving.map((warning) => warning.code)).toEqual(['capture_without_destination']);
    expect(gatewayOnly).toEqual([]);
  });

  it('warns about a destination without a signing secret, not about a signed one', () => {
    // Act
    const unsigned = warningsOf({ destination: { url: 'http://127.0.0.1:4000/' } });
    const signed = warningsOf({ destination: { url: 'http://127.0.0.1:4000/', signing_secret: SECRET } });

    // Assess
    expect(unsigned).toEqual([{ code: 'unsigned_deliveries', path: 'destination.signing_secret' }]);
    expect(signed).toEqual([]);
  });
});
