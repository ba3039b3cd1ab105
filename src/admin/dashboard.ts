import type { ServerResponse } from 'node:http';
import { InvalidArgumentError, MessageNotFoundError, QueueNotFoundError } from '../core/errors.js';
import type { AdminServer } from '../gateway/admin-server.js';
import type { Queue } from '../queue/types.js';
import { applyToDeadLetters, parseDeadLetterSelection } from './dead-letter-actions.js';
import { deadLetterRecord, viewDeadLetter } from './dead-letter-view.js';
import { EventStream, type EventStreamOptions } from './event-stream.js';
import type { HistoryAccess } from './history-access.js';
import { historyQuery } from './history-params.js';
import { deadLetterQuery } from './dead-letter-filter.js';
import { listDeadLetters } from './dead-letter-scan.js';
import { historyChanges } from './polled-changes.js';
import { DASHBOARD_FILES, StaticAssets } from './static-assets.js';
import type { StatsSeries } from './stats-series.js';

/** `POST /api/replay`'s body, checked by the replay service. */
export type ReplayRequest = Readonly<Record<string, unknown>>;

/** What the dashboard's API reads and acts on. */
export interface DashboardServices {
  /** The queue, for the dead letters; absent when this process has none. */
  readonly queue?: Queue;
  readonly history: HistoryAccess;
  readonly stats: StatsSeries;
  /** The `sluice status` report. */
  readonly status: () => Promise<unknown>;
  /** The queue driver, for `/api/features`. */
  readonly queueDriver?: string;
  /** Replays a selection (`POST /api/replay`), stopping when `signal` aborts; absent: 501. */
  readonly replay?: (request: ReplayRequest, signal: AbortSignal) => Promise<unknown>;
}

export interface DashboardOptions {
  /** The bundled front end's folder. @default dist/web */
  readonly webRoot?: string;
  readonly events?: EventStreamOptions;
}

/** The most minutes of samples `/api/stats` returns (the series keeps one hour). */
const MAX_MINUTES = 60;

/**
 * The web dashboard and its JSON admin API (issue 14 §3) on the admin listener: the page at
 * `/`, and `/api/history`, `/api/history/:id`, `/api/events` (server-sent events),
 * `/api/dlq` with `redrive` and `purge`, `/api/replay`, `/api/stats` (with the figures this
 * process cannot tell and why), `/api/status` and `/api/features` (what this queue and process
 * offer: the driver, whether a history is kept and why not). Answers
 * are JSON; errors are `{ error: { code, message } }` with the error's status.
 *
 * @example
 * ```ts
 * const dashboard = new Dashboard({ queue, history: new HistoryAccess(file), stats, status: () => collectStatus(config) });
 * dashboard.mount(admin);
 * // on shutdown, before admin.close():
 * dashboard.close();
 * ```
 */
export class Dashboard {
  readonly #services: DashboardServices;
  readonly #events: EventStream;
  readonly #assets: StaticAssets;

  constructor(services: DashboardServices, options: DashboardOptions = {}) {
    this.#services = services;
    this.#events = new EventStream(() => historyChanges(services.history.open()), options.events);
    this.#assets = new StaticAssets(options.webRoot);
  }

  /** Event streams open now. */
  get eventClients(): number {
    return this.#events.clients;
  }

  /** Adds the page and the API to `admin`'s routes. */
  mount(admin: AdminServer): void {
    for (const path of Object.keys(DASHBOARD_FILES)) admin.get(path, this.#assets.handler);
    admin.get('/api/history', async (req, res, { query }) => {
      const { filter, limit, cursor } = historyQuery(query, Date.now());
      const store = this.#services.history.store();
      try {
        sendJson(res, 200, store?.list(filter, { limit, ...(cursor !== undefined && { cursor }) }) ?? { entries: [] });
      } catch (error) {
        if (error instanceof RangeError) throw new InvalidArgumentError(`cursor: ${error.message}`);
        throw error;
      }
    });
    admin.get('/api/history/:id', async (req, res, { params }) => {
      const entry = this.#services.history.store()?.get(params.id!);
      if (entry === undefined) throw new MessageNotFoundError(`no history entry with id ${params.id}`);
      sendJson(res, 200, entry);
    });
    admin.get('/api/events', this.#events.handler);
    admin.get('/api/dlq', async (req, res, { query }) => {
      const queue = this.#queue();
      const now = Date.now();
      const { filter, limit, cursor } = deadLetterQuery(query, now);
      const listing = await listDeadLetters(queue, filter, { limit, asOf: now, ...(cursor !== undefined && { cursor }) });
      sendJson(res, 200, { ...listing, ...(queue.dlq.bulkNote !== undefined && { bulk_note: queue.dlq.bulkNote }) });
    });
    admin.get('/api/dlq/:id', async (req, res, { params }) => {
      const letter = await this.#queue().dlq.get(params.id!);
      if (letter === undefined) throw new MessageNotFoundError(`no dead letter with id ${params.id}`);
      sendJson(res, 200, { ...viewDeadLetter(letter), ...deadLetterRecord(letter) });
    });
    for (const [action, done] of [
      ['redrive', 'redriven'],
      ['purge', 'purged'],
    ] as const) {
      admin.post(`/api/dlq/${action}`, async (req, res, { json }) => {
        const selection = parseDeadLetterSelection(await json(), Date.now());
        const { dlq } = this.#queue();
        const { count, missing, asOf } = await applyToDeadLetters(dlq, action, selection);
        const bulk = asOf !== undefined && { as_of: asOf, ...(dlq.bulkNote !== undefined && { bulk_note: dlq.bulkNote }) };
        sendJson(res, 200, { [done]: count, missing, ...bulk });
      });
    }
    admin.post('/api/replay', async (req, res, { json }) => {
      const body = await json();
      if (this.#services.replay === undefined) {
        sendJson(res, 501, { error: { code: 'SLUICE_ERROR', message: 'replay is not available in this process; use sluice replay --to URL' } });
        return;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new InvalidArgumentError('expected a JSON object such as { "to": "http://…", "ids": ["…"] }');
      // The replay runs inside this request: a client that goes away stops it.
      const stop = new AbortController();
      res.once('close', () => stop.abort());
      sendJson(res, 200, await this.#services.replay(body as ReplayRequest, stop.signal));
    });
    admin.get('/api/stats', async (req, res, { query }) => {
      const minutes = query.get('minutes') ?? '60';
      const value = Number(minutes);
      if (!Number.isFinite(value) || value <= 0 || value > MAX_MINUTES) throw new InvalidArgumentError(`minutes: expected 1 to ${MAX_MINUTES}, got ${minutes}`);
      const stats = this.#services.stats;
      sendJson(res, 200, { intervalMs: stats.intervalMs, unavailable: stats.unavailable, samples: stats.samples(value * 60_000) });
    });
    admin.get('/api/features', async (req, res) => {
      const history = this.#services.history;
      sendJson(res, 200, {
        queue: { driver: this.#services.queueDriver ?? null, deadLetters: this.#services.queue !== undefined },
        history: { kept: history.kept, reason: history.missingReason ?? null },
        replay: this.#services.replay !== undefined && history.kept,
      });
    });
    admin.get('/api/status', async (req, res) => {
      sendJson(res, 200, await this.#services.status());
    });
  }

  /** Ends the event streams (they would hold the admin listener open) and stops sampling. Idempotent. */
  close(): void {
    this.#events.close();
    this.#services.stats.stop();
    this.#services.history.close();
  }

  #queue(): Queue {
    if (this.#services.queue === undefined) throw new QueueNotFoundError('this process has no queue');
    return this.#services.queue;
  }
}

/**
 * Writes `value` as a JSON answer that no cache keeps.
 *
 * @example
 * ```ts
 * sendJson(res, 200, { ok: true });
 * ```
 */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}
