/**
 * The baseline of the delivery bench: the same records POSTed with a bare undici loop at the
 * same concurrency (a Pool with one connection per worker, nothing else), in its own process.
 * Bodies are rendered before the clock starts, so this measures HTTP alone.
 */
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { Pool } from 'undici';
import { URL } from 'node:url';
import { recordId, recordJson } from './records.mjs';

const { BENCH_URL, BENCH_RECORDS, BENCH_CONCURRENCY, BENCH_SECRET } = process.env;
const records = Number(BENCH_RECORDS);
const concurrency = Number(BENCH_CONCURRENCY);
const url = new URL(BENCH_URL);
const webhook = BENCH_SECRET ? new Webhook(BENCH_SECRET) : undefined;

const bodies = Array.from({ length: records }, (_, index) => recordJson(index));
const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });

let next = 0;
let failed = 0;
async function worker() {
  while (next < records) {
    const index = next++;
    const now = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': recordId(index),
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    };
    if (webhook) headers['webhook-signature'] = webhook.sign(headers['webhook-id'], now, bodies[index]);
    const { statusCode, body } = await pool.request({ path: url.pathname, method: 'POST', headers, body: bodies[index] });
    await body.dump();
    if (statusCode < 200 || statusCode > 299) failed += 1;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsedMs = performance.now() - started;
await pool.close();
process.send({ type: 'result', delivered: records - failed, failed, elapsedMs, rate: records / (elapsedMs / 1000) });
process.disconnect();
