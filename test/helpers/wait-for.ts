/**
 * Polls `predicate` every few milliseconds until it returns true; rejects after `timeoutMs`
 * with `what` in the message, so a stuck test says what it was waiting for. The default is
 * generous on purpose: it only bounds a test that is already failing, and a busy 2-core
 * machine can take seconds for what takes milliseconds on an idle one.
 *
 * @example
 * ```ts
 * await waitFor(() => received.bodyLength > 0, 'the first upload bytes');
 * ```
 */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
