import type { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';

/**
 * A count one of the functions emits with Powertools Metrics, summed over `period`: the
 * namespace and `service` dimension the functions are deployed with.
 *
 * @example
 * ```ts
 * lambdaCountMetric(LAMBDA_METRICS.forwarderService, LAMBDA_METRICS.deliveryFailed, Duration.minutes(5));
 * ```
 */
export function lambdaCountMetric(service: string, metricName: string, period: Duration): Metric {
  return new Metric({
    namespace: LAMBDA_METRICS.namespace,
    metricName,
    dimensionsMap: { [LAMBDA_METRICS.serviceDimension]: service },
    statistic: 'Sum',
    period,
  });
}
