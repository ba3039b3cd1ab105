// Send throughput of the embedded queue: N concurrent senders, each awaiting its send() before
// the next, 1 KB payloads, the way the gateway calls it; then how fast the backlog drains with
// receive (batches of 100) and delete. Build first: npx tsc -p tsconfig.build.json
//   node bench/queue/send-throughput.mjs [totalSends=200000] [inFlight=32] [payloadBytes=1024]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteQueue } from '../../dist/queue/index.js';

const total = Number(process.argv[2] ?? 200_000);
const inFlight = Number(process.argv[3] ?? 32);
const payloadBytes = Number(process.argv[4] ?? 1024);

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
const queue = new SqliteQueue({ path: join(dir, 'bench.db') });
const payload = Buffer.alloc(payloadBytes, 'x');

async function sender(count) {
  for (let i = 0; i < count; i += 1) await queue.send({ body: payload });
}

// Warm up statements and the WAL before timing.
await Promise.all(Array.from({ length: inFlight }, () => sender(200)));

const perSender = Math.ceil(total / inFlight);
const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: inFlight }, () => sender(perSender)));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const sends = perSender * inFlight;

const stats = await queue.stats();

const drainStarted = process.hrtime.bigint();
let drained = 0;
for (;;) {
  const messages = await queue.receive({ maxMessages: 100 });
  if (messages.length === 0) break;
  await Promise.all(messages.map((message) => queue.delete(message.receiptHandle)));
  drained += messages.length;
}
const drainSeconds = Number(process.hrtime.bigint() - drainStarted) / 1e9;
await queue.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    sends,
    inFlight,
    payloadBytes,
    seconds: Number(seconds.toFixed(3)),
    sendsPerSecond: Math.round(sends / seconds),
    queued: stats.visible,
    drained,
    receivedAndDeletedPerSecond: Math.round(drained / drainSeconds),
  }),
);
