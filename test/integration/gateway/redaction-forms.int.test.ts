import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../../src/core/capture-record.js';
import { Forwarder } from '../../../src/forwarder/forwarder.js';
import { testDestination } from '../../helpers/forwarder-harness.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const R = '[REDACTED]';
const ENCODED = encodeURIComponent(R);
const BOUNDARY = 'sluice-test-boundary';

/** Every byte the queue keeps on disk (database, WAL, blob files), as latin1 text. */
async function storedBytes(path: string): Promise<string> {
  const texts: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const file = join(folder, entry.name);
      if (entry.isDirectory()) await walk(file);
      else texts.push((await readFile(file)).toString('latin1'));
    }
  };
  await walk(dirname(path));
  return texts.join('\n');
}

function multipartBody(): string {
  const part = (disposition: string, content: string, type?: string): string =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; ${disposition}\r\n${type === undefined ? '' : `Content-Type: ${type}\r\n`}\r\n${content}\r\n`;
  return (
    part('name="user"', 'neo-visible') +
    part('name="Password"', 'MULTIPART-FIELD-SECRET') +
    part('name="card[number]"; filename="card.txt"', 'MULTIPART-FILE-SECRET', 'text/plain') +
    part('name="meta"', '{"password":"MULTIPART-JSON-SECRET","plan":"pro"}', 'application/json') +
    `--${BOUNDARY}--\r\n`
  );
}

/**
 * Issue #10, point 5: with `redact_body_fields: [password, …]` and `redact_query: [token]`, form
 * posts, multipart fields, JSON sent as text/plain or without a Content-Type, the key
 * `Password`, and the query forms `token[]=` and `a=1;token=` were stored and delivered as sent.
 */
describe('#10 - redaction covers what users send, through a gateway, the SQLite queue and a forwarder', () => {
  let upstream: Upstream;
  let gw: TestGateway;
  let receiver: WebhookReceiver;
  const delivered = new Map<string, CaptureRecord>();
  let stored = '';

  const SECRETS = [
    'FORM-SECRET',
    'FORM-BRACKET-SECRET',
    'MULTIPART-FIELD-SECRET',
    'MULTIPART-FILE-SECRET',
    'MULTIPART-JSON-SECRET',
    'TEXT-PLAIN-JSON-SECRET',
    'NO-TYPE-JSON-SECRET',
    'QUERY-ARRAY-SECRET',
    'QUERY-SEMICOLON-SECRET',
    'QUERY-ENCODED-SECRET',
    'QUERY-CASE-SECRET',
    'QUERY-INDEX-SECRET',
    'RESPONSE-FORM-SECRET',
    'RESPONSE-TEXT-JSON-SECRET',
    'LOCATION-SECRET',
    'REFERER-SECRET',
    'GZIP-RESPONSE-SECRET',
  ];

  beforeAll(async () => {
    upstream = await startUpstream({
      routes: {
        '/form-response': (req, res) => {
          req.resume();
          const body = 'access=granted&password=RESPONSE-FORM-SECRET';
          res.writeHead(200, ['Content-Type', 'application/x-www-form-urlencoded', 'Content-Length', String(body.length)]);
          res.end(body);
        },
        '/text-response': (req, res) => {
          req.resume();
          const body = '{"user":"neo-visible","Password":"RESPONSE-TEXT-JSON-SECRET"}';
          res.writeHead(200, ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(body.length)]);
          res.end(body);
        },
        '/gzip-response': (req, res) => {
          req.resume();
          const body = gzipSync('{"user":"neo-visible","password":"GZIP-RESPONSE-SECRET"}');
          res.writeHead(200, ['Content-Type', 'application/json', 'Content-Encoding', 'gzip', 'Content-Length', String(body.length)]);
          res.end(body);
        },
        '/redirect': (req, res) => {
          req.resume();
          res.writeHead(302, ['Location', '/callback?code=visible&token=LOCATION-SECRET', 'Content-Length', '0']);
          res.end();
        },
      },
    });
    receiver = await startWebhookReceiver();
    gw = await startGateway({
      capture: { redact_query: ['token'], redact_body_fields: ['password', 'card.number'] },
      routes: [{ name: 'tap', target: { type: 'http', url: upstream.url }, capture: true }],
    });
    const post = (path: string, body: string, contentType?: string): Promise<unknown> =>
      request(`${gw.url}${path}`, { method: 'POST', headers: contentType === undefined ? [] : ['Content-Type', contentType], body });

    // /status/201 does not echo the request back (an echo would put the secrets in the response).
    await post('/status/201?case=form', 'user=neo-visible&password=FORM-SECRET&user%5Bpassword%5D=FORM-BRACKET-SECRET', 'application/x-www-form-urlencoded');
    await post('/status/201?case=multipart', multipartBody(), `multipart/form-data; boundary=${BOUNDARY}`);
    await post('/status/201?case=text-plain', '{"user":"neo-visible","Password":"TEXT-PLAIN-JSON-SECRET"}', 'text/plain');
    await post('/status/201?case=no-type', '{"user":"neo-visible","password":"NO-TYPE-JSON-SECRET"}');
    await request(
      `${gw.url}/status/200?case=query&token[]=QUERY-ARRAY-SECRET&a=1;token=QUERY-SEMICOLON-SECRET&tok%65n=QUERY-ENCODED-SECRET&Token=QUERY-CASE-SECRET&token[0]=QUERY-INDEX-SECRET`,
      { headers: ['Referer', 'https://app.example/page?token=REFERER-SECRET'] },
    );
    await request(`${gw.url}/form-response?case=form-response`);
    await request(`${gw.url}/text-response?case=text-response`);
    await request(`${gw.url}/redirect?case=redirect`);
    await request(`${gw.url}/gzip-response?case=gzip-response`);
    stored = await storedBytes(gw.config.queue.driver === 'sqlite' ? gw.config.queue.path : '');

    const forwarder = new Forwarder({ queue: gw.queue!, destination: testDestination(receiver.url), pollWaitMs: 100 });
    forwarder.start();
    await receiver.waitFor((r) => r.acceptedIds.size === 9, 20_000);
    await forwarder.stop();
    for (const delivery of receiver.deliveries) {
      const record = JSON.parse(delivery.body) as CaptureRecord;
      delivered.set(String(record.query.case), record);
    }
  });

  afterAll(async () => {
    await gw?.stop();
    await receiver?.close();
    await upstream?.close();
  });

  it('writes no secret to the queue files, while the rest of each exchange is there', () => {
    expect(stored).toContain('neo-visible');
    for (const secret of SECRETS) expect(stored).not.toContain(secret);
  });

  it('delivers no secret in any record', () => {
    expect(delivered.size).toBe(9);
    const texts = receiver.deliveries.map((delivery) => delivery.body).join('\n');
    for (const secret of SECRETS) expect(texts).not.toContain(secret);
  });

  it('redacts form fields by name, brackets included, keeping the other bytes', () => {
    expect(delivered.get('form')!.body).toBe(`user=neo-visible&password=${ENCODED}&user%5Bpassword%5D=${ENCODED}`);
  });

  it('redacts multipart fields and file parts by name, and JSON inside a part, keeping the structure', () => {
    // Prepare
    const record = delivered.get('multipart')!;

    // Act
    const body = Buffer.from(record.body as string, 'base64').toString('utf8');

    // Assess
    expect(record.body_encoding).toBe('base64');
    expect(body).toBe(multipartBody().replace('MULTIPART-FIELD-SECRET', R).replace('MULTIPART-FILE-SECRET', R).replace('"MULTIPART-JSON-SECRET"', `"${R}"`));
  });

  it.each([
    { description: 'text/plain', which: 'text-plain', expected: '{"user":"neo-visible","Password":"[REDACTED]"}' },
    { description: 'no Content-Type', which: 'no-type', expected: Buffer.from('{"user":"neo-visible","password":"[REDACTED]"}').toString('base64') },
  ])('redacts JSON sent as $description, keys in any case', ({ which, expected }) => {
    expect(delivered.get(which)!.body).toBe(expected);
  });

  it('redacts every query form: token[], ;-separated, encoded names, any case, indexes, repeats', () => {
    expect(delivered.get('query')!.query).toEqual({ case: 'query', 'token[]': R, a: `1;token=${R}`, token: R, Token: R, 'token[0]': R });
  });

  it('redacts the query inside URL headers: the request Referer and the response Location', () => {
    expect(delivered.get('query')!.request_headers.Referer).toBe(`https://app.example/page?token=${ENCODED}`);
    expect(delivered.get('redirect')!.response_headers.Location).toBe(`/callback?code=visible&token=${ENCODED}`);
  });

  it('applies the same rules to response bodies', () => {
    expect(delivered.get('form-response')!.response).toBe(`access=granted&password=${ENCODED}`);
    expect(delivered.get('text-response')!.response).toBe('{"user":"neo-visible","Password":"[REDACTED]"}');
  });

  it('decompresses a gzip body to redact it, and stores it decompressed', () => {
    expect(delivered.get('gzip-response')!.response).toEqual({ user: 'neo-visible', password: R });
  });
});
