/**
 * The value of one sample in Prometheus text, labels matched exactly (in any order); undefined
 * when the series is absent.
 *
 * @example
 * ```ts
 * sample(text, 'sluice_capture_failures_total', { route: 'api', reason: 'queue_full' }); // 3
 * ```
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/**
 * Calls `probe` until it resolves true; rejects after `timeoutMs` naming `what`. For conditions
 * that need an HTTP request or a query to check.
 *
 * @example
 * ```ts
 * await eventually(async () => (await request(`${url}/healthz`)).status === 200, 'health back to ok');
 * ```
 */
export async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
