import { describe, expect, it } from 'vitest';
import { validateConfig } from './config-parse.js';
import { ConfigError } from './errors.js';

const sqs = {
  driver: 'sqs',
  queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice',
  dlq_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice-dlq',
  payload_bucket: 'sluice-payloads',
  region: 'eu-west-1',
};

function issuesOf(raw: unknown): string[] {
  try {
    validateConfig(raw, { file: 'sluice.yaml' });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => issue.path);
  }
}

describe('Config: queue.driver sqs', () => {
  it('fills in the defaults: 256 KiB offload threshold, 5 receives, 30 s visibility', () => {
    // Act
    const config = validateConfig({ queue: sqs }, { file: 'sluice.yaml' });

    // Assess
    expect(config.queue).toEqual({ ...sqs, max_receive_count: 5, visibility_timeout: 30_000, offload_threshold: 262_144 });
  });

  it('accepts an endpoint and units for sizes and durations', () => {
    // Act
    const config = validateConfig({ queue: { ...sqs, endpoint: 'http://127.0.0.1:4566', offload_threshold: '1MiB', visibility_timeout: '2m' } }, { file: 'sluice.yaml' });

    // Assess
    expect(config.queue).toMatchObject({ endpoint: 'http://127.0.0.1:4566', offload_threshold: 1_048_576, visibility_timeout: 120_000 });
  });

  it.each([
    ['an offload threshold over 1 MiB', { offload_threshold: '1025KiB' }, 'queue.offload_threshold'],
    ['a visibility timeout over 12 h', { visibility_timeout: '13h' }, 'queue.visibility_timeout'],
    ['a bucket name with capitals', { payload_bucket: 'Sluice' }, 'queue.payload_bucket'],
    ['a region that is not one', { region: 'Europe' }, 'queue.region'],
    ['a queue URL that is not a URL', { queue_url: 'sluice' }, 'queue.queue_url'],
    ['a path (an sqlite key)', { path: '.sluice/q.db' }, 'queue'],
  ])('rejects %s', (_, change, path) => {
    // Act
    const paths = issuesOf({ queue: { ...sqs, ...change } });

    // Assess
    expect(paths).toContain(path);
  });

  it('names every missing key at once', () => {
    // Act
    const paths = issuesOf({ queue: { driver: 'sqs' } });

    // Assess
    expect(paths).toEqual(expect.arrayContaining(['queue.queue_url', 'queue.dlq_url', 'queue.payload_bucket', 'queue.region']));
  });
});
