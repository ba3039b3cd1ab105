import { randomUUID } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClosedError, LambdaThrottledError } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import { handlerWorkerMain } from './handler-worker.js';
import type { FunctionErrorPayload, HandlerWorkerData, InvocationMessage, ReadyMessage, ResultMessage } from './worker-protocol.js';

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

interface Job {
  readonly awsRequestId: string;
  readonly payload: string;
  readonly timeoutMs: number;
  readonly resolve: (outcome: InvocationOutcome) => void;
  readonly reject: (error: Error) => void;
  /** When it joined the queue (epoch ms): it gives up as throttled after `timeoutMs` there. */
  enqueuedAt: number;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly generation: number;
  job: Job | undefined;
  /** The module's init is over: invocations are timed from their start. */
  ready: boolean;
  /** Re-armed (`refresh()`) at each start rather than created per invocation. */
  timer: NodeJS.Timeout | undefined;
  timerMs: number;
  /** The message id of the running invocation, so a late answer to a timed-out one is ignored. */
  messageId: number;
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
  readonly #data: HandlerWorkerData;
  readonly #env: NodeJS.ProcessEnv;
  readonly #workers = new Set<PoolWorker>();
  readonly #idle: PoolWorker[] = [];
  readonly #queue: Job[] = [];
  #generation = 0;
  #nextId = 1;
  #sweepTimer: NodeJS.Timeout | undefined;
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
      const job: Job = { awsRequestId: randomUUID(), payload, timeoutMs, resolve, reject, enqueuedAt: 0 };
      const worker = this.#idle.pop() ?? (this.#workers.size < this.#size ? this.#spawn() : undefined);
      if (worker !== undefined) {
        this.#start(worker, job);
        return;
      }
      job.enqueuedAt = Date.now();
      this.#queue.push(job);
      this.#sweepTimer ??= setTimeout(this.#sweep, timeoutMs);
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
      entry.job?.reject(new ClosedError('the handler pool closed'));
      entry.job = undefined;
    }
    await Promise.all(workers.map((entry) => entry.worker.terminate()));
  }

  #spawn(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.#data, env: this.#env, name: this.#options.functionName });
    const entry: PoolWorker = { worker, generation: this.#generation, job: undefined, ready: false, timer: undefined, timerMs: 0, messageId: 0 };
    this.#workers.add(entry);
    // Init gets its own, longer limit; the invocation's timeout starts once init is over.
    entry.timer = setTimeout(() => this.#onInitTimeout(entry), INIT_TIMEOUT_MS).unref();
    entry.timerMs = INIT_TIMEOUT_MS;
    worker.on('message', (message: ResultMessage | ReadyMessage) => {
      if ('ready' in message) this.#onReady(entry);
      else this.#onResult(entry, message);
    });
    worker.on('error', (error: Error) => this.#onCrash(entry, { errorType: error.name === 'Error' ? 'Runtime.UnhandledPromiseRejection' : error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] }));
    worker.on('exit', (code: number) => this.#onCrash(entry, { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}` }));
    return entry;
  }

  #start(entry: PoolWorker, job: Job): void {
    entry.job = job;
    entry.messageId = this.#nextId++;
    const message: InvocationMessage = { id: entry.messageId, awsRequestId: job.awsRequestId, payload: job.payload, timeoutMs: job.timeoutMs };
    if (entry.ready) this.#armTimer(entry, job.timeoutMs);
    entry.worker.postMessage(message);
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
    if (entry.job !== undefined) this.#armTimer(entry, entry.job.timeoutMs);
  }

  #onInitTimeout(entry: PoolWorker): void {
    if (entry.ready) return;
    this.#onCrash(entry, { errorType: 'Sandbox.Timedout', errorMessage: `Init timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds` });
  }

  /** Refuses, as throttled, the queued invocations no worker took within their timeout. */
  readonly #sweep = (): void => {
    this.#sweepTimer = undefined;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    const waiting: Job[] = [];
    for (const job of this.#queue) {
      const expiresAt = job.enqueuedAt + job.timeoutMs;
      if (expiresAt <= now) {
        job.reject(new LambdaThrottledError(`every one of the ${this.#size} workers of ${this.#options.functionName} stayed busy for ${job.timeoutMs} ms`));
      } else {
        waiting.push(job);
        next = Math.min(next, expiresAt);
      }
    }
    this.#queue.length = 0;
    this.#queue.push(...waiting);
    if (waiting.length > 0) this.#sweepTimer = setTimeout(this.#sweep, Math.max(1, next - now));
  };

  #onResult(entry: PoolWorker, message: ResultMessage): void {
    const job = entry.job;
    if (job === undefined || message.id !== entry.messageId) return;
    entry.job = undefined;
    if ('payload' in message) job.resolve({ payload: message.payload });
    else job.resolve({ error: message.error });
    if ('error' in message && message.fatal === true) {
      this.#retire(entry);
      this.#next();
      return;
    }
    this.#release(entry);
  }

  #onTimeout(entry: PoolWorker): void {
    const job = entry.job;
    if (job === undefined) return;
    entry.job = undefined;
    const seconds = (job.timeoutMs / 1000).toFixed(2);
    job.resolve({ error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${job.awsRequestId} Error: Task timed out after ${seconds} seconds` } });
    // Lambda resets the execution environment after a timeout: the module state goes with it.
    this.#options.logger.warn({ function: this.#options.functionName, request_id: job.awsRequestId, timeout_ms: job.timeoutMs }, 'handler timed out; its worker is replaced');
    this.#retire(entry);
    this.#next();
  }

  #onCrash(entry: PoolWorker, error: FunctionErrorPayload): void {
    if (!this.#workers.has(entry)) return;
    clearTimeout(entry.timer);
    const job = entry.job;
    entry.job = undefined;
    this.#retire(entry);
    if (job !== undefined) {
      job.resolve({ error: { ...error, errorMessage: `RequestId: ${job.awsRequestId} Error: ${error.errorMessage}` } });
    }
    this.#options.logger.warn({ function: this.#options.functionName, error_type: error.errorType }, 'handler worker stopped; it is replaced on demand');
    this.#next();
  }

  /** A worker done with its invocation takes the next queued one, or waits (unless it is stale). */
  #release(entry: PoolWorker): void {
    if (entry.generation !== this.#generation) {
      this.#retire(entry);
      this.#next();
      return;
    }
    const job = this.#queue.shift();
    if (job !== undefined) this.#start(entry, job);
    else this.#idle.push(entry);
  }

  /** Starts the next queued invocation on a new worker, if there is room. */
  #next(): void {
    if (this.#closed || this.#queue.length === 0 || this.#workers.size >= this.#size) return;
    this.#start(this.#spawn(), this.#queue.shift()!);
  }

  #retire(entry: PoolWorker): void {
    if (!this.#workers.delete(entry)) return;
    clearTimeout(entry.timer);
    const idle = this.#idle.indexOf(entry);
    if (idle !== -1) this.#idle.splice(idle, 1);
    void entry.worker.terminate();
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
    this.#options.logger.info({ function: this.#options.functionName, file: filename }, 'handler changed; reloading');
  }
}
