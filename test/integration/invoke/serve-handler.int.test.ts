import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { request } from '../../helpers/http-client.js';
import { handlerFixture } from '../../helpers/lambda-fixtures.js';

describe('CLI: sluice serve --handler', () => {
  let dir: string;
  let proc: GatewayProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-serve-handler-'));
    proc = await startGatewayProcess(['--handler', `${handlerFixture('echo.mjs')}#handler`, '--event', 'apigw-v1', '--port', '0', '--data', dir], {
      command: 'serve',
    });
  });

  afterAll(async () => {
    proc.child.kill('SIGTERM');
    await proc.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves every path from the handler file, with the chosen event format', async () => {
    // Act
    const res = await request(`${proc.url}/any/path?x=1`);

    // Assess
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ event: { resource: '/{proxy+}', path: '/any/path', queryStringParameters: { x: '1' } } });
  });
});

describe('CLI: config check with a lambda-reverse-proxy file', () => {
  it('summarises the lrp.yaml routes', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'sluice-lrp-'));
    const file = join(dir, 'lrp.yaml');
    await writeFile(
      file,
      'local:\n  - hostname: service-1\n    endpoint: http://service-1-lambda:8080\naws:\n  - hostname: service-2\n    function_name: service-2-fn\n',
    );

    try {
      // Act
      const result = await runCli(['config', 'check', file], { env: cleanEnv() });

      // Assess
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('listen        0.0.0.0:8080');
      expect(result.stdout).toContain('host service-1 -> lambda emulator http://service-1-lambda:8080 (apigw-v2)');
      expect(result.stdout).toContain('host service-2 -> lambda function service-2-fn (apigw-v2)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses --handler together with --upstream (exit code 2)', async () => {
    // Act
    const result = await runCli(['serve', '--handler', 'a.mjs', '--upstream', 'http://127.0.0.1:1']);

    // Assess
    expect(result.code).toBe(2);
  });
});
