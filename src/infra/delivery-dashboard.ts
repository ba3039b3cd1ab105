import { Duration } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, GraphWidget, MathExpression, type IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import { lambdaCountMetric } from './lambda-metric.js';

/** Properties of {@link DeliveryDashboard}. */
export interface DeliveryDashboardProps {
  /** The dashboard's name. */
  readonly project: string;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly proxyFunction: IFunction;
  readonly forwarderFunction: IFunction;
  /** Shown in an alarm status row. @default none */
  readonly alarms?: readonly IAlarm[];
}

/**
 * A CloudWatch dashboard with what `sluice status` shows (SPEC §6): queue depth (waiting and in
 * flight), the oldest record's age, DLQ depth, the delivery rate, and errors. SQS deletes a
 * record when it is delivered and when the forwarder dead-letters it, so the delivery rate is
 * the main queue's deletions minus `DeadLettered`.
 *
 * @example
 * ```ts
 * new DeliveryDashboard(this, 'Dashboard', { project: 'sluice', queue, deadLetterQueue, proxyFunction, forwarderFunction, alarms: alarms.all });
 * ```
 */
export class DeliveryDashboard extends Construct {
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: DeliveryDashboardProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    const { queue, deadLetterQueue: dlq, proxyFunction: proxy, forwarderFunction: forwarder } = props;
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${props.project}-delivery` });
    if (props.alarms !== undefined && props.alarms.length > 0) {
      this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 }));
    }
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Queue depth',
        left: [
          queue.metricApproximateNumberOfMessagesVisible({ label: 'waiting', statistic: 'Maximum', period: minute }),
          queue.metricApproximateNumberOfMessagesNotVisible({ label: 'in flight or under retry', statistic: 'Maximum', period: minute }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Oldest record age (s)',
        left: [queue.metricApproximateAgeOfOldestMessage({ label: 'oldest', statistic: 'Maximum', period: minute })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead-letter queue depth',
        left: [dlq.metricApproximateNumberOfMessagesVisible({ label: 'dead letters', statistic: 'Maximum', period: minute })],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Deliveries per minute',
        left: [
          new MathExpression({
            label: 'delivered',
            expression: 'MAX([0, FILL(deleted, 0) - FILL(deadLettered, 0)])',
            usingMetrics: {
              deleted: queue.metricNumberOfMessagesDeleted({ statistic: 'Sum', period: minute }),
              deadLettered: lambdaCountMetric(LAMBDA_METRICS.forwarderService, LAMBDA_METRICS.deadLettered, minute),
            },
            period: minute,
          }),
          queue.metricNumberOfMessagesSent({ label: 'captured', statistic: 'Sum', period: minute }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Errors per minute',
        left: [
          proxy.metricErrors({ label: 'proxy errors', statistic: 'Sum', period: minute }),
          lambdaCountMetric(LAMBDA_METRICS.proxyService, LAMBDA_METRICS.captureFailed, minute).with({ label: 'CaptureFailed' }),
          forwarder.metricErrors({ label: 'forwarder errors', statistic: 'Sum', period: minute }),
          lambdaCountMetric(LAMBDA_METRICS.forwarderService, LAMBDA_METRICS.deliveryFailed, minute).with({ label: 'DeliveryFailed' }),
          lambdaCountMetric(LAMBDA_METRICS.forwarderService, LAMBDA_METRICS.deadLettered, minute).with({ label: 'DeadLettered' }),
        ],
        width: 12,
      }),
    );
  }
}
