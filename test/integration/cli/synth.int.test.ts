import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cleanEnv, runCli } from '../../helpers/cli.js';

/** Loading aws-cdk-lib and synthesizing take seconds idle, far longer on a busy machine. */
const SYNTH_BUDGET_MS = 300_000;

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** No credentials, and no way to reach AWS or an instance metadata service. */
function offlineEnv(tmp: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = cleanEnv({ TMPDIR: tmp, AWS_EC2_METADATA_DISABLED: 'true', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', ...extra });
  for (const name of Object.keys(env)) if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|REGION|DEFAULT_REGION)$/.test(name)) delete env[name];
  return env;
}

function resourcesOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === type)
    .map((resource) => resource.Properties);
}

describe('CLI: sluice synth', () => {
  let tmp: string;
  let lambdaDir: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'sluice-synth-'));
    // Stand-in bundles: the command copies them as assets, whatever they hold.
    lambdaDir = join(tmp, 'dist-lambda');
    for (const name of ['proxy', 'forwarder', 'jwt-authorizer']) {
      await mkdir(join(lambdaDir, name), { recursive: true });
      await writeFile(join(lambdaDir, name, 'index.mjs'), `export const handler = async () => '${name}';\n`);
    }
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it(
    'writes the forwarder and, with --example-api, the example API templates from flags alone, offline and without credentials',
    async () => {
      // Prepare
      const out = join(tmp, 'flags');

      // Act
      const result = await runCli(
        [
          'synth',
          '--out',
          out,
          '--lambda-dir',
          lambdaDir,
          '--project',
          'shop',
          '--region',
          'eu-west-1',
          '--destination',
          'https://hooks.example.com/in',
          '--alarm-email',
          'ops@example.com',
          '--example-api',
        ],
        { env: offlineEnv(tmp, { SLUICE_SIGNING_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }), timeoutMs: SYNTH_BUDGET_MS },
      );

      // Assess
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('shop-forwarder.template.json');
      const files = await readdir(out);
      expect(files).toEqual(expect.arrayContaining(['shop-forwarder.template.json', 'shop-example-api.template.json', 'manifest.json']));
      const forwarder = JSON.parse(await readFile(join(out, 'shop-forwarder.template.json'), 'utf8')) as Template;
      expect(resourcesOf(forwarder, 'AWS::SQS::Queue')).toEqual(
        expect.arrayContaining([expect.objectContaining({ RedrivePolicy: expect.objectContaining({ maxReceiveCount: 60 }), VisibilityTimeout: 180 })]),
      );
      expect(resourcesOf(forwarder, 'AWS::Lambda::Function')).toEqual([
        expect.objectContaining({ Runtime: 'nodejs22.x', Architectures: ['arm64'] }),
        expect.objectContaining({ Runtime: 'nodejs22.x', Architectures: ['arm64'] }),
      ]);
      expect(resourcesOf(forwarder, 'AWS::SNS::Subscription')).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.com' })]);
      const api = JSON.parse(await readFile(join(out, 'shop-example-api.template.json'), 'utf8')) as Template;
      expect(resourcesOf(api, 'AWS::ApiGateway::Method')).toHaveLength(4);
      // The signing secret in the environment never reaches a template.
      for (const file of files.filter((name) => name.endsWith('.json'))) expect(await readFile(join(out, file), 'utf8')).not.toContain('whsec_');
    },
    SYNTH_BUDGET_MS,
  );

  it(
    'takes the destination, retry budget and alarm age from --config, and leaves out the example API without --example-api',
    async () => {
      // Prepare
      const out = join(tmp, 'config');
      const file = join(tmp, 'sluice.yaml');
      await writeFile(
        file,
        [
          'destination:',
          '  url: https://hooks.example.com/from-file',
          '  retry: { max_age: 2d, max_attempts: 120 }',
          'alarms: { oldest_message_age: 30m }',
          'capture: { redact_headers: [x-session] }',
          '',
        ].join('\n'),
      );

      // Act
      const result = await runCli(['synth', '--config', file, '--out', out, '--lambda-dir', lambdaDir], {
        env: offlineEnv(tmp),
        timeoutMs: SYNTH_BUDGET_MS,
      });

      // Assess
      expect(result.code).toBe(0);
      expect(await readdir(out)).not.toContain('sluice-example-api.template.json');
      const forwarder = JSON.parse(await readFile(join(out, 'sluice-forwarder.template.json'), 'utf8')) as Template;
      expect(resourcesOf(forwarder, 'AWS::SQS::Queue')).toEqual(
        expect.arrayContaining([expect.objectContaining({ RedrivePolicy: expect.objectContaining({ maxReceiveCount: 120 }) })]),
      );
      expect(resourcesOf(forwarder, 'AWS::CloudWatch::Alarm')).toEqual(
        expect.arrayContaining([expect.objectContaining({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 1800 })]),
      );
      expect(resourcesOf(forwarder, 'AWS::Lambda::Function')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Environment: {
              Variables: expect.objectContaining({ SLUICE_DESTINATION_URL: 'https://hooks.example.com/from-file', SLUICE_RETRY_MAX_AGE: '172800000ms' }),
            },
          }),
          expect.objectContaining({ Environment: { Variables: expect.objectContaining({ SLUICE_REDACT_HEADERS: 'x-session' }) } }),
        ]),
      );
    },
    SYNTH_BUDGET_MS,
  );

  it(
    'writes the ingest stack with both native APIs from the routes of --config',
    async () => {
      // Prepare
      const out = join(tmp, 'ingest');
      const file = join(tmp, 'ingest.yaml');
      await writeFile(
        file,
        stringify({
          aws: { region: 'eu-west-1' },
          routes: [
            {
              name: 'hooks',
              match: { methods: ['POST'], path: '/hooks' },
              target: { type: 'sqs', queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks' },
            },
            {
              name: 'alerts',
              match: { methods: ['POST'], path: '/alerts' },
              target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' },
              auth: { type: 'jwt', issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123', audience: ['client'] },
            },
          ],
        }),
      );

      // Act
      const result = await runCli(
        ['synth', '--config', file, '--out', out, '--lambda-dir', lambdaDir, '--project', 'shop', '--destination', 'https://hooks.example.com/in'],
        { env: offlineEnv(tmp), timeoutMs: SYNTH_BUDGET_MS },
      );

      // Assess
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('shop-ingest.template.json');
      const ingest = JSON.parse(await readFile(join(out, 'shop-ingest.template.json'), 'utf8')) as Template;
      expect(resourcesOf(ingest, 'AWS::ApiGatewayV2::Api')).toEqual([expect.objectContaining({ Name: 'shop-http', ProtocolType: 'HTTP' })]);
      expect(resourcesOf(ingest, 'AWS::ApiGatewayV2::Integration')).toEqual([expect.objectContaining({ IntegrationSubtype: 'SQS-SendMessage' })]);
      expect(resourcesOf(ingest, 'AWS::ApiGateway::RestApi')).toEqual([expect.objectContaining({ Name: 'shop-rest' })]);
      // The Cognito route's audience is checked by the bundled authorizer, not a user pools one.
      expect(resourcesOf(ingest, 'AWS::ApiGateway::Authorizer')).toEqual([expect.objectContaining({ Type: 'REQUEST' })]);
    },
    SYNTH_BUDGET_MS,
  );

  it.each([
    { description: 'no destination', args: [], flag: '--destination' },
    {
      description: 'a batch over 10 without a batching window',
      args: ['--destination', 'https://hooks.example.com/in', '--batch-size', '50'],
      flag: '--batching-window',
    },
    { description: 'a bad region', args: ['--destination', 'https://hooks.example.com/in', '--region', 'Mars'], flag: '--region' },
    { description: 'a folder without bundles', args: ['--destination', 'https://hooks.example.com/in', '--lambda-dir', '/nonexistent'], flag: '--lambda-dir' },
  ])(
    'exits 2 naming the flag on $description, writing nothing',
    async ({ args, flag }) => {
      // Prepare
      const out = join(tmp, `bad-${flag.slice(2)}`);
      const lambda = args.includes('--lambda-dir') ? [] : ['--lambda-dir', lambdaDir];

      // Act
      const result = await runCli(['synth', '--out', out, ...lambda, ...args], { env: offlineEnv(tmp), timeoutMs: SYNTH_BUDGET_MS });

      // Assess
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(flag);
      await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
    },
    SYNTH_BUDGET_MS,
  );
});
