import { describe, expect, it } from 'vitest';
import { ALLOWED_METHODS, resolveRequestHead, type RequestHead } from './request-head.js';

const head = (overrides: Partial<RequestHead> = {}): RequestHead => ({
  method: 'GET',
  url: '/',
  httpVersionMajor: 1,
  httpVersionMinor: 1,
  rawHeaders: ['Host', 'api.example.com'],
  ...overrides,
});

describe('Function: resolveRequestHead', () => {
  it.each([
    { description: 'an origin-form target', url: '/a/./b/../c?x=../y', path: '/a/c', query: 'x=../y', authority: undefined },
    { description: 'an absolute-form http target', url: 'http://api.example.com/a/%2e%2e/b?q', path: '/b', query: 'q', authority: 'api.example.com' },
    {
      description: 'an absolute-form https target with a port',
      url: 'https://API.example.com:8443/x',
      path: '/x',
      query: '',
      authority: 'API.example.com:8443',
    },
    { description: 'an absolute-form target in upper case', url: 'HTTP://api.example.com/x', path: '/x', query: '', authority: 'api.example.com' },
    { description: 'an absolute-form target without a path', url: 'http://api.example.com', path: '/', query: '', authority: 'api.example.com' },
    { description: 'an absolute-form target with only a query', url: 'http://api.example.com?a=1', path: '/', query: 'a=1', authority: 'api.example.com' },
  ])('resolves $description to its normalised path and the query as sent', ({ url, path, query, authority }) => {
    // Act
    const resolved = resolveRequestHead(head({ url }));

    // Assess
    expect(resolved).toEqual({ path, query, authority, host: 'api.example.com' });
  });

  it('resolves an HTTP/1.0 request without Host', () => {
    // Act
    const resolved = resolveRequestHead(head({ httpVersionMinor: 0, rawHeaders: [] }));

    // Assess
    expect(resolved).toEqual({ path: '/', query: '', authority: undefined, host: undefined });
  });

  it('takes the host of an HTTP/1.0 absolute-form target without Host from its authority', () => {
    // Act
    const resolved = resolveRequestHead(head({ url: 'http://api.example.com/x', httpVersionMinor: 0, rawHeaders: [] }));

    // Assess
    expect(resolved).toEqual({ path: '/x', query: '', authority: 'api.example.com', host: 'api.example.com' });
  });

  it.each([
    { description: 'the IPv6 literal Host', value: '[::1]:8080' },
    { description: 'an empty Host', value: '' },
    { description: 'a Host with a trailing colon', value: 'api.example.com:' },
  ])('accepts $description', ({ value }) => {
    // Act
    const resolved = resolveRequestHead(head({ rawHeaders: ['host', value] }));

    // Assess
    expect(resolved.host).toBe(value);
  });

  it.each([
    { description: 'HTTP/2.0', major: 2, minor: 0, code: 'SLUICE_HTTP_VERSION_NOT_SUPPORTED', status: 505 },
    { description: 'HTTP/0.9', major: 0, minor: 9, code: 'SLUICE_HTTP_VERSION_NOT_SUPPORTED', status: 505 },
  ])('refuses $description with $status', ({ major, minor, code, status }) => {
    // Act
    const act = () => resolveRequestHead(head({ httpVersionMajor: major, httpVersionMinor: minor }));

    // Assess
    expect(act).toThrow(expect.objectContaining({ code, statusCode: status }));
  });

  it.each([
    { description: 'two Host headers', rawHeaders: ['Host', 'a.example.com', 'host', 'b.example.com'], code: 'SLUICE_BAD_HOST' },
    { description: 'two identical Host headers', rawHeaders: ['Host', 'a.example.com', 'HOST', 'a.example.com'], code: 'SLUICE_BAD_HOST' },
    { description: 'a Host with a path', rawHeaders: ['Host', 'a.example.com/admin'], code: 'SLUICE_BAD_HOST' },
    { description: 'a Host with user information', rawHeaders: ['Host', 'user@a.example.com'], code: 'SLUICE_BAD_HOST' },
    { description: 'a Host with a space', rawHeaders: ['Host', 'a .example.com'], code: 'SLUICE_BAD_HOST' },
    { description: 'a Host with a non-numeric port', rawHeaders: ['Host', 'a.example.com:http'], code: 'SLUICE_BAD_HOST' },
    { description: 'no Host on HTTP/1.1', rawHeaders: [], code: 'SLUICE_BAD_REQUEST' },
  ])('refuses $description with 400 $code', ({ rawHeaders, code }) => {
    // Act
    const act = () => resolveRequestHead(head({ rawHeaders }));

    // Assess
    expect(act).toThrow(expect.objectContaining({ code, statusCode: 400 }));
  });

  it.each(['TRACE', 'CONNECT'])('refuses %s with 405 and the allowed methods', (method) => {
    // Act
    const act = () => resolveRequestHead(head({ method, url: method === 'CONNECT' ? 'api.example.com:443' : '/' }));

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SLUICE_METHOD_NOT_ALLOWED', statusCode: 405, allow: ALLOWED_METHODS }));
    expect(ALLOWED_METHODS).not.toContain(method);
  });

  it.each([
    { description: 'a non-HTTP scheme', url: 'ftp://api.example.com/file', code: 'SLUICE_UNSUPPORTED_SCHEME' },
    { description: 'a websocket scheme', url: 'ws://api.example.com/socket', code: 'SLUICE_UNSUPPORTED_SCHEME' },
    { description: 'a file URI', url: 'file:///etc/passwd', code: 'SLUICE_UNSUPPORTED_SCHEME' },
    { description: 'user information in the authority', url: 'http://user:pw@api.example.com/x', code: 'SLUICE_BAD_REQUEST' },
    { description: 'an empty authority', url: 'http:///x', code: 'SLUICE_BAD_REQUEST' },
    { description: 'an authority naming another host than Host', url: 'http://admin.example.com/x', code: 'SLUICE_BAD_HOST' },
    { description: 'the asterisk form', url: '*', code: 'SLUICE_BAD_REQUEST' },
    { description: 'the authority form', url: 'api.example.com:443', code: 'SLUICE_BAD_REQUEST' },
    { description: 'a path that climbs above the root', url: '/../etc/passwd', code: 'SLUICE_BAD_PATH' },
    { description: 'an absolute-form path with an encoded slash', url: 'http://api.example.com/a/..%2fb', code: 'SLUICE_BAD_PATH' },
  ])('refuses a target with $description with 400 $code', ({ url, code }) => {
    // Act
    const act = () => resolveRequestHead(head({ url }));

    // Assess
    expect(act).toThrow(expect.objectContaining({ code, statusCode: 400 }));
  });

  it('accepts an absolute-form authority that differs from Host only in case and port, as routing does', () => {
    // Act
    const resolved = resolveRequestHead(head({ url: 'http://API.example.com:80/x', rawHeaders: ['Host', 'api.example.com'] }));

    // Assess
    expect(resolved.path).toBe('/x');
  });

  it('checks the version before anything else', () => {
    // Act
    const act = () => resolveRequestHead(head({ httpVersionMajor: 2, httpVersionMinor: 0, method: 'TRACE', rawHeaders: [] }));

    // Assess
    expect(act).toThrow(expect.objectContaining({ statusCode: 505 }));
  });
});
