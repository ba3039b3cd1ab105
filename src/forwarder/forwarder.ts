import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { VERSION } from '../telemetry/version.js';
import { toDeliverable, type Deliverable } from '../core/capture-record.js';
import { configDefaults } from '../core/config-defaults.js';
import type { DestinationConfig } from '../core/config-schema.js';
import { ClosedError, ReceiptHandleError, toError } from '../core/errors.js';
import type { HistorySink, HistoryState } from '../history/types.js';
import type { Queue, QueueMessage } from '../queue/types.js';
import { silentLogger } from '../telemetry/logger.js';
import type { DeliveryStatsSink } from './delivery-stats.js';
import { DestinationClient } from './destination-client.js';
import { TypedEventEmitter } from './events.js';
import { formatFailureNote, type DeadLetterReason, type DeliveryFailure } from './failure.js';
import { ForwarderMetrics } from './metrics.js';
import { RetryPolicy } from './retry-policy.js';
import { WebhookSigner } from './signing.js';

export interface ForwarderOptions {
  readonly queue: Queue;
  readonly destination: DestinationConfig;
  readonly logger?: Logger;
  /** Where the delivery metrics are registered (the gateway's `/metrics` registry). */
  readonly registry?: Registry;
  /** @default `sluice/VERSION` */
  readonly userAgent?: string;
  /**
   * How long a received message stays hidden while it waits and is delivered: the queue's
   * visibility timeout, raised to twice the destination timeout plus a margin so that a slow
   * answer is never delivered twice. @default the queue's default visibility timeout (30 s)
   */
  readonly visibilityTimeoutMs?: number;
  /** Long-poll wait of each receive. @default 10 s */
  readonly pollWaitMs?: number;
  /** The longest `Retry-After` honoured; longer requests wait this long. @default 1 hour */
  readonly maxRetryAfterMs?: number;
  /** Pause after the queue itself fails (e.g. storage locked). @default 1 s */
  readonly queueErrorBackoffMs?: number;
  /** Outcome counts for `sluice status`; the forwarder closes it on stop. */
  readonly stats?: DeliveryStatsSink;
  /** Where each attempt's outcome is kept for `sluice history`; the forwarder closes it on stop. */
  readonly history?: HistorySink;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
  /** The clock of the retry budget, epoch milliseconds (give the queue the same one). @default Date.now */
  readonly now?: () => number;
}

export interface StopOptions {
  /** Abort deliveries under way instead of waiting for them; their messages are released at once. */
  readonly abort?: boolean;
}

/** A record the destination accepted. */
export interface DeliveredEvent {
  /** The record id, sent as `webhook-id`. */
  readonly id: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly status: number;
  readonly durationMs: number;
}

/** A failed attempt that will be retried after `delayMs`. */
export interface RetryScheduledEvent {
  readonly id: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly failure: DeliveryFailure;
}

/** A record moved to the dead-letter queue. */
export interface DeadLetteredEvent {
  /** The record id, or the message id when the payload could not be read. */
  readonly id: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly reason: DeadLetterReason;
  readonly failure: DeliveryFailure;
}

export interface ForwarderEvents {
  delivered: [event: DeliveredEvent];
  retry_scheduled: [event: RetryScheduledEvent];
  dead_lettered: [event: DeadLetteredEvent];
  /** The queue failed (receive, delete, visibility); the forwarder keeps going. */
  error: [error: Error];
  /** `stop()` finished: nothing is in flight any more. */
  stopped: [];
}

const MAX_LEASE_MARGIN_MS = 5_000;
/** Messages received at once per delivery slot (see the constructor). */
const RECEIVE_BATCH_PER_SLOT = 4;

/**
 * Turns queued captures into records at the destination, at least once (SPEC §3). It long-polls
 * the queue, keeps up to `destination.concurrency` deliveries under way, deletes a message when
 * the destination answers 2xx, and after a failure does what the {@link RetryPolicy} decides:
 * hides it for an exponential backoff with equal jitter (at least the destination's
 * `Retry-After`), or moves it to the dead-letter queue once `destination.retry.max_age` has
 * passed since its first attempt, after `max_attempts` (the safety net), on
 * `webhook-delivery: abort-message`, on an unreadable payload, or on a 4xx when
 * `dead_letter_on_4xx` is set. Several forwarders may share a queue.
 *
 * @example
 * ```ts
 * const queue = await openQueue(config.queue, { logger });
 * const forwarder = new Forwarder({ queue, destination: config.destination, logger });
 * forwarder.on('dead_lettered', ({ id, reason }) => logger.warn({ id, reason }, 'dead-lettered'));
 * forwarder.start();
 * process.once('SIGTERM', () => void forwarder.stop().then(() => queue.close()));
 * ```
 */
export class Forwarder extends TypedEventEmitter<ForwarderEvents> {
  readonly #queue: Queue;
  readonly #client: DestinationClient;
  readonly #logger: Logger;
  readonly #metrics: ForwarderMetrics;
  readonly #stats: DeliveryStatsSink | undefined;
  readonly #history: HistorySink | undefined;
  readonly #concurrency: number;
  /** Messages held at most (under way plus received and waiting for a slot). */
  readonly #capacity: number;
  readonly #refillAt: number;
  readonly #leaseMs: number;
  readonly #pollWaitMs: number;
  readonly #queueErrorBackoffMs: number;
  readonly #policy: RetryPolicy;
  readonly #now: () => number;
  /** Ends the long poll and any pause of the receive loop. */
  readonly #pollAbort = new AbortController();
  /** Set by stop({ abort }): deliveries under way are cut and nothing new is attempted. */
  #aborting = false;
  /** Received and waiting for a free delivery slot. */
  readonly #buffer: QueueMessage[] = [];
  #active = 0;
  /** Resolves the wait of a stop once nothing is under way. */
  #idle: (() => void) | undefined;
  /** Deletes of delivered messages not yet committed (they no longer hold a delivery slot). */
  #acking = 0;
  /** Resolves the wait of a stop once every delete committed. */
  #acked: (() => void) | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: ForwarderOptions) {
    super();
    const { destination } = options;
    this.#queue = options.queue;
    this.#logger = (options.logger ?? silentLogger()).child({ component: 'forwarder' });
    this.#metrics = new ForwarderMetrics(options.registry);
    this.#metrics.trackInFlight(this.#inFlightSource);
    this.#stats = options.stats;
    this.#history = options.history;
    this.#concurrency = destination.concurrency;
    // Each receive is a round trip (a write transaction, or an SQS call), and the embedded
    // queue's deletes of delivered messages ride along with the next receive: messages are
    // received in batches of up to RECEIVE_BATCH_PER_SLOT × concurrency (as the driver allows)
    // and wait in a buffer for a free slot; a receive happens once a whole batch of room is free.
    // One commit per batch instead of one per `concurrency` records was the largest single
    // saving of the delivery bench (0.40 → 0.47 of the bare undici loop).
    this.#refillAt = Math.max(1, Math.min(this.#queue.limits.maxReceiveBatch, RECEIVE_BATCH_PER_SLOT * destination.concurrency));
    this.#capacity = destination.concurrency + this.#refillAt;
    // A buffered message may wait for the whole buffer ahead of it, `concurrency` at a time,
    // before its own delivery: that many timeouts, plus a margin for recording the outcome.
    const margin = Math.min(MAX_LEASE_MARGIN_MS, destination.timeout);
    const rounds = Math.ceil(this.#capacity / destination.concurrency);
    this.#leaseMs = Math.max(options.visibilityTimeoutMs ?? configDefaults.queue.visibility_timeout_ms, rounds * destination.timeout + margin);
    this.#pollWaitMs = options.pollWaitMs ?? 10_000;
    this.#queueErrorBackoffMs = options.queueErrorBackoffMs ?? 1_000;
    this.#policy = new RetryPolicy({
      retry: destination.retry,
      deadLetterOn4xx: destination.dead_letter_on_4xx,
      ...(options.maxRetryAfterMs !== undefined && { maxRetryAfterMs: options.maxRetryAfterMs }),
      ...(options.random !== undefined && { random: options.random }),
    });
    this.#now = options.now ?? Date.now;
    this.#client = new DestinationClient({
      url: destination.url,
      timeoutMs: destination.timeout,
      connections: destination.concurrency,
      signer: new WebhookSigner(destination.signing_secret),
      userAgent: options.userAgent ?? `sluice/${VERSION}`,
      headers: destination.headers,
    });
    setMaxListeners(16, this.#pollAbort.signal);
  }

  /** Deliveries under way. */
  get inFlight(): number {
    return this.#active;
  }

  /** True between `start()` and the end of `stop()`. */
  get running(): boolean {
    return this.#loop !== undefined && this.#stopping === undefined;
  }

  /**
   * Begins receiving and delivering. Calling it again while running does nothing.
   *
   * @throws ClosedError after `stop()`.
   */
  start(): void {
    if (this.#stopping !== undefined) throw new ClosedError('the forwarder was stopped; create a new one');
    if (this.#loop !== undefined) return;
    this.#logger.debug({ concurrency: this.#concurrency, lease_ms: this.#leaseMs }, 'forwarder started');
    this.#loop = this.#receiveLoop();
  }

  /**
   * Stops receiving and waits for the deliveries under way (or aborts them with `abort`, which
   * makes their messages visible again at once). Idempotent: later calls return the same
   * promise, and `stop({ abort: true })` during a graceful stop aborts what is left. The queue
   * stays open: its owner closes it.
   */
  stop(options: StopOptions = {}): Promise<void> {
    if (options.abort && !this.#aborting) {
      this.#aborting = true;
      void this.#client.destroy();
    }
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async #shutdown(): Promise<void> {
    this.#pollAbort.abort();
    this.#wake?.();
    await this.#loop;
    // Received but never attempted: hand them back rather than hold them until the lease ends.
    const waiting = this.#buffer.splice(0);
    await Promise.all(waiting.map((message) => this.#release(message)));
    while (this.#active > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    while (this.#acking > 0) await new Promise<void>((resolve) => (this.#acked = resolve));
    if (this.#aborting) await this.#client.destroy();
    else await this.#client.close();
    this.#stats?.close();
    this.#history?.close();
    this.#metrics.untrackInFlight(this.#inFlightSource);
    this.#logger.debug('forwarder stopped');
    this.emit('stopped');
  }

  async #receiveLoop(): Promise<void> {
    const signal = this.#pollAbort.signal;
    while (!signal.aborted) {
      const room = this.#capacity - this.#active - this.#buffer.length;
      if (room < this.#refillAt) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      let messages: QueueMessage[];
      try {
        messages = await this.#queue.receive({
          maxMessages: Math.min(room, this.#queue.limits.maxReceiveBatch),
          visibilityTimeoutMs: this.#leaseMs,
          waitTimeMs: this.#pollWaitMs,
          signal,
        });
      } catch (error) {
        if (error instanceof ClosedError) {
          this.#logger.debug('queue closed; forwarder stops receiving');
          return;
        }
        this.#reportError(error, 'receive failed');
        await pause(this.#queueErrorBackoffMs, signal);
        continue;
      }
      this.#buffer.push(...messages);
      this.#startBuffered();
    }
  }

  /** Starts buffered messages while delivery slots are free. */
  #startBuffered(): void {
    // Delivered records whose delete is not committed yet would be delivered again after a
    // crash: at most one receive batch of them, plus the deliveries under way.
    while (this.#active < this.#concurrency && this.#acking < this.#refillAt && this.#buffer.length > 0 && !this.#pollAbort.signal.aborted) {
      this.#launch(this.#buffer.shift()!);
    }
  }

  #launch(message: QueueMessage): void {
    this.#active += 1;
    this.#process(message).then(this.#settled, this.#failed);
  }

  /** A delivery task ended: free its slot (bound once; this runs for every record). */
  readonly #settled = (): void => {
    this.#active -= 1;
    if (this.#active === 0) this.#idle?.();
    this.#startBuffered();
    this.#wake?.();
  };

  readonly #failed = (error: unknown): void => {
    this.#reportError(error, 'delivery task failed');
    this.#settled();
  };

  readonly #inFlightSource = (): number => this.#active;

  async #process(message: QueueMessage): Promise<void> {
    const attempt = message.receiveCount;
    if (this.#aborting) {
      await this.#release(message);
      return;
    }
    let deliverable: Deliverable;
    try {
      deliverable = toDeliverable(message.body, message.id);
    } catch (error) {
      const failure: DeliveryFailure = { class: 'malformed', message: toError(error).message };
      this.#metrics.failed('malformed');
      const decision = this.#policy.decide({ failure, attempt, firstAttemptAt: message.firstReceivedAt, now: this.#now() });
      // Retrying cannot make a payload readable: the policy always dead-letters it.
      await this.#deadLetter(message, message.id, attempt, failure, decision.action === 'dead_letter' ? decision.reason : 'malformed');
      return;
    }
    this.#metrics.attempts.inc();
    const result = await this.#client.post(deliverable);
    this.#metrics.duration.observe(result.durationMs / 1000);
    if (result.ok) {
      this.#metrics.successes.inc();
      this.#stats?.record('delivered');
      this.#history?.record({
        id: deliverable.id,
        json: deliverable.json,
        attempt,
        at: this.#now(),
        durationMs: result.durationMs,
        status: result.status,
        state: 'delivered',
      });
      this.#acknowledge(message, { id: deliverable.id, messageId: message.id, attempt, status: result.status, durationMs: result.durationMs });
      return;
    }
    if ('aborted' in result) {
      await this.#release(message);
      return;
    }
    const { failure } = result;
    this.#metrics.failed(failure.class);
    this.#stats?.record('failed');
    const now = this.#now();
    const decision = this.#policy.decide({ failure, attempt, firstAttemptAt: message.firstReceivedAt, now });
    this.#recordFailure(deliverable, attempt, now, result.durationMs, failure, decision.action === 'dead_letter' ? 'dead_letter' : 'retrying');
    if (decision.action === 'dead_letter') {
      await this.#deadLetter(message, deliverable.id, attempt, failure, decision.reason);
      return;
    }
    const { delayMs } = decision;
    this.#logger.warn(
      { id: deliverable.id, attempt, status: failure.status, class: failure.class, error: failure.message, retry_in_ms: delayMs },
      'delivery failed; will retry',
    );
    const note = formatFailureNote(failure, attempt, now);
    const kept = await this.#queueCall('changeVisibility', message, () => this.#queue.changeVisibility(message.receiptHandle, delayMs, note));
    if (kept) this.emit('retry_scheduled', { id: deliverable.id, messageId: message.id, attempt, delayMs, failure });
  }

  /**
   * Deletes a delivered message without holding its delivery slot, so the slot starts its next
   * delivery while the delete waits for its group commit (which the queue may share with the
   * next receive). `delivered` is emitted once the delete committed; `stop()` waits for it. A
   * crash before the commit means a second delivery, as for a delivery under way: new
   * deliveries wait while a receive batch of deletes does, so a kill -9 repeats fewer than
   * `concurrency` + that batch (4 × `concurrency`, up to the driver's receive limit) records.
   */
  #acknowledge(message: QueueMessage, event: DeliveredEvent): void {
    this.#acking += 1;
    // Keep the id and the handle, not the message: its body may go while the delete waits.
    const { id, receiptHandle } = message;
    void this.#queueCall('delete', { id }, () => this.#queue.delete(receiptHandle))
      .then(() => {
        if (this.listenerCount('delivered') > 0) this.emit('delivered', event);
      })
      .catch((error: unknown) => this.#reportError(error, 'delivered listener failed'))
      .finally(() => {
        this.#acking -= 1;
        if (this.#acking === 0) this.#acked?.();
        this.#startBuffered();
      });
  }

  async #deadLetter(message: QueueMessage, id: string, attempt: number, failure: DeliveryFailure, reason: DeadLetterReason): Promise<void> {
    this.#logger.warn(
      { id, attempt, status: failure.status, class: failure.class, error: failure.message, reason },
      'delivery failed; moved to the dead-letter queue',
    );
    const note = formatFailureNote(failure, attempt, this.#now(), reason);
    const moved = await this.#queueCall('deadLetter', message, () => this.#queue.deadLetter(message.receiptHandle, note));
    if (!moved) return;
    this.#metrics.deadLettered(reason);
    this.#stats?.record('dead_lettered');
    this.emit('dead_lettered', { id, messageId: message.id, attempt, reason, failure });
  }

  /** Hands a failed attempt to the history: the sink only queues it, it never waits for a write. */
  #recordFailure(deliverable: Deliverable, attempt: number, at: number, durationMs: number, failure: DeliveryFailure, state: HistoryState): void {
    if (this.#history === undefined) return;
    this.#history.record({
      id: deliverable.id,
      json: deliverable.json,
      attempt,
      at,
      durationMs,
      ...(failure.status !== undefined && { status: failure.status }),
      error: failure.message,
      state,
    });
  }

  /** Makes a message visible again at once, without a failure note: it was never attempted. */
  async #release(message: QueueMessage): Promise<void> {
    await this.#queueCall('changeVisibility', message, () => this.#queue.changeVisibility(message.receiptHandle, 0));
  }

  /**
   * Runs a queue call for a received message. A stale receipt handle means the lease ran out and
   * another receive owns the message now: it will be delivered again (a duplicate the
   * destination removes by `webhook-id`), so it is logged, not raised. Returns true on success.
   */
  async #queueCall(operation: string, message: Pick<QueueMessage, 'id'>, call: () => Promise<void>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      if (error instanceof ReceiptHandleError) {
        this.#logger.warn({ message_id: message.id, operation }, 'lease expired before the outcome was recorded; the record will be delivered again');
      } else if (error instanceof ClosedError) {
        this.#logger.warn({ message_id: message.id, operation }, 'queue closed before the outcome was recorded');
      } else {
        this.#reportError(error, `queue ${operation} failed`);
      }
      return false;
    }
  }

  #reportError(error: unknown, what: string): void {
    const err = toError(error);
    this.#logger.error({ err }, what);
    // An 'error' event without a listener would throw and end the process: only emit when heard.
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
