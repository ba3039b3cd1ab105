import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedPasswordPoolStats } from '../../../src/gateway/auth/password-pool.js';
import { authRoute, basicAuth, htpasswdBcrypt } from '../../helpers/basic-auth.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const checksRun = () => sharedPasswordPoolStats()?.checks ?? 0;

describe('#10 - basic auth checks a password once, then remembers the success', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({ routes: [authRoute('secret', '/secret', `${upstream.url}/echo`, { users: { ops: htpasswdBcrypt('s3cret') } })] });
  });

  afterAll(async () => {
    await gw.stop();
    await upstream.close();
  });

  it('does not hash again for credentials that passed a moment ago', async () => {
    // Prepare
    const first = await request(`${gw.url}/secret`, { headers: basicAuth('ops', 's3cret') });
    const checksAfterFirst = checksRun();

    // Act
    const again = await Promise.all(Array.from({ length: 5 }, () => request(`${gw.url}/secret`, { headers: basicAuth('ops', 's3cret') })));

    // Assess
    expect([first.status, ...again.map((res) => res.status)]).toEqual([200, 200, 200, 200, 200, 200]);
    expect(checksAfterFirst).toBe(1);
    expect(checksRun()).toBe(1);
  });

  it('hashes every wrong password, the same one again included', async () => {
    // Prepare
    const before = checksRun();

    // Act
    const statuses = [];
    for (let i = 0; i < 2; i += 1) statuses.push((await request(`${gw.url}/secret`, { headers: basicAuth('ops', 'wrong') })).status);

    // Assess
    expect(statuses).toEqual([401, 401]);
    expect(checksRun() - before).toBe(2);
  });

  it('hashes for an unknown user too, so timing does not tell which users exist', async () => {
    // Prepare
    const before = checksRun();

    // Act
    const res = await request(`${gw.url}/secret`, { headers: basicAuth('nobody', 's3cret') });

    // Assess
    expect(res.status).toBe(401);
    expect(checksRun() - before).toBe(1);
  });
});
