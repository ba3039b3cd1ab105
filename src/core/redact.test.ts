import { describe, expect, it } from 'vitest';
import { FieldNames } from './field-names.js';
import { BodyFieldRedactor, redactHeaderUrls, redactQuery } from './redact.js';

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
    // Issue #10: every form a server reads as the same parameter.
    { description: 'a name spelled in another case', query: 'Token=abc', names: ['token'], expected: `Token=${ENCODED}` },
    { description: 'a configured name in another case', query: 'token=abc', names: ['Token'], expected: `token=${ENCODED}` },
    { description: 'an array name token[]', query: 'token[]=a&token[]=b', names: ['token'], expected: `token[]=${ENCODED}&token[]=${ENCODED}` },
    { description: 'an indexed name token[0]', query: 'token[0]=a&token%5B1%5D=b', names: ['token'], expected: `token[0]=${ENCODED}&token%5B1%5D=${ENCODED}` },
    { description: 'a nested name user[token]', query: 'user[token]=a&user[name]=neo', names: ['token'], expected: `user[token]=${ENCODED}&user[name]=neo` },
    { description: 'a dotted path as brackets', query: 'auth[key]=a&auth[id]=1', names: ['auth.key'], expected: `auth[key]=${ENCODED}&auth[id]=1` },
    { description: 'pairs separated by ;', query: 'a=1;token=x;b=2', names: ['token'], expected: `a=1;token=${ENCODED};b=2` },
    { description: 'pairs separated by both', query: 'a=1&b=2;token=x', names: ['token'], expected: `a=1&b=2;token=${ENCODED}` },
    { description: 'a percent-encoded name', query: 'tok%65n=x', names: ['token'], expected: `tok%65n=${ENCODED}` },
    { description: 'an encoded name with a bad escape after it', query: 'tok%65n[%zz]=x', names: ['token'], expected: `tok%65n[%zz]=${ENCODED}` },
    { description: 'a name with + and spaces around it', query: '+token+=x', names: ['token'], expected: `+token+=${ENCODED}` },
    {
      description: 'a repeated key every time',
      query: 'token=a&x=1&token=b&token',
      names: ['token'],
      expected: `token=${ENCODED}&x=1&token=${ENCODED}&token=${ENCODED}`,
    },
    { description: 'no longer name that merely starts with it', query: 'tokens=a&token_id=b', names: ['token'], expected: 'tokens=a&token_id=b' },
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

  it.each([
    { description: 'a key in another case', paths: ['password'], value: { Password: 'a', PASSWORD: 'b' }, expected: { Password: R, PASSWORD: R } },
    { description: 'a configured name in another case', paths: ['PassWord'], value: { password: 'a' }, expected: { password: R } },
    { description: 'a dotted path in another case', paths: ['card.number'], value: { Card: { Number: '4111' } }, expected: { Card: { Number: R } } },
    { description: 'a path written with brackets', paths: ['items[].secret'], value: { items: [{ secret: 'a' }] }, expected: { items: [{ secret: R }] } },
  ])('redacts $description (issue #10)', ({ paths, value, expected }) => {
    // Act
    const changed = new BodyFieldRedactor(paths).redact(value);

    // Assess
    expect(changed).toBe(true);
    expect(value).toEqual(expected);
  });

  it('is empty without paths', () => {
    expect(new BodyFieldRedactor([]).empty).toBe(true);
    expect(new BodyFieldRedactor(['a']).empty).toBe(false);
  });
});

describe('Function: redactHeaderUrls', () => {
  it.each([
    { description: 'a Referer', raw: ['Referer', 'https://app/x?token=a&page=1#top'], expected: ['Referer', `https://app/x?token=${ENCODED}&page=1#top`] },
    { description: 'a Location in any case', raw: ['location', '/cb?code=1;Token=a'], expected: ['location', `/cb?code=1;Token=${ENCODED}`] },
    { description: 'nothing in other headers', raw: ['X-Note', '/cb?token=a'], expected: ['X-Note', '/cb?token=a'] },
  ])('redacts the query of $description', ({ raw, expected }) => {
    expect(redactHeaderUrls(raw, new FieldNames(['token']))).toEqual(expected);
  });
});
