import { App, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/config-parse.js';
import type { RouteConfig } from '../../core/config-schema.js';
import { RestIngestApi, type RestIngestApiProps } from './rest-ingest-api.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const POOL_ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_AbC123`;
const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/hooks`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;

/** Routes as `sluice.yaml` has them, parsed by the config schema. */
function routes(raw: Record<string, unknown>[]): RouteConfig[] {
  return validateConfig({ aws: { region: REGION }, routes: raw }, { file: 'sluice.yaml' }).routes;
}

const ROUTES = routes([
  {
    name: 'alerts',
    match: { methods: ['POST'], path: '/alerts' },
    target: { type: 'sns', topic_arn: TOPIC_ARN, params: { Subject: '$request.header.x-subject' } },
    reply: { status: 202 },
    auth: { type: 'jwt', issuer: POOL_ISSUER, audience: ['client'], scopes: ['alerts/write'] },
    cors: { allow_origins: ['https://app.example.com'], allow_headers: ['authorization', 'content-type'], max_age: '10m' },
  },
  { name: 'uploads', match: { methods: ['PUT'], path_prefix: '/uploads' }, target: { type: 's3', bucket: 'uploads', key: 'in/${context.requestId}' } },
  { name: 'orders', match: { methods: ['POST'], path: '/orders' }, target: { type: 'dynamodb', table: 'orders' } },
  { name: 'hooks', match: { methods: ['POST'], path: '/hooks' }, target: { type: 'sqs', queue_url: QUEUE_URL } },
  { name: 'clicks', match: { methods: ['POST'], path: '/clicks' }, target: { type: 'kinesis', stream_name: 'clicks' } },
  { name: 'events', match: { methods: ['POST'], path: '/events' }, target: { type: 'eventbridge', source: 'com.example.shop' } },
]);

const AUTHORIZER_CODE = Code.fromInline('export const handler = async () => ({})');

const ORDER_SCHEMA = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['id'], properties: { id: { type: 'string' } } };

function synth(props: Partial<RestIngestApiProps> = {}): { template: Template; construct: RestIngestApi; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'test-ingest', { env: { account: ACCOUNT, region: REGION } });
  const construct = new RestIngestApi(stack, 'RestIngest', { routes: ROUTES, schemas: { orders: ORDER_SCHEMA }, ...props });
  return { template: Template.fromStack(stack), construct, stack };
}

/** CloudFormation's `Fn::Join` of ARNs with `AWS::Partition` back to text, in the aws partition. */
function joined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(joined);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record.Ref === 'AWS::Partition') return 'aws';
  if (Array.isArray(record['Fn::Join'])) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(joined).join(separator);
  }
  return Object.fromEntries(Object.entries(record).map(([key, entry]) => [key, joined(entry)]));
}

/** The policy statements of the role a route's integration runs with. */
function roleStatements(template: Template, stack: Stack, construct: RestIngestApi, route: string): unknown[] {
  const roleId = stack.getLogicalId(construct.roles[route]!.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return joined(
    Object.values(policies).flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument.Statement),
  ) as unknown[];
}

describe('#13 - Construct: RestIngestApi', () => {
  const { template, construct, stack } = synth({ authorizerCode: AUTHORIZER_CODE });

  it('builds one regional REST API with a stage and no account-wide CloudWatch role', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod' });
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  describe.each([
    { route: 'alerts', uri: `arn:aws:apigateway:${REGION}:sns:path//`, method: 'POST', action: 'sns:Publish', resource: TOPIC_ARN },
    {
      route: 'uploads',
      uri: `arn:aws:apigateway:${REGION}:s3:path/uploads/{key}`,
      method: 'PUT',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::uploads/in/*',
    },
    {
      route: 'orders',
      uri: `arn:aws:apigateway:${REGION}:dynamodb:action/PutItem`,
      method: 'POST',
      action: 'dynamodb:PutItem',
      resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`,
    },
    {
      route: 'hooks',
      uri: `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/hooks`,
      method: 'POST',
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:hooks`,
    },
    {
      route: 'clicks',
      uri: `arn:aws:apigateway:${REGION}:kinesis:action/PutRecord`,
      method: 'POST',
      action: 'kinesis:PutRecord',
      resource: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/clicks`,
    },
    {
      route: 'events',
      uri: `arn:aws:apigateway:${REGION}:events:action/PutEvents`,
      method: 'POST',
      action: 'events:PutEvents',
      resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
    },
  ])('route $route', ({ route, uri, method, action, resource }) => {
    it(`calls ${uri} with ${method}, through its own role`, () => {
      // Prepare
      const roleId = stack.getLogicalId(construct.roles[route]!.node.defaultChild as never);

      // Assess
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        Integration: Match.objectLike({
          Type: 'AWS',
          IntegrationHttpMethod: method,
          Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':apigateway:')])] },
          Credentials: { 'Fn::GetAtt': [roleId, 'Arn'] },
          PassthroughBehavior: 'NEVER',
        }),
      });
      const uris = template.findResources('AWS::ApiGateway::Method', { Properties: { Integration: { Credentials: { 'Fn::GetAtt': [roleId, 'Arn'] } } } });
      expect(
        Object.values(uris).map((found) => stack.resolve((found as { Properties: { Integration: { Uri: unknown } } }).Properties.Integration.Uri)),
      ).toContainEqual(expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([expect.stringContaining(uri.split(':').slice(4).join(':'))])] }));
    });

    it(`grants ${action} on ${resource} and nothing else`, () => {
      // Act
      const statements = roleStatements(template, stack, construct, route);

      // Assess
      expect(statements).toEqual([{ Effect: 'Allow', Action: action, Resource: resource }]);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] },
        Description: Match.stringLikeRegexp(`route ${route}:`),
      });
    });
  });

  it('answers with the reply status and the service id, and maps refusals, failures and S3 throttling by status', () => {
    // Prepare
    const responses = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'PUT',
      Integration: Match.objectLike({ IntegrationResponses: responses }),
    });
    const alerts = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      Integration: Match.objectLike({ IntegrationHttpMethod: 'POST', IntegrationResponses: alerts, Uri: Match.anyValue() }),
    });

    // Assess
    const statuses = (responses.asArray() as { StatusCode: string; SelectionPattern?: string }[]).map(({ StatusCode, SelectionPattern }) => [
      StatusCode,
      SelectionPattern,
    ]);
    expect(statuses).toEqual([
      ['200', undefined],
      ['403', '403'],
      ['404', '404'],
      ['400', '4(?!03|04)\\d{2}'],
      ['503', '503'],
      ['502', '5(?!03)\\d{2}'],
    ]);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({
        IntegrationResponses: Match.arrayWith([
          Match.objectLike({
            StatusCode: '202',
            ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"messageId":".*PublishResponse\\.PublishResult\\.MessageId') },
          }),
        ]),
      }),
      MethodResponses: Match.arrayWith([
        Match.objectLike({ StatusCode: '202' }),
        Match.objectLike({ StatusCode: '503', ResponseParameters: Match.objectLike({ 'method.response.header.Retry-After': false }) }),
      ]),
    });
  });

  it('registers the generated template for each content type it accepts, and asks query-protocol services for JSON', () => {
    // Prepare
    const templates = new Capture();
    const parameters = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({
        Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':sqs:path/')])] },
        RequestTemplates: templates,
        RequestParameters: parameters,
      }),
    });

    // Assess
    expect(Object.keys(templates.asObject())).toEqual(expect.arrayContaining(['application/json', 'text/plain']));
    expect(templates.asObject()['application/json']).toMatch(/Action=SendMessage&Version=2012-11-05/);
    expect(parameters.asObject()).toEqual({
      'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
      'integration.request.header.Accept': "'application/json'",
    });
  });

  it('validates the body of a route with a schema against it as a model', () => {
    // Prepare
    const model = new Capture();

    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Model', { ContentType: 'application/json', Schema: ORDER_SCHEMA });
    template.resourceCountIs('AWS::ApiGateway::Model', 1);
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      RequestModels: { 'application/json': model },
      RequestValidatorId: Match.anyValue(),
      Integration: Match.objectLike({ Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':dynamodb:action/PutItem')])] } }),
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'BAD_REQUEST_BODY', StatusCode: '400' });
  });

  it("checks a Cognito issuer's tokens with the Lambda authorizer, which checks the audience a user pools authorizer ignores", () => {
    // Prepare
    const environment = new Capture();

    // Assess
    template.resourcePropertiesCountIs('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' }, 0);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', IdentitySource: 'method.request.header.Authorization' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: environment } });
    expect(JSON.parse((environment.asObject() as { SLUICE_JWT_AUTH: string }).SLUICE_JWT_AUTH)).toMatchObject({
      issuer: POOL_ISSUER,
      audience: ['client'],
      scopes: ['alerts/write'],
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'CUSTOM' });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" },
    });
  });

  it('keeps a user pools authorizer, with the route scopes, for a Cognito route that names no audience', () => {
    // Prepare
    const [alerts] = ROUTES;
    const noAudience = { ...alerts!, auth: { ...(alerts!.auth as Extract<RouteConfig['auth'], { type: 'jwt' }>), audience: [] } };
    const providers = new Capture();

    // Act
    const { template: withPool } = synth({ routes: [noAudience], schemas: {} });

    // Assess
    withPool.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS', ProviderARNs: providers });
    expect(joined(providers.asArray())).toEqual([`arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_AbC123`]);
    withPool.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizationScopes: ['alerts/write'],
    });
  });

  it('answers preflights with a mock integration, without auth, with CORS headers for allowed origins only', () => {
    // Prepare
    const preflight = new Capture();

    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
      Integration: Match.objectLike({
        Type: 'MOCK',
        IntegrationResponses: [Match.objectLike({ StatusCode: '204', ResponseTemplates: { 'application/json': preflight } })],
      }),
    });
    expect(preflight.asString()).toMatch(/https:\/\/app\.example\.com/);
    expect(preflight.asString()).toMatch(/Access-Control-Max-Age = "600"/);
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS' }, 1);
  });

  it('serves a path prefix at the prefix and every path below it', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'uploads' });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'PUT' }, 2);
  });

  it('checks tokens of another issuer with a Lambda REQUEST authorizer running the route settings', () => {
    // Prepare
    const other = routes([
      {
        name: 'hooks',
        match: { methods: ['POST'], path: '/hooks' },
        target: { type: 'sqs', queue_url: QUEUE_URL, params: { MessageGroupId: '$context.authorizer.claims.sub' } },
        auth: { type: 'jwt', issuer: 'https://idp.example.com', audience: ['hooks'], scopes: ['hooks/write'] },
      },
    ]);
    const environment = new Capture();

    // Act
    const { template: withLambda } = synth({ routes: other, schemas: {}, authorizerCode: AUTHORIZER_CODE });

    // Assess
    withLambda.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', IdentitySource: 'method.request.header.Authorization' });
    withLambda.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Environment: { Variables: environment } });
    expect(JSON.parse((environment.asObject() as { SLUICE_JWT_AUTH: string }).SLUICE_JWT_AUTH)).toMatchObject({
      issuer: 'https://idp.example.com',
      audience: ['hooks'],
      scopes: ['hooks/write'],
    });
    withLambda.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'CUSTOM',
      Integration: Match.objectLike({
        RequestTemplates: Match.objectLike({ 'application/json': Match.stringLikeRegexp('\\$context\\.authorizer\\.get\\("sub"\\)') }),
      }),
    });
  });

  it('reports every route a REST API cannot express at once, naming each and why', () => {
    // Prepare
    const bad = routes([
      {
        name: 'dynamic-queue',
        match: { path: '/a' },
        target: { type: 'sqs', queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/${request.header.x-queue}' },
      },
      { name: 'by-host', match: { host: 'hooks.example.com', path: '/b' }, target: { type: 'sns', topic_arn: TOPIC_ARN } },
      { name: 'whole-path', match: { path: '/c' }, target: { type: 'sns', topic_arn: TOPIC_ARN, params: { Subject: '$request.path' } } },
      {
        name: 'other-issuer',
        match: { path: '/d' },
        target: { type: 'sns', topic_arn: TOPIC_ARN },
        auth: { type: 'jwt', issuer: 'https://idp.example.com', audience: ['x'] },
      },
      { name: 'item-from-header', match: { path: '/e' }, target: { type: 'dynamodb', table: 't', params: { Item: '$request.header.x-item' } } },
    ]);

    // Act
    const build = () => synth({ routes: bad, schemas: { nowhere: {} } });

    // Assess
    expect(build).toThrow(
      expect.objectContaining({
        code: 'SLUICE_CONFIG_INVALID',
        issues: [
          { path: 'routes[0].target.queue_url', message: expect.stringMatching(/fixed value/) },
          { path: 'routes[1].match.host', message: expect.stringMatching(/paths only/) },
          { path: 'routes[2].target.params.Subject', message: expect.stringMatching(/\$request\.path/) },
          { path: 'routes[3].auth.issuer', message: expect.stringMatching(/authorizerCode/) },
          { path: 'routes[4].target.params.Item', message: expect.stringMatching(/body/) },
          { path: 'schemas.nowhere', message: 'names no route of this API' },
        ],
      }),
    );
  });
});
