import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { forwarderTemplate } from '../../test/helpers/cdk-stacks.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** Every statement of every identity policy in a template: inline role policies and AWS::IAM::Policy documents. */
function identityStatements(resources: Record<string, { Type: string; Properties: Record<string, unknown> }>): Statement[] {
  const statements: Statement[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type === 'AWS::IAM::Policy') statements.push(...(resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? [])
        statements.push(...policy.PolicyDocument.Statement);
    }
  }
  return statements;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('Stack: ForwarderStack', () => {
  const { template, stack } = forwarderTemplate();
  const id = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
  const queueId = id(stack.queues.queue);
  const dlqId = id(stack.queues.deadLetterQueue);
  const payloadsId = id(stack.payloads.bucket);
  const controlId = id(stack.control.bucket);

  describe('payload bucket', () => {
    it('blocks all public access, encrypts, and expires objects after the DLQ retention (14 days)', () => {
      // Assess
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: 14 })] },
      });
    });

    it('follows a longer DLQ retention in its lifecycle rule', () => {
      // Prepare
      const { template: longer } = forwarderTemplate({ queueRetention: Duration.days(7), dlqRetention: Duration.days(10) });

      // Assess
      longer.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 10 })] } });
    });

    it('refuses plain HTTP (enforceSSL) on both buckets', () => {
      // Assess
      for (const bucket of [payloadsId, controlId]) {
        template.hasResourceProperties('AWS::S3::BucketPolicy', {
          Bucket: { Ref: bucket },
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });

    it('keeps the route map in a versioned control bucket that never expires', () => {
      // Assess
      template.resourceCountIs('AWS::S3::Bucket', 2);
      template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: Match.absent() });
    });
  });

  describe('functions', () => {
    it('runs both bundles on nodejs22.x, arm64, with sized memory and timeouts', () => {
      // Assess
      template.resourceCountIs('AWS::Lambda::Function', 2);
      for (const [service, memory] of [
        ['sluice-proxy', 512],
        ['sluice-forwarder', 256],
      ] as const) {
        template.hasResourceProperties('AWS::Lambda::Function', {
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: memory,
          Timeout: 30,
          Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: service, POWERTOOLS_METRICS_NAMESPACE: 'Sluice' }) },
        });
      }
    });

    it('takes memory and timeouts from the properties', () => {
      // Prepare
      const { template: sized } = forwarderTemplate({
        proxy: { memorySize: 1024, timeout: Duration.seconds(20) },
        forwarder: { memorySize: 512, timeout: Duration.seconds(60) },
      });

      // Assess
      sized.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 1024,
        Timeout: 20,
        Environment: { Variables: Match.objectLike({ SLUICE_UPSTREAM_TIMEOUT: '19000ms' }) },
      });
      sized.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 60 });
    });

    it('gives the forwarder the queue, destination and retry budget, and the signing secret by ARN only', () => {
      // Assess
      const secretId = id(stack.signingSecret as never);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'sluice-forwarder',
            POWERTOOLS_METRICS_NAMESPACE: 'Sluice',
            SLUICE_QUEUE_URL: { Ref: queueId },
            SLUICE_DLQ_URL: { Ref: dlqId },
            SLUICE_PAYLOAD_BUCKET: { Ref: payloadsId },
            SLUICE_MAX_RECEIVE_COUNT: '60',
            SLUICE_VISIBILITY_TIMEOUT: '180000ms',
            SLUICE_DESTINATION_URL: 'https://hooks.example.com/in',
            SLUICE_SIGNING_SECRET_ARN: { Ref: secretId },
            SLUICE_DESTINATION_TIMEOUT: '10000ms',
            SLUICE_RETRY_BASE: '1000ms',
            SLUICE_RETRY_CAP: '3600000ms',
            SLUICE_RETRY_MAX_AGE: '86400000ms',
            SLUICE_RETRY_MAX_ATTEMPTS: '60',
            SLUICE_DEAD_LETTER_ON_4XX: 'false',
          },
        },
      });
      template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ ExcludePunctuation: true }) });
    });

    it('never puts a signing secret in a plain environment variable', () => {
      // Assess
      const functions = template.findResources('AWS::Lambda::Function');
      for (const fn of Object.values(functions)) {
        expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain('SLUICE_SIGNING_SECRET');
      }
    });

    it('uses an existing secret when given its ARN, and creates none', () => {
      // Prepare
      const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice-signing-AbCdEf';
      const { template: existing } = forwarderTemplate({ signingSecretArn: arn });

      // Assess
      existing.resourceCountIs('AWS::SecretsManager::Secret', 0);
      existing.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SLUICE_SIGNING_SECRET_ARN: arn }) } });
      existing.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'secretsmanager:GetSecretValue', Resource: arn })]) },
      });
    });

    it('gives the proxy the queue and the route map in the control bucket', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: 'sluice-proxy',
            SLUICE_QUEUE_URL: { Ref: queueId },
            SLUICE_DLQ_URL: { Ref: dlqId },
            SLUICE_PAYLOAD_BUCKET: { Ref: payloadsId },
            SLUICE_MAX_RECEIVE_COUNT: '60',
            SLUICE_ROUTE_MAPS_URI: { 'Fn::Join': ['', ['s3://', { Ref: controlId }, '/sluice/route-maps/']] },
            SLUICE_ROUTE_MAP_URI: { 'Fn::Join': ['', ['s3://', { Ref: controlId }, '/sluice/route-map.json']] },
            SLUICE_UPSTREAM_TIMEOUT: '29000ms',
          }),
        },
      });
    });
  });

  describe('event source', () => {
    it('feeds the forwarder from the main queue, reporting batch item failures', () => {
      // Assess
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: Match.absent(),
      });
    });

    it('takes the batch size and batching window from the properties', () => {
      // Prepare
      const { template: batched } = forwarderTemplate({ batchSize: 50, maxBatchingWindow: Duration.seconds(5) });

      // Assess
      batched.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 50,
        MaximumBatchingWindowInSeconds: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('refuses a batch over 10 without a batching window, as SQS does', () => {
      // Act
      const attempt = (): unknown => forwarderTemplate({ batchSize: 50 });

      // Assess
      expect(attempt).toThrow(expect.objectContaining({ code: 'SLUICE_CONFIG_INVALID', issues: [expect.objectContaining({ path: 'maxBatchingWindow' })] }));
    });
  });

  describe('least-privilege IAM', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const statements = identityStatements(resources);

    it('has no "*" action, no service-wide action, and no "*" resource in any identity policy', () => {
      // Assess: EMF metrics go through the logs, so nothing needs cloudwatch:PutMetricData (which only takes Resource "*").
      expect(statements.length).toBeGreaterThan(5);
      for (const statement of statements) {
        for (const action of asList(statement.Action)) expect(action, JSON.stringify(statement)).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
        for (const resource of asList(statement.Resource)) expect(resource, JSON.stringify(statement)).not.toBe('*');
      }
    });

    it('attaches no managed policy (AWSLambdaBasicExecutionRole writes to every log group)', () => {
      // Assess
      template.resourceCountIs('AWS::IAM::Role', 2);
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });

    it.each([
      { description: 'the proxy sends to the main queue only', action: 'sqs:SendMessage', resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      { description: 'the forwarder dead-letters to the DLQ', action: 'sqs:SendMessage', resource: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
      { description: 'the proxy puts payload objects', action: 's3:PutObject', resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [payloadsId, 'Arn'] }, '/*']] } },
      {
        description: 'the proxy reads the route maps, one per API and stage',
        action: 's3:GetObject',
        resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [controlId, 'Arn'] }, '/sluice/route-maps/*']] },
      },
      {
        description: 'the proxy reads the route map of earlier versions',
        action: 's3:GetObject',
        resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [controlId, 'Arn'] }, '/sluice/route-map.json']] },
      },
      {
        description: 'the proxy tells a missing route map (404) from a denied one',
        action: 's3:ListBucket',
        resource: { 'Fn::GetAtt': [controlId, 'Arn'] },
      },
      {
        description: 'the forwarder changes visibility on the main queue (its backoff)',
        action: 'sqs:ChangeMessageVisibility',
        resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      },
      { description: 'the forwarder receives from the main queue (event source)', action: 'sqs:ReceiveMessage', resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    ])('grants what it needs on a named resource: $description', ({ action, resource }) => {
      // Assess
      const matching = statements.filter(
        (statement) => asList(statement.Action).includes(action) && asList(statement.Resource).some((r) => JSON.stringify(r) === JSON.stringify(resource)),
      );
      expect(matching).toHaveLength(1);
    });

    it('lets only the forwarder read the signing secret, and nobody write to the DLQ but the forwarder', () => {
      // Assess
      const secretReaders = statements.filter((statement) => asList(statement.Action).includes('secretsmanager:GetSecretValue'));
      expect(secretReaders).toHaveLength(1);
      expect(secretReaders[0]!.Resource).toEqual({ Ref: id(stack.signingSecret as never) });
      const dlqWriters = statements.filter((s) => asList(s.Action).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(dlqId));
      expect(dlqWriters).toHaveLength(1);
    });
  });

  describe('removal', () => {
    it('deletes the queues and buckets with the stack, with no custom resource to empty them', () => {
      // Assess: `sluice deploy --destroy` empties the buckets itself (issue 12: "back out again without a trace")
      const resources = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
      for (const logicalId of [queueId, dlqId, payloadsId, controlId]) {
        expect(resources[logicalId], logicalId).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      }
      expect(Object.values(resources).filter((resource) => resource.Type.startsWith('Custom::'))).toEqual([]);
    });
  });

  describe('outputs', () => {
    it('exports what attaching and operating need', () => {
      // Assess
      const outputs = Object.keys(template.toJSON().Outputs as object);
      expect(outputs).toEqual(
        expect.arrayContaining([
          'QueueUrl',
          'DeadLetterQueueUrl',
          'PayloadBucketName',
          'ControlBucketName',
          'RouteMapsUri',
          'ProxyFunctionArn',
          'SigningSecretArn',
          'AlarmTopicArn',
          'DashboardName',
        ]),
      );
    });
  });
});
