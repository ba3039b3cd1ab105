import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import { forwarderTemplate } from '../../test/helpers/cdk-stacks.js';

/** The metric stat of a math-expression alarm's input, as CloudFormation holds it. */
const lambdaMetric = (service: string, name: string) =>
  Match.objectLike({
    MetricStat: Match.objectLike({
      Metric: { Namespace: 'Sluice', MetricName: name, Dimensions: [{ Name: 'service', Value: service }] },
      Stat: 'Sum',
    }),
  });

describe('Construct: DeliveryAlarms', () => {
  const { template, stack } = forwarderTemplate({ alarmEmail: 'ops@example.com', oldestMessageAge: Duration.minutes(20), deliveryFailureThreshold: 25 });
  const id = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
  const topic = { Ref: id(stack.alarms.topic) };

  it('sends every alarm, and its recovery, to one SNS topic with the e-mail subscription', () => {
    // Assess
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topic });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  it('subscribes nobody without an e-mail address', () => {
    // Prepare
    const { template: silent } = forwarderTemplate();

    // Assess
    silent.resourceCountIs('AWS::SNS::Subscription', 0);
    silent.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('is critical on any message in the dead-letter queue', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sluice-critical-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(stack.queues.deadLetterQueue), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('warns when the oldest message is older than alarms.oldest_message_age', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sluice-warning-oldest-message',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(stack.queues.queue), 'QueueName'] } }],
      Threshold: 1_200,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('rounds a fractional alarms.oldest_message_age up to whole seconds', () => {
    // Prepare
    const { template: fractional } = forwarderTemplate({ oldestMessageAge: Duration.millis(90_500) });

    // Assess
    fractional.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 91 });
  });

  it('warns on any proxy error or CaptureFailed, the metric the proxy emits', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sluice-warning-proxy-failures',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      // In the order CDK writes them: the expression, then its inputs.
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(errors, 0) + FILL(captureFailed, 0)' }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({
              Namespace: 'AWS/Lambda',
              MetricName: 'Errors',
              Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(stack.proxy.function) } }],
            }),
          }),
        }),
        lambdaMetric('sluice-proxy', 'CaptureFailed'),
      ]),
    });
  });

  it('warns on forwarder errors or DeliveryFailed over the threshold', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sluice-warning-delivery-failures',
      Threshold: 25,
      ComparisonOperator: 'GreaterThanThreshold',
      // In the order CDK writes them: the expression, then its inputs.
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(errors, 0) + FILL(deliveryFailed, 0)' }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(stack.forwarder.function) } }] }),
          }),
        }),
        lambdaMetric('sluice-forwarder', 'DeliveryFailed'),
      ]),
    });
  });

  it('reads the metrics by the names the functions emit them with', () => {
    // Assess: the handlers use these constants, and the functions are deployed with these service names.
    expect(LAMBDA_METRICS).toMatchObject({
      namespace: 'Sluice',
      captureFailed: 'CaptureFailed',
      deliveryFailed: 'DeliveryFailed',
      proxyService: 'sluice-proxy',
      forwarderService: 'sluice-forwarder',
    });
  });
});

describe('Construct: DeliveryDashboard', () => {
  const { template } = forwarderTemplate();

  it('charts queue depth, age, DLQ depth, delivery rate and errors', () => {
    // Assess
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'sluice-delivery' });
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    for (const text of [
      'Queue depth',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesNotVisible',
      'ApproximateAgeOfOldestMessage',
      'Dead-letter queue depth',
      'Deliveries per minute',
      'NumberOfMessagesDeleted',
      'DeadLettered',
      'Errors per minute',
      'CaptureFailed',
      'DeliveryFailed',
    ]) {
      expect(body).toContain(text);
    }
  });
});
