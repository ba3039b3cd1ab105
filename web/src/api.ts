/** A summary of a history entry (`HistorySummary` on the server). */
export interface Summary {
  readonly id: string;
  readonly time: number;
  readonly route: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly status: number | null;
  readonly state: 'queued' | 'delivered' | 'retrying' | 'dead_letter';
  readonly attempts: number;
  readonly updatedAt: number;
  /** The exchange's duration; null in entries written before durations were kept. */
  readonly durationMs: number | null;
}

export interface Attempt {
  readonly attempt: number;
  readonly at: number;
  readonly durationMs: number;
  readonly status: number | null;
  readonly error: string | null;
}

export interface Entry extends Summary {
  readonly record: Record<string, unknown>;
  readonly attemptLog: readonly Attempt[];
}

export interface Page {
  readonly entries: readonly Summary[];
  readonly nextCursor?: string;
}

export interface DeadLetterView {
  readonly id: string;
  readonly sent_at: string;
  readonly dead_lettered_at: string;
  readonly attempts: number;
  readonly last_status: number | null;
  readonly failure_class: string | null;
  readonly last_error: string | null;
  readonly reason: string | null;
  readonly route: string | null;
  readonly method: string | null;
  readonly endpoint: string | null;
}

export interface StatsSample {
  readonly at: number;
  readonly requestRate: number | null;
  readonly errorRate: number | null;
  readonly deliveryRate: number | null;
  readonly queueDepth: number | null;
  readonly oldestAgeSeconds: number | null;
  readonly dlqDepth: number | null;
}

/** An answer the API refused, with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GETs a JSON resource of the admin API. */
export function getJson<T>(path: string): Promise<T> {
  return call<T>(path, { method: 'GET' });
}

/** POSTs JSON (the content type the API requires of every change, so a cross-site form cannot). */
export function postJson<T>(path: string, body: unknown): Promise<T> {
  return call<T>(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

async function call<T>(path: string, init: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, credentials: 'same-origin', cache: 'no-store' });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? (text || res.statusText));
  }
  return body as T;
}

/** A query string of the non-empty values. */
export function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
