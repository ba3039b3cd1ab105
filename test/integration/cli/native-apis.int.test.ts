import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkConfig } from '../../../src/cli/config-check.js';
import { ConfigError } from '../../../src/core/errors.js';
import { captureIo } from '../../helpers/capture-io.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks';
const route = (extra: Record<string, unknown>) => ({
  name: 'hooks',
  match: { methods: ['POST'], path: '/hooks' },
  target: { type: 'sqs', queue_url: QUEUE_URL },
  ...extra,
});

describe('Command: sluice config check, native API faces', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-native-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(routes: unknown[]): Promise<{ code?: number; error?: unknown; stdout: string }> {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, stringify({ listen: { host: '127.0.0.1', port: 0 }, aws: { region: 'eu-west-1' }, routes }));
    const out = captureIo();
    try {
      return { code: await checkConfig(file, out.io, {}), stdout: out.stdout() };
    } catch (error) {
      return { error, stdout: out.stdout() };
    }
  }

  it.each([
    { description: 'a route matched by Host', extra: { match: { host: 'a.example.com', path: '/hooks' } }, path: 'routes[0].match.host' },
    {
      description: 'basic auth',
      extra: { auth: { type: 'basic', users: { ops: '$2y$10$XfA2P0vK4u1Ww7j6pQ8B3uM8Yf1vZ0r3Jk0mGQh3Z1oXW6v5bQk5e' } } },
      path: 'routes[0].auth',
    },
    {
      description: 'a queue read from the request',
      extra: { target: { type: 'sqs', queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/${request.header.q}' } },
      path: 'routes[0].target.queue_url',
    },
  ])('refuses $description with a config error naming the key', async ({ extra, path }) => {
    // Act
    const { error } = await check([route(extra)]);

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('SLUICE_CONFIG_INVALID');
    expect((error as ConfigError).issues.map((issue) => issue.path.split(' ')[0])).toEqual([path]);
  });

  it('refuses what the REST API would refuse at synth, naming the parameter', async () => {
    // Act
    const { error } = await check([
      { name: 'uploads', match: { methods: ['PUT'], path_prefix: '/uploads/' }, target: { type: 's3', bucket: 'b', key: 'incoming/${request.path}' } },
    ]);

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((issue) => issue.path.split(' ')[0])).toEqual(['routes[0].target.params.Key']);
    expect(issues[0]!.message).toMatch(/REST API cannot express this route: \$request.path/);
  });

  it('says when a custom domain puts an HTTP API route on the REST API', async () => {
    // Prepare
    const file = join(dir, 'domain.yaml');
    await writeFile(
      file,
      stringify({
        aws: { region: 'eu-west-1' },
        ingest_api: { domain: { name: 'hooks.example.com', hosted_zone: 'Z0123456789ABC' } },
        routes: [route({}), { name: 'alerts', match: { path: '/alerts' }, target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' } }],
      }),
    );
    const out = captureIo();

    // Act
    const code = await checkConfig(file, out.io, {});

    // Assess
    expect(code).toBe(0);
    expect(out.stdout()).toMatch(/- hooks: .*\[native: REST API, the custom domain serves one API/);
  });

  it('names the native face of each ingest route', async () => {
    // Act
    const { code, stdout } = await check([
      route({}),
      { name: 'alerts', match: { path: '/alerts' }, target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' } },
    ]);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('[native: HTTP API]');
    expect(stdout).toContain('[native: REST API, HTTP APIs have no sns integration]');
  });

  it('warns, naming the route, where its native face differs from the gateway', async () => {
    // Act
    const { code, stdout } = await check([
      route({}),
      {
        name: 'alerts',
        match: { path: '/alerts' },
        target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts', params: { Subject: '$request.header.x-subject' } },
      },
    ]);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/: ok \(3 warnings\)/);
    const warnings = stdout.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: routes\[0\].*route "hooks" on the native HTTP API replies with sqs's own answer, not \{"messageId":…\}$/),
      expect.stringMatching(/^warning: routes\[1\].*route "alerts" on the native REST API: header x-subject sent twice gives its last value/),
      expect.stringMatching(/^warning: routes\[1\].*route "alerts" on the native REST API: bodies other than JSON, .* are answered 415/),
    ]);
  });
});
