import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { handlerFixture, lambdaConfig } from '../../helpers/lambda-fixtures.js';

describe('Handler mode: a Node handler file in worker threads', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway(lambdaConfig({ handler: `${handlerFixture('echo.mjs')}#handler`, workers: 2, watch: false }, { limits: { timeout: '10s' } }));
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('passes an HTTP API v2 event that validates against the Powertools schema', async () => {
    // Act
    const res = await request(`${gw.url}/users/7?tag=a&tag=b`, { headers: ['Cookie', 'a=1; b=2', 'Accept', 'text/html', 'Accept', 'application/json'] });

    // Assess
    expect(res.status).toBe(200);
    const { event } = res.json<{ event: Record<string, unknown> }>();
    expect(APIGatewayProxyEventV2Schema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ rawPath: '/users/7', rawQueryString: 'tag=a&tag=b', cookies: ['a=1', 'b=2'], queryStringParameters: { tag: 'a,b' } });
    expect((event.headers as Record<string, string>).accept).toBe('text/html,application/json');
  });

  it('gives the handler a Lambda context: request id, function name, remaining time', async () => {
    // Act
    const res = await request(`${gw.url}/context`);

    // Assess
    const context = res.json<Record<string, unknown>>();
    expect(context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      memoryLimitInMB: '128',
      callbackWaitsForEmptyEventLoop: true,
      env: { name: 'echo', handler: 'echo.handler' },
    });
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.invokedFunctionArn).toMatch(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:echo$/);
    expect(context.remaining).toBeGreaterThan(5_000);
    expect(context.remaining).toBeLessThanOrEqual(10_000);
  });

  it('answers a thrown error with 502 and X-Amz-Function-Error: Unhandled', async () => {
    // Act
    const res = await request(`${gw.url}/throw`);

    // Assess
    expect(res.status).toBe(502);
    expect(res.header('x-amz-function-error')).toBe('Unhandled');
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_ERROR' } });
    expect(res.body.toString()).not.toContain('boom');
  });

  it('keeps every Set-Cookie of a v2 response', async () => {
    // Act
    const res = await request(`${gw.url}/cookies`);

    // Assess
    expect(res.headerValues('set-cookie')).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
  });

  it('sends base64 bodies as bytes, both ways', async () => {
    // Prepare
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));

    // Act
    const down = await request(`${gw.url}/binary`);
    const round = await request(`${gw.url}/mirror`, { method: 'POST', headers: ['Content-Type', 'image/png'], body: bytes });

    // Assess
    expect(down.body).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    expect(round.body).toEqual(bytes);
  });

  it('answers a response AWS would reject with 502', async () => {
    // Act
    const res = await request(`${gw.url}/invalid`);

    // Assess
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_RESPONSE_INVALID' } });
  });

  it('refuses a body over the 6 MB invoke limit with 413 before invoking', async () => {
    // Act
    const res = await request(`${gw.url}/count`, {
      method: 'POST',
      headers: ['Content-Type', 'application/octet-stream'],
      body: Buffer.alloc(6 * 1024 * 1024 + 1),
    });

    // Assess
    expect(res.status).toBe(413);
  });

  it('refuses a body whose base64 event would pass the limit, though the body itself does not', async () => {
    // Act
    const res = await request(`${gw.url}/count`, {
      method: 'POST',
      headers: ['Content-Type', 'application/octet-stream'],
      body: Buffer.alloc(5 * 1024 * 1024),
    });

    // Assess
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_BODY_TOO_LARGE' } });
  });
});

describe("Handler mode: a response over Lambda's 6 MB limit", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // Building and sending 7 MB takes a busy machine well over a second: a short function
    // timeout would answer 504 before the size check this test is about.
    gw = await startGateway(lambdaConfig({ handler: `${handlerFixture('echo.mjs')}#handler`, workers: 1, watch: false }, { limits: { timeout: '30s' } }));
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('answers a response over 6 MB as Lambda does: a function error', async () => {
    // Act
    const res = await request(`${gw.url}/big`);

    // Assess
    expect(res.status).toBe(502);
    expect(res.header('x-amz-function-error')).toBe('Unhandled');
  });
});

describe('Handler mode: one invocation per worker, state kept, timeouts', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // Long enough for any invocation that should succeed on a busy machine; the timeout test
    // sleeps far beyond it.
    gw = await startGateway(lambdaConfig({ handler: `${handlerFixture('echo.mjs')}#handler`, workers: 1, watch: false }, { limits: { timeout: '1500ms' } }));
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('keeps module state between invocations of a worker', async () => {
    // Act
    const first = await request(`${gw.url}/count`);
    const second = await request(`${gw.url}/count`);

    // Assess
    expect(second.json<{ invocations: number }>().invocations).toBe(first.json<{ invocations: number }>().invocations + 1);
  });

  it('runs one invocation at a time per worker: the second waits for the first', async () => {
    // Act
    const started = performance.now();
    const [a, b] = await Promise.all([request(`${gw.url}/sleep?ms=120`), request(`${gw.url}/sleep?ms=120`)]);
    const elapsed = performance.now() - started;

    // Assess
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(230);
  });

  it('answers a timeout with 504, terminates the worker and starts fresh (state reset)', async () => {
    // Prepare
    await request(`${gw.url}/count`);

    // Act
    const slow = await request(`${gw.url}/sleep?ms=20000`);
    const after = await request(`${gw.url}/count`);

    // Assess
    expect(slow.status).toBe(504);
    expect(slow.header('x-amz-function-error')).toBe('Unhandled');
    expect(slow.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_TIMEOUT' } });
    expect(after.json<{ invocations: number }>().invocations).toBe(1);
  });

  it('answers a crashed worker with 502 and serves the next request from a new one', async () => {
    // Act
    const crashed = await request(`${gw.url}/exit`);
    const after = await request(`${gw.url}/count`);

    // Assess
    expect(crashed.status).toBe(502);
    expect(after.status).toBe(200);
  });
});

describe('Handler mode: callback-style and other handler shapes', () => {
  const start = (file: string) => startGateway(lambdaConfig({ handler: `${handlerFixture(file)}`, workers: 1, watch: false }, { limits: { timeout: '10s' } }));

  it('runs a CommonJS callback-style handler', async () => {
    // Prepare
    const gw = await start('callback.cjs');

    try {
      // Act
      const ok = await request(`${gw.url}/hello`);
      const legacy = await request(`${gw.url}/legacy`);
      const failed = await request(`${gw.url}/fail`);

      // Assess
      expect(ok.status).toBe(200);
      expect(ok.body.toString()).toMatch(/^callback:1:[0-9a-f-]{36}$/);
      expect(legacy.body.toString()).toBe('succeed:2');
      expect(failed.status).toBe(502);
      expect(failed.header('x-amz-function-error')).toBe('Unhandled');
    } finally {
      await gw.stop();
    }
  });

  it('answers null for a plain function that returns without a promise, as Lambda does', async () => {
    // Prepare
    const gw = await start('sync.mjs');

    try {
      // Act
      const res = await request(`${gw.url}/`);

      // Assess: v2 reads null as the shorthand, a JSON body
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('null');
    } finally {
      await gw.stop();
    }
  });

  it("does not count the module's init in the first invocation's timeout, as Lambda does not", async () => {
    // Prepare: 2 s of init, a 1 s timeout
    const gw = await startGateway(lambdaConfig({ handler: handlerFixture('slow-init.mjs'), workers: 1, watch: false }, { limits: { timeout: '1s' } }));

    try {
      // Act
      const res = await request(`${gw.url}/`);

      // Assess
      expect([res.status, res.body.toString()]).toEqual([200, 'initialised']);
    } finally {
      await gw.stop();
    }
  });

  it('reports a missing export as a function error', async () => {
    // Prepare
    const gw = await start('not-exported.mjs');

    try {
      // Act
      const res = await request(`${gw.url}/`);

      // Assess
      expect(res.status).toBe(502);
      expect(res.header('x-amz-function-error')).toBe('Unhandled');
    } finally {
      await gw.stop();
    }
  });
});
