import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startRieServer, type RieServer } from '../../helpers/rie-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many `/gather` invocations an emulator holds until they are all under way at once. */
const GATHER = 6;

/**
 * A barrier: each `/gather` invocation waits until GATHER of them are in flight together, so
 * only a gateway that invokes concurrently sees them answered at once. One that serialises
 * them is released by the safety timeout instead, with one in flight at a time. No timing
 * is measured: on a busy machine, the requests may reach the emulator at any pace.
 */
function gatherer(): () => Promise<void> {
  let waiting: (() => void)[] = [];
  return () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
      if (waiting.length >= GATHER) {
        for (const release of waiting) release();
        waiting = [];
      }
    });
}

const service = (name: string) => {
  const gather = gatherer();
  return startRieServer(async (event) => {
    const path = String(event.rawPath);
    if (path === '/slow') await sleep(150);
    if (path === '/gather') await gather();
    if (path === '/error') return { body: JSON.stringify({ errorType: 'Error', errorMessage: 'kaput', trace: [] }) };
    if (path === '/timeout') return { body: 'Task timed out after 1.00 seconds' };
    if (path === '/busy') return { status: 400, body: '' };
    return { body: JSON.stringify({ statusCode: 200, headers: { 'content-type': 'application/json', 'x-service': name }, body: JSON.stringify({ path }) }) };
  });
};

describe('Emulator mode: an lrp.yaml routing by Host to Runtime Interface Emulators', () => {
  let one: RieServer;
  let two: RieServer;
  let gw: TestGateway;

  beforeAll(async () => {
    [one, two] = await Promise.all([service('one'), service('two')]);
    // The lambda-reverse-proxy file as it is, only with the test's emulator addresses.
    gw = await startGateway({
      internal_route_prefix: '__@@__',
      local: [
        { hostname: 'service-1', endpoint: one.url },
        { hostname: 'service-2', endpoint: two.url },
      ],
    });
  });

  afterAll(async () => {
    await gw.stop();
    await Promise.all([one.close(), two.close()]);
  });

  it('routes by Host to each emulator with an HTTP API v2 event', async () => {
    // Act
    const first = await request(`${gw.url}/users?x=1`, { headers: ['Host', 'service-1:8080'] });
    const second = await request(`${gw.url}/orders`, { headers: ['Host', 'service-2'] });

    // Assess
    expect([first.status, first.header('x-service'), first.json()]).toEqual([200, 'one', { path: '/users' }]);
    expect([second.status, second.header('x-service')]).toEqual([200, 'two']);
    const event = one.events.at(-1)!;
    expect(APIGatewayProxyEventV2Schema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ rawQueryString: 'x=1', requestContext: { domainName: 'service-1' } });
  });

  it('answers 404 for a Host no rule names', async () => {
    // Act
    const res = await request(`${gw.url}/users`, { headers: ['Host', 'service-9'] });

    // Assess
    expect(res.status).toBe(404);
  });

  it('serves /ping and /healthz under the internal prefix', async () => {
    // Act
    const ping = await request(`${gw.url}/__@@__/ping`, { headers: ['Host', 'service-1'] });
    const health = await request(`${gw.url}/__@@__/healthz`);

    // Assess
    expect([ping.status, ping.body.toString()]).toEqual([200, 'pong']);
    expect(health.status).toBe(200);
  });

  it('invokes concurrently, where lambda-reverse-proxy serialises', async () => {
    // Prepare
    const before = one.events.length;

    // Act
    const answers = await Promise.all(Array.from({ length: GATHER }, () => request(`${gw.url}/gather`, { headers: ['Host', 'service-1'] })));

    // Assess
    expect(answers.map((res) => res.status)).toEqual(Array.from({ length: GATHER }, () => 200));
    expect(one.events.length - before).toBe(GATHER);
    expect(one.maxInFlight).toBeGreaterThanOrEqual(GATHER);
  });

  it('reads an error object as a function error: 502 with X-Amz-Function-Error', async () => {
    // Act
    const res = await request(`${gw.url}/error`, { headers: ['Host', 'service-1'] });

    // Assess
    expect(res.status).toBe(502);
    expect(res.header('x-amz-function-error')).toBe('Unhandled');
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_ERROR' } });
  });

  it("reads the emulator's timeout answer as 504", async () => {
    // Act
    const res = await request(`${gw.url}/timeout`, { headers: ['Host', 'service-1'] });

    // Assess
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_TIMEOUT' } });
  });

  it('answers 503 when the emulator is busy with another invocation', async () => {
    // Act
    const res = await request(`${gw.url}/busy`, { headers: ['Host', 'service-1'] });

    // Assess
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_FUNCTION_THROTTLED' } });
  });
});

describe('Emulator mode: failures to reach it', () => {
  it('answers 502 when the emulator is down, and 504 when it does not answer in time', async () => {
    // Prepare
    const down = await startRieServer(async () => ({ body: '{}' }));
    const downUrl = down.url;
    await down.close();
    const hanging = await startRieServer(() => new Promise(() => undefined));
    const gw = await startGateway({
      limits: { upstream_timeout: '200ms' },
      routes: [
        { name: 'down', match: { path_prefix: '/down' }, target: { type: 'lambda', endpoint: downUrl } },
        { name: 'hang', match: { path_prefix: '/hang' }, target: { type: 'lambda', endpoint: hanging.url } },
      ],
    });

    try {
      // Act
      const unreachable = await request(`${gw.url}/down`);
      const slow = await request(`${gw.url}/hang`);

      // Assess
      expect([unreachable.status, unreachable.json()]).toEqual([502, { error: expect.objectContaining({ code: 'SLUICE_INVOKE_FAILED' }) }]);
      expect([slow.status, slow.json()]).toEqual([504, { error: expect.objectContaining({ code: 'SLUICE_FUNCTION_TIMEOUT' }) }]);
    } finally {
      await gw.stop({ force: true });
      await hanging.close();
    }
  });
});
