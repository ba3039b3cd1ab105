import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { errorCode, toError } from '../core/errors.js';
import type { Queue } from '../queue/types.js';
import type { CaptureHealth } from './capture-health.js';

export type InternalHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * `/ping`, `/healthz` and `/metrics` under `prefix`: on the admin listener ("" prefix), and on
 * the proxied port under `internal_route_prefix` when a configuration sets one (SPEC §4; the
 * lambda-reverse-proxy convention), where they win over routes only for these exact paths.
 *
 * @example
 * ```ts
 * const internal = internalRoutes('/__sluice', queue, registry);
 * internal.get('/__sluice/ping'); // handler answering "pong"
 * ```
 */
export function internalRoutes(prefix: string, queue: Queue | undefined, registry: Registry, captures?: CaptureHealth): Map<string, InternalHandler> {
  return new Map<string, InternalHandler>([
    [`${prefix}/ping`, ping],
    [`${prefix}/healthz`, (req, res) => healthz(res, queue, captures)],
    [`${prefix}/metrics`, (req, res) => metrics(res, registry)],
  ]);
}

/**
 * The same handlers under `prefix`; none when `prefix` is undefined (the proxied port then
 * serves only the API).
 *
 * @example
 * ```ts
 * withPrefix(internalRoutes('', queue, registry), '/__sluice').has('/__sluice/ping'); // true
 * ```
 */
export function withPrefix(routes: ReadonlyMap<string, InternalHandler>, prefix: string | undefined): Map<string, InternalHandler> {
  if (prefix === undefined) return new Map();
  return new Map([...routes].map(([path, handler]) => [`${prefix}${path}`, handler]));
}

async function ping(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 4 });
  res.end('pong');
}

/**
 * 200 `ok`; 503 `unavailable` when the queue cannot be read; 503 `degraded` while captures fail
 * (within `CaptureHealth`'s window) or the queue refuses new messages (`queue.max_size` reached,
 * disk full), with the reason. A load balancer's liveness check belongs on `/ping`: the API
 * itself still answers while degraded.
 */
async function healthz(res: ServerResponse, queue: Queue | undefined, captures: CaptureHealth | undefined): Promise<void> {
  let status = 200;
  let body: Record<string, unknown> = { status: 'ok' };
  const capture = captures?.state();
  if (queue !== undefined) {
    try {
      const stats = await queue.stats();
      const full = stats.space?.full ?? null;
      const reason = capture?.degraded ? capture.reason : full === null ? undefined : full === 'max_size' ? 'queue_full' : 'disk_full';
      if (reason !== undefined) {
        status = 503;
        body = { status: 'degraded', reason, ...(capture?.degraded && { capture }), queue: stats };
      } else {
        body = { status: 'ok', queue: stats };
      }
    } catch (error) {
      status = 503;
      body = { status: 'unavailable', error: { code: errorCode(error) ?? 'SLUICE_QUEUE_ERROR', message: toError(error).message } };
    }
  } else if (capture?.degraded) {
    status = 503;
    body = { status: 'degraded', reason: capture.reason, capture };
  }
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
  res.end(bytes);
}

async function metrics(res: ServerResponse, registry: Registry): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { 'Content-Type': registry.contentType });
  res.end(text);
}
