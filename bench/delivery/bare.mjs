/**
 * The baseline of the delivery bench: the same records POSTed with a bare undici loop at the
 * same concurrency (a Pool with one connection per worker, nothing else), in its own process.
 * Bodies are rendered before the clock starts, so this measures HTTP alone.
 */
import { performance } from 'node:perf_hooks';
import { createHmac } from 'node:crypto';
import { Pool } from 'undici';
import { URL } from 'node:url';
import { recordId, recordJson } from './records.mjs';

const { BENCH_URL, BENCH_RECORDS, BENCH_CONCURRENCY, BENCH_SECRET } = process.env;
const records = Number(BENCH_RECORDS);
const concurrency = Number(BENCH_CONCURRENCY);
const url = new URL(BENCH_URL);
// Signing as Sluice does (Standard Webhooks v1 with node:crypto), so --sign compares like with like.
const key = BENCH_SECRET ? Buffer.from(BENCH_SECRET.slice('whsec_'.length), 'base64') : undefined;

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
    if (key) {
      const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${bodies[index]}`;
      headers['webhook-signature'] = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
    }
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
