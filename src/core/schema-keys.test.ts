import { describe, expect, it } from 'vitest';
import { configSchema } from './config-schema.js';
import { knownKeysAt, nearestKey } from './schema-keys.js';

describe('Function: knownKeysAt', () => {
  it.each([
    { description: 'the top level', path: [], input: {}, includes: ['listen', 'destination', 'routes'] },
    { description: 'a route', path: ['routes', 0], input: { routes: [{}] }, includes: ['name', 'match', 'target', 'capture', 'auth'] },
    { description: 'an http target', path: ['routes', 0, 'target'], input: { routes: [{ target: { type: 'http' } }] }, includes: ['url', 'preserve_host'] },
    {
      description: 'a lambda target',
      path: ['routes', 0, 'target'],
      input: { routes: [{ target: { type: 'lambda' } }] },
      includes: ['handler', 'workers', 'event'],
    },
    { description: 'an sqs queue', path: ['queue'], input: { queue: { driver: 'sqs' } }, includes: ['queue_url', 'dlq_url', 'payload_bucket'] },
    { description: 'the retry settings', path: ['destination', 'retry'], input: { destination: { retry: {} } }, includes: ['base', 'cap'] },
  ])('reads the keys allowed at $description from the schema', ({ path, input, includes }) => {
    expect(knownKeysAt(configSchema, path, input)).toEqual(expect.arrayContaining(includes));
  });

  it("does not mix a union member's keys into another's", () => {
    expect(knownKeysAt(configSchema, ['routes', 0, 'target'], { routes: [{ target: { type: 'http' } }] })).not.toContain('handler');
  });
});

describe('Function: nearestKey', () => {
  it.each([
    { key: 'destinaton', known: ['listen', 'destination', 'routes'], nearest: 'destination' },
    { key: 'Capture', known: ['capture', 'limits'], nearest: 'capture' },
    { key: 'prot', known: ['host', 'port'], nearest: 'port' },
    { key: 'kubernetes', known: ['listen', 'destination', 'routes'], nearest: undefined },
  ])('$key → $nearest', ({ key, known, nearest }) => {
    expect(nearestKey(key, known)).toBe(nearest);
  });
});
