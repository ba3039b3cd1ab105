import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { sendRaw } from '../../helpers/raw-socket.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

describe('Gateway malformed HTTP from a raw socket', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream({
      routes: {
        // Answers before the upload ends, echoing progress, so a late parse error hits a response in flight.
        '/early': (req, res) => {
          res.writeHead(200, ['Content-Type', 'text/plain']);
          res.write('early;');
          req.on('data', (chunk: Buffer) => res.write(`got ${chunk.length};`));
          req.on('end', () => res.end('end'));
        },
      },
    });
    gw = await startGateway({ routes: [{ name: 'all', target: { type: 'http', url: upstream.url } }] });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it.each([
    { description: 'a request line that is not HTTP', raw: 'HELLO\r\n\r\n', status: 400, code: 'SLUICE_BAD_REQUEST' },
    { description: 'an unknown minor HTTP version', raw: 'GET / HTTP/1.2\r\nHost: x\r\n\r\n', status: 400, code: 'SLUICE_BAD_REQUEST' },
    { description: 'an invalid request target', raw: 'GET foo HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, code: 'SLUICE_BAD_REQUEST' },
    { description: 'a header name with a space', raw: 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n', status: 400, code: 'SLUICE_BAD_REQUEST' },
    { description: 'a non-numeric Content-Length', raw: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', status: 400, code: 'SLUICE_BAD_REQUEST' },
    {
      description: 'both Content-Length and chunked (request smuggling)',
      raw: 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      status: 400,
      code: 'SLUICE_BAD_REQUEST',
    },
    {
      description: 'headers over the size limit',
      raw: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      status: 431,
      code: 'SLUICE_HTTP_431',
    },
  ])('answers $status JSON and closes the connection for $description, without calling the upstream', async ({ raw, status, code }) => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const answer = await sendRaw(gw.port, raw);

    // Assess
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code } });
    expect(answer.closed).toBe(true);
    expect(upstream.requests.length).toBe(before);
  });

  it('answers 400 and aborts the upstream request when a chunked body turns malformed', async () => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    const answer = await sendRaw(gw.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\n');

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.closed).toBe(true);
    expect(await (await next).ended).toBe('aborted');
  });

  it('cuts a response already under way instead of writing an error into its body', async () => {
    // Prepare
    const next = upstream.nextRequest();
    let sentBadChunk = false;

    // Act
    const answer = await sendRaw(gw.port, 'POST /early HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nf\r\naaaaaaaaaaaaaaa\r\n', {
      onData: (text, write) => {
        if (!sentBadChunk && text.includes('got 15;')) {
          sentBadChunk = true;
          write('ZZ\r\n');
        }
      },
    });

    // Assess
    expect(sentBadChunk).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(answer.closed).toBe(true);
    expect(await (await next).ended).toBe('aborted');
  });

  it('answers 400 JSON for a request target that is not a path ("OPTIONS *")', async () => {
    // Act
    const answer = await sendRaw(gw.port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_BAD_REQUEST' } });
  });

  it('answers 400 JSON to an HTTP/1.1 request without Host and closes the connection', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const answer = await sendRaw(gw.port, 'GET /echo HTTP/1.1\r\n\r\n');

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SLUICE_BAD_REQUEST' } });
    expect(answer.closed).toBe(true);
    expect(upstream.requests.length).toBe(before);
  });

  it('proxies an HTTP/1.0 request without Host', async () => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    const answer = await sendRaw(gw.port, 'GET /echo/old HTTP/1.0\r\n\r\n');

    // Assess
    expect(answer.status).toBe(200);
    expect((await next).url).toBe('/echo/old');
  });

  it('proxies an absolute-form request target by its path and query', async () => {
    // Prepare
    const next = upstream.nextRequest();

    // Act
    const answer = await sendRaw(gw.port, 'GET http://api.example.com/echo/abs?q=1 HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n');

    // Assess
    expect(answer.status).toBe(200);
    expect((await next).url).toBe('/echo/abs?q=1');
  });

  it('keeps serving well-formed requests afterwards', async () => {
    // Act
    const res = await request(`${gw.url}/echo/ok`, { method: 'POST', body: 'ok' });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('ok');
  });
});
