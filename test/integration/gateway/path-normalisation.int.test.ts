import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { handlerFixture } from '../../helpers/lambda-fixtures.js';
import { sendRaw } from '../../helpers/raw-socket.js';

const ADMIN_DATA = 'ADMIN-SECRET-DATA';
const credentials = `Basic ${Buffer.from('ops:s3cret').toString('base64')}`;

interface ResolvingUpstream {
  readonly url: string;
  /** Every request target the upstream received, as sent. */
  readonly received: string[];
  close(): Promise<void>;
}

/**
 * An upstream that resolves paths the way nginx and most file servers do: percent-decode once,
 * take `\` for `/`, then remove dot segments. `/admin/secret` answers the admin data; anything
 * else echoes the target it received.
 */
async function startResolvingUpstream(): Promise<ResolvingUpstream> {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    const target = req.url ?? '/';
    received.push(target);
    const rawPath = target.split('?')[0]!;
    let resolved: string;
    try {
      resolved = posix.normalize(decodeURIComponent(rawPath).replaceAll('\\', '/'));
    } catch {
      resolved = rawPath;
    }
    const body = resolved === '/admin/secret' ? ADMIN_DATA : `upstream got ${target}`;
    res.writeHead(200, ['Content-Type', 'text/plain', 'Content-Length', String(Buffer.byteLength(body))]);
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const get = (target: string, headers = ''): string => `GET ${target} HTTP/1.1\r\nHost: gw.test\r\n${headers}Connection: close\r\n\r\n`;

describe('#10 - Gateway: one normalised path for routing, auth, capture and the upstream', () => {
  let upstream: ResolvingUpstream;
  let gw: TestGateway;
  // Every answer here closes its connection; the idle limit only bounds a test that went wrong.
  const send = (data: string) => sendRaw(gw.port, data, { idleMs: 30_000 });

  beforeAll(async () => {
    upstream = await startResolvingUpstream();
    gw = await startGateway({
      routes: [
        {
          name: 'admin',
          match: { path_prefix: '/admin' },
          target: { type: 'http', url: upstream.url },
          auth: { type: 'basic', users: { ops: bcrypt.hashSync('s3cret', 4) } },
          limits: { max_body_bytes: 1024 },
        },
        { name: 'public', match: { path_prefix: '/public' }, target: { type: 'http', url: upstream.url }, capture: true },
        { name: 'fn', match: { path_prefix: '/fn' }, target: { type: 'lambda', handler: `${handlerFixture('echo.mjs')}#handler`, workers: 1, watch: false } },
        { name: 'rest', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url } },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  describe.each([
    { description: 'a plain dot-dot segment', target: '/public/../admin/secret' },
    { description: 'percent-encoded dots', target: '/public/%2e%2e/admin/secret' },
    { description: 'upper-case encoded dots', target: '/public/%2E%2E/admin/secret' },
    { description: 'a half-encoded dot-dot (".%2e")', target: '/public/.%2e/admin/secret' },
    { description: 'a half-encoded dot-dot ("%2e.")', target: '/public/%2e./admin/secret' },
    { description: 'a dot segment before the dot-dot', target: '/public/./../admin/secret' },
    { description: 'an empty segment before the dot-dot', target: '/public//../admin/secret' },
    { description: 'a dot-dot after a deeper path', target: '/public/a/b/../../../admin/secret' },
    { description: 'an encoded letter in the protected prefix', target: '/%61dmin/secret' },
    { description: 'a doubled slash before the protected prefix', target: '//admin/secret' },
    { description: 'a dot segment inside the protected route', target: '/admin/./secret' },
    { description: 'an absolute-form target with a dot-dot', target: 'http://gw.test/public/../admin/secret' },
  ])('a traversal that normalises to the protected route: $description', ({ target }) => {
    it('is refused with 401 by the protected route and never reaches the upstream', async () => {
      // Prepare
      const before = upstream.received.length;

      // Act
      const answer = await send(get(target));

      // Assess
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(ADMIN_DATA);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_UNAUTHORIZED' } });
      expect(upstream.received.length).toBe(before);
    });
  });

  describe.each([
    { description: 'an encoded slash after encoded dots', target: '/public/%2e%2e%2fadmin/secret', reason: 'encoded_separator' },
    { description: 'an encoded slash after dots', target: '/public/..%2Fadmin/secret', reason: 'encoded_separator' },
    { description: 'an encoded backslash', target: '/public/..%5cadmin/secret', reason: 'encoded_separator' },
    { description: 'a backslash', target: '/public/..\\admin/secret', reason: 'backslash' },
    { description: 'a climb above the root', target: '/public/../../admin/secret', reason: 'above_root' },
    { description: 'an encoded climb above the root', target: '/%2e%2e/admin/secret', reason: 'above_root' },
    { description: 'an encoded NUL', target: '/public/%00/../admin/secret', reason: 'nul' },
    { description: 'an invalid percent-encoding', target: '/public/%zz/../admin/secret', reason: 'bad_encoding' },
    { description: 'a truncated percent-encoding', target: '/public/..%2', reason: 'bad_encoding' },
    { description: 'a fragment in the path', target: '/public#/../admin/secret', reason: 'fragment' },
  ])('a path that cannot be normalised safely: $description', ({ target, reason }) => {
    it('is refused with 400 SLUICE_BAD_PATH and never reaches the upstream', async () => {
      // Prepare
      const before = upstream.received.length;

      // Act
      const answer = await send(get(target));

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.text).not.toContain(ADMIN_DATA);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_BAD_PATH', reason } });
      expect(upstream.received.length).toBe(before);
    });
  });

  it('does not decode twice: %252e%252e stays encoded and stays on the public route', async () => {
    // Act
    const answer = await send(get('/public/%252e%252e/admin/secret'));

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('upstream got /public/%252e%252e/admin/secret');
  });

  it('serves the protected route with credentials, and the upstream receives the normalised path', async () => {
    // Act
    const answer = await send(get('/public/%2e%2e/admin/./secret', `Authorization: ${credentials}\r\n`));

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(ADMIN_DATA);
    expect(upstream.received.at(-1)).toBe('/admin/secret');
  });

  it('sends the upstream the normalised path and the query exactly as sent', async () => {
    // Act
    const answer = await send(get('/public/a/./b/../c//d/%7e%41%2D%5F/caf%c3%a9?x=%2e%2e&y=../z&p=%2F'));

    // Assess
    expect(answer.status).toBe(200);
    expect(upstream.received.at(-1)).toBe('/public/a/c/d/~A-_/caf%C3%A9?x=%2e%2e&y=../z&p=%2F');
  });

  it('captures the normalised path as the endpoint, with the query as sent', async () => {
    // Prepare
    await gw.takeRecords();

    // Act
    await send(get('/public/x/%2e%2e/y/./z?q=%2e%2e'));
    const records = await gw.takeRecords();

    // Assess
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ route: 'public', endpoint: '/public/y/z', query: { q: '..' } });
  });

  it('applies the protected route body limit before 100 Continue to a path that normalises into it', async () => {
    // Prepare
    const before = upstream.received.length;

    // Act
    const answer = await send(
      'POST /public/%2e%2e/admin/upload HTTP/1.1\r\nHost: gw.test\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n',
    );

    // Assess
    expect(answer.status).toBe(413);
    expect(answer.text).not.toContain('100 Continue');
    expect(upstream.received.length).toBe(before);
  });

  it('refuses a path that cannot be normalised before inviting its body with 100 Continue', async () => {
    // Act
    const answer = await send(
      'POST /public/%2e%2e%2fadmin HTTP/1.1\r\nHost: gw.test\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain('100 Continue');
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_BAD_PATH' } });
  });

  it('gives a lambda target the normalised path in its event', async () => {
    // Act
    const answer = await send(get('/fn/a/%2e%2e/b/./event?q=1'));

    // Assess
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ event: { rawPath: '/fn/b/event', rawQueryString: 'q=1' } });
  });
});
