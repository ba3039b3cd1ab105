import { describe, expect, it } from 'vitest';
import { BodyFieldRedactor, redactQuery } from './redact.js';

const R = '[REDACTED]';
const ENCODED = encodeURIComponent(R);

describe('Function: redactQuery', () => {
  it.each([
    { description: 'a named parameter', query: 'token=abc&page=2', names: ['token'], expected: `token=${ENCODED}&page=2` },
    { description: 'every occurrence, in any case', query: 'Token=a&x=1&TOKEN=b', names: ['token'], expected: `Token=${ENCODED}&x=1&TOKEN=${ENCODED}` },
    { description: 'an encoded name', query: 'api%5Fkey=abc', names: ['api_key'], expected: `api%5Fkey=${ENCODED}` },
    { description: 'a parameter without a value', query: 'token&a=1', names: ['token'], expected: `token=${ENCODED}&a=1` },
    { description: 'nothing when no name matches', query: 'a=1&b=%zz', names: ['token'], expected: 'a=1&b=%zz' },
    { description: 'nothing in an empty query', query: '', names: ['token'], expected: '' },
  ])('redacts $description', ({ query, names, expected }) => {
    expect(redactQuery(query, new Set(names))).toBe(expected);
  });
});

describe('Class: BodyFieldRedactor', () => {
  it.each([
    {
      description: 'a bare name at any depth, also inside arrays',
      paths: ['password'],
      value: { password: 'a', nested: { password: 'b' }, list: [{ password: 'c' }] },
      expected: { password: R, nested: { password: R }, list: [{ password: R }] },
    },
    {
      description: 'a dotted path from the root only',
      paths: ['user.ssn'],
      value: { user: { ssn: 'a' }, other: { user: { ssn: 'kept' } } },
      expected: { user: { ssn: R }, other: { user: { ssn: 'kept' } } },
    },
    {
      description: 'a wildcard over array items and object keys',
      paths: ['items.*.token', 'map.*'],
      value: { items: [{ token: 'a' }, { token: 'b', id: 1 }], map: { x: 1, y: { z: 2 } } },
      expected: { items: [{ token: R }, { token: R, id: 1 }], map: { x: R, y: R } },
    },
    {
      description: 'a whole object under a redacted name',
      paths: ['secret'],
      value: { secret: { deep: 1 } },
      expected: { secret: R },
    },
  ])('redacts $description', ({ paths, value, expected }) => {
    // Act
    const changed = new BodyFieldRedactor(paths).redact(value);

    // Assess
    expect(changed).toBe(true);
    expect(value).toEqual(expected);
  });

  it.each([
    { description: 'no such field', value: { a: 1 } },
    { description: 'a scalar document', value: 42 },
    { description: 'null', value: null },
    { description: 'a path through a scalar', value: { user: 'neo' } },
  ])('reports no change for $description', ({ value }) => {
    expect(new BodyFieldRedactor(['password', 'user.ssn']).redact(value)).toBe(false);
  });

  it('is empty without paths', () => {
    expect(new BodyFieldRedactor([]).empty).toBe(true);
    expect(new BodyFieldRedactor(['a']).empty).toBe(false);
  });
});
