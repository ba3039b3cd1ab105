#!/usr/bin/env node
// Figures for the Lambda bundles (SPEC §5), on this machine and without AWS:
//   1. the size of each bundle (npm run build:lambda): its entry, index.mjs, which init reads, and
//      with the chunks it loads on first use;
//   2. the time to import each bundle (its whole init) in a fresh Node process, median of runs,
//      side by side with importing @aws-sdk/client-sqs alone (which both bundles load anyway) and
//      as a ratio to it: the cold-start share Sluice controls (target: at most 1.3x);
//   3. the proxy handler's added time for the capture: the same built bundle loaded twice, capture
//      on (SQS on fauxqs) and off, invoked alternately against one upstream on 127.0.0.1; medians.
// Usage: node bench/lambda/run.mjs [--invocations 1000] [--imports 9]
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';

const { values } = parseArgs({
  options: {
    invocations: { type: 'string', default: '1000' },
    imports: { type: 'string', default: '9' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(`Usage: npm run build:lambda && node bench/lambda/run.mjs [--invocations N] [--imports N]

Measures the Lambda bundles in dist-lambda/: their size, the median time of --imports (default 9)
fresh imports of each in a new node next to that of @aws-sdk/client-sqs alone (and the ratio), and the proxy's cost of capturing to SQS over --invocations
(default 1000) invocations alternating with and without capture, against fauxqs on 127.0.0.1.
`);
  process.exit(0);
}
const INVOCATIONS = Number(values.invocations);
const IMPORTS = Number(values.imports);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FUNCTIONS = ['proxy', 'forwarder', 'jwt-authorizer'];

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fixed = (ms) => ms.toFixed(ms < 10 ? 3 : 1);

// Peers: fauxqs (SQS + S3) and a small JSON upstream, both on 127.0.0.1.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const fauxqs = await buildApp({ logger: false, host: 'localhost' });
await fauxqs.listen({ port: 0, host: '127.0.0.1' });
const endpoint = `http://127.0.0.1:${fauxqs.server.address().port}`;
const credentials = { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' };
const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials });
const s3 = new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-dlq' }));
const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
const main = await sqs.send(
  new CreateQueueCommand({
    QueueName: 'bench',
    Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes.QueueArn, maxReceiveCount: 5 }) },
  }),
);
await s3.send(new CreateBucketCommand({ Bucket: 'bench-payloads' }));
const upstream = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    const body = '{"name":"morpheus","job":"leader","id":"573"}';
    res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
upstream.listen(0, '127.0.0.1');
await once(upstream, 'listening');
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;

const env = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  SLUICE_QUEUE_URL: main.QueueUrl,
  SLUICE_DLQ_URL: dlq.QueueUrl,
  SLUICE_PAYLOAD_BUCKET: 'bench-payloads',
  SLUICE_AWS_ENDPOINT: endpoint,
  SLUICE_DESTINATION_URL: 'http://127.0.0.1:9/hooks',
  SLUICE_ROUTE_MAP: JSON.stringify({ version: 1, routes: [{ method: 'POST', resource: '/api/v1/users', uri: `${upstreamUrl}/users`, name: 'users' }] }),
  // The authorizer's route auth block, as the ingest stack sets it (keys are fetched on first use).
  SLUICE_JWT_AUTH: JSON.stringify({ type: 'jwt', issuer: 'https://idp.example.com/', audience: ['bench'] }),
};

// 1. Sizes.
execFileSync(process.execPath, ['scripts/build-lambda.mjs'], { cwd: ROOT, stdio: 'ignore' });
const sizes = Object.fromEntries(FUNCTIONS.map((name) => [name, statSync(`${ROOT}dist-lambda/${name}/index.mjs`).size]));
const folderBytes = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(`${entry.parentPath}/${entry.name}`).size, 0);
const totalSizes = Object.fromEntries(FUNCTIONS.map((name) => [name, folderBytes(`${ROOT}dist-lambda/${name}`)]));

// 2. Import time, each run in a fresh process: every bundle's whole init (module evaluation, the
// SDK clients it creates, the calls it makes) against the baseline every bundle pays anyway, the
// SQS client alone. The subjects take turns in each round so that machine load hits them alike;
// the children are spawned asynchronously because fauxqs, in this process, answers their init.
const BASELINE = 'sqs-client';
const importTargets = {
  [BASELINE]: '@aws-sdk/client-sqs',
  ...Object.fromEntries(FUNCTIONS.map((name) => [name, pathToFileURL(`${ROOT}dist-lambda/${name}/index.mjs`).href])),
};
const importSamples = Object.fromEntries(Object.keys(importTargets).map((name) => [name, []]));
for (let run = 0; run < IMPORTS; run += 1) {
  for (const [name, specifier] of Object.entries(importTargets)) importSamples[name].push(await timeImport(name, specifier));
}
const importMs = Object.fromEntries(Object.entries(importSamples).map(([name, samples]) => [name, median(samples)]));
const ratio = (name) => importMs[name] / importMs[BASELINE];

async function timeImport(name, specifier) {
  const script = `const t=performance.now();await import(${JSON.stringify(specifier)});process.stdout.write(String(performance.now()-t));`;
  // Run from the project root so that the bare specifier resolves as the bundles' imports do.
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const [status] = await once(child, 'close');
  if (status !== 0) throw new Error(`importing ${name} failed:\n${stderr}`);
  return Number(stdout.trim().split('\n').at(-1));
}

// 3. Capture overhead: one bundle, two module instances (the query string makes them distinct).
const bundle = pathToFileURL(`${ROOT}dist-lambda/proxy/index.mjs`).href;
Object.assign(process.env, env, { SLUICE_CAPTURE: 'on' });
const { handler: withCapture } = await import(`${bundle}?capture=on`);
process.env.SLUICE_CAPTURE = 'off';
const { handler: withoutCapture } = await import(`${bundle}?capture=off`);

const event = () => {
  const now = Date.now();
  const headers = { Host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'Content-Type': 'application/json', Authorization: 'Bearer x' };
  return {
    resource: '/api/v1/users',
    path: '/api/v1/users',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      httpMethod: 'POST',
      identity: { sourceIp: '203.0.113.7', userAgent: 'bench' },
      path: '/prod/api/v1/users',
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      resourcePath: '/api/v1/users',
      stage: 'prod',
    },
    body: '{"name":"morpheus","job":"leader"}',
    isBase64Encoded: false,
  };
};

async function timed(handler) {
  const started = performance.now();
  const result = await handler(event());
  const elapsed = performance.now() - started;
  if (result.statusCode !== 201) throw new Error(`unexpected status ${result.statusCode}: ${result.body}`);
  return elapsed;
}

for (let warm = 0; warm < 50; warm += 1) {
  await timed(withCapture);
  await timed(withoutCapture);
}
const on = [];
const off = [];
for (let run = 0; run < INVOCATIONS; run += 1) {
  // Alternate, so both see the same machine load.
  on.push(await timed(withCapture));
  off.push(await timed(withoutCapture));
  if (run % 200 === 199) await sqs.send(new PurgeQueueCommand({ QueueUrl: main.QueueUrl }));
}
const onMs = median(on);
const offMs = median(off);

const report = {
  at: new Date().toISOString(),
  node: process.version,
  bundles: Object.fromEntries(
    FUNCTIONS.map((name) => [
      name,
      {
        bytes: sizes[name],
        kib: Math.round(sizes[name] / 102.4) / 10,
        with_chunks_kib: Math.round(totalSizes[name] / 102.4) / 10,
        import_ms_median: Math.round(importMs[name] * 10) / 10,
        import_ratio_to_sqs_client: Math.round(ratio(name) * 100) / 100,
      },
    ]),
  ),
  sqs_client_import_ms_median: Math.round(importMs[BASELINE] * 10) / 10,
  import_runs: IMPORTS,
  capture: { invocations: INVOCATIONS, median_ms_capture_on: onMs, median_ms_capture_off: offMs, added_ms: onMs - offMs },
};
console.log(JSON.stringify(report, null, 2));
console.log(
  [
    `@aws-sdk/client-sqs alone: import ${fixed(importMs[BASELINE])} ms (median of ${IMPORTS} fresh processes, the baseline)`,
    ...FUNCTIONS.map(
      (name) =>
        `${name}: ${(sizes[name] / 1024).toFixed(1)} KiB (${(totalSizes[name] / 1024).toFixed(1)} KiB with the chunks loaded on first use), import ${fixed(importMs[name])} ms = ${ratio(name).toFixed(2)}x the SQS client (median of ${IMPORTS} fresh processes; target <= 1.3x)`,
    ),
    `proxy capture: median ${fixed(onMs)} ms with capture, ${fixed(offMs)} ms without, added ${fixed(onMs - offMs)} ms (${INVOCATIONS} invocations each, alternating)`,
  ].join('\n'),
);

sqs.destroy();
s3.destroy();
upstream.closeAllConnections();
upstream.close();
await fauxqs.close();
process.exit(0);
