import { describe, expect, it } from 'vitest';
import { configFromEnv } from './function-env.js';

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
    expect(config.queue.max_receive_count).toBe(200);
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
    expect(config.queue.driver).toBe('sqlite');
  });
});
