import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedPasswordPoolStats } from '../../../src/gateway/auth/password-pool.js';
import { authRoute, basicAuth, htpasswdBcrypt } from '../../helpers/basic-auth.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

describe('#10 - the password pool starts with the first check and ends with the gateway', () => {
  let upstream: Upstream;
  const gateways: TestGateway[] = [];
  const start = async (routes: Record<string, unknown>[]) => {
    const gw = await startGateway({ routes });
    gateways.push(gw);
    return gw;
  };
  const secret = () => authRoute('secret', '/secret', `${upstream.url}/echo`, { users: { ops: htpasswdBcrypt('s3cret') } });

  beforeAll(async () => {
    upstream = await startUpstream();
  });

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gw) => gw.stop({ force: true })));
  });

  afterAll(async () => {
    await upstream.close();
  });

  it('holds no pool without a route with auth', async () => {
    // Act
    await start([{ name: 'plain', match: { path: '/plain' }, target: { type: 'http', url: `${upstream.url}/echo` } }]);

    // Assess
    expect(sharedPasswordPoolStats()).toBeUndefined();
  });

  it.each([
    { description: 'close()', force: false },
    { description: 'destroy()', force: true },
  ])('starts no thread before the first check, and ends its threads on $description', async ({ force }) => {
    // Prepare
    const gw = await start([secret()]);
    const idle = sharedPasswordPoolStats();
    expect((await request(`${gw.url}/secret`, { headers: basicAuth('ops', 's3cret') })).status).toBe(200);
    const threads = [...sharedPasswordPoolStats()!.threads];
    const exited = Promise.all(threads.map((thread) => once(thread, 'exit')));

    // Act
    await gw.stop({ force });

    // Assess
    expect(idle).toMatchObject({ users: 1, threads: [] });
    expect(threads.length).toBeGreaterThan(0);
    expect(sharedPasswordPoolStats()).toBeUndefined();
    await exited;
    expect(threads.map((thread) => thread.threadId)).toEqual(threads.map(() => -1));
  });

  it('keeps the pool while another gateway in the process still uses it', async () => {
    // Prepare
    const first = await start([secret()]);
    const second = await start([secret()]);

    // Act
    await first.stop();
    const res = await request(`${second.url}/secret`, { headers: basicAuth('ops', 's3cret') });

    // Assess
    expect(res.status).toBe(200);
    expect(sharedPasswordPoolStats()).toMatchObject({ users: 1 });
  });
});
