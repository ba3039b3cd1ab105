/** A signal that aborts once every one of several signals has, and a way to stop watching them. */
export interface AllAborted {
  readonly signal: AbortSignal;
  /** Stops listening to the given signals (call it when the work the signal guards is done). */
  dispose(): void;
}

/**
 * The signal for one call made on behalf of several waiters, each with its own signal: the call
 * is worth finishing while any waiter still wants its answer, so it aborts only when all of
 * theirs have (with the reason of the last one), the opposite of `AbortSignal.any`.
 *
 * @internal
 * @example
 * ```ts
 * const { signal, dispose } = allAborted(entries.map((entry) => entry.signal));
 * try { await client.send(new SendMessageBatchCommand(input), { abortSignal: signal }); }
 * finally { dispose(); }
 * ```
 */
export function allAborted(signals: readonly AbortSignal[]): AllAborted {
  const controller = new AbortController();
  let waiting = signals.filter((signal) => !signal.aborted).length;
  if (waiting === 0) {
    controller.abort(signals.at(-1)?.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const listeners = new Map<AbortSignal, () => void>();
  for (const signal of signals) {
    if (signal.aborted) continue;
    const onAbort = (): void => {
      waiting -= 1;
      if (waiting === 0) controller.abort(signal.reason);
    };
    listeners.set(signal, onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [signal, onAbort] of listeners) signal.removeEventListener('abort', onAbort);
      listeners.clear();
    },
  };
}
