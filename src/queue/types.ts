/**
 * The queue every driver implements (SPEC §2): SQS semantics, at least once. A received message
 * is hidden for a visibility timeout; `delete` acknowledges it; a message received
 * `maxReceiveCount` times without being deleted moves to the dead-letter queue with its last
 * error. The embedded SQLite driver and the SQS driver pass one shared contract suite.
 *
 * Drivers extend `QueueBase` (`queue-base.ts`), which checks the queue's state and every
 * argument before calling the driver: an argument no driver may accept is refused with
 * `InvalidArgumentError` (`SLUICE_INVALID_ARGUMENT`) before any I/O.
 */

export interface SendMessageInput {
  /**
   * The payload: a capture frame or a JSON record (bytes are stored as they are). Chunks are
   * the payload in order, so a producer holding it in pieces need not join them: a driver that
   * writes the payload to a file writes them as they are.
   */
  readonly body: Uint8Array | string | readonly Uint8Array[];
  /** A caller-chosen id (e.g. the capture's UUIDv7); generated when absent. */
  readonly id?: string;
  /** Keep the message invisible for this long after sending. */
  readonly delayMs?: number;
}

export interface QueueMessage {
  readonly id: string;
  readonly body: Buffer;
  /** Opaque; valid until the message is received again by anyone. */
  readonly receiptHandle: string;
  /** 1 on the first receive. */
  readonly receiveCount: number;
  /** Epoch milliseconds. */
  readonly sentAt: number;
  /**
   * When the message was first received, epoch milliseconds (this receive's time on the first
   * receive): where the forwarder's retry budget (`destination.retry.max_age`) starts. A
   * redriven message starts again. SQS: `ApproximateFirstReceiveTimestamp`.
   */
  readonly firstReceivedAt: number;
  /** The error recorded by the last failed attempt, if any. */
  readonly lastError: string | null;
}

export interface ReceiveOptions {
  /** At most this many messages (1 … `limits.maxReceiveBatch`). Default 1. */
  readonly maxMessages?: number;
  /** How long the received messages stay hidden. Default: the queue's visibility timeout. */
  readonly visibilityTimeoutMs?: number;
  /** Long poll: wait up to this long for a first message. Default 0 (return at once). */
  readonly waitTimeMs?: number;
  /** Ends a long poll early; the call then resolves with what it has (possibly nothing). */
  readonly signal?: AbortSignal;
}

export interface DeadLetter {
  readonly id: string;
  readonly body: Buffer;
  readonly sentAt: number;
  readonly deadLetteredAt: number;
  readonly receiveCount: number;
  readonly lastError: string | null;
}

export interface DeadLetterListOptions {
  readonly limit?: number;
  /**
   * Continue after this id (ids sort by dead-letter time, then id), or after this place in that
   * order: a place stays valid when its letter has since been redriven or purged, so a bulk
   * operation can walk the queue while it empties it.
   */
  readonly after?: string | DeadLetterPosition;
}

/** A place in the dead letters' order: dead-letter time, then id. */
export interface DeadLetterPosition {
  /** Epoch milliseconds. */
  readonly deadLetteredAt: number;
  readonly id: string;
}

export interface QueueStats {
  /** Messages that can be received now. */
  readonly visible: number;
  /** Received and not yet deleted, nor visible again. */
  readonly inFlight: number;
  /** Sent with a delay, or put back with a backoff, and not visible yet. */
  readonly delayed: number;
  /**
   * Of `delayed`, the messages received at least once and waiting for their next attempt (a
   * retry backoff), or null when the driver cannot tell them apart (SQS counts a message hidden
   * for a backoff as in flight, and cannot list hidden messages).
   */
  readonly retrying: number | null;
  /** When the earliest of the `retrying` messages is due again, epoch milliseconds; null when none, or unknown. */
  readonly nextRetryAt: number | null;
  /**
   * Age of the oldest message in the main queue, or null when it is empty or the driver cannot
   * tell (SQS reports it only to CloudWatch, as `ApproximateAgeOfOldestMessage`).
   */
  readonly oldestAgeMs: number | null;
  readonly dlqDepth: number;
  /** The space the queue takes and may take; absent for drivers that do not keep files (SQS). */
  readonly space?: QueueSpaceStats;
}

/** The embedded queue's footprint and limits (`sluice status`, `/healthz`, the metrics). */
export interface QueueSpaceStats {
  /** What `queue.max_size` counts: the database's pages in use and the blob files, in bytes. */
  readonly usedBytes: number;
  /** The write-ahead log file (transient, reused after checkpoints; not counted in `usedBytes`). */
  readonly walBytes: number;
  /** `queue.max_size`, or null without one. */
  readonly maxBytes: number | null;
  /** Free space on the file system holding the queue; null when unknown. */
  readonly diskFreeBytes: number | null;
  readonly diskTotalBytes: number | null;
  /** Space kept free for deletes: new messages are refused before the disk has less. */
  readonly headroomBytes: number;
  /** Whether the reserve file (space given back when a delete meets a full disk) is in place. */
  readonly reserveHeld: boolean;
  /** Why new messages are refused now, or null while they are accepted. */
  readonly full: 'max_size' | 'disk' | null;
}

export interface QueueLimits {
  /** The largest `maxMessages` a single receive accepts (SQS: 10). */
  readonly maxReceiveBatch: number;
  /** The largest payload `send` accepts, in bytes. */
  readonly maxMessageBytes: number;
  /** The longest `delayMs` `send` accepts (SQS: 15 minutes); absent means no ceiling. */
  readonly maxDelayMs?: number;
  /**
   * Whether the queue carries bytes as they are to every consumer. False for SQS, whose bodies
   * are text: binary payloads still round-trip through Sluice (base64, marked by an attribute),
   * but other consumers would see base64, so producers send text there (the gateway sends the
   * rendered §1 record instead of its binary frame). Absent means true.
   */
  readonly binaryPayloads?: boolean;
}

/** The dead-letter side of a queue: inspection and recovery (the `sluice dlq` commands). */
export interface DeadLetterQueue {
  /**
   * How this driver carries out a redrive or purge of letters chosen by a filter, when that
   * differs from moving rows in place: shown with such an operation's result (API, CLI,
   * dashboard) so nobody takes it for the cloud's own move. Absent for the embedded queue.
   */
  readonly bulkNote?: string;
  list(options?: DeadLetterListOptions): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** Moves the given dead letters (all when `ids` is undefined) back to the main queue, receive count reset. Returns how many moved. */
  redrive(ids?: readonly string[]): Promise<number>;
  /** Deletes the given dead letters (all when `ids` is undefined). Returns how many were deleted. */
  purge(ids?: readonly string[]): Promise<number>;
}

export interface Queue {
  readonly limits: QueueLimits;
  readonly dlq: DeadLetterQueue;

  /** Resolves once the message is durable (committed), with its id. */
  send(input: SendMessageInput): Promise<string>;
  sendBatch(inputs: readonly SendMessageInput[]): Promise<string[]>;
  receive(options?: ReceiveOptions): Promise<QueueMessage[]>;
  /** Acknowledges a message. Deleting a message that is already gone is not an error. */
  delete(receiptHandle: string): Promise<void>;
  /**
   * Hides a received message for `timeoutMs` from now (0 = visible at once), recording
   * `lastError` for the dead-letter queue. Throws `ReceiptHandleError` when the handle is stale.
   */
  changeVisibility(receiptHandle: string, timeoutMs: number, lastError?: string): Promise<void>;
  /** Moves a received message to the dead-letter queue now (e.g. `webhook-delivery: abort-message`). */
  deadLetter(receiptHandle: string, reason: string): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Finishes pending writes, then releases the storage. Idempotent; later calls on the queue reject with `ClosedError`. */
  close(): Promise<void>;
  /**
   * Releases the storage now, without waiting for operations under way; long polls end empty.
   * Idempotent, and harmless after `close()` (it then waits for that close). Later calls reject
   * with `ClosedError`.
   */
  destroy(error?: Error): Promise<void>;
}
