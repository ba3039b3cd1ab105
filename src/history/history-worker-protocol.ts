import type { MessagePort } from 'node:worker_threads';
import type { HistoryOutcome } from './types.js';

/** @internal What the history's writer thread is started with. */
export interface HistoryWorkerData {
  /** The history file (created and checked by the caller's thread before the worker starts). */
  readonly path: string;
  readonly retentionMs: number;
  readonly maxSizeBytes: number;
  readonly pruneIntervalMs: number;
  /** The thread's nice value (Linux: a thread's own). */
  readonly nice: number;
  /** `[state]`: the thread sets it to `HISTORY_WORKER_DONE` once it will write no more. */
  readonly done: SharedArrayBuffer;
  /** Where the thread reports (`HistoryWorkerReport`); a port of its own so `close()` can read it synchronously. */
  readonly reports: MessagePort;
}

/** @internal The state `done` holds once the thread's store is closed (or never opened). */
export const HISTORY_WORKER_DONE = 1;

/** @internal A capture as it crosses to the thread: its queue frame in one buffer, rendered there. */
export interface CapturedFrame {
  readonly id: string;
  readonly frame: Uint8Array;
  readonly at: number;
}

/** @internal From the writer to its thread. */
export type HistoryWorkerCommand =
  | {
      readonly type: 'write';
      readonly captures: readonly CapturedFrame[];
      readonly outcomes: readonly HistoryOutcome[];
      /** The captures' frame bytes, reported back with the batch so the writer's bound frees them. */
      readonly bytes: number;
    }
  | { readonly type: 'close' };

/** @internal From the thread back: a batch handled (written or not), or a failure to surface. */
export type HistoryWorkerReport =
  { readonly type: 'written'; readonly count: number; readonly bytes: number } | { readonly type: 'error'; readonly message: string; readonly code?: string };
