/**
 * Sluice's side of the delivery bench, in its own process: opens the filled queue, runs the
 * Forwarder against the destination and reports records/s and memory once every record is
 * delivered (deleted from the queue).
 */
import { performance } from 'node:perf_hooks';
import { Forwarder } from '../../dist/forwarder/index.js';
import { SqliteQueue } from '../../dist/queue/index.js';
import { HistoryWorkerWriter, historyPathFor } from '../../dist/history/index.js';
import { createRequire } from 'node:module';
import { RssSampler, mb } from './rss.mjs';
import { benchDestination } from './destination-settings.mjs';

const { BENCH_QUEUE: path, BENCH_RECORDS, BENCH_HISTORY } = process.env;
const records = Number(BENCH_RECORDS);

const queue = new SqliteQueue({ path, max_receive_count: 5 });
// BENCH_HISTORY=1 keeps the delivery history as `sluice forward` does by default (from-config.ts).
const history = BENCH_HISTORY === '1' ? HistoryWorkerWriter.open(historyPathFor(path), { retentionMs: 7 * 86_400_000, maxSizeBytes: 2 ** 30 }) : undefined;
const forwarder = new Forwarder({
  queue,
  destination: benchDestination(),
  ...(history === undefined ? {} : { history }),
});
let delivered = 0;
let failed = 0;
const sampler = new RssSampler();
const done = new Promise((resolve) => {
  forwarder.on('delivered', () => {
    delivered += 1;
    if (delivered === records) resolve();
  });
});
forwarder.on('retry_scheduled', () => (failed += 1));
forwarder.on('dead_lettered', () => (failed += 1));

sampler.start();
const started = performance.now();
forwarder.start();
await done;
const elapsedMs = performance.now() - started;
await forwarder.stop();
sampler.stop();
const left = await queue.stats();
// stop() closed the history, which waits for its last write: every delivery must be in it.
const historyEntries = history === undefined ? undefined : countHistory(historyPathFor(path));
await queue.close();
process.send({
  type: 'result',
  delivered,
  failed,
  elapsedMs,
  rate: delivered / (elapsedMs / 1000),
  peakRssMb: mb(sampler.peak),
  maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
  rssProfileMb: sampler.profile(),
  heapProfileMb: sampler.heapProfile(),
  left: left.visible + left.inFlight + left.delayed,
  historyEntries,
});
process.disconnect();

function countHistory(file) {
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS n FROM history_entries').get().n;
  } finally {
    db.close();
  }
}
