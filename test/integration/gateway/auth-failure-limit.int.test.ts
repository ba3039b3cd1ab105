import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedPasswordPoolStats } from '../../../src/gateway/auth/password-pool.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { authRoute, basicAuth, htpasswdBcrypt } from '../../helpers/basic-auth.js';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const checksRun = () => sharedPasswordPoolStats()?.checks ?? 0;

describe('#10 - an address over its failure limit gets 429 with Retry-After, unchecked', () => {
  let upstream: Upstream;
  let gw: TestGateway;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    upstream = await startUpstream();
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    gw = await startGateway(
      { routes: [authRoute('secret', '/secret', `${upstream.url}/echo`, { users: { ops: htpasswdBcrypt('s3cret') }, max_failures: 3, failure_window: '1m' })] },
      { logger: createLogger('warn', logs) },
    );
  });

  afterAll(async () => {
    await gw.stop();
    await upstream.close();
  });

  it('answers 401 up to max_failures, then 429 without running a hash, even for the right password', async () => {
    // Prepare
    const failures = [];
    for (let i = 0; i < 3; i += 1) failures.push(await request(`${gw.url}/secret`, { headers: basicAuth('ops', `guess-${i}`) }));
    const checksBefore = checksRun();

    // Act
    const wrong = await request(`${gw.url}/secret`, { headers: basicAuth('ops', 'guess-3') });
    const right = await request(`${gw.url}/secret`, { headers: basicAuth('ops', 's3cret') });

    // Assess
    expect(failures.map((res) => res.status)).toEqual([401, 401, 401]);
    expect(checksBefore).toBe(3);
    for (const res of [wrong, right]) {
      expect(res.status).toBe(429);
      expect(res.json()).toMatchObject({ error: { code: 'SLUICE_AUTH_RATE_LIMITED' } });
      expect(res.header('www-authenticate')).toBeUndefined();
      const retryAfter = Number(res.header('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    }
    expect(checksRun()).toBe(checksBefore);
  });

  it('logs the failures at warn with the route and client address, never the credentials', () => {
    // Assess
    const failed = logLines.filter((line) => line.msg === 'wrong credentials');
    const limited = logLines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('too many wrong credentials'));
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]).toMatchObject({ level: 40, route: 'secret', client: '127.0.0.1' });
    expect(limited).toEqual([expect.objectContaining({ level: 40, route: 'secret', client: '127.0.0.1', failures: 3 })]);
    const text = JSON.stringify(logLines);
    for (const secret of ['guess-', 's3cret', Buffer.from('ops:guess-0').toString('base64')]) expect(text).not.toContain(secret);
  });
});
