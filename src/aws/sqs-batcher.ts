/** The outcome of one item of a batch call. */
export type BatchOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export interface SqsBatcherOptions<I> {
  /** Entries per call (SQS: 10). */
  readonly maxItems: number;
  /** Payload bytes per call (SQS: 1 MiB summed over the entries). */
  readonly maxBytes?: number;
  readonly sizeOf?: (item: I) => number;
}

/**
 * Gathers the calls made in one turn of the event loop into SQS batch calls (`SendMessageBatch`,
 * `DeleteMessageBatch`): a gateway capturing many exchanges at once, a forwarder
 * acknowledging many deliveries, or an `sqs` ingest route taking many requests makes one
 * request per ten messages instead of one each. Each caller still gets its own outcome. It
 * waits for nothing but the end of the current turn (`setImmediate`), so a lone call is not
 * delayed. It lives in `aws/` so the SQS queue driver and the ingest service share it.
 *
 * @internal
 * @example
 * ```ts
 * const sends = new SqsBatcher((entries) => sendBatch(entries), { maxItems: 10 });
 * const id = await sends.add(entry);
 * await sends.drain(); // on close
 * ```
 */
export class SqsBatcher<I, O> {
  readonly #flush: (items: readonly I[]) => Promise<BatchOutcome<O>[]>;
  readonly #options: SqsBatcherOptions<I>;
  #pending: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;
  readonly #running = new Set<Promise<void>>();

  constructor(flush: (items: readonly I[]) => Promise<BatchOutcome<O>[]>, options: SqsBatcherOptions<I>) {
    this.#flush = flush;
    this.#options = options;
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#run());
      }
    });
  }

  /** Sends what is pending now and waits for every call under way. */
  async drain(): Promise<void> {
    this.#run();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Rejects what is pending and not yet sent (a forced close); calls under way still settle. */
  fail(error: unknown): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const entry of pending) entry.reject(error);
  }

  #run(): void {
    this.#scheduled = false;
    const pending = this.#pending;
    this.#pending = [];
    const { maxItems, maxBytes = Infinity, sizeOf = () => 0 } = this.#options;
    let chunk: typeof pending = [];
    let bytes = 0;
    for (const entry of pending) {
      const size = sizeOf(entry.item);
      if (chunk.length > 0 && (chunk.length >= maxItems || bytes + size > maxBytes)) {
        this.#call(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(entry);
      bytes += size;
    }
    if (chunk.length > 0) this.#call(chunk);
  }

  #call(chunk: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[]): void {
    const call = this.#flush(chunk.map((entry) => entry.item)).then(
      (outcomes) => {
        chunk.forEach((entry, index) => {
          const outcome = outcomes[index];
          if (outcome === undefined) entry.reject(new Error('the batch call returned no outcome for this entry'));
          else if (outcome.ok) entry.resolve(outcome.value);
          else entry.reject(outcome.error);
        });
      },
      (error: unknown) => {
        for (const entry of chunk) entry.reject(error);
      },
    );
    this.#running.add(call);
    void call.finally(() => this.#running.delete(call));
  }
}
