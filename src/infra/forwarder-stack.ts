import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CaptureQueues } from './capture-queues.js';
import { ControlBucket } from './control-bucket.js';
import { DeliveryAlarms } from './delivery-alarms.js';
import { DeliveryDashboard } from './delivery-dashboard.js';
import { ForwarderLambda } from './forwarder-lambda.js';
import { forwarderStackDefaults } from './forwarder-stack-defaults.js';
import { resolveForwarderStackProps, type ForwarderStackProps } from './forwarder-stack-props.js';
import { lambdaBundleCode } from './lambda-bundles.js';
import { PayloadBucket } from './payload-bucket.js';
import { ProxyLambda } from './proxy-lambda.js';

/**
 * Sluice's scale-out path on AWS (SPEC §5): the capture queue and its DLQ, the payload and
 * control buckets, the proxy and forwarder functions with least-privilege roles, the signing
 * secret in Secrets Manager, the alarms with their SNS topic, and a dashboard. Its outputs are
 * what attaching an API and operating the deployment need.
 *
 * @throws ConfigError when a property breaks a rule (see `resolveForwarderStackProps`), before
 *   anything is built.
 * @example
 * ```ts
 * const app = new App();
 * new ForwarderStack(app, 'sluice-forwarder', { destinationUrl: 'https://hooks.example.com/in', alarmEmail: 'ops@example.com' });
 * app.synth();
 * ```
 */
export class ForwarderStack extends Stack {
  public readonly queues: CaptureQueues;
  public readonly payloads: PayloadBucket;
  public readonly control: ControlBucket;
  public readonly signingSecret: ISecret;
  public readonly proxy: ProxyLambda;
  public readonly forwarder: ForwarderLambda;
  public readonly alarms: DeliveryAlarms;
  public readonly dashboard: DeliveryDashboard;

  constructor(scope: Construct, id: string, props: ForwarderStackProps) {
    const p = resolveForwarderStackProps(props);
    super(scope, id, { description: `Sluice ${p.project}: capture queue, forwarder, alarms`, ...props });
    const code = p.code ?? lambdaBundleCode();
    this.queues = new CaptureQueues(this, 'Queues', {
      retention: p.queueRetention,
      dlqRetention: p.dlqRetention,
      visibilityTimeout: p.visibilityTimeout,
      maxReceiveCount: p.maxReceiveCount,
    });
    const { queue, deadLetterQueue } = this.queues;
    this.payloads = new PayloadBucket(this, 'Payloads', { expiration: p.dlqRetention });
    this.control = new ControlBucket(this, 'Control');
    this.signingSecret =
      p.signingSecretArn !== undefined
        ? Secret.fromSecretCompleteArn(this, 'SigningSecret', p.signingSecretArn)
        : new Secret(this, 'SigningSecret', {
            description: `Sluice ${p.project}: Standard Webhooks signing secret(s), separated by spaces while rotating`,
            // Base64 characters only: the forwarder reads a bare value as "whsec_" + value.
            generateSecretString: { passwordLength: 44, excludePunctuation: true, includeSpace: false },
          });
    this.proxy = new ProxyLambda(this, 'Proxy', {
      code: code.proxy,
      ...p.proxy,
      queue,
      deadLetterQueue,
      payloadBucket: this.payloads.bucket,
      controlBucket: this.control.bucket,
      routeMapPrefix: forwarderStackDefaults.routeMapPrefix,
      legacyRouteMapKey: forwarderStackDefaults.legacyRouteMapKey,
      maxReceiveCount: p.maxReceiveCount,
      capture: p.capture,
    });
    this.forwarder = new ForwarderLambda(this, 'Forwarder', {
      code: code.forwarder,
      ...p.forwarder,
      queue,
      deadLetterQueue,
      payloadBucket: this.payloads.bucket,
      signingSecret: this.signingSecret,
      destinationUrl: p.destinationUrl,
      destinationTimeout: p.destinationTimeout,
      retry: p.retry,
      deadLetterOn4xx: p.deadLetterOn4xx,
      maxReceiveCount: p.maxReceiveCount,
      visibilityTimeout: p.visibilityTimeout,
      batchSize: p.batchSize,
      ...(p.maxBatchingWindow !== undefined && { maxBatchingWindow: p.maxBatchingWindow }),
    });
    this.alarms = new DeliveryAlarms(this, 'Alarms', {
      project: p.project,
      queue,
      deadLetterQueue,
      proxyFunction: this.proxy.function,
      forwarderFunction: this.forwarder.function,
      ...(p.alarmEmail !== undefined && { alarmEmail: p.alarmEmail }),
      oldestMessageAge: p.oldestMessageAge,
      deliveryFailureThreshold: p.deliveryFailureThreshold,
      period: forwarderStackDefaults.alarmPeriod,
    });
    this.dashboard = new DeliveryDashboard(this, 'Dashboard', {
      project: p.project,
      queue,
      deadLetterQueue,
      proxyFunction: this.proxy.function,
      forwarderFunction: this.forwarder.function,
      alarms: this.alarms.all,
    });
    const outputs: Record<string, { value: string; description: string }> = {
      QueueUrl: { value: queue.queueUrl, description: 'queue.queue_url' },
      DeadLetterQueueUrl: { value: deadLetterQueue.queueUrl, description: 'queue.dlq_url' },
      PayloadBucketName: { value: this.payloads.bucket.bucketName, description: 'queue.payload_bucket' },
      ControlBucketName: { value: this.control.bucket.bucketName, description: 'route map and attach snapshots' },
      RouteMapsUri: {
        value: `s3://${this.control.bucket.bucketName}/${forwarderStackDefaults.routeMapPrefix}`,
        description: "the proxy's route maps, <apiId>/<stage>.json (written by attach)",
      },
      ProxyFunctionArn: { value: this.proxy.function.functionArn, description: 'the function attached methods integrate with' },
      ForwarderFunctionName: { value: this.forwarder.function.functionName, description: 'the forwarder' },
      SigningSecretArn: { value: this.signingSecret.secretArn, description: 'the signing secret (give its value to the destination)' },
      AlarmTopicArn: { value: this.alarms.topic.topicArn, description: 'alarms (confirm the e-mail subscription)' },
      DashboardName: { value: this.dashboard.dashboard.dashboardName, description: 'CloudWatch dashboard' },
    };
    for (const [name, output] of Object.entries(outputs)) new CfnOutput(this, name, output);
  }
}
