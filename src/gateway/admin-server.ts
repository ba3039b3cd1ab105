import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ClosedError, SluiceError, type SluiceErrorCode } from '../core/errors.js';
import type { HostPort } from '../core/host-port.js';
import { silentLogger, type Logger } from '../telemetry/logger.js';
import { csrfProblem, loopbackHostHeader, readJsonBody } from './admin-request.js';
import { AdminRouter, type AdminHandler, type AdminMethod } from './admin-router.js';
import { BasicAuthenticator } from './auth/basic-auth.js';
import { acquirePasswordPool, type PasswordPoolLease } from './auth/password-pool.js';
import type { InternalHandler } from './internal-routes.js';

export interface AdminServerOptions {
  /** Where to listen (`admin.listen`). */
  readonly listen: HostPort;
  /** When set, requests may authenticate with `Authorization: Bearer TOKEN` (`admin.token`). */
  readonly token?: string;
  /** When set, requests may authenticate with HTTP Basic as one of these users (`admin.users`: name → hash). */
  readonly users?: Readonly<Record<string, string>>;
  /** Handlers by exact path: the gateway's `adminRoutes` (`/ping`, `/healthz`, `/metrics`). */
  readonly routes?: ReadonlyMap<string, InternalHandler>;
  readonly logger?: Logger;
}

const REALM = 'sluice-admin';

/**
 * The admin listener (SPEC §4, like Envoy's and Caddy's admin ports): a node:http server of its
 * own for `/ping`, `/healthz`, `/metrics`, the dashboard and its JSON API, so the proxied port
 * serves only the API. A small router ({@link AdminRouter}): `get()`/`route()` and `post()` add
 * handlers at exact paths or `:param` patterns.
 *
 * Credentials, when configured, are checked before routing: `Authorization: Bearer TOKEN`
 * (RFC 6750, compared in constant time) or HTTP Basic as one of `users` (hashes checked on the
 * password pool, failures limited per address); otherwise 401 with `WWW-Authenticate`. The
 * configuration refuses a listener beyond loopback without either. Without credentials, only
 * a loopback `Host` is answered (DNS rebinding). A POST must be JSON from the same origin
 * (`csrfProblem`), since a browser sends Basic credentials by itself.
 *
 * @example
 * ```ts
 * const admin = new AdminServer({ listen: { host: '127.0.0.1', port: 9901 }, routes: gateway.adminRoutes, logger });
 * admin.post('/api/dlq/redrive', async (req, res, { json }) => { … });
 * await admin.listen();
 * process.once('SIGTERM', () => void admin.close());
 * ```
 */
export class AdminServer {
  readonly #listen: HostPort;
  /** SHA-256 of the token: equal lengths for timingSafeEqual, whatever length the client sends. */
  readonly #tokenDigest: Buffer | undefined;
  readonly #basic: { readonly authenticator: BasicAuthenticator; readonly pool: PasswordPoolLease } | undefined;
  readonly #router = new AdminRouter();
  readonly #logger: Logger;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #state: 'new' | 'listening' | 'closed' = 'new';
  #closing: Promise<void> | undefined;

  constructor(options: AdminServerOptions) {
    this.#listen = options.listen;
    this.#tokenDigest = options.token === undefined ? undefined : digest(options.token);
    if (options.users !== undefined) {
      const pool = acquirePasswordPool();
      this.#basic = { pool, authenticator: new BasicAuthenticator({ realm: REALM, users: options.users }, { verifier: pool }) };
    }
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
    return this.get(path, handler);
  }

  /** Serves `handler` for GET and HEAD at `pattern` (an exact path, or with `:name` segments). */
  get(pattern: string, handler: AdminHandler): this {
    return this.#add('GET', pattern, handler);
  }

  /** Serves `handler` for POST at `pattern`; the body must be JSON from the same origin. */
  post(pattern: string, handler: AdminHandler): this {
    return this.#add('POST', pattern, handler);
  }

  #add(method: AdminMethod, pattern: string, handler: AdminHandler): this {
    this.#router.add(method, pattern, handler);
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
        this.#logger.info({ host: address.address, port: address.port, auth: this.#authSchemes(), paths: this.#router.paths() }, 'admin listening');
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
    }).then(() => this.#basic?.pool.release());
    return this.#closing;
  }

  /** Cuts every connection at once. Idempotent. */
  destroy(): Promise<void> {
    const closing = this.close();
    for (const socket of this.#sockets) socket.destroy();
    return closing;
  }

  readonly #onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    this.#serve(req, res).catch((error: unknown) => {
      if (error instanceof SluiceError && error.statusCode < 500) {
        if (res.headersSent) res.destroy();
        else reply(res, error.statusCode, error.code, error.message, error.statusCode === 413 ? { Connection: 'close' } : {});
        return;
      }
      this.#logger.error({ err: error, path: req.url }, 'admin endpoint failed');
      if (res.headersSent) res.destroy();
      else reply(res, 500, 'SLUICE_ERROR', 'internal error');
    });
  };

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Authenticate before routing, so an unauthenticated client learns nothing about the paths.
    if (!(await this.#authenticate(req, res))) return;
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const method = req.method ?? 'GET';
    const match = this.#router.match(method, path);
    if (match.kind === 'none') {
      reply(res, 404, 'SLUICE_ROUTE_NOT_FOUND', `no admin endpoint at ${path}`);
      return;
    }
    if (match.kind === 'method') {
      reply(res, 405, 'SLUICE_METHOD_NOT_ALLOWED', `use ${match.allow}`, { Allow: match.allow });
      return;
    }
    if (method === 'POST') {
      const problem = csrfProblem(req);
      if (problem !== undefined) {
        reply(res, problem.status, problem.status === 415 ? 'SLUICE_BAD_REQUEST' : 'SLUICE_FORBIDDEN', problem.message);
        return;
      }
    }
    const query = new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1));
    await match.handler(req, res, { params: match.params, query, json: () => readJsonBody(req) });
  }

  /** True when the request may go on; otherwise it has been answered. */
  async #authenticate(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (this.#tokenDigest === undefined && this.#basic === undefined) {
      if (loopbackHostHeader(req.headers.host)) return true;
      reply(res, 403, 'SLUICE_FORBIDDEN', 'without admin credentials only a loopback Host (127.0.0.1, localhost, [::1]) is answered');
      return false;
    }
    const header = req.headers.authorization;
    const bearer = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (bearer !== null && this.#tokenDigest !== undefined && timingSafeEqual(digest(bearer[1]!), this.#tokenDigest)) return true;
    if (this.#basic !== undefined && header !== undefined && /^Basic[ \t]/i.test(header)) {
      const verdict = await this.#basic.authenticator.authenticate(header, req.socket.remoteAddress);
      if (verdict.outcome === 'allowed') return true;
      if (verdict.outcome === 'limited') {
        reply(res, 429, 'SLUICE_AUTH_RATE_LIMITED', 'too many failed logins from this address', { 'Retry-After': String(verdict.retryAfterSeconds) });
        return false;
      }
    }
    const invalid = header !== undefined;
    const challenges: string[] = [];
    if (this.#tokenDigest !== undefined) challenges.push(invalid ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`);
    if (this.#basic !== undefined) challenges.push(this.#basic.authenticator.challenge);
    reply(res, 401, 'SLUICE_UNAUTHORIZED', 'valid admin credentials are required', { 'WWW-Authenticate': challenges });
    return false;
  }

  #authSchemes(): string {
    const schemes = [this.#tokenDigest !== undefined && 'bearer', this.#basic !== undefined && 'basic'].filter(Boolean);
    return schemes.length === 0 ? 'none' : schemes.join('+');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function reply(res: ServerResponse, status: number, code: SluiceErrorCode, message: string, headers: Record<string, string | string[]> = {}): void {
  const body = Buffer.from(JSON.stringify({ error: { code, message } }));
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}
