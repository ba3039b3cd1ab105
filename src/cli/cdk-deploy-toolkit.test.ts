import type { IoMessage } from '@aws-cdk/toolkit-lib';
import { describe, expect, it } from 'vitest';
import { templateDiff } from '../../test/helpers/template-diff.js';
import { changesOf, progressLineOf } from './cdk-deploy-toolkit.js';

const STACK = 'sluice-forwarder';

/**
 * A resource event as the toolkit's stack activity monitor sends it (`CDK_TOOLKIT_I5502`, level
 * info): a `StackActivity` whose event is CloudFormation's `DescribeStackEvents` entry, whose
 * progress is the monitor's count (padded to the total's width; the total counts the stack's own
 * event) and whose message is the toolkit's own formatted line.
 */
function stackActivity(
  event: { LogicalResourceId: string; ResourceType: string; ResourceStatus: string; ResourceStatusReason?: string },
  constructPath?: string,
) {
  const stackEvent = {
    StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/aaf549a0-a413-11df-adb3-5081b3858e83`,
    EventId: `${event.LogicalResourceId}-CREATE_COMPLETE-2026-12-06T02:00:00.000Z`,
    StackName: STACK,
    PhysicalResourceId: 'https://sqs.us-east-1.amazonaws.com/123456789012/sluice-dlq',
    Timestamp: new Date('2026-12-06T02:00:00.000Z'),
    ...event,
  };
  return {
    time: new Date(),
    level: 'info',
    action: 'deploy',
    code: 'CDK_TOOLKIT_I5502',
    message: `${STACK} |  3/32 | 2:00:00 AM | ${event.ResourceStatus} | ${event.ResourceType} | ${constructPath ?? event.LogicalResourceId} `,
    data: {
      deployment: 'e2a1b6c0-6d4f-4c1e-9f0a-000000000001',
      event: stackEvent,
      ...(constructPath !== undefined && { metadata: { entry: { type: 'aws:cdk:logicalId', data: event.LogicalResourceId }, constructPath } }),
      progress: { total: 32, completed: 3, formatted: ' 3/32' },
    },
  } satisfies IoMessage<unknown>;
}

describe('Function: progressLineOf', () => {
  it('shows a resource event with its count, stack, type, construct path and status', () => {
    // Prepare
    const message = stackActivity(
      { LogicalResourceId: 'QueuesDeadLetterQueue5F3D1E42', ResourceType: 'AWS::SQS::Queue', ResourceStatus: 'CREATE_COMPLETE' },
      `${STACK}/Queues/DeadLetterQueue/Resource`,
    );

    // Act & Assess
    expect(progressLineOf(message)).toBe(`[ 3/32] ${STACK} AWS::SQS::Queue ${STACK}/Queues/DeadLetterQueue/Resource CREATE_COMPLETE`);
  });

  it("adds CloudFormation's reason to a failure, and names the logical id without metadata", () => {
    // Prepare
    const reason = 'Resource handler returned message: "Access denied for operation \'sqs:CreateQueue\'"';
    const message = stackActivity({
      LogicalResourceId: 'Queue4A7E3555',
      ResourceType: 'AWS::SQS::Queue',
      ResourceStatus: 'CREATE_FAILED',
      ResourceStatusReason: reason,
    });

    // Act & Assess
    expect(progressLineOf(message)).toBe(`[ 3/32] ${STACK} AWS::SQS::Queue Queue4A7E3555 CREATE_FAILED (${reason})`);
  });

  it('passes warnings and errors on, and leaves the rest out', () => {
    // Prepare
    const base = { time: new Date(), action: 'deploy' as const, data: undefined };
    const warning =
      "current credentials could not be used to assume 'arn:aws:iam::123456789012:role/cdk-hnb659fds-deploy-role-123456789012-us-east-1', but are for the right account. Proceeding anyway.";

    // Act & Assess
    expect(progressLineOf({ ...base, level: 'warn', message: warning })).toBe(`warn: ${warning}`);
    expect(progressLineOf({ ...base, level: 'error', code: 'CDK_TOOLKIT_E5500', message: 'Error occurred while monitoring stack: Throttling' })).toBe(
      'error: Error occurred while monitoring stack: Throttling',
    );
    expect(progressLineOf({ ...base, level: 'info', code: 'CDK_TOOLKIT_I5000', message: '\n✨  Deployment time: 61.2s\n' })).toBeUndefined();
  });
});

describe('Function: changesOf', () => {
  it("reads each resource's action and the IAM changes from the toolkit's diffs", () => {
    // Prepare: one deployed stack against its next template, where every kind of change happens
    const deployed = {
      Resources: {
        DeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'sluice-dlq' } },
        AlarmTopic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'Sluice alarms' } },
        OldBucket: { Type: 'AWS::S3::Bucket' },
      },
    };
    const next = {
      Resources: {
        DeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'sluice-dead-letters' } },
        AlarmTopic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'Sluice delivery alarms' } },
        TopicPolicy: {
          Type: 'AWS::SNS::TopicPolicy',
          Properties: {
            Topics: [{ Ref: 'AlarmTopic' }],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'AlarmTopic' } }],
            },
          },
        },
      },
    };

    // Act
    const changes = changesOf({ [STACK]: templateDiff(deployed, next) });

    // Assess
    expect(changes).toEqual([
      {
        stack: STACK,
        changes: expect.arrayContaining([
          { logicalId: 'DeadLetterQueue', resourceType: 'AWS::SQS::Queue', action: 'replace' },
          { logicalId: 'AlarmTopic', resourceType: 'AWS::SNS::Topic', action: 'update' },
          { logicalId: 'OldBucket', resourceType: 'AWS::S3::Bucket', action: 'remove' },
          { logicalId: 'TopicPolicy', resourceType: 'AWS::SNS::TopicPolicy', action: 'add' },
        ]),
        securityChanges: ['IAM + Allow sns:Publish on ${AlarmTopic} for Service:cloudwatch.amazonaws.com'],
      },
    ]);
    expect(changes[0]!.changes).toHaveLength(4);
  });
});
