#!/usr/bin/env node
/**
 * SQS path bench: the three per-record costs of the SQS path, each measured against the way it
 * was done before, side by side in one process and one run:
 *
 *   render   gateway → SQS: the record JSON rendered straight from the captured chunks (the
 *            queue sink), against encoding a binary frame, decoding it and rendering that;
 *   deliver  forwarder: a record handed over with the id the queue carries (no parse), against
 *            JSON.parse of every record to read its id;
 *   count    gateway: `sluice_captures_total` as a RouteCounter, against prom-client's
 *            `counter.inc({ route })` per capture.
 *
 * Rounds alternate old and new so drift on a shared machine falls on both; each figure is the
 * median of the rounds. In process, no network; bounded in operations and time.
 *
 *   npm run build && node bench/sqs-path/run.mjs [--rounds 9] [--ms 200]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Counter, Registry } from 'prom-client';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const HELP = `Usage: node bench/sqs-path/run.mjs [options]   (after npm run build; or: npm run bench -- sqs-path)

Measures, per record and side by side (old | new | old/new):
  render   frame encode + decode + render  |  render from the captured chunks (QueueCaptureSink)
  deliver  toDeliverable(payload)          |  toDeliverable(payload, id)   (JSON.parse skipped)
  count    prom-client counter.inc({route}) |  RouteCounter.inc(route)
for small (SPEC §1 example), 8 KiB and 200 KiB JSON bodies.

Options:
  --rounds N     alternating rounds per pair; the median is kept (default 9, quick 3)
  --ms N         time per side per round, milliseconds (default 200, quick 50)
  --quick        a smoke run of a few seconds
  --out FILE     results JSON (default bench/results/sqs-path-<time>.json)
  -h, --help     this text
`;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    ms: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const whole = (name, text, fallback, min) => {
  const value = Number(text ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name}: expected a whole number >= ${min}, got ${text}`);
  return value;
};
const ROUNDS = whole('rounds', values.rounds, values.quick ? 3 : 9, 1);
const ROUND_MS = whole('ms', values.ms, values.quick ? 50 : 200, 10);
/** A hard bound on any one side of a round, whatever its speed. */
const MAX_OPS = 5_000_000;

let dist;
try {
  dist = {
    core: await import(pathToFileURL(join(repoRoot, 'dist/core/index.js')).href),
    sink: await import(pathToFileURL(join(repoRoot, 'dist/gateway/capture-sink.js')).href),
    counters: await import(pathToFileURL(join(repoRoot, 'dist/gateway/hot-path-metrics.js')).href),
  };
} catch (error) {
  process.stderr.write(`bench sqs-path: run \`npm run build\` first (${error.message})\n`);
  process.exit(1);
}
const { encodeFrame, toDeliverable } = dist.core;
const { QueueCaptureSink } = dist.sink;
const { RouteCounter } = dist.counters;

/** The SPEC §1 exchange, with a JSON response body of about `bytes`. */
function exchange(bytes) {
  const items = [];
  let size = 2;
  for (let i = 0; size < bytes; i += 1) {
    const item = { id: i, name: `user ${i}`, email: `user${i}@example.com`, active: i % 2 === 0 };
    size += JSON.stringify(item).length + 1;
    items.push(item);
  }
  const response = Buffer.from(bytes <= 100 ? '{"name":"morpheus","job":"leader","id":"573"}' : JSON.stringify(items));
  return {
    meta: {
      id: '0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11',
      timestamp: '2026-01-01T12:00:00.000Z',
      duration_ms: 42.7,
      route: 'users',
      from: 'abc123.execute-api.eu-west-1.amazonaws.com',
      endpoint: '/api/v1/users',
      method: 'POST',
      query: 'page=2&tag=a&tag=b',
      request_headers: ['Host', 'api.example.com', 'Content-Type', 'application/json', 'Authorization', '[REDACTED]', 'User-Agent', 'bench/1.0'],
      response_headers: ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(response.length)],
      status: 201,
      body_truncated: false,
      response_truncated: false,
    },
    requestChunks: [Buffer.from('{"name":"morpheus","job":"leader"}')],
    // Two chunks, as a streamed response arrives.
    responseChunks: [response.subarray(0, response.length >> 1), response.subarray(response.length >> 1)],
  };
}

/**
 * Runs `op` for about ROUND_MS, checking the clock every `batch` calls; ns per call. A
 * synchronous `op` is called without `await`, whose microtask would cost more than some of the
 * steps measured.
 */
async function measure(op, batch, sync) {
  const until = performance.now() + ROUND_MS;
  let ops = 0;
  const started = performance.now();
  while (performance.now() < until && ops < MAX_OPS) {
    if (sync) for (let i = 0; i < batch; i += 1) op();
    else for (let i = 0; i < batch; i += 1) await op();
    ops += batch;
  }
  return ((performance.now() - started) * 1e6) / ops;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Old and new alternating, ROUNDS times (old first on even rounds, new first on odd ones). */
async function pair(name, workload, old, now, batch, sync = false) {
  // Same answer from both sides before anything is timed.
  const [a, b] = [await old(), await now()];
  if (a !== b) throw new Error(`${name} ${workload}: old and new disagree`);
  const olds = [];
  const news = [];
  await measure(old, batch, sync); // warm-up
  await measure(now, batch, sync);
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      olds.push(await measure(old, batch, sync));
      news.push(await measure(now, batch, sync));
    } else {
      news.push(await measure(now, batch, sync));
      olds.push(await measure(old, batch, sync));
    }
  }
  const row = { name, workload, old_ns: median(olds), new_ns: median(news) };
  row.ratio = row.old_ns / row.new_ns;
  process.stderr.write(`  ${name} ${workload}: ${row.old_ns.toFixed(0)} ns | ${row.new_ns.toFixed(0)} ns | ${row.ratio.toFixed(2)}x\n`);
  return row;
}

/** A queue that keeps only the last body it was sent, for the old and the new gateway side alike. */
function lastBodyQueue() {
  const queue = {
    last: undefined,
    limits: { maxReceiveBatch: 10, maxMessageBytes: 1 << 20, binaryPayloads: false },
    send: async (input) => {
      queue.last = input.body;
      return input.id;
    },
  };
  return queue;
}

const rows = [];
const workloads = [
  ['small', 0],
  ['8KiB', 8 * 1024],
  ['200KiB', 200 * 1024],
];
for (const [workload, bytes] of workloads) {
  const captured = exchange(bytes);
  const batch = bytes > 64 * 1024 ? 4 : 64;

  // render: what the gateway sent SQS before (frame round trip) and what the sink sends now.
  const oldQueue = lastBodyQueue();
  const newQueue = lastBodyQueue();
  const sink = new QueueCaptureSink({ queue: newQueue, onFailure: 'release' });
  rows.push(
    await pair(
      'render',
      workload,
      async () => {
        const { meta, requestChunks, responseChunks } = captured;
        await oldQueue.send({ id: meta.id, body: toDeliverable(encodeFrame(meta, requestChunks, responseChunks)).json });
        return oldQueue.last;
      },
      async () => {
        await sink.write(captured);
        return newQueue.last;
      },
      batch,
    ),
  );

  // deliver: the forwarder's hand-over of a received SQS record.
  const payload = Buffer.from(newQueue.last);
  const id = captured.meta.id;
  rows.push(
    await pair(
      'deliver',
      workload,
      () => toDeliverable(payload).json,
      () => toDeliverable(payload, id).json,
      batch,
      true,
    ),
  );
}

// count: one capture counted, on one of a few routes.
const routes = ['users', 'orders', 'health', 'github-webhooks'];
const registry = new Registry();
const labelled = new Counter({ name: 'old_captures_total', help: 'old', labelNames: ['route'], registers: [registry] });
const counter = new RouteCounter(registry, 'new_captures_total', 'new');
let turn = 0;
rows.push(
  await pair(
    'count',
    '4 routes',
    () => {
      labelled.inc({ route: routes[turn++ & 3] });
      return 0;
    },
    () => {
      counter.inc(routes[turn++ & 3]);
      return 0;
    },
    1024,
    true,
  ),
);

const table = [
  '| step | workload | old ns/record | new ns/record | old/new |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map((row) => `| ${row.name} | ${row.workload} | ${row.old_ns.toFixed(0)} | ${row.new_ns.toFixed(0)} | ${row.ratio.toFixed(2)}x |`),
].join('\n');
process.stdout.write(`\nSQS path, median of ${ROUNDS} alternating rounds of ${ROUND_MS} ms per side (node ${process.version})\n\n${table}\n`);

const out = values.out ?? join(repoRoot, 'bench/results', `sqs-path-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ rounds: ROUNDS, round_ms: ROUND_MS, node: process.version, rows }, null, 2)}\n`);
process.stderr.write(`results: ${out}\n`);
