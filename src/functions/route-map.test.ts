import { describe, expect, it } from 'vitest';
import { RouteMap } from './route-map.js';

const document = {
  version: 1,
  routes: [
    { method: 'GET', resource: '/users/{id}', uri: 'https://backend.example.com/users/{id}?v=1', name: 'users' },
    { method: 'ANY', resource: '/files/{proxy+}', uri: 'https://files.example.com/{proxy+}' },
  ],
};

describe('Class: RouteMap', () => {
  it('fills the URI template and appends the query to one the template has', () => {
    // Prepare
    const routes = RouteMap.parse(JSON.stringify(document), 'SLUICE_ROUTE_MAP');

    // Act
    const resolved = routes.resolve('get', '/users/{id}', { id: 'ä/1' }, 'page=2');

    // Assess
    expect(resolved?.url.href).toBe('https://backend.example.com/users/%C3%A4/1?v=1&page=2');
    expect(resolved?.name).toBe('users');
  });

  it('falls back to ANY and keeps the slashes of a greedy parameter', () => {
    // Prepare
    const routes = RouteMap.parse(JSON.stringify(document), 'test');

    // Act
    const resolved = routes.resolve('PUT', '/files/{proxy+}', { proxy: 'a/b c' }, '');

    // Assess
    expect(resolved?.url.href).toBe('https://files.example.com/a/b%20c');
    expect(resolved?.name).toBe('/files/{proxy+}');
  });

  it('resolves nothing for a method and resource it lacks', () => {
    // Prepare
    const routes = RouteMap.parse(JSON.stringify(document), 'test');

    // Act
    const resolved = routes.resolve('POST', '/users/{id}', { id: '1' }, '');

    // Assess
    expect(resolved).toBeUndefined();
  });

  it('applies the stage variables and the saved requestParameters, as an HTTP integration would', () => {
    // Prepare
    const routes = RouteMap.parse(
      JSON.stringify({
        version: 1,
        stage_variables: { host: 'fallback.example.com', env: 'staging' },
        routes: [
          {
            method: 'GET',
            resource: '/users/{userId}',
            uri: 'https://${stageVariables.host}/v1/users/{userId}',
            request_parameters: {
              'integration.request.header.X-Tenant': 'method.request.querystring.tenant',
              'integration.request.header.X-Env': 'stageVariables.env',
              'integration.request.header.X-Request-Id': 'context.requestId',
              'integration.request.querystring.source': "'gateway'",
              'integration.request.header.X-Absent': 'method.request.header.x-missing',
            },
          },
        ],
      }),
      'test',
    );

    // Act
    const resolved = routes.resolve('GET', '/users/{userId}', { userId: '7' }, 'tenant=acme', {
      headers: { Accept: 'application/json' },
      query: { tenant: 'acme' },
      stageVariables: { host: 'api.example.com' },
      context: { requestId: 'req-1' },
    });

    // Assess
    expect(resolved?.url.href).toBe('https://api.example.com/v1/users/7?tenant=acme&source=gateway');
    expect(resolved?.headers).toEqual([
      ['X-Tenant', 'acme'],
      ['X-Env', 'staging'],
      ['X-Request-Id', 'req-1'],
    ]);
  });

  it.each([
    ['not JSON', '{', ''],
    ['a wrong version', JSON.stringify({ ...document, version: 2 }), 'version'],
    ['a relative URI', JSON.stringify({ version: 1, routes: [{ method: 'GET', resource: '/a', uri: '/a' }] }), 'routes[0].uri'],
    ['an unknown method', JSON.stringify({ version: 1, routes: [{ method: 'FETCH', resource: '/a', uri: 'https://a.example.com' }] }), 'routes[0].method'],
    ['no routes', JSON.stringify({ version: 1, routes: [] }), 'routes'],
    [
      'a path request parameter',
      JSON.stringify({
        version: 1,
        routes: [{ method: 'GET', resource: '/a', uri: 'https://a.example.com', request_parameters: { 'integration.request.path.id': "'1'" } }],
      }),
      'routes[0].request_parameters.integration.request.path.id',
    ],
  ])('rejects %s with a ConfigError naming the key', (_, text, path) => {
    // Act
    const attempt = (): unknown => RouteMap.parse(text, 'SLUICE_ROUTE_MAP');

    // Assess
    expect(attempt).toThrow(expect.objectContaining({ code: 'SLUICE_CONFIG_INVALID', file: 'SLUICE_ROUTE_MAP', issues: [expect.objectContaining({ path })] }));
  });
});
