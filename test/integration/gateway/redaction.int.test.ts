import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const R = '[REDACTED]';

/** Every byte the queue wrote to disk (database, WAL, blobs), as latin1 text. */
async function storedBytes(gw: TestGateway): Promise<string> {
  const { queue } = gw.config;
  if (queue.driver !== 'sqlite') throw new Error("these tests read the embedded queue's files");
  const dir = dirname(queue.path);
  const texts: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else texts.push((await readFile(path)).toString('latin1'));
    }
  };
  await walk(dir);
  return texts.join('\n');
}

describe('Gateway capture redaction', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream({
      routes: {
        '/secret-response': (req, res) => {
          req.resume();
          const body = JSON.stringify({ user: { name: 'neo', ssn: 'SSN-RESPONSE-SECRET' }, password: 'PW-RESPONSE-SECRET' });
          res.writeHead(200, [
            'Content-Type',
            'application/json',
            'Set-Cookie',
            'session=COOKIE-SECRET-1',
            'set-cookie',
            'theme=COOKIE-SECRET-2',
            'X-Session',
            'XSESSION-RESPONSE-SECRET',
            'Content-Length',
            String(Buffer.byteLength(body)),
          ]);
          res.end(body);
        },
      },
    });
    gw = await startGateway({
      capture: {
        redact_headers: ['X-Session'],
        redact_query: ['token', 'Sig'],
        redact_body_fields: ['password', 'user.ssn', 'items.*.token'],
        max_body_bytes: 4096,
      },
      routes: [{ name: 'tap', target: { type: 'http', url: upstream.url }, capture: true }],
    });
  });

  afterEach(async () => {
    await gw.takeRecords();
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([['Authorization'], ['authorization'], ['PROXY-AUTHORIZATION'], ['Cookie'], ['x-api-key'], ['X-Amz-Security-Token'], ['x-session'], ['X-SESSION']])(
    'redacts the request header %s, keeping its case, while the upstream gets the real value',
    async (name) => {
      // Prepare
      const secret = `HEADER-SECRET-${name}`;
      const next = upstream.nextRequest();

      // Act
      await request(`${gw.url}/echo/h`, { headers: [name, secret, 'X-Visible', 'shown'] });
      const [record] = await gw.takeRecords();

      // Assess
      expect(record!.request_headers[name]).toBe(R);
      expect(record!.request_headers['X-Visible']).toBe('shown');
      expect((await next).rawHeaders).toContain(secret);
    },
  );

  it('redacts every Set-Cookie of the response and configured response headers', async () => {
    // Act
    const res = await request(`${gw.url}/secret-response`);
    const [record] = await gw.takeRecords();

    // Assess
    expect(res.headerValues('set-cookie')).toEqual(['session=COOKIE-SECRET-1', 'theme=COOKIE-SECRET-2']);
    expect(record!.response_headers).toMatchObject({ 'Set-Cookie': [R, R], 'X-Session': R });
  });

  it('redacts configured query parameters in any case, every occurrence, and leaves the others', async () => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    await request(`${gw.url}/echo/q?token=QUERY-SECRET-1&page=2&TOKEN=QUERY-SECRET-2&sig=QUERY-SECRET-3`);
    const [record] = await gw.takeRecords();

    // Assess
    expect(record!.query).toEqual({ token: R, page: '2', TOKEN: R, sig: R });
    expect((await next).url).toContain('token=QUERY-SECRET-1');
  });

  it('redacts configured JSON body fields on both sides: bare names at any depth, dotted paths from the root', async () => {
    // Prepare
    const body = JSON.stringify({
      password: 'PW-SECRET-1',
      profile: { password: 'PW-SECRET-2', user: { ssn: 'kept: not anchored at the root' } },
      user: { name: 'neo', ssn: 'SSN-SECRET' },
      items: [
        { token: 'ITEM-SECRET-1', id: 1 },
        { token: 'ITEM-SECRET-2', id: 2 },
      ],
    });

    // Act
    await request(`${gw.url}/echo/body`, { method: 'POST', headers: ['Content-Type', 'application/json'], body });
    const [record] = await gw.takeRecords();

    // Assess
    const expected = {
      password: R,
      profile: { password: R, user: { ssn: 'kept: not anchored at the root' } },
      user: { name: 'neo', ssn: R },
      items: [
        { token: R, id: 1 },
        { token: R, id: 2 },
      ],
    };
    expect(record!.body).toEqual(expected);
    expect(record!.response).toEqual(expected);
  });

  it('redacts JSON fields in an upstream response', async () => {
    // Act
    await request(`${gw.url}/secret-response`);
    const [record] = await gw.takeRecords();

    // Assess
    expect(record!.response).toEqual({ user: { name: 'neo', ssn: R }, password: R });
  });

  it('stores no part of a JSON body it cannot redact (cut by the capture limit), marking it truncated', async () => {
    // Prepare
    const body = JSON.stringify({ filler: 'x'.repeat(5000), password: 'PW-CUT-SECRET' });

    // Act
    const res = await request(`${gw.url}/echo/cut`, { method: 'POST', headers: ['Content-Type', 'application/json'], body });
    const [record] = await gw.takeRecords();

    // Assess
    expect(res.body.toString()).toBe(body);
    expect(record).toMatchObject({ body: null, body_truncated: true, response: null, response_truncated: true });
  });

  it('never writes a secret to the queue files', async () => {
    // Prepare
    const secrets = ['DISK-AUTH-SECRET', 'DISK-QUERY-SECRET', 'DISK-BODY-SECRET', 'COOKIE-SECRET-1', 'PW-RESPONSE-SECRET'];

    // Act
    // /status does not echo the request back (an echo would put the secrets in the response).
    await request(`${gw.url}/status/201?token=DISK-QUERY-SECRET`, {
      method: 'POST',
      headers: ['authorization', 'Bearer DISK-AUTH-SECRET', 'Content-Type', 'application/json'],
      body: '{"password":"DISK-BODY-SECRET"}',
    });
    await request(`${gw.url}/secret-response`);
    const stored = await storedBytes(gw);

    // Assess
    expect(stored).toContain('/status/201');
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });
});
