import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas';
import { request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { sendRaw } from '../../helpers/raw-socket.js';
import { handlerFixture } from '../../helpers/lambda-fixtures.js';
import { startServerlessOffline, type ServerlessOffline } from '../../helpers/serverless-offline.js';

/** What reached the Lambda API: the real SDK's Invoke requests, as sent. */
interface Recorded {
  readonly url: string;
  readonly invocationType: string | undefined;
}

/**
 * A pass-through in front of serverless-offline, recording each Invoke request: serverless-offline
 * ignores the qualifier, so the test reads it here, off the wire.
 */
async function recordingProxy(target: string): Promise<{ url: string; recorded: Recorded[]; close: () => Promise<void> }> {
  const recorded: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      recorded.push({ url: req.url ?? '', invocationType: req.headers['x-amz-invocation-type'] as string | undefined });
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      undiciRequest(`${target}${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) }).then(
        async (upstream) => {
          const body = Buffer.from(await upstream.body.arrayBuffer());
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(upstream.headers))
            if (typeof value === 'string' && name !== 'transfer-encoding' && name !== 'connection') out[name] = value;
          res.writeHead(upstream.statusCode, out).end(body);
        },
        () => res.writeHead(502).end(),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    recorded,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('AWS mode: the real @aws-sdk/client-lambda against serverless-offline', () => {
  let offline: ServerlessOffline;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let gw: TestGateway;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    offline = await startServerlessOffline({ handlerFile: handlerFixture('echo.mjs'), functions: ['echo', 'secret-echo'], inProcess: true });
    proxy = await recordingProxy(offline.lambdaUrl);
    // The SDK's standard chain takes these; serverless-offline does not check signatures.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_REGION: 'us-east-1' });
    delete process.env.AWS_PROFILE;
    gw = await startGateway({
      routes: [
        {
          name: 'functions',
          match: { path_prefix: '/lambda/' },
          target: {
            type: 'lambda',
            function: '{path.0}',
            name_prefix: offline.namePrefix,
            allow: ['echo', 'secret-*', 'missing'],
            deny: ['secret-*'],
            qualifier: 'live',
            region: 'us-east-1',
            aws_endpoint: proxy.url,
            event: 'apigw-v1',
            strip_path_prefix: true,
          },
        },
        {
          name: 'short',
          match: { path_prefix: '/short/' },
          target: { type: 'lambda', function: `${offline.namePrefix}echo`, region: 'us-east-1', aws_endpoint: offline.lambdaUrl, strip_path_prefix: true },
          limits: { timeout: '300ms' },
        },
        {
          name: 'caddy',
          match: { path_prefix: '/caddy/' },
          target: {
            type: 'lambda',
            function: '{path.0}',
            name_prefix: offline.namePrefix,
            allow: ['echo'],
            region: 'us-east-1',
            aws_endpoint: offline.lambdaUrl,
            event: 'envelope',
          },
        },
      ],
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await proxy?.close();
    await offline?.stop();
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_PROFILE']) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  it('invokes the function named by the path, with the qualifier, and strips the prefix', async () => {
    // Prepare
    const before = proxy.recorded.length;

    // Act
    const res = await request(`${gw.url}/lambda/echo/users/7?tag=a&tag=b`, { headers: ['Accept', 'text/html', 'Accept', 'application/json'] });

    // Assess
    expect(res.status).toBe(200);
    const { event } = res.json<{ event: Record<string, unknown> }>();
    expect(APIGatewayProxyEventSchema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      path: '/users/7',
      httpMethod: 'GET',
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      multiValueHeaders: { Accept: ['text/html', 'application/json'] },
    });
    expect(proxy.recorded.slice(before)).toEqual([
      { url: `/2015-03-31/functions/${offline.namePrefix}echo/invocations?Qualifier=live`, invocationType: 'RequestResponse' },
    ]);
  });

  it('answers a function error with 502 and X-Amz-Function-Error, invoking once', async () => {
    // Prepare
    const before = proxy.recorded.length;

    // Act
    const res = await request(`${gw.url}/lambda/echo/throw`);

    // Assess
    expect(res.status).toBe(502);
    expect(res.header('x-amz-function-error')).toBe('Unhandled');
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_ERROR' } });
    expect(proxy.recorded.length - before).toBe(1);
  });

  it('answers 404 for a function Lambda does not have', async () => {
    // Act
    const res = await request(`${gw.url}/lambda/missing`);

    // Assess
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_NOT_FOUND' } });
  });

  it.each([
    { description: 'a denied function', path: '/lambda/secret-echo', status: 404 },
    { description: 'a function outside the allow-list', path: '/lambda/other', status: 404 },
    // Dot segments are resolved before routing: these are /lambda/secret-echo (denied) and /secret-echo (no route).
    { description: 'a dot-dot segment', path: '/lambda/../lambda/secret-echo', status: 404 },
    { description: 'an encoded dot-dot', path: '/lambda/%2e%2e/secret-echo', status: 404 },
    { description: 'an encoded slash', path: '/lambda/echo%2F..%2Fsecret-echo', status: 400 },
    { description: 'a climb above the root', path: '/lambda/../../secret-echo', status: 400 },
    { description: 'a qualifier in the path', path: '/lambda/echo:$LATEST', status: 400 },
  ])('refuses $description without invoking anything', async ({ path, status }) => {
    // Prepare
    const before = proxy.recorded.length;

    // Act: a raw socket, since HTTP clients normalise `..` and `%2e%2e` away before sending
    const res = await sendRaw(gw.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

    // Assess
    expect(res.status).toBe(status);
    expect(proxy.recorded.length).toBe(before);
  });

  it('reads the function name from the normalised path: a dot-dot after a name leaves that name', async () => {
    // Prepare
    const before = proxy.recorded.length;

    // Act
    const denied = await sendRaw(gw.port, 'GET /lambda/echo/../secret-echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    const allowed = await sendRaw(gw.port, 'GET /lambda/secret-echo/%2e%2e/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');

    // Assess
    expect([denied.status, allowed.status]).toEqual([404, 200]);
    expect(proxy.recorded.slice(before).map((entry) => entry.url)).toEqual([`/2015-03-31/functions/${offline.namePrefix}echo/invocations?Qualifier=live`]);
  });

  it('answers 504 when the function does not answer within the route timeout', async () => {
    // Act
    const res = await request(`${gw.url}/short/sleep?ms=1500`);

    // Assess
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_TIMEOUT' } });
    expect(res.header('x-amz-function-error')).toBeUndefined();
  });

  it('speaks the Caddy awslambda envelope: a reply without type comes back raw as JSON', async () => {
    // Act
    const res = await request(`${gw.url}/caddy/echo`, { method: 'POST', headers: ['Content-Type', 'text/plain'], body: 'hello' });

    // Assess
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toBe('application/json');
    const reply = res.json<{ statusCode: number; body: string }>();
    expect(JSON.parse(reply.body)).toMatchObject({
      event: { type: 'HTTPJSON-REQ', meta: { method: 'POST', path: '/caddy/echo', headers: { 'content-type': ['text/plain'] } }, body: 'hello' },
    });
  });
});
