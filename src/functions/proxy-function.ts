/**
 * The proxy Lambda function (SPEC §5): API Gateway REST proxy events for the attached methods,
 * forwarded to their original backends and captured to SQS. Settings come from the environment
 * (see README "Scale out on AWS"); the route map and the clients are set up once, at init.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3ObjectStore } from '../aws/s3-client.js';
import { SqsQueue } from '../queue/sqs/sqs-queue.js';
import { configFromEnv } from './function-env.js';
import { powertoolsAdapter } from './function-logger.js';
import { createProxyHandler } from './proxy-handler.js';
import { routeMapsFromEnv } from './route-map-source.js';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'sluice-proxy' });
const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Sluice',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'sluice-proxy',
});
const captureOn = process.env.SLUICE_CAPTURE !== 'off';
const config = configFromEnv(process.env, { queue: captureOn, destination: false });
const queue = config.queue === undefined ? undefined : new SqsQueue(config.queue, { logger: powertoolsAdapter(logger) });
const region = process.env.AWS_REGION ?? 'us-east-1';
const endpoint = process.env.SLUICE_AWS_ENDPOINT;
// Each API's route map is read from S3 on its first request, not here: init stays small.
let objects: S3ObjectStore | undefined;
const routes = routeMapsFromEnv(
  process.env,
  () => queue?.transport.objects ?? (objects ??= new S3ObjectStore({ region, ...(endpoint !== undefined && { endpoint }) })),
);
// Create the SQS client during init, which is not billed and runs at full CPU.
if (queue !== undefined) await queue.transport.client();
logger.info('proxy ready', { capture: captureOn });

export const handler = createProxyHandler({
  routes,
  queue,
  capture: config.capture,
  upstreamTimeoutMs: config.limits.upstream_timeout,
  logger: powertoolsAdapter(logger),
  metrics,
});
