#!/usr/bin/env node
/**
 * What SQLite itself costs per message on this machine, without Sluice's code around it: the
 * floor under the embedded queue's figures in the gateway and delivery benches. Each line runs
 * the same statements the driver runs, straight through better-sqlite3 on a file whose tables
 * the driver created, next to the driver doing the same work through its API.
 *
 *   npm run build && node bench/queue/sqlite-floor.mjs [--records 100000] [--runs 3]
 *
 * Payloads are the delivery bench's capture frames. Single process, one CPU (pinned to CPU 0
 * when taskset exists), SQLite's own checkpoints unless a line says otherwise. Bounded: a few
 * seconds per line. Prints the best of --runs for each line, in µs per message, then the cost of
 * `secure_delete` (which the driver turns on) on the raw drain.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SqliteQueue } from '../../dist/queue/index.js';
import { recordFrame } from '../delivery/records.mjs';
import { hasTaskset } from '../taskset.mjs';

const { values: options } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    'no-pin': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (options.help) {
  process.stdout.write('Usage: node bench/queue/sqlite-floor.mjs [--records N] [--runs N] [--no-pin]   (after npm run build)\n');
  process.exit(0);
}
if (!options['no-pin'] && !process.env.SLUICE_FLOOR_PINNED && hasTaskset()) {
  // Re-run on CPU 0 alone, as the gateway and delivery benches run Sluice.
  execFileSync('taskset', ['-c', '0', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, SLUICE_FLOOR_PINNED: '1' } });
  process.exit(0);
}

const RECORDS = Number(options.records);
const RUNS = Number(options.runs);
/** The gateway's group commit at 32 connections holds about this many captures. */
const SEND_GROUP = 24;
/** The forwarder's receive batch at the default concurrency (4 × 16). */
const RECEIVE_BATCH = 64;
const frames = Array.from({ length: RECORDS }, (_, index) => recordFrame(index));

const lines = [
  ['send, raw INSERT, 24 per commit', () => rawInsert({ checkpoints: true })],
  ['send, raw INSERT, 24 per commit, checkpoints elsewhere', () => rawInsert({ checkpoints: false })],
  ['send, SqliteQueue.send, 24 at once', () => driverSend()],
  ['drain, raw SELECT + UPDATE + DELETE, 64 per commit', () => rawDrain()],
  ['drain, SqliteQueue receive(64) + delete', () => driverDrain()],
  ['drain, idealised: rowid table only, range lease + range delete', () => idealDrain()],
];

process.stdout.write(`SQLite floor: ${RECORDS} messages of ${frames[0].length} bytes, best of ${RUNS} runs\n\n`);
for (const [label, measure] of lines) {
  let best = Infinity;
  for (let run = 0; run < RUNS; run += 1) best = Math.min(best, await measure());
  process.stdout.write(`${label.padEnd(66)} ${best.toFixed(2).padStart(6)} µs/message\n`);
}

// The driver runs with secure_delete on (a deleted record is zeroed, not left in free pages).
// Its cost is measured in pairs, off and on one after the other (alternating which goes first),
// in CPU time: load from other processes then falls on both halves of a pair alike.
const off = [];
const on = [];
for (let run = 0; run < RUNS; run += 1) {
  for (const secureDelete of run % 2 === 0 ? [false, true] : [true, false]) {
    (secureDelete ? on : off).push(await rawDrain({ secureDelete, clock: 'cpu' }));
  }
}
const differences = off.map((value, index) => on[index] - value);
process.stdout.write(
  `\nsecure_delete, raw drain as above, CPU µs/message (median of ${RUNS} pairs): ` +
    `off ${median(off).toFixed(2)}, on ${median(on).toFixed(2)}, cost ${median(differences).toFixed(2)}\n`,
);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A queue file with the driver's current schema, optionally filled with every frame. */
async function driverFile(filled) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-floor-'));
  const path = join(dir, 'queue.db');
  const queue = new SqliteQueue({ path });
  if (filled) {
    for (let start = 0; start < RECORDS; start += 1000) {
      await queue.sendBatch(frames.slice(start, start + 1000).map((body) => ({ body })));
    }
  }
  await queue.close();
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function openRaw(path, { checkpoints = true, secureDelete = false } = {}) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
  if (!checkpoints) db.pragma('wal_autocheckpoint = 0');
  return db;
}

function perMessage(started, count) {
  return ((performance.now() - started) * 1000) / count;
}

/** CPU time (user + system) of this process since `started` (a `process.cpuUsage()`), per message. */
function cpuPerMessage(started, count) {
  const { user, system } = process.cpuUsage(started);
  return (user + system) / count;
}

async function rawInsert({ checkpoints }) {
  const { path, cleanup } = await driverFile(false);
  const db = openRaw(path, { checkpoints });
  const insert = db.prepare('INSERT INTO messages (id, body, blob, sent_at, enqueued_at, visible_at) VALUES (?, ?, NULL, ?, ?, ?)');
  const group = db.transaction((start) => {
    const now = Date.now();
    for (let index = start; index < Math.min(start + SEND_GROUP, RECORDS); index += 1) insert.run(`m-${index}`, frames[index], now, now, now);
  });
  const started = performance.now();
  for (let start = 0; start < RECORDS; start += SEND_GROUP) group.immediate(start);
  const us = perMessage(started, RECORDS);
  db.close();
  cleanup();
  return us;
}

async function driverSend() {
  const { path, cleanup } = await driverFile(false);
  const queue = new SqliteQueue({ path });
  const started = performance.now();
  for (let start = 0; start < RECORDS; start += SEND_GROUP) {
    // Sends issued in one turn share one commit, as the gateway's do.
    await Promise.all(frames.slice(start, start + SEND_GROUP).map((body) => queue.send({ body })));
  }
  const us = perMessage(started, RECORDS);
  await queue.close();
  cleanup();
  return us;
}

async function rawDrain({ secureDelete = false, clock = 'wall' } = {}) {
  const { path, cleanup } = await driverFile(true);
  const db = openRaw(path, { secureDelete });
  const batchList = `(${Array.from({ length: RECEIVE_BATCH }, () => '?').join(',')})`;
  const candidates = db
    .prepare('SELECT seq, id, body, blob, sent_at, receive_count, last_error FROM messages WHERE visible_at <= ? ORDER BY visible_at LIMIT ?')
    .raw();
  const hold = db.prepare(`UPDATE messages SET receive_count = receive_count + 1, visible_at = ?, in_flight = 1, receipt = ? WHERE seq IN ${batchList}`);
  const remove = db.prepare(`DELETE FROM messages WHERE seq IN ${batchList}`);
  // For the last, shorter batch.
  const holdOne = db.prepare('UPDATE messages SET receive_count = receive_count + 1, visible_at = ?, in_flight = 1, receipt = ? WHERE seq = ?');
  const removeOne = db.prepare('DELETE FROM messages WHERE seq = ?');
  // The driver's shape: the previous batch's deletes ride in the next receive's transaction.
  const receive = db.transaction((previous) => {
    if (previous.length === RECEIVE_BATCH) remove.run(previous);
    else for (const seq of previous) removeOne.run(seq);
    const now = Date.now();
    const rows = candidates.all(now, RECEIVE_BATCH);
    const seqs = rows.map((row) => row[0]);
    if (seqs.length === RECEIVE_BATCH) hold.run(now + 60_000, 'token', seqs);
    else for (const seq of seqs) holdOne.run(now + 60_000, 'token', seq);
    return seqs;
  });
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  let previous = [];
  let drained = 0;
  for (;;) {
    previous = receive.immediate(previous);
    if (previous.length === 0) break;
    drained += previous.length;
  }
  const us = clock === 'cpu' ? cpuPerMessage(startedCpu, drained) : perMessage(started, drained);
  db.close();
  cleanup();
  return us;
}

async function driverDrain() {
  const { path, cleanup } = await driverFile(true);
  const queue = new SqliteQueue({ path });
  const started = performance.now();
  let deletes = [];
  let drained = 0;
  for (;;) {
    const messages = await queue.receive({ maxMessages: RECEIVE_BATCH, visibilityTimeoutMs: 60_000 });
    if (messages.length === 0) break;
    // As the forwarder: deletes are issued while the next receive runs, and may ride in it.
    const settled = Promise.all(deletes);
    deletes = messages.map((message) => queue.delete(message.receiptHandle));
    await settled;
    drained += messages.length;
  }
  await Promise.all(deletes);
  const us = perMessage(started, drained);
  await queue.close();
  cleanup();
  return us;
}

/**
 * The least SQLite can do for a queue that deletes what was delivered: no secondary index, one
 * lease row per batch instead of an UPDATE per message, a range DELETE per batch. It has none of
 * the queue's semantics (per-message visibility, receive counts, several consumers): it only
 * bounds what any design that deletes rows could reach.
 */
async function idealDrain() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-floor-'));
  const db = openRaw(join(dir, 'ideal.db'));
  db.exec(
    'CREATE TABLE messages (seq INTEGER PRIMARY KEY, body BLOB NOT NULL); CREATE TABLE leases (first INTEGER PRIMARY KEY, last INTEGER NOT NULL, until INTEGER NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO messages (body) VALUES (?)');
  db.transaction(() => frames.forEach((frame) => insert.run(frame)))();
  const read = db.prepare('SELECT seq, body FROM messages WHERE seq > ? ORDER BY seq LIMIT ?').raw();
  const lease = db.prepare('INSERT INTO leases (first, last, until) VALUES (?, ?, ?)');
  const release = db.prepare('DELETE FROM leases WHERE first = ?');
  const remove = db.prepare('DELETE FROM messages WHERE seq BETWEEN ? AND ?');
  const receive = db.transaction((previous, after) => {
    if (previous) {
      remove.run(previous.first, previous.last);
      release.run(previous.first);
    }
    const rows = read.all(after, RECEIVE_BATCH);
    if (rows.length === 0) return undefined;
    const range = { first: rows[0][0], last: rows[rows.length - 1][0], count: rows.length };
    lease.run(range.first, range.last, Date.now() + 60_000);
    return range;
  });
  const started = performance.now();
  let previous;
  let drained = 0;
  for (;;) {
    const range = receive.immediate(previous, previous?.last ?? 0);
    if (!range) break;
    drained += range.count;
    previous = range;
  }
  const us = perMessage(started, drained);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return us;
}
