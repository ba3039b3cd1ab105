import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/cli/config-check.js';
import { loadConfigWithSource } from '../../../src/cli/load-config.js';
import { checkServable } from '../../../src/cli/run-gateway.js';
import type { ConfigError } from '../../../src/core/errors.js';
import { captureIo } from '../../helpers/capture-io.js';

/** The key paths of a ConfigError's issues (the flag or the key, and its line in a file). */
async function issuePaths(work: Promise<unknown>): Promise<string[]> {
  try {
    await work;
  } catch (error) {
    expect(error).toMatchObject({ code: 'SLUICE_CONFIG_INVALID' });
    return (error as ConfigError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ConfigError');
}

describe('Command line: configurations built from flags', () => {
  it.each([
    { description: '--upstream', options: { upstream: 'ftp://x' }, flag: '--upstream' },
    { description: '--destination', options: { upstream: 'http://127.0.0.1:3000', destination: 'hooks.example.com' }, flag: '--destination' },
    { description: '--port', options: { upstream: 'http://127.0.0.1:3000', port: '70000' }, flag: '--port' },
    { description: '--port (not a number)', options: { upstream: 'http://127.0.0.1:3000', port: 'eighty' }, flag: '--port' },
    { description: '--event', options: { handler: './a.mjs', event: 'sns' }, flag: '--event' },
    { description: '--log-level', options: { upstream: 'http://127.0.0.1:3000', logLevel: 'loud' }, flag: '--log-level' },
  ])('#10 - names the flag $description in its error, not the key path it fills', async ({ options, flag }) => {
    // Act
    const paths = await issuePaths(loadConfigWithSource(options, {}));

    // Assess
    expect(paths).toEqual([flag]);
  });

  it('names SLUICE_SIGNING_SECRET when the variable holds an invalid secret', async () => {
    // Act
    const paths = await issuePaths(
      loadConfigWithSource({ upstream: 'http://127.0.0.1:3000', destination: 'http://127.0.0.1:4000' }, { SLUICE_SIGNING_SECRET: 'hunter2' }),
    );

    // Assess
    expect(paths).toEqual(['SLUICE_SIGNING_SECRET']);
  });
});

describe('Command line: refusing to start', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('#10 - refuses to serve nothing: no route, no --upstream, no --handler (exit code 2)', async () => {
    // Prepare
    const loaded = await loadConfigWithSource({ data: dir }, {});

    // Act
    const refused = checkServable(loaded);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'SLUICE_USAGE' });
  });

  it('#10 - refuses a handler file that does not exist, naming the flag', async () => {
    // Prepare
    const loaded = await loadConfigWithSource({ handler: join(dir, 'missing.mjs#handler'), data: dir }, {});

    // Act
    const paths = await issuePaths(checkServable(loaded));

    // Assess
    expect(paths).toEqual(['--handler']);
  });

  it('#10 - refuses a handler export that does not exist, naming the route and line in the file', async () => {
    // Prepare
    await writeFile(join(dir, 'users.mjs'), 'export const list = async () => ({ statusCode: 200 });\n');
    const file = join(dir, 'sluice.yaml');
    await writeFile(
      file,
      `queue: { driver: sqlite, path: ${dir}/sluice.db }\nroutes:\n  - name: users\n    target: { type: lambda, handler: ${dir}/users.mjs#handler }\n`,
    );
    const loaded = await loadConfigWithSource({ config: file }, {});

    // Act
    const paths = await issuePaths(checkServable(loaded));

    // Assess
    expect(paths).toEqual(['routes[0].target.handler (line 4)']);
  });

  it('starts a handler file whose export exists, CommonJS default exports included', async () => {
    // Prepare
    await writeFile(join(dir, 'esm.mjs'), 'export async function handler() { return { statusCode: 200 }; }\n');
    await writeFile(join(dir, 'cjs.cjs'), 'exports.handler = async () => ({ statusCode: 200 });\n');

    // Act
    const esm = checkServable(await loadConfigWithSource({ handler: join(dir, 'esm.mjs'), data: dir }, {}));
    const cjs = checkServable(await loadConfigWithSource({ handler: `${join(dir, 'cjs.cjs')}#handler`, data: dir }, {}));

    // Assess
    await expect(esm).resolves.toBeUndefined();
    await expect(cjs).resolves.toBeUndefined();
  });
});

describe('Command: sluice config check (warnings)', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-check-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('#10 - prints each warning with its key path and line, and still exits with 0', async () => {
    // Prepare
    const file = join(dir, 'sluice.yaml');
    await writeFile(
      file,
      [
        `queue: { driver: sqlite, path: ${dir}/sluice.db }`,
        'destination: { url: "http://127.0.0.1:4000/" }',
        'routes:',
        '  - { name: a, match: { path_prefix: /api }, target: { type: http, url: "http://127.0.0.1:3000/" }, capture: true }',
        '  - { name: b, match: { path_prefix: /api/ }, target: { type: http, url: "http://127.0.0.1:3001/" } }',
        '',
      ].join('\n'),
    );
    const out = captureIo();

    // Act
    const code = await checkConfig(file, out.io, {});

    // Assess
    expect(code).toBe(0);
    const warnings = out
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('warning: '));
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: routes\[1\] \(line 5\): route "b" never matches/),
      expect.stringMatching(/^warning: destination.signing_secret \(line 2\): no signing secret/),
    ]);
  });
});
