/**
 * Polls `predicate` every few milliseconds until it returns true; rejects after `timeoutMs`
 * with `what` in the message, so a stuck test says what it was waiting for.
 *
 * @example
 * ```ts
 * await waitFor(() => received.bodyLength > 0, 'the first upload bytes');
 * ```
 */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
