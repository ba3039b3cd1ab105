import type { Dispatcher } from 'undici';
import type { HistoryFilter, HistorySummary } from '../history/types.js';
import type { ReplayClock } from './replay-pace.js';

/** How fast to replay: the original pace times a factor, or a fixed number of requests a second. */
export type ReplayRate = { readonly kind: 'factor'; readonly factor: number } | { readonly kind: 'perSecond'; readonly perSecond: number };

export interface ReplayOptions {
  /** Where to send: the records' paths are appended to this URL's path. */
  readonly to: URL;
  /** The entries to replay (newest `limit` of them when a limit is set). */
  readonly filter?: HistoryFilter;
  /** These entries instead of a filter. */
  readonly ids?: readonly string[];
  /**
   * The entries `selectEntries` chose, instead of choosing again: a command line counts them
   * before it asks for confirmation, and then sends exactly those. Overrides `filter`, `ids` and `limit`.
   */
  readonly entries?: readonly HistorySummary[];
  /** @default the original pace (`1x`) */
  readonly rate?: ReplayRate;
  /** Rebuild every request and report it, send nothing. */
  readonly dryRun?: boolean;
  /** At most this many entries: the newest that match, still sent oldest first. */
  readonly limit?: number;
  /** Stops after the request under way; the summary covers what was sent. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onResult?: (result: ReplayResult) => void;
  /** The undici dispatcher to send with. @default an Agent of its own (TLS verified), closed at the end */
  readonly dispatcher?: Dispatcher;
  /** Time and waiting, for tests. @default the system clock */
  readonly clock?: ReplayClock;
  /** Longest wait for a response's headers, then its body. @default 30 s */
  readonly timeoutMs?: number;
}

/** One replayed request and how its new response compares with the recorded one. */
export interface ReplayResult {
  readonly id: string;
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly recordedStatus: number | null;
  /** The new response's status; absent when nothing was sent or it failed. */
  readonly status?: number;
  /** Why the request could not be sent or answered. */
  readonly error?: string;
  readonly statusChanged: boolean;
  readonly bodyChanged: boolean;
  /** The request held values redacted at capture: they were sent as `[REDACTED]`. */
  readonly redacted: boolean;
  /** The request body was cut at capture (`body_truncated`): only its captured part was sent. */
  readonly truncated?: boolean;
  /** The recorded response body as text (base64 for binary), when the body changed. */
  readonly recordedBody?: string;
  /** The new response body, likewise. */
  readonly body?: string;
}

export interface ReplaySummary {
  /** Entries selected. */
  readonly total: number;
  /** Requests answered (any status). */
  readonly sent: number;
  /** Requests that got no response (network error, timeout) or could not be rebuilt. */
  readonly failed: number;
  readonly statusChanged: number;
  readonly bodyChanged: number;
  /** Requests sent with redacted values. */
  readonly redacted: number;
  readonly dryRun: boolean;
  readonly results: readonly ReplayResult[];
}
