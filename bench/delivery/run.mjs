#!/usr/bin/env node
/**
 * Delivery bench: drains N queued records to a local destination that answers 204 at once,
 * first with Sluice's Forwarder (embedded SQLite queue), then with a bare undici loop POSTing
 * the same records at the same concurrency. Prints records/s of both, the ratio and Sluice's
 * peak RSS. Loopback only; bounded in records and time; stops by itself.
 *
 *   npm run build && node bench/delivery/run.mjs [--records 100000] [--concurrency 16]
 */
import { performance } from 'node:perf_hooks';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hasTaskset } from '../taskset.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The targets: records/s against the bare loop, and peak RSS. */
const TARGET_RATIO = 0.6;
const TARGET_RSS_MB = 200;
const HELP = `Usage: node bench/delivery/run.mjs [options]   (after npm run build)

Drains --records queued captures to a 204 destination on 127.0.0.1 with Sluice's forwarder,
then POSTs the same records with a bare undici loop at the same concurrency.
The destination runs on CPU 1, the measured process on CPU 0 (when taskset and 2 CPUs exist).

Options:
  --records N        records per side (default 100000)
  --concurrency N    deliveries in flight (default 16)
  --runs N           repeat both sides N times and keep the best of each (default 1)
  --sign             sign every delivery (Standard Webhooks) on both sides
  --timeout SECONDS  give up after this long in total (default 600)
  --sluice-only      skip the bare loop (e.g. a memory run with --records 1000000)
  --history          also drain with the delivery history on (the default of \`sluice forward\`) and print on/off
  --split            also run the forwarder over an in-memory queue (diagnostic: queue cost vs the rest)
  --cpu-prof         run Sluice's side under node --cpu-prof (profile in the temp folder, path printed)
  --no-pin           do not pin processes to CPUs
  --strict           exit with code 1 when below target
  -h, --help         this text

Target: Sluice >= 0.6x the bare loop, peak RSS <= 200 MB and flat while draining.
`;

const { values: options } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '16' },
    runs: { type: 'string', default: '1' },
    sign: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
    'cpu-prof': { type: 'boolean', default: false },
    'sluice-only': { type: 'boolean', default: false },
    split: { type: 'boolean', default: false },
    history: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (options.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const records = positive('records', options.records);
const concurrency = positive('concurrency', options.concurrency);
const runs = positive('runs', options.runs);
const timeoutMs = positive('timeout', options.timeout) * 1000;
if (!existsSync(join(here, '../../dist/forwarder/index.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
const pin = !options['no-pin'] && availableParallelism() >= 2 && hasTaskset();
const secret = options.sign ? `whsec_${Buffer.from('bench-secret-bench-secret-bench!').toString('base64')}` : '';

const children = new Set();
const deadline = setTimeout(() => {
  process.stderr.write(`delivery bench: gave up after ${timeoutMs / 1000} s\n`);
  cleanup();
  process.exit(1);
}, timeoutMs);
deadline.unref();
process.on('exit', cleanup);

const { SqliteQueue } = await import('../../dist/queue/index.js');
const { recordFrame } = await import('./records.mjs');

const destination = start('destination.mjs', {}, 1);
const { port } = await message(destination, 'listening');
const url = `http://127.0.0.1:${port}/hooks`;
const env = { BENCH_URL: url, BENCH_RECORDS: String(records), BENCH_CONCURRENCY: String(concurrency), BENCH_SECRET: secret };

log(
  `delivery bench: ${records} records, concurrency ${concurrency}${options.sign ? ', signed' : ''}${pin ? ', pinned (destination CPU 1, client CPU 0)' : ''}`,
);
const sluiceRuns = [];
const bareRuns = [];
const memoryRuns = [];
const historyRuns = [];
for (let run = 1; run <= runs; run += 1) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-delivery-'));
  try {
    const path = join(dir, 'sluice.db');
    const fillStarted = performance.now();
    await fill(path);
    log(`run ${run}: queued ${records} records in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);

    destination.send({ type: 'reset' });
    const flags = options['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${dir}/profile`] : [];
    // BENCH_DRAIN swaps in an instrumented copy of drain.mjs when investigating.
    const sluice = await result(start(process.env.BENCH_DRAIN ?? 'drain.mjs', { ...env, BENCH_QUEUE: path }, 0, flags));
    const received = await count();
    if (sluice.left !== 0 || received < records) throw new Error(`Sluice left ${sluice.left} records; destination saw ${received}`);
    sluiceRuns.push(sluice);
    log(
      `run ${run}: sluice ${fmt(sluice.rate)} records/s (${(sluice.elapsedMs / 1000).toFixed(2)} s), peak RSS ${sluice.peakRssMb} MB, ` +
        `RSS ${sluice.rssProfileMb.join(' → ')} MB, heap ${sluice.heapProfileMb.join(' → ')} MB`,
    );
    if (options['cpu-prof']) {
      // Keep the profile: move it out of the folder removed below.
      const kept = join(tmpdir(), `sluice-delivery-${Date.now()}.cpuprofile`);
      execFileSync('sh', ['-c', `mv "${dir}"/profile/*.cpuprofile "${kept}"`]);
      log(`run ${run}: CPU profile of Sluice's side: ${kept}`);
    }

    if (options.history) {
      // The same records again, with the history kept: fill a second queue so both sides start equal.
      const historyPath = join(dir, 'history-on.db');
      await fill(historyPath);
      destination.send({ type: 'reset' });
      const kept = await result(start(process.env.BENCH_DRAIN ?? 'drain.mjs', { ...env, BENCH_QUEUE: historyPath, BENCH_HISTORY: '1' }, 0, flags));
      if (kept.historyEntries !== records) throw new Error(`the history kept ${kept.historyEntries} of ${records} deliveries`);
      historyRuns.push(kept);
      log(`run ${run}: sluice with history ${fmt(kept.rate)} records/s (${(kept.elapsedMs / 1000).toFixed(2)} s), peak RSS ${kept.peakRssMb} MB`);
      if (options['cpu-prof']) {
        // One file per thread: the history's worker thread has its own.
        const folder = join(tmpdir(), `sluice-delivery-history-${Date.now()}`);
        execFileSync('sh', ['-c', `mkdir -p "${folder}" && mv "${dir}"/profile/*.cpuprofile "${folder}"/`]);
        log(`run ${run}: CPU profiles of Sluice's side with history: ${folder}`);
      }
    }

    if (options.split) {
      destination.send({ type: 'reset' });
      const memory = await result(start('drain-memory.mjs', env, 0));
      memoryRuns.push(memory);
      log(`run ${run}: forwarder over an in-memory queue ${fmt(memory.rate)} records/s (diagnostic)`);
    }
    if (options['sluice-only']) continue;
    destination.send({ type: 'reset' });
    const bare = await result(start('bare.mjs', env, 0));
    bareRuns.push(bare);
    log(`run ${run}: bare undici ${fmt(bare.rate)} records/s (${(bare.elapsedMs / 1000).toFixed(2)} s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
destination.send({ type: 'stop' });

const best = (list) => list.reduce((a, b) => (b.rate > a.rate ? b : a));
if (options['sluice-only']) {
  const top = best(sluiceRuns);
  process.stdout.write(
    `\nsluice forwarder: ${fmt(top.rate)} records/s, peak RSS ${Math.max(...sluiceRuns.map((r) => r.peakRssMb))} MB, RSS ${top.rssProfileMb.join(' → ')} MB\n`,
  );
  process.exit(0);
}
const sluice = best(sluiceRuns);
const bare = best(bareRuns);
const ratio = sluice.rate / bare.rate;
const peakRss = Math.max(...sluiceRuns.map((r) => r.peakRssMb));
const rows = [
  ['', 'records/s', 'seconds', 'peak RSS MB'],
  ['sluice forwarder', fmt(sluice.rate), (sluice.elapsedMs / 1000).toFixed(2), String(peakRss)],
  ['bare undici loop', fmt(bare.rate), (bare.elapsedMs / 1000).toFixed(2), ''],
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
process.stdout.write(`\n${rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n')}\n`);
if (historyRuns.length > 0) {
  const kept = best(historyRuns);
  process.stdout.write(`\nhistory on/off: ${(kept.rate / sluice.rate).toFixed(2)}x (${fmt(kept.rate)} vs ${fmt(sluice.rate)} records/s; target >= 0.90x)\n`);
}
if (memoryRuns.length > 0) {
  const memory = best(memoryRuns);
  process.stdout.write(
    `\ndiagnostic: the forwarder over an in-memory queue does ${fmt(memory.rate)} records/s (${(memory.rate / bare.rate).toFixed(2)}x the bare loop); ` +
      `the embedded queue costs ${((1 / sluice.rate - 1 / memory.rate) * 1e6).toFixed(1)} µs per record\n`,
  );
  // What the queue could cost with everything else as measured: compare with the floor that
  // bench/queue/sqlite-floor.mjs measures for SQLite itself.
  const budgetUs = (1 / (TARGET_RATIO * bare.rate) - 1 / memory.rate) * 1e6;
  process.stdout.write(
    budgetUs > 0
      ? `budget: at ${TARGET_RATIO}x the bare loop the queue may cost at most ${budgetUs.toFixed(1)} µs per record\n`
      : `budget: the forwarder over the in-memory queue is already below ${TARGET_RATIO}x the bare loop\n`,
  );
}
process.stdout.write(
  `\nratio sluice/bare: ${ratio.toFixed(2)}x (target >= ${TARGET_RATIO.toFixed(2)}x)   peak RSS: ${peakRss} MB (target <= ${TARGET_RSS_MB} MB), profile ${sluice.rssProfileMb.join(' → ')} MB\n`,
);
const ok = ratio >= TARGET_RATIO && peakRss <= TARGET_RSS_MB;
process.stdout.write(`${ok ? 'PASS' : 'BELOW TARGET'}\n`);
process.exitCode = ok || !options.strict ? 0 : 1;

async function fill(path) {
  const queue = new SqliteQueue({ path });
  const chunk = 1000;
  for (let startAt = 0; startAt < records; startAt += chunk) {
    const batch = [];
    for (let index = startAt; index < Math.min(records, startAt + chunk); index += 1) batch.push({ body: recordFrame(index) });
    await queue.sendBatch(batch);
  }
  await queue.close();
}

function start(file, extraEnv, cpu, nodeFlags = []) {
  const args = [...nodeFlags, resolve(here, file)];
  const [command, argv] = pin ? ['taskset', ['-c', String(cpu), process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...extraEnv } });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function message(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (value) => {
      if (value?.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(value);
    };
    const onExit = (code) => reject(new Error(`bench child exited with code ${code} before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function result(child) {
  const value = await message(child, 'result');
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  return value;
}

async function count() {
  const reply = message(destination, 'count');
  destination.send({ type: 'count' });
  return (await reply).count;
}

function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}

function positive(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`--${name}: expected a positive whole number, got ${text}\n`);
    process.exit(2);
  }
  return value;
}

function fmt(rate) {
  return Math.round(rate).toLocaleString('en-US');
}

function log(text) {
  process.stderr.write(`${text}\n`);
}
