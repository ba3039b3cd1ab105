import { describe, expect, it } from 'vitest';
import { normalisePath } from './normalise-path.js';

describe('Function: normalisePath', () => {
  describe.each([
    // RFC 3986 §5.4.1 normal examples, base "/b/c/d;p" merged with the reference, then normalised.
    { description: 'RFC 3986 §5.4.1 "./g"', path: '/b/c/./g', expected: '/b/c/g' },
    { description: 'RFC 3986 §5.4.1 "g/"', path: '/b/c/g/', expected: '/b/c/g/' },
    { description: 'RFC 3986 §5.4.1 "."', path: '/b/c/.', expected: '/b/c/' },
    { description: 'RFC 3986 §5.4.1 "./"', path: '/b/c/./', expected: '/b/c/' },
    { description: 'RFC 3986 §5.4.1 ".."', path: '/b/c/..', expected: '/b/' },
    { description: 'RFC 3986 §5.4.1 "../"', path: '/b/c/../', expected: '/b/' },
    { description: 'RFC 3986 §5.4.1 "../g"', path: '/b/c/../g', expected: '/b/g' },
    { description: 'RFC 3986 §5.4.1 "../.."', path: '/b/c/../..', expected: '/' },
    { description: 'RFC 3986 §5.4.1 "../../"', path: '/b/c/../../', expected: '/' },
    { description: 'RFC 3986 §5.4.1 "../../g"', path: '/b/c/../../g', expected: '/g' },
    // RFC 3986 §5.4.2 abnormal examples that stay within the root.
    { description: 'RFC 3986 §5.4.2 "/./g"', path: '/./g', expected: '/g' },
    { description: 'RFC 3986 §5.4.2 "g."', path: '/b/c/g.', expected: '/b/c/g.' },
    { description: 'RFC 3986 §5.4.2 ".g"', path: '/b/c/.g', expected: '/b/c/.g' },
    { description: 'RFC 3986 §5.4.2 "g.."', path: '/b/c/g..', expected: '/b/c/g..' },
    { description: 'RFC 3986 §5.4.2 "..g"', path: '/b/c/..g', expected: '/b/c/..g' },
    { description: 'RFC 3986 §5.4.2 "./../g"', path: '/b/c/./../g', expected: '/b/g' },
    { description: 'RFC 3986 §5.4.2 "./g/."', path: '/b/c/./g/.', expected: '/b/c/g/' },
    { description: 'RFC 3986 §5.4.2 "g/./h"', path: '/b/c/g/./h', expected: '/b/c/g/h' },
    { description: 'RFC 3986 §5.4.2 "g/../h"', path: '/b/c/g/../h', expected: '/b/c/h' },
    { description: 'RFC 3986 §5.4.2 "g;x=1/./y"', path: '/b/c/g;x=1/./y', expected: '/b/c/g;x=1/y' },
    { description: 'RFC 3986 §5.4.2 "g;x=1/../y"', path: '/b/c/g;x=1/../y', expected: '/b/c/y' },
    // RFC 3986 §5.2.4 worked examples.
    { description: 'RFC 3986 §5.2.4 "/a/b/c/./../../g"', path: '/a/b/c/./../../g', expected: '/a/g' },
    { description: 'RFC 3986 §5.2.4 "mid/content=5/../6"', path: '/mid/content=5/../6', expected: '/mid/6' },
    // Traversal variants.
    { description: 'a plain dot-dot', path: '/public/../admin', expected: '/admin' },
    { description: 'encoded dots', path: '/public/%2e%2e/admin', expected: '/admin' },
    { description: 'upper-case encoded dots', path: '/public/%2E%2E/admin', expected: '/admin' },
    { description: 'an encoded then a plain dot', path: '/public/%2E./admin', expected: '/admin' },
    { description: 'a plain then an encoded dot', path: '/public/.%2e/admin', expected: '/admin' },
    { description: 'an encoded single dot', path: '/public/%2e/admin', expected: '/public/admin' },
    { description: 'a "/./" segment', path: '/a/./b', expected: '/a/b' },
    { description: 'a trailing "/.."', path: '/a/b/..', expected: '/a/' },
    { description: 'a trailing encoded "/%2e%2e"', path: '/a/b/%2e%2e', expected: '/a/' },
    { description: 'a double-encoded dot (decoded once only)', path: '/a/%252e%252e/b', expected: '/a/%252e%252e/b' },
    { description: 'a double-encoded slash (decoded once only)', path: '/a/..%252fb', expected: '/a/..%252fb' },
    { description: 'a segment that only looks like a dot-dot', path: '/a/..;/b', expected: '/a/..;/b' },
    { description: 'three dots', path: '/a/.../b', expected: '/a/.../b' },
    // Duplicate slashes, merged as nginx does.
    { description: 'a doubled slash', path: '/a//b', expected: '/a/b' },
    { description: 'a leading doubled slash', path: '//admin', expected: '/admin' },
    { description: 'only slashes', path: '///', expected: '/' },
    { description: 'a doubled trailing slash', path: '/a//', expected: '/a/' },
    { description: 'a doubled slash before a dot-dot', path: '/a/b//../c', expected: '/a/c' },
    // Percent-encoding: unreserved decoded, the rest kept with upper-case hex.
    { description: 'encoded letters, digits and "-._~"', path: '/%61%62%43/%30%39/%2D%2e%5f%7E', expected: '/abC/09/-._~' },
    { description: 'encoded reserved characters', path: '/a%3fb%23c%25d%3B%40', expected: '/a%3Fb%23c%25d%3B%40' },
    { description: 'encoded UTF-8', path: '/caf%c3%a9', expected: '/caf%C3%A9' },
    { description: 'an encoded space and plus', path: '/a%20b+c', expected: '/a%20b+c' },
    { description: 'an encoded control character other than NUL', path: '/a%0d%0Ab', expected: '/a%0D%0Ab' },
    // Already normal: returned as it is.
    { description: 'the root', path: '/', expected: '/' },
    { description: 'a plain path', path: '/api/v1/users', expected: '/api/v1/users' },
    { description: 'a trailing slash', path: '/api/', expected: '/api/' },
    { description: 'a dot inside a segment', path: '/.well-known/openid-configuration', expected: '/.well-known/openid-configuration' },
  ])('$description', ({ path, expected }) => {
    it(`normalises ${path} to ${expected}`, () => {
      // Act
      const normalised = normalisePath(path);

      // Assess
      expect(normalised).toBe(expected);
    });

    it('is idempotent', () => {
      // Act
      const twice = normalisePath(normalisePath(path));

      // Assess
      expect(twice).toBe(expected);
    });
  });

  describe.each([
    { description: 'an encoded slash', path: '/a/%2f/b', reason: 'encoded_separator' },
    { description: 'an upper-case encoded slash', path: '/a%2Fb', reason: 'encoded_separator' },
    { description: 'encoded dots then an encoded slash', path: '/public/%2e%2e%2fadmin', reason: 'encoded_separator' },
    { description: 'an encoded backslash', path: '/a/..%5cb', reason: 'encoded_separator' },
    { description: 'an upper-case encoded backslash', path: '/a/..%5Cb', reason: 'encoded_separator' },
    { description: 'an encoded NUL', path: '/a%00.txt', reason: 'nul' },
    { description: 'an invalid percent-encoding', path: '/a/%zz', reason: 'bad_encoding' },
    { description: 'a half-valid percent-encoding', path: '/a/%2z', reason: 'bad_encoding' },
    { description: 'a percent sign at the end', path: '/a/%', reason: 'bad_encoding' },
    { description: 'a truncated percent-encoding', path: '/a/%2', reason: 'bad_encoding' },
    { description: 'a raw backslash', path: '/a\\..\\b', reason: 'backslash' },
    { description: 'a fragment', path: '/a#/../b', reason: 'fragment' },
    { description: 'a dot-dot at the root', path: '/..', reason: 'above_root' },
    { description: 'a dot-dot below the root', path: '/../x', reason: 'above_root' },
    { description: 'an encoded dot-dot at the root', path: '/%2e%2e/x', reason: 'above_root' },
    { description: 'more dot-dots than segments', path: '/a/../../x', reason: 'above_root' },
    { description: 'a climb hidden by doubled slashes', path: '/a//../../x', reason: 'above_root' },
    { description: 'a relative path', path: 'a/b', reason: 'not_absolute' },
    { description: 'the asterisk form', path: '*', reason: 'not_absolute' },
    { description: 'an empty path', path: '', reason: 'not_absolute' },
  ])('$description', ({ path, reason }) => {
    it(`refuses ${JSON.stringify(path)} with SLUICE_BAD_PATH (${reason})`, () => {
      // Act
      const act = (): string => normalisePath(path);

      // Assess
      expect(act).toThrow(expect.objectContaining({ name: 'BadPathError', code: 'SLUICE_BAD_PATH', statusCode: 400, reason }));
    });
  });

  it('returns the very same string when there is nothing to change', () => {
    // Prepare
    const path = '/api/v1/users/42';

    // Act
    const normalised = normalisePath(path);

    // Assess
    expect(normalised).toBe(path);
  });
});
