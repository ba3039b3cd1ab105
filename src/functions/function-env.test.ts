import { describe, expect, it } from 'vitest';
import { configSchema, type SluiceConfig } from '../core/config-schema.js';
import { configFromEnv, type FunctionConfig } from './function-env.js';

const queueEnv = {
  SLUICE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice',
  SLUICE_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice-dlq',
  SLUICE_PAYLOAD_BUCKET: 'sluice-payloads',
  AWS_REGION: 'eu-west-1',
};

describe('Function: configFromEnv', () => {
  it('reads the queue, destination and capture settings with the configuration file’s defaults', () => {
    // Act
    const config = configFromEnv(
      {
        ...queueEnv,
        SLUICE_DESTINATION_URL: 'https://hooks.example.com/in',
        SLUICE_MAX_RECEIVE_COUNT: '7',
        SLUICE_REDACT_HEADERS: 'X-Session, x-token',
        SLUICE_DEAD_LETTER_ON_4XX: 'true',
      },
      { queue: true, destination: true },
    );

    // Assess
    expect(config.queue).toMatchObject({ driver: 'sqs', max_receive_count: 7, offload_threshold: 262_144 });
    expect(config.destination).toMatchObject({ url: 'https://hooks.example.com/in', dead_letter_on_4xx: true, timeout: 10_000 });
    expect(config.capture.redact_headers).toEqual(['x-session', 'x-token']);
    expect(config.limits.upstream_timeout).toBe(29_000);
  });

  it('reads the retry budget: SLUICE_RETRY_MAX_AGE and SLUICE_RETRY_MAX_ATTEMPTS, the queue following the safety net', () => {
    // Act
    const config = configFromEnv(
      { ...queueEnv, SLUICE_DESTINATION_URL: 'https://hooks.example.com/in', SLUICE_RETRY_MAX_AGE: '2d', SLUICE_RETRY_MAX_ATTEMPTS: '200' },
      { queue: true, destination: true },
    );

    // Assess
    expect(config.destination?.retry).toEqual({ base: 1_000, cap: 3_600_000, max_age: 172_800_000, max_attempts: 200 });
    expect(config.queue?.max_receive_count).toBe(200);
  });

  it('names SLUICE_RETRY_MAX_ATTEMPTS when the schedule would reach it before max_age', () => {
    // Act
    const attempt = (): unknown =>
      configFromEnv(
        { ...queueEnv, SLUICE_DESTINATION_URL: 'https://hooks.example.com/in', SLUICE_RETRY_MAX_ATTEMPTS: '5' },
        { queue: true, destination: true },
      );

    // Assess
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'SLUICE_CONFIG_INVALID', issues: [expect.objectContaining({ path: 'SLUICE_RETRY_MAX_ATTEMPTS' })] }),
    );
  });

  it('names every missing or invalid variable at once', () => {
    // Act
    const attempt = (): unknown => configFromEnv({ SLUICE_QUEUE_URL: 'sluice', SLUICE_OFFLOAD_THRESHOLD: '2MiB' }, { queue: true, destination: true });

    // Assess
    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'SLUICE_CONFIG_INVALID',
        issues: expect.arrayContaining(
          ['SLUICE_QUEUE_URL', 'SLUICE_DLQ_URL', 'SLUICE_PAYLOAD_BUCKET', 'AWS_REGION', 'SLUICE_OFFLOAD_THRESHOLD', 'SLUICE_DESTINATION_URL'].map((path) =>
            expect.objectContaining({ path }),
          ),
        ),
      }),
    );
  });

  it('needs no queue when the proxy’s capture is off', () => {
    // Act
    const config = configFromEnv({}, { queue: false, destination: false });

    // Assess
    expect(config.queue).toBeUndefined();
  });
});

/** The environment as a configuration file would say it, read by the zod schema. */
function viaSchema(env: Record<string, string>): SluiceConfig | undefined {
  const number = (value: string | undefined): number | string | undefined => (value === undefined || Number.isNaN(Number(value)) ? value : Number(value));
  const list = (value: string | undefined): string[] | undefined => value?.split(/[\s,]+/).filter(Boolean);
  const defined = (object: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
  const result = configSchema.safeParse({
    capture: defined({
      max_body_bytes: env.SLUICE_CAPTURE_MAX_BODY_BYTES,
      redact_headers: list(env.SLUICE_REDACT_HEADERS),
      redact_query: list(env.SLUICE_REDACT_QUERY),
      redact_body_fields: list(env.SLUICE_REDACT_BODY_FIELDS),
    }),
    limits: { upstream_timeout: env.SLUICE_UPSTREAM_TIMEOUT ?? '29s' },
    queue: defined({
      driver: 'sqs',
      queue_url: env.SLUICE_QUEUE_URL,
      dlq_url: env.SLUICE_DLQ_URL,
      payload_bucket: env.SLUICE_PAYLOAD_BUCKET,
      region: env.AWS_REGION,
      endpoint: env.SLUICE_AWS_ENDPOINT,
      max_receive_count: number(env.SLUICE_MAX_RECEIVE_COUNT),
      visibility_timeout: env.SLUICE_VISIBILITY_TIMEOUT,
      offload_threshold: env.SLUICE_OFFLOAD_THRESHOLD,
    }),
    destination: defined({
      url: env.SLUICE_DESTINATION_URL,
      signing_secret: list(env.SLUICE_SIGNING_SECRET),
      timeout: env.SLUICE_DESTINATION_TIMEOUT,
      retry: defined({
        base: env.SLUICE_RETRY_BASE,
        cap: env.SLUICE_RETRY_CAP,
        max_age: env.SLUICE_RETRY_MAX_AGE,
        max_attempts: number(env.SLUICE_RETRY_MAX_ATTEMPTS),
      }),
      dead_letter_on_4xx: env.SLUICE_DEAD_LETTER_ON_4XX === undefined ? undefined : env.SLUICE_DEAD_LETTER_ON_4XX === 'true',
    }),
  });
  return result.success ? result.data : undefined;
}

const full = { ...queueEnv, SLUICE_DESTINATION_URL: 'https://hooks.example.com/in' };

describe.each([
  { description: 'the defaults', env: full },
  {
    description: 'every setting given',
    env: {
      ...full,
      SLUICE_AWS_ENDPOINT: 'http://127.0.0.1:4566',
      SLUICE_MAX_RECEIVE_COUNT: '80',
      SLUICE_VISIBILITY_TIMEOUT: '2m',
      SLUICE_OFFLOAD_THRESHOLD: '512KiB',
      SLUICE_SIGNING_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_dGhpcyBpcyBhIHNlY3JldCBrZXk=',
      SLUICE_DESTINATION_TIMEOUT: '5s',
      SLUICE_RETRY_BASE: '2s',
      SLUICE_RETRY_CAP: '30m',
      SLUICE_RETRY_MAX_AGE: '12h',
      SLUICE_DEAD_LETTER_ON_4XX: 'true',
      SLUICE_CAPTURE_MAX_BODY_BYTES: '1MiB',
      SLUICE_REDACT_HEADERS: 'X-Session',
      SLUICE_REDACT_QUERY: 'token,sig',
      SLUICE_REDACT_BODY_FIELDS: 'password',
      SLUICE_UPSTREAM_TIMEOUT: '10s',
    },
  },
  { description: 'a retry cap below its base', env: { ...full, SLUICE_RETRY_BASE: '10s', SLUICE_RETRY_CAP: '1s' } },
  { description: 'a retry cap over 12 hours', env: { ...full, SLUICE_RETRY_CAP: '13h', SLUICE_RETRY_MAX_AGE: '3d' } },
  { description: 'too few attempts', env: { ...full, SLUICE_RETRY_MAX_ATTEMPTS: '5' } },
  { description: 'a visibility timeout over 12 hours', env: { ...full, SLUICE_VISIBILITY_TIMEOUT: '13h' } },
  { description: 'an offload threshold over 1MiB', env: { ...full, SLUICE_OFFLOAD_THRESHOLD: '2MiB' } },
  { description: 'a bad bucket name', env: { ...full, SLUICE_PAYLOAD_BUCKET: 'Payloads_1' } },
  { description: 'a bad region', env: { ...full, AWS_REGION: 'europe' } },
  { description: 'a signing secret without its prefix', env: { ...full, SLUICE_SIGNING_SECRET: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
  { description: 'a receive count of 0', env: { ...full, SLUICE_MAX_RECEIVE_COUNT: '0' } },
  { description: 'a duration without a known unit', env: { ...full, SLUICE_UPSTREAM_TIMEOUT: '10 fortnights' } },
])('Function: configFromEnv and the configuration schema agree on $description', ({ env }) => {
  it('accepts and refuses alike, with the same values', () => {
    // Act
    const expected = viaSchema(env);
    let actual: FunctionConfig | undefined;
    try {
      actual = configFromEnv(env, { queue: true, destination: true });
    } catch (error) {
      expect(error).toMatchObject({ code: 'SLUICE_CONFIG_INVALID' });
    }

    // Assess
    if (expected === undefined) expect(actual).toBeUndefined();
    else expect(actual).toEqual({ queue: expected.queue, destination: expected.destination, capture: expected.capture, limits: expected.limits });
  });
});
