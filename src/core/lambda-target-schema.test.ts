import { describe, expect, it } from 'vitest';
import { validateConfig } from './config-parse.js';
import type { ConfigError } from './errors.js';
import { parseHandlerSpec } from './lambda-target-schema.js';

const withTarget = (target: Record<string, unknown>, route: Record<string, unknown> = {}) => ({
  routes: [{ name: 'fn', match: { path_prefix: '/lambda/' }, target: { type: 'lambda', ...target }, ...route }],
});

const issues = (raw: unknown) => {
  try {
    validateConfig(raw, { file: 'test.yaml' });
    return [];
  } catch (error) {
    return (error as ConfigError).issues.map((issue) => ({ path: issue.path, message: issue.message }));
  }
};

describe('Config: lambda target', () => {
  it('accepts the SPEC example: a function from the path with an allow-list, on AWS', () => {
    // Act
    const config = validateConfig(withTarget({ function: '{path.0}', region: 'us-west-2', qualifier: 'prod', allow: ['hello', 'my-other-fx'] }), {
      file: 'test.yaml',
    });

    // Assess
    expect(config.routes[0]!.target).toMatchObject({ type: 'lambda', function: '{path.0}', event: 'apigw-v2', strip_path_prefix: false, deny: [] });
  });

  it.each([
    { description: 'an emulator endpoint', target: { endpoint: 'http://service-1-lambda:8080', event: 'apigw-v1' } },
    { description: 'a handler file', target: { handler: './handlers/users.mjs#handler', workers: 2 } },
    { description: 'an ALB event with multi-value headers', target: { handler: './h.js', event: 'alb', multi_value_headers: true } },
    {
      description: 'an ARN with an assumed role',
      target: { function: 'arn:aws:lambda:us-west-2:123456789012:function:hello', assume_role: { role_arn: 'arn:aws:iam::123456789012:role/invoker' } },
    },
    {
      description: 'the envelope with a prefix',
      target: { function: '{path.0}', allow: ['*'], event: 'envelope', name_prefix: 'acme-api-', strip_path_prefix: true },
    },
  ])('accepts $description', ({ target }) => {
    expect(issues(withTarget(target))).toEqual([]);
  });

  it.each([
    { description: 'no mode', target: {}, path: 'routes[0].target' },
    { description: 'two modes', target: { function: 'a', handler: './a.mjs' }, path: 'routes[0].target.handler' },
    { description: 'a path-derived name without an allow-list', target: { function: '{path.0}' }, path: 'routes[0].target.allow' },
    { description: 'an allow-list for a fixed name', target: { function: 'hello', allow: ['x'] }, path: 'routes[0].target.allow' },
    { description: 'a function name with a slash', target: { function: 'a/b' }, path: 'routes[0].target.function' },
    { description: 'AWS settings on a handler', target: { handler: './a.mjs', region: 'us-east-1' }, path: 'routes[0].target.region' },
    { description: 'workers on an emulator', target: { endpoint: 'http://x:8080', workers: 2 }, path: 'routes[0].target.workers' },
    { description: 'multi-value headers without ALB', target: { handler: './a.mjs', multi_value_headers: true }, path: 'routes[0].target.multi_value_headers' },
    { description: 'a handler that is not JavaScript', target: { handler: './a.py#handler' }, path: 'routes[0].target.handler' },
    { description: 'an unknown event format', target: { handler: './a.mjs', event: 'apigw-v3' }, path: 'routes[0].target.event' },
    { description: 'a qualifier twice', target: { function: 'hello:prod', qualifier: 'dev' }, path: 'routes[0].target.qualifier' },
    { description: 'an endpoint that is not a URL', target: { endpoint: 'service-1:8080' }, path: 'routes[0].target.endpoint' },
  ])('refuses $description, naming the key', ({ target, path }) => {
    expect(issues(withTarget(target)).map((issue) => issue.path)).toContain(path);
  });
});

describe('Config: route auth', () => {
  const bcrypt = '$2y$10$abcdefghijklmnopqrstuu5Ax7B6SjOBIN3Om3G3/KmqnpBOdxVTy';
  const scrypt = '$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0$3jS4hMKBmtlJv5VBlxf3v3oO58b+gx8/hUZCEH6qN8w';

  it('accepts bcrypt and scrypt hashes', () => {
    expect(issues(withTarget({ handler: './a.mjs' }, { auth: { type: 'basic', realm: 'ops', users: { ops: bcrypt, ci: scrypt } } }))).toEqual([]);
  });

  it.each([
    { description: 'a plain password', auth: { type: 'basic', users: { ops: 'hunter2' } }, path: 'routes[0].auth.users.ops' },
    { description: 'no users', auth: { type: 'basic', users: {} }, path: 'routes[0].auth.users' },
    { description: 'a user name with a colon', auth: { type: 'basic', users: { 'a:b': bcrypt } }, path: 'routes[0].auth.users.a:b' },
    { description: 'a realm with a quote', auth: { type: 'basic', realm: 'a"b', users: { ops: bcrypt } }, path: 'routes[0].auth.realm' },
    { description: 'an unknown scheme', auth: { type: 'digest', users: { ops: bcrypt } }, path: 'routes[0].auth.type' },
  ])('refuses $description', ({ auth, path }) => {
    expect(issues(withTarget({ handler: './a.mjs' }, { auth })).map((issue) => issue.path)).toContain(path);
  });
});

describe('Function: parseHandlerSpec', () => {
  it.each([
    ['./fns/users.mjs#list', { file: './fns/users.mjs', exportName: 'list' }],
    ['index.js', { file: 'index.js', exportName: 'handler' }],
    ['./a.cjs#$main', { file: './a.cjs', exportName: '$main' }],
    ['./a.ts#handler', undefined],
    ['./a.mjs#not-an-identifier', undefined],
  ])('%s', (spec, expected) => {
    expect(parseHandlerSpec(spec)).toEqual(expected);
  });
});
