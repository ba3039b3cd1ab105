import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { PermissionLogger } from '../queue/sqlite/private-files.js';
import { HistoryStore } from './history-store.js';
import {
  HISTORY_WORKER_DONE,
  type CapturedFrame,
  type HistoryWorkerCommand,
  type HistoryWorkerData,
  type HistoryWorkerReport,
} from './history-worker-protocol.js';
import type { HistoryOutcome, HistorySink } from './types.js';

export interface HistoryWorkerWriterOptions {
  /** Entries captured longer ago than this are pruned. */
  readonly retentionMs: number;
  /** The most space the history's data may take; the oldest entries go beyond it. */
  readonly maxSizeBytes: number;
  /** Longest wait before pending outcomes go to the thread. @default 250 ms */
  readonly flushIntervalMs?: number;
  /** A batch this large goes to the thread on the next turn of the event loop. @default 512 */
  readonly batchSize?: number;
  /**
   * Captures and outcomes held at most, here and in the thread, while the file is busy;
   * beyond, new ones are dropped and counted. @default 20 000
   */
  readonly maxPending?: number;
  /** Captured bytes held at most, here and in the thread (large bodies); beyond, new captures are dropped and counted. @default 64 MiB */
  readonly maxPendingBytes?: number;
  /** How often pruning starts, in the thread. @default 60 s */
  readonly pruneIntervalMs?: number;
  /**
   * The thread's nice value. The default, 10, is below the process's priority but not idle-only:
   * outcomes still get written on a busy machine. A gateway's captures take 19, so that on a
   * saturated core they wait (and, past the bounds, are dropped: the entry then appears at its
   * first delivery attempt) rather than take time from the requests. @default 10
   */
  readonly nice?: number;
  /** How long `close()` waits for the thread's last write. @default 10 s */
  readonly closeTimeoutMs?: number;
  /** A write or prune failed, or outcomes were dropped (the history is a convenience: delivery goes on). */
  readonly onError?: (error: unknown) => void;
  /** Told when the file's or folder's permissions are tightened on open. */
  readonly logger?: PermissionLogger;
}

/**
 * Keeps the delivery history from a worker thread, so that SQLite's writes, its full-text
 * indexing and pruning never take the forwarder's event loop (issue 14): `record()` appends to
 * an array, and batches go to the thread (every `flushIntervalMs`, or as soon as one fills),
 * which writes each in one transaction with `HistoryWriter` and prunes on its own timer.
 *
 * `open()` creates and checks the file on the calling thread first, so a history that cannot be
 * opened fails there, at once, with its reason. `close()` hands over what is pending and waits,
 * synchronously and within `closeTimeoutMs`, until the thread has written it and closed the
 * file: nothing recorded before a normal stop is lost. Failures in the thread come back through
 * `onError`, as do outcomes dropped while more than `maxPending` were waiting.
 *
 * @example
 * ```ts
 * const history = HistoryWorkerWriter.open(historyPathFor(queuePath), { retentionMs: 7 * 86_400_000, maxSizeBytes: 2 ** 30 });
 * const forwarder = new Forwarder({ queue, destination, history }); // stop() closes it
 * ```
 */
export class HistoryWorkerWriter implements HistorySink {
  readonly #worker: Worker;
  readonly #reports: MessagePort;
  readonly #done: Int32Array;
  readonly #batchSize: number;
  readonly #maxPending: number;
  readonly #maxPendingBytes: number;
  readonly #closeTimeoutMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #flushTimer: NodeJS.Timeout;
  #pending: HistoryOutcome[] = [];
  #pendingCaptures: CapturedFrame[] = [];
  /** Captured bytes here and in the thread. */
  #capturedBytes = 0;
  /** Captures and outcomes posted to the thread and not reported handled yet. */
  #inThread = 0;
  #flushScheduled: NodeJS.Immediate | undefined;
  #dropped = 0;
  #closed = false;

  private constructor(path: string, options: HistoryWorkerWriterOptions) {
    this.#batchSize = options.batchSize ?? 512;
    this.#maxPending = options.maxPending ?? 20_000;
    this.#maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
    this.#onError = options.onError ?? (() => {});
    const done = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    this.#done = new Int32Array(done);
    const { port1, port2 } = new MessageChannel();
    this.#reports = port1;
    const workerData: HistoryWorkerData = {
      path,
      retentionMs: options.retentionMs,
      maxSizeBytes: options.maxSizeBytes,
      pruneIntervalMs: options.pruneIntervalMs ?? 60_000,
      nice: options.nice ?? 10,
      done,
      reports: port2,
    };
    this.#worker = new Worker(workerModuleUrl(), {
      workerData,
      transferList: [port2],
      name: 'sluice-history',
      // Its objects live for one batch: a small young generation keeps the thread's share of
      // the process's memory small; the old one only has to hold the modules and a batch.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    });
    // Like the pending array it replaces, the thread never keeps the process alive: close() is
    // what waits for its writes.
    this.#worker.unref();
    this.#worker.on('error', (error) => this.#onError(error));
    // A thread that ended early (it failed) must not be waited for, nor sent more.
    this.#worker.on('exit', () => Atomics.store(this.#done, 0, HISTORY_WORKER_DONE));
    this.#reports.on('message', (report: HistoryWorkerReport) => this.#handle(report));
    this.#reports.unref();
    this.#flushTimer = setInterval(() => this.flush(), options.flushIntervalMs ?? 250).unref();
  }

  /**
   * Creates (or checks) the history file on this thread, then starts the thread that writes it.
   *
   * @throws when the file cannot be opened or was written by a newer Sluice.
   */
  static open(path: string, options: HistoryWorkerWriterOptions): HistoryWorkerWriter {
    HistoryStore.open(path, options.logger === undefined ? {} : { logger: options.logger }).close();
    return new HistoryWorkerWriter(path, options);
  }

  record(outcome: HistoryOutcome): void {
    if (this.#admit(0)) this.#pending.push(outcome);
  }

  /**
   * A capture the queue holds: its frame is copied into one buffer (the gateway may reuse its
   * chunks once the capture is durable) and the record's JSON is rendered in the thread.
   */
  captured(id: string, frame: readonly Buffer[], at: number): void {
    let bytes = 0;
    for (const part of frame) bytes += part.length;
    if (!this.#admit(bytes)) return;
    this.#capturedBytes += bytes;
    this.#pendingCaptures.push({ id, frame: Buffer.concat(frame as Buffer[], bytes), at });
  }

  /** Whether one more write of `bytes` captured bytes may wait; schedules a flush once a batch is full. */
  #admit(bytes: number): boolean {
    if (this.#closed || this.#threadEnded) return false;
    const pending = this.#pending.length + this.#pendingCaptures.length;
    if (pending + this.#inThread >= this.#maxPending || this.#capturedBytes + bytes > this.#maxPendingBytes) {
      this.#dropped += 1;
      return false;
    }
    if (pending + 1 >= this.#batchSize && this.#flushScheduled === undefined) {
      this.#flushScheduled = setImmediate(() => this.flush());
    }
    return true;
  }

  /** Hands pending captures and outcomes to the thread now, as one batch. */
  flush(): void {
    if (this.#flushScheduled !== undefined) {
      clearImmediate(this.#flushScheduled);
      this.#flushScheduled = undefined;
    }
    if (this.#dropped > 0) {
      this.#onError(new Error(`the history fell behind: ${this.#dropped} captures or delivery outcomes were not recorded`));
      this.#dropped = 0;
    }
    if (this.#closed || this.#pending.length + this.#pendingCaptures.length === 0) return;
    const captures = this.#pendingCaptures;
    const outcomes = this.#pending;
    this.#pendingCaptures = [];
    this.#pending = [];
    // A thread that already ended (it could not open the file) said why through `onError`.
    if (this.#threadEnded) {
      this.#capturedBytes = 0;
      return;
    }
    const bytes = captures.reduce((sum, capture) => sum + capture.frame.length, 0);
    this.#inThread += captures.length + outcomes.length;
    // The frames' memory moves to the thread rather than being copied again.
    const transfer = captures.flatMap((capture) => (isWhole(capture.frame) ? [capture.frame.buffer as ArrayBuffer] : []));
    this.#worker.postMessage({ type: 'write', captures, outcomes, bytes } satisfies HistoryWorkerCommand, transfer);
  }

  /**
   * Hands over what is pending, then waits (blocking, at most `closeTimeoutMs`) until the
   * thread has written it and closed the file; reports what the thread said meanwhile.
   * Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    clearInterval(this.#flushTimer);
    if (!this.#threadEnded) this.#worker.postMessage({ type: 'close' } satisfies HistoryWorkerCommand);
    // Synchronous, as HistorySink.close() is: the forwarder's stop() and the process's exit
    // come right after, and neither must cut the last batch short.
    const waited = Atomics.wait(this.#done, 0, 0, this.#closeTimeoutMs);
    for (let message = receiveMessageOnPort(this.#reports); message !== undefined; message = receiveMessageOnPort(this.#reports)) {
      this.#handle(message.message as HistoryWorkerReport);
    }
    this.#reports.close();
    if (waited === 'timed-out') {
      this.#onError(new Error(`the history thread did not finish its writes within ${this.#closeTimeoutMs} ms; ${this.#inThread} outcomes may be lost`));
      void this.#worker.terminate();
    }
  }

  get #threadEnded(): boolean {
    return Atomics.load(this.#done, 0) === HISTORY_WORKER_DONE;
  }

  #handle(report: HistoryWorkerReport): void {
    if (report.type === 'written') {
      this.#inThread -= report.count;
      this.#capturedBytes -= report.bytes;
      return;
    }
    const error = new Error(report.message);
    if (report.code !== undefined) Object.assign(error, { code: report.code });
    this.#onError(error);
  }
}

/** Whether the bytes are the whole of their ArrayBuffer (not a slice of Node's shared pool), so it can be transferred. */
function isWhole(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
}

/**
 * The thread's module, compiled JavaScript beside this file. Run from the TypeScript sources
 * (the test runner does), the thread still needs JavaScript: it takes the build's, in `dist/`.
 */
function workerModuleUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./history-worker.js', here);
  const source = here.lastIndexOf('/src/');
  return new URL(`${here.slice(0, source)}/dist/${here.slice(source + '/src/'.length).replace(/[^/]+\.ts$/, 'history-worker.js')}`);
}
