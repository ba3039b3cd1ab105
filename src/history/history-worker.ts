/**
 * The history's writer thread (see `HistoryWorkerWriter`): opens the history file, renders each
 * capture's record from its queue frame, writes each batch the writer posts, prunes on its own
 * timer, and reports every batch handled and every failure on its `reports` port. Started by
 * path, never imported.
 *
 * @internal
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeFrame } from '../core/capture-frame.js';
import { errorCode } from '../core/errors.js';
import { renderRecordJson } from '../core/record-json.js';
import { HistoryStore } from './history-store.js';
import { HistoryWriter } from './history-writer.js';
import { HISTORY_WORKER_DONE, type HistoryWorkerCommand, type HistoryWorkerData, type HistoryWorkerReport } from './history-worker-protocol.js';

const data = workerData as HistoryWorkerData;
const done = new Int32Array(data.done);
const report = (message: HistoryWorkerReport): void => data.reports.postMessage(message);
const reportError = (error: unknown): void => {
  const code = errorCode(error);
  report({ type: 'error', message: error instanceof Error ? error.message : String(error), ...(code !== undefined && { code }) });
};

/** Tells the writer's thread, waiting in `close()` or not, that nothing more will be written. */
function finish(): void {
  Atomics.store(done, 0, HISTORY_WORKER_DONE);
  Atomics.notify(done, 0);
  data.reports.close();
  parentPort?.close();
}

try {
  // On Linux a nice value is a thread's own: this thread yields the core to the forwarder's
  // deliveries or the gateway's requests, and catches up when they pause (the writer drops, and
  // says so, past its bound).
  setPriority(data.nice);
} catch {
  // Not allowed here (some sandboxes): the thread runs at the process's priority.
}

let writer: HistoryWriter | undefined;
try {
  // Batching happens in the writer's thread: each posted batch is written as it comes, and the
  // flush timer below only ever finds nothing to do.
  writer = new HistoryWriter(HistoryStore.open(data.path), {
    retentionMs: data.retentionMs,
    maxSizeBytes: data.maxSizeBytes,
    pruneIntervalMs: data.pruneIntervalMs,
    flushIntervalMs: 2_147_483_647,
    batchSize: Number.POSITIVE_INFINITY,
    maxPending: Number.POSITIVE_INFINITY,
    onError: reportError,
  });
} catch (error) {
  reportError(error);
  finish();
}

if (writer !== undefined) {
  const open = writer;
  parentPort?.on('message', (command: HistoryWorkerCommand) => {
    if (command.type === 'write') {
      for (const capture of command.captures) {
        try {
          open.captured({ id: capture.id, json: renderRecordJson(decodeFrame(capture.frame)), at: capture.at });
        } catch (error) {
          reportError(error);
        }
      }
      for (const outcome of command.outcomes) open.record(outcome);
      open.flush();
      report({ type: 'written', count: command.captures.length + command.outcomes.length, bytes: command.bytes });
      return;
    }
    try {
      open.close();
    } catch (error) {
      reportError(error);
    }
    finish();
  });
}
