/**
 * The CloudWatch metrics the Lambda functions emit with Powertools Metrics (EMF), named once so
 * the handlers and the stacks' alarms and dashboard cannot drift apart. Powertools puts every
 * metric under the `service` dimension, valued with the function's service name.
 *
 * @example
 * ```ts
 * metrics.addMetric(LAMBDA_METRICS.deliveryFailed, MetricUnit.Count, 1);
 * ```
 */
export const LAMBDA_METRICS = {
  /** `POWERTOOLS_METRICS_NAMESPACE`'s default. */
  namespace: 'Sluice',
  /** The dimension Powertools adds to every metric. */
  serviceDimension: 'service',
  /** `POWERTOOLS_SERVICE_NAME`'s defaults. */
  proxyService: 'sluice-proxy',
  forwarderService: 'sluice-forwarder',
  /** Proxy: a capture that could not be sent to SQS (the client still got its answer). */
  captureFailed: 'CaptureFailed',
  /** Forwarder: one failed delivery attempt. */
  deliveryFailed: 'DeliveryFailed',
  /** Forwarder: a record the function moved to the dead-letter queue. */
  deadLettered: 'DeadLettered',
} as const;
