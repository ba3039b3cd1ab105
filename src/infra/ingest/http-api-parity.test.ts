import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { evaluateHttpApiParameters, type HttpApiRequest } from '../../../test/helpers/http-api-mapping.js';
import { configSchema, isIngestTarget } from '../../core/config-schema.js';
import { compileServiceParams, evaluateServiceParams } from '../../core/ingest/index.js';
import { IngestStack } from './ingest-stack.js';

// Every mapping form issue 13 lists, across the three HTTP API services.
const ROUTES = configSchema.parse({
  aws: { region: 'eu-west-1' },
  routes: [
    {
      name: 'hooks',
      match: { methods: ['POST'], path: '/hooks' },
      target: {
        type: 'sqs',
        queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks.fifo',
        params: {
          MessageGroupId: '$request.body.order.customer',
          MessageDeduplicationId: '${request.header.x-id}-${request.querystring.v}',
          MessageAttributes:
            '{"Sender":{"DataType":"String","StringValue":"${context.authorizer.claims.sub}"},"Ip":{"DataType":"String","StringValue":"${context.identity.sourceIp}"}}',
        },
      },
    },
    {
      name: 'orders',
      match: { methods: ['POST'], path: '/orders' },
      target: {
        type: 'eventbridge',
        source: 'com.example',
        params: { Detail: '$request.body.order', Resources: '["${request.body.items[0]}"]', Time: '$request.path' },
      },
    },
    {
      name: 'clicks',
      match: { path: '/clicks' },
      target: { type: 'kinesis', stream_name: 'clicks', params: { ExplicitHashKey: "$request.body['hash key']" } },
    },
  ],
}).routes;

const REQUESTS: { description: string; request: HttpApiRequest }[] = [
  {
    description: 'a JSON body with every value present',
    request: {
      body: JSON.stringify({ order: { customer: 'c-1', total: 42 }, items: ['sku-9'], 'hash key': 7 }),
      headers: [
        ['X-Id', 'a'],
        ['x-id', 'b'],
      ],
      query: 'v=1&v=2',
      path: '/orders',
      requestId: 'req-1',
      sourceIp: '203.0.113.9',
      claims: { sub: 'user-1' },
    },
  },
  {
    description: 'a body that is not JSON and no headers',
    request: { body: 'plain text', headers: [], query: '', path: '/hooks', requestId: 'req-2', sourceIp: '198.51.100.1' },
  },
  {
    description: 'a JSON body over 100 KB',
    request: {
      body: JSON.stringify({ order: { customer: 'c-2' }, pad: 'x'.repeat(110 * 1024) }),
      headers: [['x-id', 'z']],
      query: 'v=3',
      path: '/clicks',
      requestId: 'req-3',
      sourceIp: '192.0.2.1',
      claims: { sub: 7 },
    },
  },
];

const template = Template.fromStack(new IngestStack(new App(), 'parity-ingest', { routes: ROUTES }));
const integrations = Object.values(template.findResources('AWS::ApiGatewayV2::Integration')) as {
  Properties: { Description: string; RequestParameters: Record<string, string> };
}[];

describe('Parity: the HTTP API RequestParameters and the local executor', () => {
  describe.each(REQUESTS)('$description', ({ request }) => {
    it.each(ROUTES.map((route) => ({ route, name: route.name })))('route $name sends the same parameters', ({ route }) => {
      // Prepare
      const target = route.target;
      if (!isIngestTarget(target)) throw new Error('not an ingest route');
      const { params } = compileServiceParams({
        service: target.type,
        routeName: route.name,
        target,
        ...(target.params && { params: target.params }),
        path: 'target',
      });
      const native = integrations.find((resource) => resource.Properties.Description.startsWith(`${route.name}:`))!.Properties.RequestParameters;

      // Act
      const local = evaluateServiceParams(params!, {
        body: request.body,
        rawHeaders: request.headers.flat(),
        query: request.query,
        path: request.path,
        requestId: request.requestId,
        sourceIp: request.sourceIp,
        ...(request.claims && { claims: request.claims }),
      }).values;
      const onAws = evaluateHttpApiParameters(native, request);

      // Assess
      expect(onAws).toEqual(local);
    });
  });
});
