import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const TOKEN = 'cli-admin-token-0123456789abcdef';

describe('CLI: #10 --admin and the admin listener of `sluice gateway` and `sluice serve`', () => {
  let upstream: Upstream;
  let dir: string;
  let proc: GatewayProcess | undefined;

  beforeAll(async () => {
    upstream = await startUpstream();
    dir = await mkdtemp(join(tmpdir(), 'sluice-admin-'));
  });

  afterEach(async () => {
    proc?.child.kill('SIGTERM');
    await proc?.exited;
    proc = undefined;
  });

  afterAll(async () => {
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves /metrics on --admin HOST:PORT, logs where, and sends /metrics on the proxied port to the upstream', async () => {
    // Prepare
    proc = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir, '--admin', '127.0.0.1:0']);
    const next = upstream.nextRequest();

    // Act
    const admin = await request(`${proc.adminUrl!}/metrics`);
    await request(`${proc.url}/metrics`);

    // Assess
    expect(admin.status).toBe(200);
    expect(admin.body.toString()).toContain('sluice_http_requests_total');
    expect((await next).url).toBe('/metrics');
    expect(proc.stderr()).toMatch(/"msg":"admin listening"/);
  });

  it('opens no admin listener with --admin off', async () => {
    // Act
    proc = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir, '--admin', 'off'], { command: 'serve' });

    // Assess
    expect(proc.adminUrl).toBeUndefined();
    expect(proc.stderr()).not.toContain('admin listening');
  });

  it('refuses to start with an admin listener beyond loopback and no token (exit 2, naming admin.token)', async () => {
    // Act
    const result = await runCli(['gateway', '--upstream', upstream.url, '--port', '0', '--data', dir, '--admin', '0.0.0.0:0']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('admin.token');
  });

  it('refuses a token-less admin listener beyond loopback from a file too', async () => {
    // Prepare
    const file = join(dir, 'open-admin.yaml');
    await writeFile(file, `admin: { listen: "0.0.0.0:9901" }\nroutes:\n  - { name: a, target: { type: http, url: "${upstream.url}" } }\n`);

    // Act
    const result = await runCli(['config', 'check', file]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('admin.token');
  });

  it('starts beyond loopback with SLUICE_ADMIN_TOKEN and checks the Bearer token', async () => {
    // Prepare
    proc = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir, '--admin', '0.0.0.0:0'], {
      env: cleanEnv({ SLUICE_ADMIN_TOKEN: TOKEN }),
    });

    // Act
    const without = await request(`${proc.adminUrl!}/healthz`);
    const wrong = await request(`${proc.adminUrl!}/healthz`, { headers: ['Authorization', 'Bearer not-the-token'] });
    const right = await request(`${proc.adminUrl!}/healthz`, { headers: ['Authorization', `Bearer ${TOKEN}`] });

    // Assess
    expect(without.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(200);
    expect(proc.stderr()).not.toContain(TOKEN);
  });

  it.each(['9901', 'localhost', 'on'])('refuses --admin %s with exit 2, naming the flag', async (value) => {
    // Act
    const result = await runCli(['gateway', '--upstream', upstream.url, '--port', '0', '--data', dir, '--admin', value]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--admin');
  });
});
