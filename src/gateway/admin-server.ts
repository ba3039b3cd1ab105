import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ClosedError, type SluiceErrorCode } from '../core/errors.js';
import type { HostPort } from '../core/host-port.js';
import { silentLogger, type Logger } from '../telemetry/logger.js';
import type { InternalHandler } from './internal-routes.js';

export interface AdminServerOptions {
  /** Where to listen (`admin.listen`). */
  readonly listen: HostPort;
  /** When set, every request needs `Authorization: Bearer TOKEN` (`admin.token`). */
  readonly token?: string;
  /** Handlers by exact path: the gateway's `adminRoutes` (`/ping`, `/healthz`, `/metrics`). */
  readonly routes?: ReadonlyMap<string, InternalHandler>;
  readonly logger?: Logger;
}

const SAFE_METHODS = 'GET, HEAD';

/**
 * The admin listener (SPEC §4, like Envoy's and Caddy's admin ports): a node:http server of its
 * own for `/ping`, `/healthz`, `/metrics` and, later, the dashboard and its JSON API, so the
 * proxied port serves only the API. A small router by exact path: `route()` adds a handler.
 *
 * With a token, every request must carry `Authorization: Bearer TOKEN` (RFC 6750), compared in
 * constant time; otherwise 401 with `WWW-Authenticate`. The configuration refuses a listener
 * beyond loopback without one.
 *
 * @example
 * ```ts
 * const admin = new AdminServer({ listen: { host: '127.0.0.1', port: 9901 }, routes: gateway.adminRoutes, logger });
 * await admin.listen();
 * process.once('SIGTERM', () => void admin.close());
 * ```
 */
export class AdminServer {
  readonly #listen: HostPort;
  /** SHA-256 of the token: equal lengths for timingSafeEqual, whatever length the client sends. */
  readonly #tokenDigest: Buffer | undefined;
  readonly #routes = new Map<string, InternalHandler>();
  readonly #logger: Logger;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #state: 'new' | 'listening' | 'closed' = 'new';
  #closing: Promise<void> | undefined;

  constructor(options: AdminServerOptions) {
    this.#listen = options.listen;
    this.#tokenDigest = options.token === undefined ? undefined : digest(options.token);
    this.#logger = options.logger ?? silentLogger();
    for (const [path, handler] of options.routes ?? []) this.route(path, handler);
    // Admin requests are small and quick: tighter limits than the proxied port's.
    this.#server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 }, this.#onRequest);
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** Serves `handler` (GET and HEAD) at exactly `path`; replaces any handler there. */
  route(path: string, handler: InternalHandler): this {
    this.#routes.set(path, handler);
    return this;
  }

  /** Starts listening (on `listen` unless overridden) and resolves with the bound address. */
  listen(port = this.#listen.port, host = this.#listen.host): Promise<AddressInfo> {
    if (this.#state !== 'new') return Promise.reject(new ClosedError('the admin listener was already started'));
    this.#state = 'listening';
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        const address = this.#server.address() as AddressInfo;
        this.#logger.info(
          { host: address.address, port: address.port, auth: this.#tokenDigest === undefined ? 'none' : 'bearer', paths: [...this.#routes.keys()] },
          'admin listening',
        );
        resolve(address);
      });
    });
  }

  /** The bound address, once listening. */
  get address(): AddressInfo | undefined {
    const address = this.#server.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  /** Stops accepting, lets requests under way finish (they are short), closes idle connections. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      if (this.#state !== 'listening') {
        this.#state = 'closed';
        resolve();
        return;
      }
      this.#state = 'closed';
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
    });
    return this.#closing;
  }

  /** Cuts every connection at once. Idempotent. */
  destroy(): Promise<void> {
    const closing = this.close();
    for (const socket of this.#sockets) socket.destroy();
    return closing;
  }

  readonly #onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // Authenticate before routing, so an unauthenticated client learns nothing about the paths.
    if (this.#tokenDigest !== undefined && !this.#authorized(req)) {
      const invalid = req.headers.authorization !== undefined;
      reply(res, 401, 'SLUICE_UNAUTHORIZED', 'a valid admin token is required', {
        'WWW-Authenticate': invalid ? 'Bearer realm="sluice-admin", error="invalid_token"' : 'Bearer realm="sluice-admin"',
      });
      return;
    }
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const handler = this.#routes.get(mark === -1 ? url : url.slice(0, mark));
    if (handler === undefined) {
      reply(res, 404, 'SLUICE_ROUTE_NOT_FOUND', `no admin endpoint at ${mark === -1 ? url : url.slice(0, mark)}`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(res, 405, 'SLUICE_METHOD_NOT_ALLOWED', `use ${SAFE_METHODS}`, { Allow: SAFE_METHODS });
      return;
    }
    handler(req, res).catch((error: unknown) => {
      this.#logger.error({ err: error, path: req.url }, 'admin endpoint failed');
      if (res.headersSent) res.destroy();
      else reply(res, 500, 'SLUICE_ERROR', 'internal error');
    });
  };

  #authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match === null) return false;
    return timingSafeEqual(digest(match[1]!), this.#tokenDigest!);
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function reply(res: ServerResponse, status: number, code: SluiceErrorCode, message: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify({ error: { code, message } }));
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}
