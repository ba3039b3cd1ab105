import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { lambdaConfig } from '../../helpers/lambda-fixtures.js';

const version = (label: string) => `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const handler = async (event) => {
  if (event.rawPath === '/slow') await sleep(400);
  return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: '${label}' };
};
`;

describe('Handler mode: reload on change', () => {
  let dir: string;
  let file: string;
  let gw: TestGateway;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-reload-'));
    file = join(dir, 'handler.mjs');
    await writeFile(file, version('v1'));
    gw = await startGateway(lambdaConfig({ handler: `${file}#handler`, workers: 2 }, { limits: { timeout: '2s' } }));
  });

  afterAll(async () => {
    await gw.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the new code to new invocations while an old worker finishes its own', async () => {
    // Prepare
    expect((await request(`${gw.url}/`)).body.toString()).toBe('v1');
    const slow = request(`${gw.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    await writeFile(file, version('v2'));
    let latest = '';
    // The watcher debounces and new workers start: poll for up to 3 s.
    for (let attempt = 0; attempt < 60 && latest !== 'v2'; attempt += 1) {
      latest = (await request(`${gw.url}/`)).body.toString();
      if (latest !== 'v2') await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Assess
    expect(latest).toBe('v2');
    expect((await slow).body.toString()).toBe('v1');
  });
});
