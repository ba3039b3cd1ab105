import { randomBytes, scryptSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { handlerFixture, lambdaConfig } from '../../helpers/lambda-fixtures.js';

const basic = (user: string, password: string) => ['Authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`];

describe('Route auth: basic, in front of a lambda target', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    const salt = randomBytes(16);
    const scrypt = `$scrypt$ln=4,r=8,p=1$${salt.toString('base64')}$${scryptSync('ci-token', salt, 32, { N: 16, r: 8, p: 1 }).toString('base64')}`;
    gw = await startGateway(
      lambdaConfig(
        { handler: `${handlerFixture('echo.mjs')}#handler`, workers: 1, watch: false },
        { capture: true, auth: { type: 'basic', realm: 'ops area', users: { ops: `$2y$${bcrypt.hashSync('s3cret', 4).slice(4)}`, ci: scrypt } } },
      ),
    );
  });

  afterAll(async () => {
    await gw.stop();
  });

  it.each([
    { description: 'no credentials', headers: [] as string[] },
    { description: 'a wrong password', headers: basic('ops', 'wrong') },
    { description: 'an unknown user', headers: basic('root', 's3cret') },
    { description: 'another scheme', headers: ['Authorization', 'Bearer s3cret'] },
  ])('answers $description with 401 and WWW-Authenticate, without invoking', async ({ headers }) => {
    // Act
    const res = await request(`${gw.url}/count`, { headers });

    // Assess
    expect(res.status).toBe(401);
    expect(res.header('www-authenticate')).toBe('Basic realm="ops area", charset="UTF-8"');
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_UNAUTHORIZED' } });
  });

  it('lets bcrypt and scrypt users through; the refused requests never reached the function', async () => {
    // Act
    const first = await request(`${gw.url}/count`, { headers: basic('ops', 's3cret') });
    const second = await request(`${gw.url}/count`, { headers: basic('ci', 'ci-token') });

    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.json()).toEqual({ invocations: 1 });
    expect(second.json()).toEqual({ invocations: 2 });
  });

  it('captures refusals like any response, with the credentials redacted', async () => {
    // Prepare
    await gw.takeRecords();

    // Act
    await request(`${gw.url}/count`, { headers: basic('ops', 'wrong') });
    const records = await gw.takeRecords();

    // Assess
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 401, request_headers: { Authorization: '[REDACTED]' } });
    expect(JSON.stringify(records[0])).not.toContain(Buffer.from('ops:wrong').toString('base64'));
  });
});
