/**
 * Diagnostic side of the delivery bench (`--split`): the same Forwarder and records over an
 * in-memory queue (no SQLite), so the run shows how much of Sluice's time is the embedded queue
 * and how much is rendering and HTTP. Not a product figure: this queue is not durable.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Forwarder } from '../../dist/forwarder/index.js';
import { recordFrame } from './records.mjs';
import { benchDestination } from './destination-settings.mjs';

const records = Number(process.env.BENCH_RECORDS);
const frames = Array.from({ length: records }, (_, index) => recordFrame(index));

let next = 0;
const queue = {
  limits: { maxReceiveBatch: 100, maxMessageBytes: 256 * 1024 * 1024 },
  dlq: {},
  async receive({ maxMessages }) {
    const messages = [];
    while (messages.length < maxMessages && next < records) {
      const index = next++;
      messages.push({ id: String(index), body: frames[index], receiptHandle: String(index), receiveCount: 1, sentAt: 0, lastError: null });
    }
    if (messages.length === 0) await sleep(50);
    return messages;
  },
  async delete() {},
  async changeVisibility() {},
  async deadLetter() {},
  async stats() {
    return { visible: 0, inFlight: 0, delayed: 0, oldestAgeMs: null, dlqDepth: 0 };
  },
  async close() {},
};

const forwarder = new Forwarder({
  queue,
  destination: benchDestination(),
});
let delivered = 0;
const done = new Promise((resolve) => {
  forwarder.on('delivered', () => {
    delivered += 1;
    if (delivered === records) resolve();
  });
});
const started = performance.now();
forwarder.start();
await done;
const elapsedMs = performance.now() - started;
await forwarder.stop();
process.send({ type: 'result', delivered, failed: 0, elapsedMs, rate: delivered / (elapsedMs / 1000) });
process.disconnect();
