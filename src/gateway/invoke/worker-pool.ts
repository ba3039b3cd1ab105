import { randomUUID } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClosedError, LambdaThrottledError } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import { handlerWorkerMain } from './handler-worker.js';
import {
  INVOCATION_FIELDS,
  type FunctionErrorPayload,
  type HandlerWorkerData,
  type InvocationBatch,
  type ReadyMessage,
  type ResultMessage,
} from './worker-protocol.js';

/** The worker's source: the function's own text, so the same code runs from `src/` and `dist/`. */
const WORKER_SOURCE = `(${handlerWorkerMain.toString()})()`;

/** Lambda's limit on an execution environment's init (the handler module's import). */
const INIT_TIMEOUT_MS = 10_000;

/** File changes closer together than this reload once (editors write a file in several steps). */
const RELOAD_DEBOUNCE_MS = 50;

export interface WorkerPoolOptions {
  /** Absolute path of the handler module. */
  readonly file: string;
  readonly exportName: string;
  /** Workers at most, each running one invocation at a time. @default the number of CPUs */
  readonly size?: number;
  readonly functionName: string;
  /** What `context.memoryLimitInMB` reports. */
  readonly memoryLimitInMB: number;
  readonly region: string;
  /** Largest response payload (Lambda's 6 MB). */
  readonly maxResponseBytes: number;
  /** Reload when files in the handler's folder change. */
  readonly watch: boolean;
  readonly logger: Logger;
}

/** How one invocation ended: the response payload, or the error Lambda would report. */
export type InvocationOutcome = { readonly payload: string } | { readonly error: FunctionErrorPayload };

/**
 * Invocations handed to a worker at once, at most. A worker that is woken for every invocation
 * costs the server two thread switches per request; one batch wakes it once for all of them.
 */
const MAX_BATCH = 16;

/** Claim slots per worker: a batch's ids are consecutive, so its invocations never share one. */
const CLAIM_SLOTS = MAX_BATCH;

interface Job {
  /** The message id of its latest hand-over to a worker (0 before). */
  id: number;
  readonly awsRequestId: string;
  readonly payload: string;
  readonly timeoutMs: number;
  readonly resolve: (outcome: InvocationOutcome) => void;
  readonly reject: (error: Error) => void;
  /** When it first had to wait (epoch ms): it gives up as throttled after `timeoutMs` unstarted. */
  enqueuedAt: number;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly generation: number;
  /** The worker's claim slots (see `HandlerWorkerData.claims`). */
  readonly claims: Int32Array;
  /**
   * Handed to this worker, in order: the first is running (or starts as soon as init is over);
   * the others wait for it and can still be taken back until the worker claims them.
   */
  jobs: Job[];
  /** The module's init is over: invocations are timed from their start. */
  ready: boolean;
  /** Re-armed (`refresh()`) at each start rather than created per invocation. */
  timer: NodeJS.Timeout | undefined;
  timerMs: number;
}

/**
 * Runs a Lambda handler file in worker threads, the way Lambda runs execution environments: each
 * worker handles one invocation at a time and keeps its module state between invocations;
 * workers start on demand up to `size` (a cold start each); a request waits for a free worker
 * and is refused as throttled (503) when none frees up within its timeout. An invocation that
 * outlives its timeout has its worker terminated and replaced (Lambda's `Sandbox.Timedout`);
 * a worker that crashes fails its invocation (`Runtime.ExitError`) and is replaced. When the
 * handler's folder changes, new invocations go to new workers while old ones finish theirs.
 *
 * When every worker is busy, a worker that frees up takes its share of the waiting invocations
 * at once and runs them one after the other; until it starts one, the pool can take it back
 * for a worker that frees up sooner, for a reload, or to refuse it as throttled.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool({ file: '/app/handler.mjs', exportName: 'handler', functionName: 'users', memoryLimitInMB: 128, region: 'us-east-1', maxResponseBytes: 6 * 1024 * 1024, watch: true, logger });
 * const outcome = await pool.invoke('{"rawPath":"/"}', 3_000);
 * await pool.close();
 * ```
 */
export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #size: number;
  readonly #data: Omit<HandlerWorkerData, 'claims'>;
  readonly #env: NodeJS.ProcessEnv;
  readonly #workers = new Set<PoolWorker>();
  readonly #idle: PoolWorker[] = [];
  #queue: Job[] = [];
  #generation = 0;
  #nextId = 1;
  #sweepTimer: NodeJS.Timeout | undefined;
  #sweepAt = Number.POSITIVE_INFINITY;
  #watcher: FSWatcher | undefined;
  #reloadTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#size = options.size ?? availableParallelism();
    const handlerName = `${basename(options.file).replace(/\.[cm]?js$/, '')}.${options.exportName}`;
    this.#data = {
      moduleUrl: pathToFileURL(options.file).href,
      exportName: options.exportName,
      handlerName,
      functionName: options.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${options.region}:123456789012:function:${options.functionName}`,
      memoryLimitInMB: String(options.memoryLimitInMB),
      logGroupName: `/aws/lambda/${options.functionName}`,
      logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomUUID().replace(/-/g, '')}`,
      maxResponseBytes: options.maxResponseBytes,
    };
    // The variables Lambda sets in an execution environment, over the gateway's own.
    this.#env = {
      ...process.env,
      AWS_LAMBDA_FUNCTION_NAME: options.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryLimitInMB),
      AWS_LAMBDA_LOG_GROUP_NAME: this.#data.logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: this.#data.logStreamName,
      AWS_REGION: options.region,
      AWS_DEFAULT_REGION: options.region,
      LAMBDA_TASK_ROOT: dirname(options.file),
      _HANDLER: handlerName,
    };
    if (options.watch) this.#watch();
  }

  /** Workers running now (busy or idle). */
  get workers(): number {
    return this.#workers.size;
  }

  /**
   * Runs one invocation with `payload` (the event's JSON).
   *
   * @throws LambdaThrottledError when no worker was free within `timeoutMs`.
   * @throws ClosedError after `close()`.
   */
  invoke(payload: string, timeoutMs: number): Promise<InvocationOutcome> {
    if (this.#closed) return Promise.reject(new ClosedError('the handler pool is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = { id: 0, awsRequestId: randomUUID(), payload, timeoutMs, resolve, reject, enqueuedAt: 0 };
      const worker = this.#idle.pop() ?? (this.#workers.size < this.#size ? this.#spawn() : undefined);
      if (worker !== undefined) {
        this.#start(worker, [job]);
        return;
      }
      job.enqueuedAt = Date.now();
      this.#queue.push(job);
      this.#scheduleSweep(job.enqueuedAt + timeoutMs);
    });
  }

  /** Terminates every worker; queued invocations fail with ClosedError. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watcher?.close();
    clearTimeout(this.#reloadTimer);
    clearTimeout(this.#sweepTimer);
    for (const job of this.#queue.splice(0)) job.reject(new ClosedError('the handler pool closed'));
    const workers = [...this.#workers];
    this.#workers.clear();
    this.#idle.length = 0;
    for (const entry of workers) {
      clearTimeout(entry.timer);
      for (const job of entry.jobs) job.reject(new ClosedError('the handler pool closed'));
      entry.jobs = [];
    }
    await Promise.all(workers.map((entry) => entry.worker.terminate()));
  }

  #spawn(): PoolWorker {
    const claims = new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    const workerData: HandlerWorkerData = { ...this.#data, claims };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, env: this.#env, name: this.#options.functionName });
    const entry: PoolWorker = { worker, generation: this.#generation, claims: new Int32Array(claims), jobs: [], ready: false, timer: undefined, timerMs: 0 };
    this.#workers.add(entry);
    // Init gets its own, longer limit; the invocation's timeout starts once init is over.
    entry.timer = setTimeout(() => this.#onInitTimeout(entry), INIT_TIMEOUT_MS).unref();
    entry.timerMs = INIT_TIMEOUT_MS;
    worker.on('message', (message: ResultMessage | ReadyMessage) => {
      if (typeof message !== 'string' && 'ready' in message) this.#onReady(entry);
      else this.#onResult(entry, message);
    });
    worker.on('error', (error: Error) =>
      this.#onCrash(entry, {
        errorType: error.name === 'Error' ? 'Runtime.UnhandledPromiseRejection' : error.name,
        errorMessage: error.message,
        trace: error.stack?.split('\n') ?? [],
      }),
    );
    worker.on('exit', (code: number) =>
      this.#onCrash(entry, { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}` }),
    );
    return entry;
  }

  /** Hands `jobs` to a worker that has none; the first starts at once (or when init is over). */
  #start(entry: PoolWorker, jobs: Job[]): void {
    entry.jobs = jobs;
    const batch: (string | number)[] = new Array<string | number>(jobs.length * INVOCATION_FIELDS);
    for (let i = 0, at = 0; i < jobs.length; i += 1, at += INVOCATION_FIELDS) {
      const job = jobs[i]!;
      job.id = this.#nextId++;
      Atomics.store(entry.claims, job.id % CLAIM_SLOTS, job.id);
      batch[at] = job.id;
      batch[at + 1] = job.awsRequestId;
      batch[at + 2] = job.payload;
      batch[at + 3] = job.timeoutMs;
    }
    if (entry.ready) this.#armTimer(entry, jobs[0]!.timeoutMs);
    entry.worker.postMessage(batch satisfies InvocationBatch);
  }

  /** The timer fires `timeoutMs` after the latest start; on an idle worker it finds no job. */
  #armTimer(entry: PoolWorker, timeoutMs: number): void {
    if (entry.timer !== undefined && entry.timerMs === timeoutMs) {
      entry.timer.refresh();
    } else {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.#onTimeout(entry), timeoutMs).unref();
      entry.timerMs = timeoutMs;
    }
  }

  #onReady(entry: PoolWorker): void {
    entry.ready = true;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const running = entry.jobs[0];
    if (running !== undefined) this.#armTimer(entry, running.timeoutMs);
  }

  #onInitTimeout(entry: PoolWorker): void {
    if (entry.ready) return;
    this.#onCrash(entry, { errorType: 'Sandbox.Timedout', errorMessage: `Init timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds` });
  }

  #throttled(job: Job): LambdaThrottledError {
    return new LambdaThrottledError(`every one of the ${this.#size} workers of ${this.#options.functionName} stayed busy for ${job.timeoutMs} ms`);
  }

  /** Makes sure a sweep runs by `at` (epoch ms). */
  #scheduleSweep(at: number): void {
    if (this.#sweepTimer !== undefined && this.#sweepAt <= at) return;
    clearTimeout(this.#sweepTimer);
    this.#sweepAt = at;
    this.#sweepTimer = setTimeout(this.#sweep, Math.max(1, at - Date.now()));
  }

  /** Refuses, as throttled, the waiting invocations no worker started within their timeout. */
  readonly #sweep = (): void => {
    this.#sweepTimer = undefined;
    this.#sweepAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    const waiting: Job[] = [];
    for (const job of this.#queue) {
      const expiresAt = job.enqueuedAt + job.timeoutMs;
      if (expiresAt <= now) {
        job.reject(this.#throttled(job));
      } else {
        waiting.push(job);
        next = Math.min(next, expiresAt);
      }
    }
    this.#queue = waiting;
    // Handed to a busy worker but not started: as much waiting as the queue.
    for (const entry of this.#workers) {
      for (let i = entry.jobs.length - 1; i >= 1; i -= 1) {
        const job = entry.jobs[i]!;
        const expiresAt = job.enqueuedAt + job.timeoutMs;
        if (expiresAt > now) {
          next = Math.min(next, expiresAt);
        } else if (this.#takeBack(entry, job)) {
          entry.jobs.splice(i, 1);
          job.reject(this.#throttled(job));
        }
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.#scheduleSweep(next);
  };

  /** True when the worker had not claimed `job`; it never will now. */
  #takeBack(entry: PoolWorker, job: Job): boolean {
    return Atomics.compareExchange(entry.claims, job.id % CLAIM_SLOTS, job.id, 0) === job.id;
  }

  /**
   * Takes back, from the end, up to `count` invocations a worker has not started (it claims them
   * in order, so the first it already claimed ends the search), in their order. The first of
   * `jobs` stays unless `first` is 0: it is running, or runs as soon as init is over.
   */
  #takeBackWaiting(entry: PoolWorker, count: number, first: 0 | 1 = 1): Job[] {
    const jobs = entry.jobs;
    let from = jobs.length;
    while (from > first && jobs.length - from < count && this.#takeBack(entry, jobs[from - 1]!)) from -= 1;
    return jobs.splice(from);
  }

  /** The answer of `jobs[0]`: the worker answers in the order it claims, and claims in order. */
  #onResult(entry: PoolWorker, message: ResultMessage): void {
    const job = entry.jobs.shift();
    // None after the worker was retired: its invocations were answered or handed on then.
    if (job === undefined) return;
    if (typeof message === 'string') job.resolve({ payload: message });
    else job.resolve({ error: message.error });
    if (typeof message !== 'string' && message.fatal === true) {
      // The worker stopped claiming: every other invocation it held goes to a new worker.
      this.#fail(this.#retire(entry, 0), message.error);
      this.#dispatch();
      return;
    }
    const next = entry.jobs[0];
    if (next !== undefined) this.#armTimer(entry, next.timeoutMs);
    else this.#release(entry);
  }

  #onTimeout(entry: PoolWorker): void {
    const job = entry.jobs.shift();
    if (job === undefined) return;
    const seconds = (job.timeoutMs / 1000).toFixed(2);
    job.resolve({ error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${job.awsRequestId} Error: Task timed out after ${seconds} seconds` } });
    // Lambda resets the execution environment after a timeout: the module state goes with it.
    this.#options.logger.warn(
      { function: this.#options.functionName, request_id: job.awsRequestId, timeout_ms: job.timeoutMs },
      'handler timed out; its worker is replaced',
    );
    // The worker may have started its next invocation as the timer fired: that one is cut short.
    this.#fail(this.#retire(entry, 0), { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited: the execution environment was reset after a timeout' });
    this.#dispatch();
  }

  #onCrash(entry: PoolWorker, error: FunctionErrorPayload): void {
    if (!this.#workers.has(entry)) return;
    // The first invocation fails with the worker even if the crash came before it started (in
    // init, or from the previous invocation's leftovers), as it would in Lambda.
    this.#fail(this.#retire(entry, 1), error);
    this.#options.logger.warn({ function: this.#options.functionName, error_type: error.errorType }, 'handler worker stopped; it is replaced on demand');
    this.#dispatch();
  }

  #fail(jobs: readonly Job[], error: FunctionErrorPayload): void {
    for (const job of jobs) job.resolve({ error: { ...error, errorMessage: `RequestId: ${job.awsRequestId} Error: ${error.errorMessage}` } });
  }

  /**
   * A worker done with its invocations takes its share of the queue, or invocations another
   * worker has not started, or waits (unless it is stale).
   */
  #release(entry: PoolWorker): void {
    if (entry.generation !== this.#generation) {
      this.#retire(entry);
      this.#dispatch();
      return;
    }
    const jobs = this.#queue.length > 0 ? this.#takeQueued() : this.#steal(entry);
    if (jobs.length > 0) this.#start(entry, jobs);
    else this.#idle.push(entry);
  }

  /** The next share of the queue: all of it for one worker, split when there are more. */
  #takeQueued(): Job[] {
    return this.#queue.splice(0, Math.min(MAX_BATCH, Math.ceil(this.#queue.length / this.#size)));
  }

  /** Half of what the busiest other worker has not started (waiting behind a long invocation). */
  #steal(thief: PoolWorker): Job[] {
    let victim: PoolWorker | undefined;
    for (const entry of this.#workers) {
      if (entry !== thief && entry.jobs.length > 1 && (victim === undefined || entry.jobs.length > victim.jobs.length)) victim = entry;
    }
    return victim === undefined ? [] : this.#takeBackWaiting(victim, Math.ceil((victim.jobs.length - 1) / 2));
  }

  /** Starts queued invocations on idle or new workers, as far as there are any. */
  #dispatch(): void {
    while (!this.#closed && this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? (this.#workers.size < this.#size ? this.#spawn() : undefined);
      if (worker === undefined) return;
      this.#start(worker, this.#takeQueued());
    }
  }

  /**
   * Stops a worker. The invocations it had not started go back to the head of the queue (they
   * never ran, so this is no retry), the first of them only when `first` is 0; returns the
   * others, which the caller fails.
   */
  #retire(entry: PoolWorker, first: 0 | 1 = 0): Job[] {
    if (!this.#workers.delete(entry)) return [];
    clearTimeout(entry.timer);
    const idle = this.#idle.indexOf(entry);
    if (idle !== -1) this.#idle.splice(idle, 1);
    const unstarted = this.#takeBackWaiting(entry, Number.POSITIVE_INFINITY, first);
    const started = entry.jobs;
    entry.jobs = [];
    void entry.worker.terminate();
    this.#requeue(unstarted);
    return started;
  }

  #requeue(jobs: Job[]): void {
    if (jobs.length === 0) return;
    if (this.#closed) {
      for (const job of jobs) job.reject(new ClosedError('the handler pool closed'));
      return;
    }
    const now = Date.now();
    let first = Number.POSITIVE_INFINITY;
    for (const job of jobs) {
      if (job.enqueuedAt === 0) job.enqueuedAt = now;
      first = Math.min(first, job.enqueuedAt + job.timeoutMs);
    }
    this.#queue.unshift(...jobs);
    this.#scheduleSweep(first);
  }

  #watch(): void {
    const folder = dirname(this.#options.file);
    try {
      this.#watcher = watch(folder, { persistent: false }, (_event, filename) => {
        if (filename !== null && !/\.(m|c)?js$|\.json$/.test(filename)) return;
        clearTimeout(this.#reloadTimer);
        this.#reloadTimer = setTimeout(() => this.#reload(filename), RELOAD_DEBOUNCE_MS);
      });
      this.#watcher.on('error', (error) => this.#options.logger.warn({ err: error, folder }, 'cannot watch the handler folder; reload is off'));
    } catch (error) {
      this.#options.logger.warn({ err: error, folder }, 'cannot watch the handler folder; reload is off');
    }
  }

  /** New invocations go to new workers (a fresh module); busy old workers finish first. */
  #reload(filename: string | null): void {
    if (this.#closed) return;
    this.#generation += 1;
    for (const entry of this.#idle.splice(0)) this.#retire(entry);
    // What busy workers have not started yet goes to new workers, with the new code.
    for (const entry of this.#workers) if (entry.generation !== this.#generation) this.#requeue(this.#takeBackWaiting(entry, Number.POSITIVE_INFINITY));
    this.#dispatch();
    this.#options.logger.info({ function: this.#options.functionName, file: filename }, 'handler changed; reloading');
  }
}
