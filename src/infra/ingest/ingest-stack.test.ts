import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { BodySchema } from '../../core/body-schema.js';
import { configSchema, type RouteConfig } from '../../core/config-schema.js';
import { ConfigError } from '../../core/errors.js';
import { chooseIngestApi, type IngestRouteConfig } from './api-choice.js';
import { IngestStack } from './ingest-stack.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks';

function routes(...list: Record<string, unknown>[]): RouteConfig[] {
  return configSchema.parse({ aws: { region: 'eu-west-1' }, routes: list }).routes;
}

const sqsRoute = {
  name: 'hooks',
  match: { methods: ['POST'], path: '/hooks' },
  target: { type: 'sqs', queue_url: QUEUE_URL, params: { MessageGroupId: '$request.header.x-tenant' } },
  reply: { status: 202 },
  auth: { type: 'jwt', issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/POOL', audience: ['client'], scopes: ['hooks/write'] },
  cors: { allow_origins: ['https://app.example.com'], allow_headers: ['authorization'], max_age: '10m' },
};

describe('Function: chooseIngestApi', () => {
  it.each([
    { description: 'an sqs route', route: sqsRoute, api: 'http' },
    { description: 'an sns route', route: { name: 'a', target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:t' } }, api: 'rest' },
    {
      description: 'a kinesis route by ARN',
      route: { name: 'k', target: { type: 'kinesis', stream_arn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/s' } },
      api: 'rest',
    },
    { description: 'a route matched by Host', route: { ...sqsRoute, match: { host: 'a.example.com', path: '/x' } }, api: 'none' },
    {
      description: 'a queue named by the request',
      route: { ...sqsRoute, target: { type: 'sqs', queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/${request.header.q}' } },
      api: 'none',
    },
  ])('$description → $api', ({ route, api }) => {
    // Prepare
    const [parsed] = routes(route) as IngestRouteConfig[];

    // Act
    const choice = chooseIngestApi(parsed!);

    // Assess
    expect(choice.api).toBe(api);
  });
});

describe('Class: IngestStack', () => {
  const template = (list: RouteConfig[], domain?: { name: string; hosted_zone: string }): Template =>
    Template.fromStack(new IngestStack(new App(), 'test-ingest', { routes: list, ...(domain && { domain }) }));

  it('builds an SQS-SendMessage integration with the compiled parameters, the reply status and a role for that one queue', () => {
    // Act
    const t = template(routes(sqsRoute));

    // Assess
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationSubtype: 'SQS-SendMessage',
      RequestParameters: { QueueUrl: QUEUE_URL, MessageBody: '$request.body', MessageGroupId: '$request.header.x-tenant' },
      ResponseParameters: { '200': { 'overwrite:statuscode': '202' } },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] },
      Policies: [
        {
          PolicyName: 'Integration',
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: 'sqs:SendMessage',
                Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:eu-west-1:123456789012:hooks']] },
              },
            ],
          },
        },
      ],
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /hooks', AuthorizationType: 'JWT', AuthorizationScopes: ['hooks/write'] });
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/POOL', Audience: ['client'] },
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      DisableExecuteApiEndpoint: false,
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com'],
        AllowMethods: ['POST'],
        AllowHeaders: ['authorization'],
        MaxAge: 600,
        AllowCredentials: false,
      },
    });
  });

  it('scopes an EventBridge role to the bus and the source', () => {
    // Act
    const t = template(
      routes({ name: 'orders', match: { path: '/orders' }, target: { type: 'eventbridge', source: 'com.example', event_bus_name: 'orders' } }),
    );

    // Assess
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationSubtype: 'EventBridge-PutEvents',
      RequestParameters: { Source: 'com.example', DetailType: 'orders', Detail: '$request.body', EventBusName: 'orders' },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        { PolicyDocument: { Statement: [Match.objectLike({ Action: 'events:PutEvents', Condition: { StringEquals: { 'events:source': 'com.example' } } })] } },
      ],
    });
  });

  it('puts the API on the custom domain with a DNS-validated certificate and disables execute-api', () => {
    // Act
    const t = template(routes(sqsRoute), { name: 'hooks.example.com', hosted_zone: 'Z0123456789ABC' });

    // Assess
    t.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'hooks.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'hooks.example.com', HostedZoneId: 'Z0123456789ABC' }],
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'hooks.example.com' });
    t.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'hooks.example.com.', Type: 'A', HostedZoneId: 'Z0123456789ABC' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
  });

  const snsRoute = {
    name: 'alerts',
    match: { methods: ['POST'], path: '/alerts' },
    target: { type: 'sns', topic_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' },
  };

  it('serves REST-only routes on a REST API beside the HTTP API', () => {
    // Act
    const stack = new IngestStack(new App(), 'test-ingest', { routes: routes(sqsRoute, snsRoute) });

    // Assess
    expect(stack.restRoutes.map(({ route }) => route.name)).toEqual(['alerts']);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'test-ingest-rest' });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      Integration: Match.objectLike({ Type: 'AWS', IntegrationHttpMethod: 'POST', Credentials: Match.anyValue() }),
    });
  });

  it('puts every route on the REST API when a custom domain is shared, so no route changes its path', () => {
    // Act
    const stack = new IngestStack(new App(), 'test-ingest', {
      routes: routes(sqsRoute, snsRoute),
      domain: { name: 'hooks.example.com', hosted_zone: 'Z0123456789ABC' },
      authorizerCode: Code.fromInline('export const handler = async () => ({});'),
    });

    // Assess
    expect(stack.httpApi).toBeUndefined();
    expect(stack.restRoutes.map(({ route, index }) => [route.name, index])).toEqual([
      ['hooks', 0],
      ['alerts', 1],
    ]);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    t.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: Match.anyValue(), ApiId: Match.objectLike({ Ref: Match.stringLikeRegexp('RestApi') }) });
  });

  it("validates a route's body on the REST API with its JSON Schema as the model", () => {
    // Prepare
    const document = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    const compiled = BodySchema.compile(document, { ref: './alert.json', file: '/etc/sluice/alert.json' });
    if (!compiled.ok) throw new Error(compiled.message);
    const [alerts] = routes(snsRoute);
    const withSchema = { ...alerts!, schema: compiled.schema } as RouteConfig;

    // Act
    const t = Template.fromStack(new IngestStack(new App(), 'test-ingest', { routes: [withSchema] }));

    // Assess
    t.hasResourceProperties('AWS::ApiGateway::Model', { ContentType: 'application/json', Schema: document });
    t.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true });
  });

  it.each([
    { description: 'a non-Cognito issuer', issuer: 'https://idp.example.com' },
    // A user pools authorizer would let a token of another app client of the pool through.
    { description: 'a Cognito user pool with an audience', issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123' },
  ])('checks tokens of $description with the bundled JWT authorizer, and refuses such a route without it', ({ issuer }) => {
    // Prepare
    const jwtRoute = { ...snsRoute, auth: { type: 'jwt', issuer, audience: ['client'] } };
    const build = (authorizerCode?: Code) =>
      new IngestStack(new App(), 'test-ingest', { routes: routes(jwtRoute), ...(authorizerCode !== undefined && { authorizerCode }) });

    // Act
    const withCode = Template.fromStack(build(Code.fromInline('export const handler = async () => ({});')));

    // Assess
    expect(() => build()).toThrow(ConfigError);
    withCode.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', IdentitySource: 'method.request.header.Authorization' });
    withCode.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SLUICE_JWT_AUTH: Match.stringLikeRegexp(`"issuer":"${issuer}","audience":\\["client"\\]`) }) },
    });
    withCode.resourcePropertiesCountIs('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' }, 0);
  });
});
