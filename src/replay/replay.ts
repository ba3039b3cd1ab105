import { Agent, request, type Dispatcher } from 'undici';
import type { HistoryStore } from '../history/history-store.js';
import type { HistorySummary } from '../history/types.js';
import { diffResponse } from './replay-diff.js';
import { dueOffset, systemClock, waitUntilDue } from './replay-pace.js';
import { rebuildRequest, type ReplayRequest } from './replay-request.js';
import { selectEntries } from './replay-selection.js';
import type { ReplayOptions, ReplayResult, ReplaySummary } from './types.js';

/** The most of a new response body read for the comparison; the rest is drained unread. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Sends recorded requests again (issue 14 §2): the selected history entries, in capture order,
 * one at a time, at the original pace times `rate.factor` or at `rate.perSecond`, each rebuilt
 * from its record (see `rebuildRequest`) with a `Sluice-Replay: <record id>` header, and compares
 * each new response with the recorded one (see `diffResponse`). TLS certificates are verified
 * (undici's default; nothing here turns it off). A request that fails is counted and the replay
 * goes on; aborting `signal` stops after the request under way (it is not cut short:
 * `timeoutMs` bounds it). `dryRun` rebuilds and reports every request without sending any, and
 * without waiting. `entries` replays a selection made beforehand (to count it, then confirm).
 *
 * @example
 * ```ts
 * const summary = await replay(store, {
 *   to: new URL('https://staging.example.com'),
 *   filter: { route: 'users', since: Date.now() - 3_600_000 },
 *   rate: parseReplayRate('10x'),
 * });
 * console.log(`${summary.statusChanged} of ${summary.sent} changed status`);
 * ```
 */
export async function replay(store: HistoryStore, options: ReplayOptions): Promise<ReplaySummary> {
  const entries =
    options.entries ??
    selectEntries(store, {
      ...(options.filter !== undefined && { filter: options.filter }),
      ...(options.ids !== undefined && { ids: options.ids }),
      ...(options.limit !== undefined && { limit: options.limit }),
    });
  const rate = options.rate ?? { kind: 'factor', factor: 1 };
  const clock = options.clock ?? systemClock;
  const dryRun = options.dryRun === true;
  const ownDispatcher = options.dispatcher === undefined && !dryRun ? new Agent() : undefined;
  const dispatcher = options.dispatcher ?? ownDispatcher;
  const results: ReplayResult[] = [];
  const start = clock.now();
  const first = entries[0]?.time ?? 0;
  // A function, not a property read: TypeScript would narrow `signal.aborted` to false for good.
  const aborted = (): boolean => options.signal?.aborted === true;
  try {
    for (const [index, summary] of entries.entries()) {
      if (aborted()) break;
      if (!dryRun) {
        await waitUntilDue(clock, start + dueOffset(rate, index, summary.time, first), options.signal);
        if (aborted()) break;
      }
      const result = await replayOne(store, summary, options, dispatcher);
      results.push(result);
      options.onResult?.(result);
      options.onProgress?.(index + 1, entries.length);
    }
  } finally {
    await ownDispatcher?.close();
  }
  return summarise(entries.length, dryRun, results);
}

async function replayOne(store: HistoryStore, summary: HistorySummary, options: ReplayOptions, dispatcher: Dispatcher | undefined): Promise<ReplayResult> {
  const base = { id: summary.id, method: summary.method ?? 'GET', path: summary.path ?? '/', recordedStatus: summary.status };
  // Read now, not at selection: a long replay holds one record at a time.
  const entry = store.get(summary.id);
  if (entry === undefined) return { ...base, error: 'pruned from the history before its turn', statusChanged: false, bodyChanged: false, redacted: false };
  let rebuilt: ReplayRequest;
  try {
    rebuilt = rebuildRequest(entry.record, options.to, summary.id);
  } catch (error) {
    return { ...base, error: `cannot rebuild the request: ${messageOf(error)}`, statusChanged: false, bodyChanged: false, redacted: false };
  }
  const described = {
    ...base,
    method: rebuilt.method,
    path: `${rebuilt.url.pathname}${rebuilt.url.search}`,
    redacted: rebuilt.redacted,
    ...(rebuilt.truncated && { truncated: true }),
  };
  if (options.dryRun === true || dispatcher === undefined) return { ...described, statusChanged: false, bodyChanged: false };
  try {
    const timeout = options.timeoutMs ?? 30_000;
    const response = await request(rebuilt.url, {
      method: rebuilt.method as Dispatcher.HttpMethod,
      headers: [...rebuilt.headers],
      body: rebuilt.body ?? null,
      dispatcher,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      // No `signal` here: aborting stops the replay after the request under way, never in the
      // middle of one (the target would see a request cut short, and the summary a false failure).
    });
    const body = await readBounded(response.body);
    const diff = diffResponse(entry.record, { status: response.statusCode, headers: response.headers, body });
    return { ...described, status: response.statusCode, ...diff };
  } catch (error) {
    return { ...described, error: messageOf(error), statusChanged: false, bodyChanged: false };
  }
}

/** The body's first {@link MAX_BODY_BYTES}; the rest is read and dropped so the connection can be reused. */
async function readBounded(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    if (length >= MAX_BODY_BYTES) continue;
    chunks.push(chunk);
    length += chunk.length;
  }
  return Buffer.concat(chunks, Math.min(length, MAX_BODY_BYTES));
}

function summarise(total: number, dryRun: boolean, results: readonly ReplayResult[]): ReplaySummary {
  let sent = 0;
  let failed = 0;
  let statusChanged = 0;
  let bodyChanged = 0;
  let redacted = 0;
  for (const result of results) {
    if (result.status !== undefined) sent += 1;
    if (result.error !== undefined) failed += 1;
    if (result.statusChanged) statusChanged += 1;
    if (result.bodyChanged) bodyChanged += 1;
    if (result.redacted) redacted += 1;
  }
  return { total, sent, failed, statusChanged, bodyChanged, redacted, dryRun, results };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
