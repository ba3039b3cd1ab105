import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import { describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '../../test/helpers/lambda-events.js';
import { checkProxyEvent } from './proxy-event-check.js';

type Damage = (event: Record<string, unknown>) => void;
const context = (event: Record<string, unknown>): Record<string, unknown> => event.requestContext as Record<string, unknown>;

describe.each<{ description: string; damage: Damage; where: string | undefined }>([
  { description: 'a well-formed event', damage: () => undefined, where: undefined },
  {
    description: 'null headers and parameters',
    damage: (event) => Object.assign(event, { headers: null, multiValueHeaders: null, pathParameters: null, stageVariables: null }),
    where: undefined,
  },
  { description: 'no httpMethod', damage: (event) => delete event.httpMethod, where: 'httpMethod' },
  { description: 'an unknown httpMethod', damage: (event) => (event.httpMethod = 'FETCH'), where: 'httpMethod' },
  { description: 'no resource', damage: (event) => delete event.resource, where: 'resource' },
  { description: 'a header that is not a string', damage: (event) => (event.headers = { Host: 1 }), where: 'headers' },
  { description: 'multi-value headers that are not lists', damage: (event) => (event.multiValueHeaders = { Host: 'a' }), where: 'multiValueHeaders' },
  { description: 'no queryStringParameters', damage: (event) => delete event.queryStringParameters, where: 'queryStringParameters' },
  { description: 'a body that is not a string', damage: (event) => (event.body = 42), where: 'body' },
  { description: 'no isBase64Encoded', damage: (event) => delete event.isBase64Encoded, where: 'isBase64Encoded' },
  { description: 'no requestContext', damage: (event) => delete event.requestContext, where: 'requestContext' },
  { description: 'no requestContext.apiId', damage: (event) => delete context(event).apiId, where: 'requestContext.apiId' },
  { description: 'no requestContext.stage', damage: (event) => delete context(event).stage, where: 'requestContext.stage' },
  { description: 'no requestContext.identity', damage: (event) => delete context(event).identity, where: 'requestContext.identity' },
])('Function: checkProxyEvent on $description', ({ damage, where }) => {
  it('finds the problem the Powertools schema finds', () => {
    // Prepare
    const event = apiGatewayEvent({ method: 'GET', resource: '/users/{id}', path: '/users/1', pathParameters: { id: '1' } }) as unknown as Record<
      string,
      unknown
    >;
    damage(event);

    // Act
    const problem = checkProxyEvent(event);

    // Assess
    expect(problem?.where).toBe(where);
    expect(APIGatewayProxyEventSchema.safeParse(event).success).toBe(where === undefined);
  });
});
