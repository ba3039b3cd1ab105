import { describe, expect, it } from 'vitest';
import { FunctionNameResolver, isFunctionIdentifier, strippedPath } from './function-name.js';

describe('Class: FunctionNameResolver', () => {
  const names = new FunctionNameResolver({ template: '{path.0}', allow: ['hello', 'report-*', 'admin*'], deny: ['admin-*'], prefix: 'prod-', suffix: '-fn' });

  it('takes the name from the path, then adds prefix and suffix', () => {
    // Act
    const resolved = names.resolve('/hello/users/1');

    // Assess
    expect(resolved).toEqual({ name: 'prod-hello-fn', consumedSegments: 1 });
  });

  it.each([
    { description: 'a dot-dot segment', rest: '/../admin' },
    { description: 'a dot segment', rest: '/./hello' },
    { description: 'an encoded slash', rest: '/hello%2F..%2Fadmin' },
    { description: 'an encoded dot-dot', rest: '/%2e%2e/admin' },
    { description: 'a double-encoded slash', rest: '/hello%252Fadmin' },
    { description: 'a qualifier', rest: '/hello:prod' },
    { description: 'an ARN', rest: '/arn:aws:lambda:us-east-1:123456789012:function:admin' },
    { description: 'an empty segment', rest: '//hello' },
    { description: 'no segment at all', rest: '' },
    { description: 'a backslash', rest: '/hello\\admin' },
    { description: 'a name over 64 characters', rest: `/${'a'.repeat(65)}` },
  ])('refuses $description with 400 before any glob', ({ rest }) => {
    // Act
    const act = () => names.resolve(rest);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SLUICE_FUNCTION_NAME_INVALID', statusCode: 400 }));
  });

  it.each([
    { description: 'a name no allow glob matches', rest: '/other' },
    { description: 'a name a deny glob matches', rest: '/admin-panel' },
    { description: 'a name that differs only in case', rest: '/HELLO' },
  ])('refuses $description with 404', ({ rest }) => {
    // Act
    const act = () => names.resolve(rest);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SLUICE_FUNCTION_NOT_ALLOWED', statusCode: 404 }));
  });

  it('accepts globs and several placeholders', () => {
    // Prepare
    const pair = new FunctionNameResolver({ template: '{path.0}-{path.1}', allow: ['report-*'] });

    // Act
    const resolved = pair.resolve('/report/daily/2026');

    // Assess
    expect(resolved).toEqual({ name: 'report-daily', consumedSegments: 2 });
  });

  it('returns a fixed name as it is', () => {
    // Prepare
    const fixed = new FunctionNameResolver({ template: 'arn:aws:lambda:us-west-2:123456789012:function:hello' });

    // Act
    const resolved = fixed.resolve('/../anything');

    // Assess
    expect(resolved).toEqual({ name: 'arn:aws:lambda:us-west-2:123456789012:function:hello', consumedSegments: 0 });
    expect(fixed.fromPath).toBe(false);
  });
});

describe('Function: strippedPath', () => {
  it.each([
    { rest: '/hello/users/1', consumed: 1, path: '/users/1' },
    { rest: '/hello', consumed: 1, path: '/' },
    { rest: '/hello/', consumed: 1, path: '/' },
    { rest: '/a/b/c', consumed: 2, path: '/c' },
    { rest: '/users', consumed: 0, path: '/users' },
    { rest: '', consumed: 0, path: '/' },
  ])('strips $consumed segments of $rest', ({ rest, consumed, path }) => {
    // Act & Assess
    expect(strippedPath(rest, consumed)).toBe(path);
  });
});

describe('Function: isFunctionIdentifier', () => {
  it.each(['hello', 'hello:prod', 'hello:$LATEST', '123456789012:function:hello', 'arn:aws:lambda:us-west-2:123456789012:function:hello:7'])(
    'accepts %s',
    (name) => {
      expect(isFunctionIdentifier(name)).toBe(true);
    },
  );

  it.each(['', '../x', 'a/b', 'hello world', 'a'.repeat(65)])('refuses %j', (name) => {
    expect(isFunctionIdentifier(name)).toBe(false);
  });
});
