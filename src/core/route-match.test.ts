import { describe, expect, it } from 'vitest';
import type { RouteMatchConfig } from './config-schema.js';
import { normaliseHost, RouteTable } from './route-match.js';

interface TestRoute {
  readonly name: string;
  readonly match: RouteMatchConfig;
}

const ROUTES: TestRoute[] = [
  { name: 'catch-all', match: {} },
  { name: 'api', match: { path_prefix: '/api' } },
  { name: 'api-v1', match: { path_prefix: '/api/v1/' } },
  { name: 'users-exact', match: { path: '/api/v1/users' } },
  { name: 'users-post', match: { path_prefix: '/api/v1/users', methods: ['POST'] } },
  { name: 'admin-host', match: { host: 'admin.example.com' } },
  { name: 'admin-host-api', match: { host: 'admin.example.com', path_prefix: '/api' } },
  { name: 'wildcard-host', match: { host: '*.example.com' } },
  { name: 'deeper-wildcard', match: { host: '*.eu.example.com' } },
  { name: 'any-host', match: { host: '*', path: '/health' } },
];

describe('Class: RouteTable', () => {
  const table = new RouteTable(ROUTES);

  it.each([
    { host: 'other.test', path: '/', method: 'GET', route: 'catch-all', rest: '/' },
    { host: 'other.test', path: '/api', method: 'GET', route: 'api', rest: '' },
    { host: 'other.test', path: '/api/x', method: 'GET', route: 'api', rest: '/x' },
    { host: 'other.test', path: '/apix', method: 'GET', route: 'catch-all', rest: '/apix' },
    { host: 'other.test', path: '/api/v1', method: 'GET', route: 'api-v1', rest: '' },
    { host: 'other.test', path: '/api/v1/orders', method: 'GET', route: 'api-v1', rest: '/orders' },
    { host: 'other.test', path: '/api/v1/users', method: 'GET', route: 'users-exact', rest: '' },
    { host: 'other.test', path: '/api/v1/users', method: 'POST', route: 'users-exact', rest: '' },
    { host: 'other.test', path: '/api/v1/users/7', method: 'POST', route: 'users-post', rest: '/7' },
    { host: 'other.test', path: '/api/v1/users/7', method: 'GET', route: 'api-v1', rest: '/users/7' },
    { host: 'ADMIN.Example.com:8443', path: '/x', method: 'GET', route: 'admin-host', rest: '/x' },
    { host: 'admin.example.com', path: '/api/x', method: 'GET', route: 'admin-host-api', rest: '/x' },
    { host: 'shop.example.com', path: '/', method: 'GET', route: 'wildcard-host', rest: '/' },
    { host: 'shop.eu.example.com', path: '/', method: 'GET', route: 'deeper-wildcard', rest: '/' },
    { host: 'example.com', path: '/', method: 'GET', route: 'catch-all', rest: '/' },
    { host: undefined, path: '/health', method: 'GET', route: 'any-host', rest: '' },
  ])('routes $method $host $path to $route', ({ host, path, method, route, rest }) => {
    expect(table.match(host, path, method)).toEqual({ route: expect.objectContaining({ name: route }), rest });
  });

  it('matches nothing when no route applies', () => {
    // Prepare
    const narrow = new RouteTable<TestRoute>([{ name: 'hooks', match: { path: '/hooks', methods: ['POST'] } }]);

    // Assess
    expect(narrow.match('x', '/hooks', 'GET')).toBeUndefined();
    expect(narrow.match('x', '/hooks/1', 'POST')).toBeUndefined();
    expect(narrow.size).toBe(1);
  });
});

describe('Function: normaliseHost', () => {
  it.each([
    ['API.Example.com:8080', 'api.example.com'],
    ['example.com', 'example.com'],
    ['[::1]:80', '[::1]'],
    ['[::1]', '[::1]'],
    ['', ''],
    [undefined, ''],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseHost(input)).toBe(expected);
  });
});
