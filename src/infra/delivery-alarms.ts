import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import { lambdaCountMetric } from './lambda-metric.js';

/** Properties of {@link DeliveryAlarms}. */
export interface DeliveryAlarmsProps {
  /** Prefixes the alarm names. */
  readonly project: string;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly proxyFunction: IFunction;
  readonly forwarderFunction: IFunction;
  /** @default no subscription (subscribe to the topic yourself) */
  readonly alarmEmail?: string;
  /** `alarms.oldest_message_age`. */
  readonly oldestMessageAge: Duration;
  /** Failed deliveries plus forwarder errors per `period` above which the warning fires. */
  readonly deliveryFailureThreshold: number;
  /** @default 5 minutes */
  readonly period?: Duration;
}

/**
 * The AWS twin of `sluice status`'s alarms (SPEC §5), all to one SNS topic with the e-mail
 * subscription: any message in the DLQ (critical), the oldest message older than
 * `alarms.oldest_message_age` (warning), proxy errors or `CaptureFailed` (warning), forwarder
 * errors or `DeliveryFailed` over a threshold (warning). The severity leads each alarm's name
 * and description, so the e-mail's subject says it. No data is not breaching: a quiet API is
 * a healthy one.
 *
 * @example
 * ```ts
 * const alarms = new DeliveryAlarms(this, 'Alarms', { project: 'sluice', queue, deadLetterQueue, proxyFunction, forwarderFunction, alarmEmail: 'ops@example.com', oldestMessageAge: Duration.minutes(15), deliveryFailureThreshold: 10 });
 * ```
 */
export class DeliveryAlarms extends Construct {
  public readonly topic: Topic;
  public readonly deadLetters: Alarm;
  public readonly oldestMessage: Alarm;
  public readonly proxyFailures: Alarm;
  public readonly deliveryFailures: Alarm;

  constructor(scope: Construct, id: string, props: DeliveryAlarmsProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    this.topic = new Topic(this, 'Topic', { displayName: `${props.project} alarms`, enforceSSL: true });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.deadLetters = new Alarm(this, 'DeadLetters', {
      alarmName: `${props.project}-critical-dead-letters`,
      alarmDescription: 'CRITICAL: records are in the dead-letter queue; inspect them with `sluice dlq list`, then redrive or purge',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // alarms.oldest_message_age may hold a fraction of a second; the metric counts whole ones.
    const ageSeconds = Math.ceil(props.oldestMessageAge.toMilliseconds() / 1000);
    this.oldestMessage = new Alarm(this, 'OldestMessage', {
      alarmName: `${props.project}-warning-oldest-message`,
      alarmDescription: `WARNING: the oldest record has waited more than ${ageSeconds} s (alarms.oldest_message_age): deliveries are failing or falling behind`,
      metric: props.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: ageSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.proxyFailures = new Alarm(this, 'ProxyFailures', {
      alarmName: `${props.project}-warning-proxy-failures`,
      alarmDescription: 'WARNING: the proxy function failed, or captures could not be sent to SQS (clients were still answered)',
      metric: new MathExpression({
        label: 'Proxy errors + CaptureFailed',
        expression: 'FILL(errors, 0) + FILL(captureFailed, 0)',
        usingMetrics: {
          errors: props.proxyFunction.metricErrors({ statistic: 'Sum', period }),
          captureFailed: lambdaCountMetric(LAMBDA_METRICS.proxyService, LAMBDA_METRICS.captureFailed, period),
        },
        period,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deliveryFailures = new Alarm(this, 'DeliveryFailures', {
      alarmName: `${props.project}-warning-delivery-failures`,
      alarmDescription: `WARNING: more than ${props.deliveryFailureThreshold} failed deliveries or forwarder errors in ${period.toMinutes()} min; records are being retried`,
      metric: new MathExpression({
        label: 'Forwarder errors + DeliveryFailed',
        expression: 'FILL(errors, 0) + FILL(deliveryFailed, 0)',
        usingMetrics: {
          errors: props.forwarderFunction.metricErrors({ statistic: 'Sum', period }),
          deliveryFailed: lambdaCountMetric(LAMBDA_METRICS.forwarderService, LAMBDA_METRICS.deliveryFailed, period),
        },
        period,
      }),
      threshold: props.deliveryFailureThreshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    for (const alarm of this.all) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  /** Every alarm, most severe first. */
  get all(): readonly Alarm[] {
    return [this.deadLetters, this.oldestMessage, this.proxyFailures, this.deliveryFailures];
  }
}
