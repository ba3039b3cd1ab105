import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPasswordThreads } from '../../../src/gateway/auth/password-pool.js';
import { authRoute, basicAuth, htpasswdBcrypt } from '../../helpers/basic-auth.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

describe('#10 - password checks beyond the pool and its queue get 503, not an unbounded wait', () => {
  let upstream: Upstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway({
      routes: [authRoute('secret', '/secret', `${upstream.url}/echo`, { users: { ops: htpasswdBcrypt('s3cret', 10) }, max_failures: 1_000 })],
    });
  });

  afterAll(async () => {
    await gw.stop();
    await upstream.close();
  });

  it('answers the checks it can hold 401 and refuses the rest at once with 503 and Retry-After', async () => {
    // Prepare: the pool holds one check per thread plus 16 waiting per thread.
    const capacity = defaultPasswordThreads() * 17;

    // Act
    const responses = await Promise.all(
      Array.from({ length: capacity + 16 }, (_, i) => request(`${gw.url}/secret`, { headers: basicAuth('ops', `guess-${i}`) })),
    );

    // Assess: a check that ends while the others arrive frees its place, so the split is not exact.
    const busy = responses.filter((res) => res.status === 503);
    expect(responses.filter((res) => res.status !== 401 && res.status !== 503)).toEqual([]);
    expect(responses.length - busy.length).toBeGreaterThanOrEqual(capacity);
    expect(busy.length).toBeGreaterThan(0);
    for (const res of busy) {
      expect(res.header('retry-after')).toBe('1');
      expect(res.json()).toMatchObject({ error: { code: 'SLUICE_AUTH_BUSY' } });
    }
  });
});
