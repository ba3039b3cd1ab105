import { describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config-schema.js';
import { faceRoutes, planIngestApis } from './api-plan.js';
import { nativeDifferences } from './native-differences.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:alerts';

function differencesOf(...list: Record<string, unknown>[]) {
  const routes = configSchema.parse({ aws: { region: 'eu-west-1' }, routes: list }).routes;
  return nativeDifferences(faceRoutes(planIngestApis(routes), routes, false), routes);
}

describe('#13 - Function: nativeDifferences', () => {
  it.each([
    { description: 'an sqs route on the HTTP API', target: { type: 'sqs', queue_url: QUEUE_URL }, reply: /\{"messageId":…\}/ },
    { description: 'a kinesis route on the HTTP API', target: { type: 'kinesis', stream_name: 'clicks' }, reply: /\{"sequenceNumber":…,"shardId":…\}/ },
    { description: 'an eventbridge route on the HTTP API', target: { type: 'eventbridge', source: 'com.example' }, reply: /\{"eventId":…\}/ },
  ])("says $description replies with the service's own answer", ({ target, reply }) => {
    // Act
    const differences = differencesOf({ name: 'in', match: { methods: ['POST'], path: '/in' }, target });

    // Assess
    expect(differences).toEqual([{ code: 'native_reply_body', path: 'routes[0]', message: expect.stringMatching(reply) }]);
  });

  it('says a REST route that reads a header or query parameter gets the last of repeated values, and which body types it refuses', () => {
    // Act
    const differences = differencesOf(
      { name: 'other', match: { path: '/other' }, target: { type: 'sqs', queue_url: QUEUE_URL } },
      {
        name: 'alerts',
        match: { path: '/alerts' },
        target: { type: 'sns', topic_arn: TOPIC_ARN, params: { Subject: '${request.header.x-subject} ${request.querystring.tag}' } },
      },
    );

    // Assess
    expect(differences.map(({ code, path }) => [code, path])).toEqual([
      ['native_reply_body', 'routes[0]'],
      ['native_repeated_values', 'routes[1]'],
      ['native_body_types', 'routes[1]'],
    ]);
    expect(differences[1]!.message).toContain('header x-subject, query parameter tag');
  });

  it('says a REST route that reads no header or query parameter only which body types it refuses', () => {
    // Act
    const differences = differencesOf({ name: 'alerts', match: { path: '/alerts' }, target: { type: 'sns', topic_arn: TOPIC_ARN } });

    // Assess
    expect(differences.map(({ code }) => code)).toEqual(['native_body_types']);
  });

  it('says how deep a DynamoDB item may be on the REST API', () => {
    // Act
    const differences = differencesOf({ name: 'orders', match: { path: '/orders' }, target: { type: 'dynamodb', table: 'orders' } });

    // Assess
    expect(differences.map(({ code }) => code)).toEqual(['native_body_types', 'native_item_depth']);
    expect(differences[1]!.message).toMatch(/deeper than 12 levels/);
  });
});
