import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminServer } from '../../../src/gateway/admin-server.js';
import { basicAuth, htpasswdBcrypt } from '../../helpers/basic-auth.js';
import { request } from '../../helpers/http-client.js';

const TOKEN = 'dashboard-admin-token-0123456789';

describe('Admin listener: Basic users beside the bearer token (admin.users)', () => {
  let admin: AdminServer;
  let url: string;

  beforeAll(async () => {
    admin = new AdminServer({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, users: { ops: htpasswdBcrypt('s3cret-ops') } });
    admin.get('/api/hello', async (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('hi');
    });
    const address = await admin.listen();
    url = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await admin?.destroy();
  });

  it('lets a browser in with Basic credentials, and a script with the token', async () => {
    // Act
    const basic = await request(`${url}/api/hello`, { headers: basicAuth('ops', 's3cret-ops') });
    const bearer = await request(`${url}/api/hello`, { headers: ['Authorization', `Bearer ${TOKEN}`] });

    // Assess
    expect(basic.status).toBe(200);
    expect(bearer.status).toBe(200);
  });

  it('answers a wrong password with 401 and both challenges, so a browser prompts', async () => {
    // Act
    const res = await request(`${url}/api/hello`, { headers: basicAuth('ops', 'wrong') });

    // Assess
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'SLUICE_UNAUTHORIZED' } });
    expect(res.headerValues('www-authenticate')).toEqual(['Bearer realm="sluice-admin", error="invalid_token"', 'Basic realm="sluice-admin", charset="UTF-8"']);
  });

  it('checks credentials before it admits that a path exists', async () => {
    // Act
    const res = await request(`${url}/api/nothing-here`);

    // Assess
    expect(res.status).toBe(401);
  });
});
