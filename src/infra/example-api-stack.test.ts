import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ExampleApiStack } from './example-api-stack.js';

describe('Stack: ExampleApiStack', () => {
  const stack = new ExampleApiStack(new App(), 'test-example-api');
  const template = Template.fromStack(stack);

  it('has /users and /api/v1/users', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::ApiGateway::Resource', 4);
    for (const part of ['users', 'api', 'v1']) template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: part });
  });

  it.each(['GET', 'POST'])('proxies %s on both paths to jsonplaceholder with HTTP_PROXY', (method) => {
    // Assess
    const methods = template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: method } });
    expect(Object.keys(methods)).toHaveLength(2);
    for (const resource of Object.values(methods)) {
      expect(resource.Properties.Integration).toMatchObject({
        Type: 'HTTP_PROXY',
        IntegrationHttpMethod: method,
        Uri: 'https://jsonplaceholder.typicode.com/users',
      });
    }
  });

  it('deploys a stage and outputs the API id and stage for attaching', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod' });
    template.hasOutput('RestApiId', { Value: { Ref: Match.anyValue() } });
    template.hasOutput('StageName', { Value: 'prod' });
  });

  it('refuses a backend that is not an origin, before building anything', () => {
    // Act
    const attempt = (): unknown => new ExampleApiStack(new App(), 'bad', { backendUrl: 'ftp://example.com/x' });

    // Assess
    expect(attempt).toThrow(expect.objectContaining({ code: 'SLUICE_CONFIG_INVALID', issues: [expect.objectContaining({ path: 'backendUrl' })] }));
  });
});
