import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { forwarderTemplate } from '../../test/helpers/cdk-stacks.js';
import { resolveForwarderStackProps } from './forwarder-stack-props.js';

describe('Construct: CaptureQueues', () => {
  const { template, stack } = forwarderTemplate();
  const dlqId = stack.getLogicalId(stack.queues.deadLetterQueue.node.defaultChild as never);

  it('encrypts both queues with SQS-managed keys and keeps messages 4 days (main) and 14 days (DLQ)', () => {
    // Assess
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 4 * 86_400, RedrivePolicy: Match.anyValue() });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400, RedrivePolicy: Match.absent() });
  });

  it("redrives to the DLQ after the forwarder's own maxReceiveCount: the retry safety net, 60 by default", () => {
    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 60 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SLUICE_MAX_RECEIVE_COUNT: '60', SLUICE_RETRY_MAX_ATTEMPTS: '60' }) },
    });
  });

  it("sets the visibility timeout to six times the forwarder's timeout", () => {
    // Prepare
    const { template: longer } = forwarderTemplate({ forwarder: { timeout: Duration.seconds(50) } });

    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 180, RedrivePolicy: Match.anyValue() });
    longer.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 300, RedrivePolicy: Match.anyValue() });
  });

  it('follows a custom retry schedule: maxReceiveCount is its max_attempts', () => {
    // Prepare
    const { template: custom } = forwarderTemplate({ retry: { base: 1_000, cap: 60_000, max_age: 172_800_000, max_attempts: 120 } });

    // Assess
    custom.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 120 }) });
  });

  describe.each([
    {
      description: 'a maxReceiveCount below the retry safety net (the SQS driver’s rule)',
      props: { maxReceiveCount: 5 },
      path: 'maxReceiveCount',
    },
    {
      description: 'a retention no longer than the retry budget',
      props: { queueRetention: Duration.hours(12) },
      path: 'queueRetention',
    },
    {
      description: 'a visibility timeout under six times the forwarder’s timeout',
      props: { visibilityTimeout: Duration.seconds(60) },
      path: 'visibilityTimeout',
    },
    {
      description: 'a forwarder timeout that is not whole seconds',
      props: { forwarder: { timeout: Duration.millis(30_500) } },
      path: 'forwarder.timeout',
    },
    {
      description: 'a DLQ retention shorter than the main queue’s',
      props: { dlqRetention: Duration.days(2) },
      path: 'dlqRetention',
    },
  ])('refuses $description', ({ props, path }) => {
    it('throws a ConfigError naming the property', () => {
      // Act
      const attempt = (): unknown => resolveForwarderStackProps({ destinationUrl: 'https://hooks.example.com/in', ...props });

      // Assess
      expect(attempt).toThrow(expect.objectContaining({ code: 'SLUICE_CONFIG_INVALID', issues: expect.arrayContaining([expect.objectContaining({ path })]) }));
    });
  });
});
