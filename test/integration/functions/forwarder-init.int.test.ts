import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaProcess, type LambdaProcess } from '../../helpers/lambda-process.js';
import { waitFor } from '../../helpers/wait-for.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/sluice';

/**
 * The forwarder function checks the queue's RedrivePolicy against its retry budget
 * (`GetQueueAttributes`) without making its init wait for SQS: an SQS stand-in that holds that
 * call shows the init ending first, and the warning logged once SQS answers (issue 12 §4).
 */
describe('#12 - Lambda bundle: the forwarder checks the queue alongside its first batch, not in its init', () => {
  let outdir: string;
  let forwarder: LambdaProcess | undefined;
  const held: ServerResponse[] = [];
  const targets: string[] = [];
  const sqs = createServer((request, response) => {
    targets.push(String(request.headers['x-amz-target']));
    request.resume();
    // Every call is held until the test answers it: the only one expected is GetQueueAttributes.
    request.once('end', () => held.push(response));
  });

  beforeAll(async () => {
    // A folder of its own, as other test files rebuild dist-lambda/ at the same time, inside the
    // project so that the bundle finds @aws-sdk/client-sqs as the Lambda runtime provides it.
    await mkdir(join(ROOT, 'test-results'), { recursive: true });
    outdir = await mkdtemp(join(ROOT, 'test-results', 'bundles-'));
    const { buildLambda } = (await import(`${ROOT}scripts/build-lambda.mjs`)) as { buildLambda: (options: { outdir: string }) => Promise<unknown> };
    await buildLambda({ outdir });
    sqs.listen(0, '127.0.0.1');
    await once(sqs, 'listening');
  });

  afterAll(async () => {
    for (const response of held) response.destroy();
    await forwarder?.close();
    sqs.closeAllConnections();
    sqs.close();
    await rm(outdir, { recursive: true, force: true });
  });

  it('finishes its init while SQS has not answered, then warns about a RedrivePolicy below max_attempts', async () => {
    // Prepare
    const endpoint = `http://127.0.0.1:${(sqs.address() as AddressInfo).port}`;

    // Act: resolves once the bundle's top-level code has run to the end.
    forwarder = await startLambdaProcess(join(outdir, 'forwarder/index.mjs'), {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      SLUICE_QUEUE_URL: QUEUE_URL,
      SLUICE_DLQ_URL: `${QUEUE_URL}-dlq`,
      SLUICE_PAYLOAD_BUCKET: 'sluice-payloads',
      SLUICE_AWS_ENDPOINT: endpoint,
      SLUICE_DESTINATION_URL: 'http://127.0.0.1:9/hooks',
    });
    await waitFor(() => held.length === 1, 'the GetQueueAttributes call');
    const warnedBeforeAnswer = forwarder.stderr().includes('maxReceiveCount');
    const answer = JSON.stringify({
      Attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:sluice-dlq', maxReceiveCount: 5 }),
        MessageRetentionPeriod: '1209600',
      },
    });
    held[0]?.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' }).end(answer);
    const running = forwarder;
    await waitFor(() => running.stderr().includes('maxReceiveCount'), "the warning about the queue's RedrivePolicy");

    // Assess
    expect(targets).toEqual(['AmazonSQS.GetQueueAttributes']);
    expect(warnedBeforeAnswer).toBe(false);
    expect(forwarder.stderr()).toContain("the SQS queue's RedrivePolicy maxReceiveCount (5) is below destination.retry.max_attempts (60)");
  });
});
