/**
 * Long polls waiting on a database file in this process. A send through any queue object on the
 * same file wakes them at once (a gateway and a forwarder in one process each open their own
 * queue); other processes' sends are found by polling.
 */
const waiters = new Map<string, Set<() => void>>();

/**
 * Registers a callback run after each write that may make messages visible in `file`.
 * Returns the function that unregisters it.
 *
 * @internal
 * @example
 * ```ts
 * const stop = onQueueWrite('/data/sluice.db', () => wake());
 * stop();
 * ```
 */
export function onQueueWrite(file: string, callback: () => void): () => void {
  let set = waiters.get(file);
  if (!set) {
    set = new Set();
    waiters.set(file, set);
  }
  set.add(callback);
  return () => {
    set.delete(callback);
    if (set.size === 0 && waiters.get(file) === set) waiters.delete(file);
  };
}

/**
 * Wakes every long poll waiting on `file`.
 *
 * @internal
 * @example
 * ```ts
 * notifyQueueWrite('/data/sluice.db');
 * ```
 */
export function notifyQueueWrite(file: string): void {
  const set = waiters.get(file);
  if (!set) return;
  for (const callback of [...set]) callback();
}
