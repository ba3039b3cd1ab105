#!/usr/bin/env node
/**
 * Ingest bench: requests per second through an SQS ingest route (`sluice gateway`, a child
 * process) into fauxqs (another child process), next to a bare AWS SDK `SendMessage` loop at
 * the same concurrency against the same fauxqs, side by side in one run. Rounds alternate the
 * two so drift on a shared machine falls on both; each figure is the median of the rounds, and
 * the ratio (route / bare) is printed: the target is at least 0.8. Two unmeasured rounds warm
 * both sides first. fauxqs counts the SQS calls it serves (`fauxqs-counting.mjs`), so the route's
 * messages per SQS call show its batching. 127.0.0.1 only; bounded in time per round and in rounds.
 *
 *   npm run build && node bench/ingest/run.mjs [--concurrency 16] [--rounds 5] [--ms 3000] [--cpu-prof]
 */
import { SQSClient, CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { cpuSeconds } from '../gateway/proc-stats.mjs';
import { formatProfileSummary, summarizeProfile } from '../gateway/profile-summary.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const HELP = `Usage: node bench/ingest/run.mjs [options]   (after npm run build; or: npm run bench -- ingest)

Messages per second into fauxqs, side by side (bare SDK | sluice route | route/bare):
  bare   SQSClient.send(SendMessage) from this process, N at a time
  route  POST to an sqs ingest route of \`sluice gateway\`, N at a time (undici, keep-alive);
         the gateway sends requests that arrive together as SendMessageBatch, and the
         messages per SQS call it made (counted by fauxqs) are printed

Options:
  --concurrency N  requests in flight on each side (default 16)
  --rounds N       alternating rounds; the median is kept (default 5, quick 2)
  --ms N           time per side per round, milliseconds (default 3000, quick 1000)
  --quick          a smoke run of a few seconds
  --cpu-prof       run the gateway under node --cpu-prof; prints its top self-time frames and
                   keeps the profile in bench/results/ingest-profile-<time>/
  -h, --help       this text
`;

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string' },
    rounds: { type: 'string' },
    ms: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const concurrency = Number(values.concurrency ?? 16);
const rounds = Number(values.rounds ?? (values.quick ? 2 : 5));
const ms = Number(values.ms ?? (values.quick ? 1000 : 3000));
const BODY = JSON.stringify({ device: 'sensor-7', reading: 21.5, at: '2026-01-01T12:00:00.000Z' });
const CREDENTIALS = { accessKeyId: 'AKIAFAUXQSBENCH', secretAccessKey: 'fauxqs-bench-secret' };

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

async function waitFor(url) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

const children = [];
const profileDir = values['cpu-prof'] ? join(repoRoot, 'bench/results', `ingest-profile-${new Date().toISOString().replace(/[:.]/g, '-')}`) : undefined;
function start(args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}
function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}
process.once('SIGINT', () => {
  stopAll();
  process.exit(130);
});

/** CPU seconds so far of the processes taking part: this one (the client), the gateway and fauxqs. */
function cpuNow(pids) {
  const self = process.cpuUsage();
  return { client: (self.user + self.system) / 1e6, gateway: cpuSeconds(pids.gateway), fauxqs: cpuSeconds(pids.fauxqs) };
}

/** The SQS calls fauxqs has served so far, by action (`AmazonSQS.SendMessage`…). */
async function sqsCalls(endpoint) {
  const res = await fetch(`${endpoint}/_bench/calls`);
  return res.json();
}

/**
 * Runs `send` N at a time for `ms`; resolves with completed calls per second (failures throw),
 * each process's CPU microseconds per call over the run, and the SQS calls (`SendMessage` and
 * `SendMessageBatch`) fauxqs served meanwhile.
 */
async function rate(send, pids, endpoint) {
  const callsBefore = await sqsCalls(endpoint);
  const before = cpuNow(pids);
  const until = performance.now() + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await send();
      done += 1;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const perSecond = done / ((performance.now() - startedAt) / 1000);
  const after = cpuNow(pids);
  const cpu = Object.fromEntries(Object.keys(after).map((name) => [name, ((after[name] - before[name]) * 1e6) / done]));
  const callsAfter = await sqsCalls(endpoint);
  const delta = (action) => (callsAfter[action] ?? 0) - (callsBefore[action] ?? 0);
  const sqs = { send: delta('AmazonSQS.SendMessage'), batch: delta('AmazonSQS.SendMessageBatch') };
  return { perSecond, cpu, done, sqs };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-ingest-'));
try {
  const fauxqsPort = await freePort();
  // fauxqs as its CLI runs it, counting the SQS actions it serves.
  const fauxqs = start([join(here, 'fauxqs-counting.mjs')], { FAUXQS_PORT: String(fauxqsPort) });
  const endpoint = `http://127.0.0.1:${fauxqsPort}`;
  await waitFor(`${endpoint}/health`);
  const sqs = new SQSClient({ region: 'us-east-1', endpoint, credentials: CREDENTIALS });
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-ingest' }));

  const gatewayPort = await freePort();
  const config = join(dir, 'sluice.yaml');
  writeFileSync(
    config,
    [
      `listen: { host: 127.0.0.1, port: ${gatewayPort} }`,
      'admin: false',
      'log: { level: warn }',
      `aws: { region: us-east-1, endpoint: ${endpoint} }`,
      'routes:',
      '  - name: readings',
      '    match: { methods: [POST], path: /readings }',
      `    target: { type: sqs, queue_url: "${queueUrl}" }`,
      '',
    ].join('\n'),
  );
  const profiling = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const gateway = start([...profiling, join(repoRoot, 'bin/sluice.js'), 'gateway', '--config', config], {
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  await waitFor(gatewayUrl);
  const pool = new Pool(gatewayUrl, { connections: concurrency });
  const pids = { gateway: gateway.pid, fauxqs: fauxqs.pid };

  const bare = async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: BODY }));
  };
  const route = async () => {
    const res = await pool.request({ path: '/readings', method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`the route answered ${res.statusCode}`);
  };

  // Warm both paths and fauxqs itself (connections, JIT, credentials): its rate climbs for
  // several seconds after start, which would otherwise favour whichever side runs last.
  for (let warm = 0; warm < 2; warm += 1) {
    await rate(bare, pids, endpoint);
    await rate(route, pids, endpoint);
  }
  const bareRuns = [];
  const routeRuns = [];
  for (let round = 0; round < rounds; round += 1) {
    bareRuns.push(await rate(bare, pids, endpoint));
    routeRuns.push(await rate(route, pids, endpoint));
    process.stderr.write(`round ${round + 1}/${rounds}: bare ${bareRuns.at(-1).perSecond.toFixed(0)}/s, route ${routeRuns.at(-1).perSecond.toFixed(0)}/s\n`);
  }
  const bareRate = median(bareRuns.map((run) => run.perSecond));
  const routeRate = median(routeRuns.map((run) => run.perSecond));
  // CPU per message is what load from other work on the machine moves least: the medians per process.
  const cpuOf = (runs) => Object.fromEntries(['client', 'gateway', 'fauxqs'].map((name) => [name, median(runs.map((run) => run.cpu[name]))]));
  const bareCpu = cpuOf(bareRuns);
  const routeCpu = cpuOf(routeRuns);
  const total = (cpu) => cpu.client + cpu.gateway + cpu.fauxqs;
  const sqsLine = (label, runs) => {
    const sum = (pick) => runs.reduce((acc, run) => acc + pick(run), 0);
    const messages = sum((run) => run.done);
    const send = sum((run) => run.sqs.send);
    const batch = sum((run) => run.sqs.batch);
    return `  ${label}  ${send} SendMessage + ${batch} SendMessageBatch for ${messages} msg = ${(messages / (send + batch)).toFixed(2)} msg/call\n`;
  };
  const cpuLine = (label, cpu) =>
    `  ${label}  client ${cpu.client.toFixed(0)} + gateway ${cpu.gateway.toFixed(0)} + fauxqs ${cpu.fauxqs.toFixed(0)} = ${total(cpu).toFixed(0)} µs/msg\n`;
  process.stdout.write(
    `ingest sqs (fauxqs), concurrency ${concurrency}, ${rounds} × ${ms} ms per side:\n` +
      `  bare SDK SendMessage  ${bareRate.toFixed(0)} msg/s\n` +
      `  sluice sqs route      ${routeRate.toFixed(0)} msg/s\n` +
      `  route / bare          ${(routeRate / bareRate).toFixed(2)}x (target >= 0.80x)\n` +
      `CPU per message (medians; the client is this process: the SDK loop, or undici for the route):\n` +
      cpuLine('bare ', bareCpu) +
      cpuLine('route', routeCpu) +
      `  bare / route by CPU  ${(total(bareCpu) / total(routeCpu)).toFixed(2)}x (what the rate ratio tends to when the 2 cores are the limit)\n` +
      `SQS calls per side (counted by fauxqs, summed over the rounds):\n` +
      sqsLine('bare ', bareRuns) +
      sqsLine('route', routeRuns),
  );
  await pool.close();
  sqs.destroy();
  if (profileDir !== undefined) {
    // The profile is written when the gateway exits after SIGTERM.
    const exited = once(gateway, 'exit');
    gateway.kill('SIGTERM');
    await exited;
    for (const file of readdirSync(profileDir)) {
      const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
      process.stdout.write(`gateway profile (${join(profileDir, file)}), warm-up included:\n${formatProfileSummary(summarizeProfile(profile, 25))}`);
    }
  }
} finally {
  stopAll();
  rmSync(dir, { recursive: true, force: true });
}
