import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminContext } from '../gateway/admin-router.js';
import type { HistorySummary } from '../history/types.js';

/** An entry inserted or updated in the history, with the change's sequence number. */
export interface HistoryChangeEvent {
  readonly seq: number;
  readonly summary: HistorySummary;
}

/** What the stream reads: the history's changes after a sequence number (`HistoryStore`). */
export interface HistoryChanges {
  changesSince(seq: number, limit?: number): readonly HistoryChangeEvent[];
  latestSeq(): number;
  /** The position `count` changes back from the latest, when sequence numbers are not consecutive. */
  backlogStart?(count: number): number;
}

export interface EventStreamOptions {
  /** Streams open at once; more get 503 with `Retry-After`. @default 32 */
  readonly maxClients?: number;
  /** How often the history is read for changes. @default 500 */
  readonly pollMs?: number;
  /** A comment line this often keeps proxies and the browser from timing the stream out. @default 15_000 */
  readonly heartbeatMs?: number;
  /** Changes sent to one client per read, at most. @default 200 */
  readonly batch?: number;
  /** How many recent changes `?backlog=N` may ask for. @default 500 */
  readonly maxBacklog?: number;
}

interface Client {
  readonly res: ServerResponse;
  cursor: number;
  /** Set while the socket's buffer is full: the client is skipped until it drains. */
  blocked: boolean;
}

/**
 * `GET /api/events`: the history's changes as server-sent events (the WHATWG EventSource
 * format), `id:` the change's sequence number and `data:` `{ seq, summary }`. A browser that
 * reconnects sends `Last-Event-ID` and resumes after it; a page that comes back passes
 * `?since=SEQ` (the last id it saw) so nothing captured meanwhile is missed; `?backlog=N`
 * starts N changes back. One timer reads the history for every client (one query per distinct
 * position), a comment line every `heartbeatMs` keeps idle streams open, a slow client is
 * skipped until its socket drains, and a closed one is dropped at once.
 *
 * @example
 * ```ts
 * const events = new EventStream(() => historyStore);
 * admin.get('/api/events', events.handler);
 * // on shutdown, before admin.close():
 * events.close();
 * ```
 */
export class EventStream {
  readonly #source: () => HistoryChanges | undefined;
  readonly #clients = new Set<Client>();
  readonly #maxClients: number;
  readonly #pollMs: number;
  readonly #heartbeatMs: number;
  readonly #batch: number;
  readonly #maxBacklog: number;
  #poll: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(source: () => HistoryChanges | undefined, options: EventStreamOptions = {}) {
    this.#source = source;
    this.#maxClients = options.maxClients ?? 32;
    this.#pollMs = options.pollMs ?? 500;
    this.#heartbeatMs = options.heartbeatMs ?? 15_000;
    this.#batch = options.batch ?? 200;
    this.#maxBacklog = options.maxBacklog ?? 500;
  }

  /** Streams open now. */
  get clients(): number {
    return this.#clients.size;
  }

  /** The admin handler. */
  readonly handler = async (req: IncomingMessage, res: ServerResponse, context: AdminContext): Promise<void> => {
    if (this.#closed || this.#clients.size >= this.#maxClients) {
      const body = JSON.stringify({ error: { code: 'SLUICE_UPSTREAM_BUSY', message: `too many event streams open (${this.#maxClients})` } });
      res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '5', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    const client: Client = { res, cursor: this.#startSeq(req, context.query), blocked: false };
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'X-Accel-Buffering': 'no',
    });
    // How long a browser waits before reconnecting; then a first line so it sees the stream open.
    res.write(`retry: 2000\n: connected at seq ${client.cursor}\n\n`);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    this.#clients.add(client);
    res.on('drain', () => (client.blocked = false));
    res.once('close', () => this.#drop(client));
    this.#arm();
    this.#send([client]);
  };

  /** Ends every stream and refuses new ones (before the admin listener closes). Idempotent. */
  close(): void {
    this.#closed = true;
    for (const client of this.#clients) client.res.end();
    this.#clients.clear();
    this.#disarm();
  }

  #startSeq(req: IncomingMessage, query: URLSearchParams): number {
    const resume = seqOf(req.headers['last-event-id']) ?? seqOf(query.get('since'));
    if (resume !== undefined) return resume;
    const source = this.#source();
    const latest = source?.latestSeq() ?? 0;
    const backlog = seqOf(query.get('backlog'));
    if (backlog === undefined) return latest;
    const count = Math.min(backlog, this.#maxBacklog);
    return source?.backlogStart?.(count) ?? Math.max(0, latest - count);
  }

  #arm(): void {
    if (this.#poll !== undefined) return;
    this.#poll = setInterval(() => this.#send([...this.#clients]), this.#pollMs);
    this.#heartbeat = setInterval(() => {
      for (const client of this.#clients) if (!client.blocked) client.res.write(': heartbeat\n\n');
    }, this.#heartbeatMs);
  }

  #disarm(): void {
    clearInterval(this.#poll);
    clearInterval(this.#heartbeat);
    this.#poll = undefined;
    this.#heartbeat = undefined;
  }

  #drop(client: Client): void {
    this.#clients.delete(client);
    if (this.#clients.size === 0) this.#disarm();
  }

  #send(clients: readonly Client[]): void {
    try {
      this.#sendFrom(this.#source(), clients);
    } catch {
      // The history could not be read this time (being pruned, or not there yet): the next tick tries again.
    }
  }

  #sendFrom(source: HistoryChanges | undefined, clients: readonly Client[]): void {
    if (source === undefined) return;
    // Clients at the same position (the usual case: all live) share one query.
    const byCursor = new Map<number, readonly HistoryChangeEvent[]>();
    for (const client of clients) {
      if (client.blocked || client.res.writableEnded) continue;
      let changes = byCursor.get(client.cursor);
      if (changes === undefined) {
        changes = source.changesSince(client.cursor, this.#batch);
        byCursor.set(client.cursor, changes);
      }
      if (changes.length === 0) continue;
      const text = changes.map((change) => `id: ${change.seq}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`).join('');
      client.cursor = changes.at(-1)!.seq;
      client.blocked = !client.res.write(text);
    }
  }
}

function seqOf(text: string | string[] | null | undefined): number | undefined {
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
