import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/cli/config-check.js';
import { EXIT_USAGE, exitCodeFor } from '../../../src/cli/exit-codes.js';
import { loadConfigWithSource } from '../../../src/cli/load-config.js';
import { ConfigError } from '../../../src/core/errors.js';
import { captureIo } from '../../helpers/capture-io.js';

const CONFIG = `aws: { region: eu-west-1 }
routes:
  - name: hooks
    match: { methods: [POST], path: /hooks }
    target: { type: sqs, queue_url: "https://sqs.eu-west-1.amazonaws.com/123456789012/hooks" }
    schema: ./schemas/hook.json
`;

describe('#13 - config check reads route schema files relative to the configuration file', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-schema-files-'));
    await mkdir(join(dir, 'deploy', 'schemas'), { recursive: true });
    file = join(dir, 'deploy', 'sluice.yaml');
    await writeFile(file, CONFIG);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts a valid schema and keeps its document on the route', async () => {
    // Prepare
    await writeFile(join(dir, 'deploy', 'schemas', 'hook.json'), '{"type":"object","required":["ref"]}');

    // Act
    const out = captureIo();
    const code = await checkConfig(file, out.io, {});
    const { config } = await loadConfigWithSource({ config: file }, {});

    // Assess
    expect(code).toBe(0);
    expect(config.routes[0]?.schema).toMatchObject({ file: join(dir, 'deploy', 'schemas', 'hook.json'), document: { type: 'object', required: ['ref'] } });
  });

  it.each([
    { description: 'an invalid schema', text: '{"type":"object","requried":["ref"]}', message: /hook\.json is not a valid JSON Schema: .*requried/ },
    { description: 'a file that is not JSON', text: 'type: object', message: /hook\.json is not JSON/ },
  ])('refuses $description with exit code 2, naming the file, key path and line', async ({ text, message }) => {
    // Prepare
    await writeFile(join(dir, 'deploy', 'schemas', 'hook.json'), text);

    // Act
    const failure = await checkConfig(file, captureIo().io, {}).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(failure)).toBe(EXIT_USAGE);
    expect((failure as ConfigError).issues).toEqual([{ path: 'routes[0].schema (line 6)', message: expect.stringMatching(message) as string }]);
    expect((failure as ConfigError).message).toContain(file);
  });
});
