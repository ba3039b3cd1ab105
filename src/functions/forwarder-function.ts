/**
 * The forwarder Lambda function (SPEC §5): SQS event batches delivered to the destination, with
 * partial batch failure reporting (enable `ReportBatchItemFailures` on the event source
 * mapping). Settings come from the environment (see README "Scale out on AWS"); the signing
 * secret from AWS Secrets Manager when `SLUICE_SIGNING_SECRET_ARN` names it, read once at init.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { retryBudgetWarnings } from '../core/retry-warnings.js';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import { DestinationClient } from '../forwarder/destination-client.js';
import { WebhookSigner } from '../forwarder/signing.js';
import { SqsTransport } from '../queue/sqs/transport.js';
import { createForwarderHandler } from './forwarder-handler.js';
import { configFromEnv } from './function-env.js';
import { powertoolsAdapter } from './function-logger.js';
import { checkQueueRetryLimits } from './queue-limits-check.js';
import { withSigningSecret } from './signing-secret.js';
import { LAMBDA_VERSION } from './version.js';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? LAMBDA_METRICS.forwarderService });
const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? LAMBDA_METRICS.namespace,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? LAMBDA_METRICS.forwarderService,
});
const config = configFromEnv(await withSigningSecret(process.env), { queue: true, destination: true });
const { queue, destination } = config;
// configFromEnv returns both, as asked, or throws.
if (queue === undefined || destination === undefined) throw new TypeError('the forwarder function needs the SQS queue and destination settings');
// SLUICE_MAX_RECEIVE_COUNT below the retry safety net: SQS dead-letters before max_age.
for (const warning of retryBudgetWarnings({ queue, destination })) logger.warn(warning);
const transport = new SqsTransport(
  {
    queueUrl: queue.queue_url,
    dlqUrl: queue.dlq_url,
    bucket: queue.payload_bucket,
    offloadThresholdBytes: queue.offload_threshold,
    region: queue.region,
    ...(queue.endpoint !== undefined && { endpoint: queue.endpoint }),
  },
  { logger: powertoolsAdapter(logger) },
);
const client = new DestinationClient({
  url: destination.url,
  timeoutMs: destination.timeout,
  // One batch (up to 10 records, or the mapping's batch size) is delivered at once.
  connections: destination.concurrency,
  signer: new WebhookSigner(destination.signing_secret),
  userAgent: `sluice-lambda/${LAMBDA_VERSION}`,
  headers: destination.headers,
});
// The SQS client is loaded during init, as the proxy does: a failed delivery needs it at once.
await transport.client();
// Not awaited: the check only advises, and its first SDK request would weigh on the init (see there).
void checkQueueRetryLimits(transport, destination.retry, powertoolsAdapter(logger));

export const handler = createForwarderHandler({
  transport,
  client,
  destination,
  maxReceiveCount: queue.max_receive_count,
  logger: powertoolsAdapter(logger),
  metrics,
});
