/** Where a record stands with its destination: `queued` from its capture until the first attempt ends. */
export type HistoryState = 'queued' | 'delivered' | 'retrying' | 'dead_letter';

/** The delivery states, in the order a record goes through them. */
export const HISTORY_STATES: readonly HistoryState[] = ['queued', 'retrying', 'delivered', 'dead_letter'];

/**
 * A capture made durable, as the history writes it: the entry is created `queued`, with no
 * attempt, so `sluice tail` and the dashboard show the exchange as it is captured rather than
 * after its first delivery attempt. `json` is the record (SPEC §1), redacted at capture.
 */
export interface HistoryCapture {
  /** The record id (`webhook-id`). */
  readonly id: string;
  /** The record's JSON (SPEC §1). */
  readonly json: string;
  /** When the capture was committed, epoch milliseconds. */
  readonly at: number;
}

/**
 * One delivery attempt's outcome, as the forwarder hands it to the history. `json` is the
 * delivered record exactly as it was POSTed: redacted at capture, so the history never holds
 * anything the queue did not.
 */
export interface HistoryOutcome {
  /** The record id (`webhook-id`). */
  readonly id: string;
  /** The delivered record's JSON (SPEC §1). */
  readonly json: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** When the attempt ended, epoch milliseconds. */
  readonly at: number;
  readonly durationMs: number;
  /** The destination's HTTP status, when it answered. */
  readonly status?: number;
  /** Why the attempt failed (never the destination's response body). */
  readonly error?: string;
  /** The record's state after this attempt. */
  readonly state: HistoryState;
}

/** Receives delivery outcomes; the forwarder calls it and never waits for it. */
export interface HistorySink {
  record(outcome: HistoryOutcome): void;
  /** Writes what is pending and releases the store. Idempotent. */
  close(): void;
}

/** One delivery attempt, as stored. */
export interface HistoryAttempt {
  readonly attempt: number;
  /** When it ended, epoch milliseconds. */
  readonly at: number;
  readonly durationMs: number;
  readonly status: number | null;
  readonly error: string | null;
}

/** A history entry's summary: what a list shows. */
export interface HistorySummary {
  readonly id: string;
  /** The capture's time (the record's `timestamp`), epoch milliseconds. */
  readonly time: number;
  readonly route: string | null;
  readonly method: string | null;
  /** The record's `endpoint`: the path without the query. */
  readonly path: string | null;
  /** The response status the client received. */
  readonly status: number | null;
  readonly state: HistoryState;
  readonly attempts: number;
  /** When the last attempt ended, epoch milliseconds. */
  readonly updatedAt: number;
  /** The exchange's duration (the record's `duration_ms`); null in entries of older files. */
  readonly durationMs: number | null;
}

/** A whole entry: the summary, the record and every attempt. */
export interface HistoryEntry extends HistorySummary {
  /** The delivered record (SPEC §1), parsed. */
  readonly record: Record<string, unknown>;
  readonly attemptLog: readonly HistoryAttempt[];
}

/** `2xx`…`5xx`, or an exact status. */
export type StatusFilter = { readonly class: 1 | 2 | 3 | 4 | 5 } | { readonly exact: number };

/** What `list` and `search` select; every field narrows. */
export interface HistoryFilter {
  /** Captured at or after, epoch milliseconds. */
  readonly since?: number;
  /** Captured before, epoch milliseconds. */
  readonly until?: number;
  readonly route?: string;
  /** Compared without regard to case. */
  readonly method?: string;
  readonly status?: StatusFilter;
  /** The path starts with this. */
  readonly pathPrefix?: string;
  readonly state?: HistoryState;
  /** Free text over the record (headers, bodies, path, query): FTS5 words, all required. */
  readonly text?: string;
}

/** The words every filter shares (the history's, the dead letters'), read against an exchange. */
export type ExchangeFilter = Pick<HistoryFilter, 'since' | 'until' | 'route' | 'method' | 'status' | 'pathPrefix'>;

/** A page of entries, newest first. */
export interface HistoryPage {
  readonly entries: readonly HistorySummary[];
  /** Pass it back for the next (older) page; absent on the last. */
  readonly nextCursor?: string;
}

/**
 * An entry that was inserted or updated, with the sequence number of that change: changes are
 * numbered in the order they were written, so a follower reads on from the last `seq` it saw.
 */
export interface HistoryChange {
  readonly seq: number;
  /** The entry as it stood after the change. */
  readonly summary: HistorySummary;
}
