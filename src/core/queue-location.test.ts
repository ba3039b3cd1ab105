import { describe, expect, it } from 'vitest';
import { validateConfig } from './config-parse.js';
import { queueFile, queueLocation } from './queue-location.js';

const sqs = {
  driver: 'sqs',
  queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice',
  dlq_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sluice-dlq',
  payload_bucket: 'sluice-payloads',
  region: 'eu-west-1',
};

function queueOf(queue: unknown) {
  return validateConfig({ queue }, { file: 'sluice.yaml' }).queue;
}

describe('Functions: queueLocation and queueFile', () => {
  it.each([
    { description: 'the embedded queue', queue: { driver: 'sqlite', path: 'data/q.db' }, location: 'data/q.db', file: 'data/q.db' },
    { description: 'an embedded queue in memory', queue: { driver: 'sqlite', path: ':memory:' }, location: ':memory:', file: undefined },
    { description: 'an SQS queue', queue: sqs, location: sqs.queue_url, file: undefined },
  ])('says where $description lives', ({ queue, location, file }) => {
    // Prepare
    const config = queueOf(queue);

    // Act & Assess
    expect(queueLocation(config)).toBe(location);
    expect(queueFile(config)).toBe(file);
  });
});
