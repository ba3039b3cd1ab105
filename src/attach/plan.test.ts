import type { Integration } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { lambdaIntegrationUri, planAttach } from './plan.js';
import type { ApiSnapshot, SnapshotMethod } from './snapshot.js';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:sluice-proxy';

function method(path: string, httpMethod: string, integration: Integration): SnapshotMethod {
  return { resourceId: `r-${path}`, path, httpMethod, integration };
}

function snapshot(methods: SnapshotMethod[], stageVariables: Record<string, string> = {}): ApiSnapshot {
  return {
    version: 1,
    restApiId: 'a1b2c3d4e5',
    apiName: 'demo',
    stageName: 'prod',
    deploymentId: 'd1',
    stageVariables,
    takenAt: '2026-01-01T00:00:00.000Z',
    methods,
  };
}

describe('Function: planAttach', () => {
  it("renames path parameters to the method's, keeps {proxy+} greedy and folds static and stage-variable sources into the URI", () => {
    // Prepare
    const api = snapshot([
      method('/users/{userId}', 'GET', {
        type: 'HTTP_PROXY',
        httpMethod: 'GET',
        uri: 'https://${stageVariables.host}/v{version}/users/{id}',
        requestParameters: {
          'integration.request.path.id': 'method.request.path.userId',
          'integration.request.path.version': "'2'",
          'integration.request.header.X-Api-Key': 'stageVariables.apiKey',
        },
      }),
      method('/files/{proxy+}', 'ANY', {
        type: 'HTTP_PROXY',
        httpMethod: 'ANY',
        uri: 'https://files.example.com/{path}',
        requestParameters: { 'integration.request.path.path': 'method.request.path.proxy' },
      }),
    ]);

    // Act
    const plan = planAttach(api, FUNCTION_ARN);

    // Assess
    expect(plan.routeMap.routes).toEqual([
      {
        method: 'GET',
        resource: '/users/{userId}',
        uri: 'https://${stageVariables.host}/v2/users/{userId}',
        name: '/users/{userId}',
        request_parameters: { 'integration.request.header.X-Api-Key': 'stageVariables.apiKey' },
      },
      { method: 'ANY', resource: '/files/{proxy+}', uri: 'https://files.example.com/{proxy}', name: '/files/{proxy+}' },
    ]);
    expect(plan.changes.map((change) => change.integration.uri)).toEqual([lambdaIntegrationUri(FUNCTION_ARN), lambdaIntegrationUri(FUNCTION_ARN)]);
  });

  it.each([
    ['a VPC link', { type: 'HTTP_PROXY', uri: 'http://nlb.internal', connectionType: 'VPC_LINK' }, /VPC link/],
    ['HTTP with mapping templates', { type: 'HTTP', uri: 'https://a.example.com', requestTemplates: { 'application/json': '{}' } }, /mapping templates/],
    ['MOCK', { type: 'MOCK' }, /MOCK/],
    ['AWS', { type: 'AWS', uri: 'arn:aws:apigateway:eu-west-1:sqs:path/1/q' }, /AWS service/],
    ['another Lambda', { type: 'AWS_PROXY', uri: lambdaIntegrationUri('arn:aws:lambda:eu-west-1:123456789012:function:other') }, /Lambda/],
    [
      'a backend called with another method than the client’s',
      { type: 'HTTP_PROXY', httpMethod: 'POST', uri: 'https://a.example.com' },
      /calls the backend with POST/,
    ],
    [
      'a body-sourced parameter',
      { type: 'HTTP_PROXY', uri: 'https://a.example.com', requestParameters: { 'integration.request.header.x': 'method.request.body.id' } },
      /cannot apply/,
    ],
  ] as const)('skips %s with the reason', (_, integration, reason) => {
    // Act
    const plan = planAttach(snapshot([method('/a', 'GET', integration)]), FUNCTION_ARN);

    // Assess
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toEqual([expect.objectContaining({ path: '/a', httpMethod: 'GET', reason: expect.stringMatching(reason) })]);
  });

  it('keeps the originals a previous attach recorded for methods already on the function', () => {
    // Prepare
    const original = method('/a', 'GET', { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://a.example.com' });
    const first = planAttach(snapshot([original]), FUNCTION_ARN);
    const attached = method('/a', 'GET', { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaIntegrationUri(FUNCTION_ARN) });

    // Act
    const second = planAttach(snapshot([attached]), FUNCTION_ARN, first.snapshot);

    // Assess
    expect(second.changes).toEqual([]);
    expect(second.alreadyAttached).toEqual([original]);
    expect(second.snapshot.methods).toEqual([original]);
    expect(second.routeMap.routes[0]?.uri).toBe('https://a.example.com');
  });
});
