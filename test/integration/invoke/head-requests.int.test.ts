import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { handlerFixture, lambdaConfig } from '../../helpers/lambda-fixtures.js';

describe('Lambda target: HEAD requests', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway(lambdaConfig({ handler: `${handlerFixture('echo.mjs')}#handler`, workers: 1, watch: false }, { capture: true }));
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('answers HEAD with the Content-Length of the GET and no body, and captures no body', async () => {
    // Prepare
    await gw.takeRecords();

    // Act
    const get = await request(`${gw.url}/binary`);
    const head = await request(`${gw.url}/binary`, { method: 'HEAD' });
    const records = await gw.takeRecords();

    // Assess
    expect([get.status, head.status]).toEqual([200, 200]);
    expect(head.header('content-length')).toBe('256');
    expect(head.header('content-length')).toBe(get.header('content-length'));
    expect(head.body).toHaveLength(0);
    expect(records.map((record) => [record.method, record.status])).toEqual([
      ['GET', 200],
      ['HEAD', 200],
    ]);
    expect(records[0]!.response).not.toBeNull();
    expect(records[1]!.response).toBeNull();
  });

  it('answers a function error to HEAD with its status and no body, and captures no body', async () => {
    // Prepare
    await gw.takeRecords();

    // Act
    const head = await request(`${gw.url}/throw`, { method: 'HEAD' });
    const records = await gw.takeRecords();

    // Assess
    expect(head.status).toBe(502);
    expect(head.header('x-amz-function-error')).toBe('Unhandled');
    expect(head.body).toHaveLength(0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: 'HEAD', status: 502, response: null });
  });
});
