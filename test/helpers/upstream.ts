import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the upstream received it, filled in while it streams. */
export interface ReceivedRequest {
  readonly method: string;
  /** The request target as sent (path and query). */
  readonly url: string;
  /** Flat `[name, value, …]` list in the sender's case and order. */
  readonly rawHeaders: readonly string[];
  /** The body bytes; left empty by `/discard`, which only counts and hashes them. */
  body: Buffer;
  bodyLength: number;
  /** Hex SHA-256 of the whole body, once it has ended. */
  sha256: string;
  /** `finished` when the response was written completely, `aborted` when the connection closed first. */
  readonly ended: Promise<'finished' | 'aborted'>;
}

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => void;

export interface Upstream {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, in arrival order (pushed when its headers arrive). */
  readonly requests: readonly ReceivedRequest[];
  /**
   * The next request to arrive after this call; calling it twice before sending two requests
   * gives the first and the second.
   */
  nextRequest(): Promise<ReceivedRequest>;
  /** TCP connections accepted so far (counts a proxy's pool). */
  readonly acceptedConnections: number;
  /** Cuts open connections and stops listening. */
  close(): Promise<void>;
}

export interface UpstreamOptions {
  /** Extra endpoints by exact path (without query); checked before the built-in ones. */
  readonly routes?: Readonly<Record<string, UpstreamHandler>>;
}

const PATTERN = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31 + 7) & 0xff));

/**
 * The first `length` bytes of the deterministic pattern `/bytes/:n` serves; tests compare
 * downloads with it (or with {@link patternSha256}) without keeping a second copy around.
 */
export function patternBytes(length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let offset = 0; offset < length; offset += PATTERN.length) PATTERN.copy(out, offset, 0, Math.min(PATTERN.length, length - offset));
  return out;
}

/** SHA-256 of `patternBytes(length)`, computed chunk by chunk. */
export function patternSha256(length: number): string {
  const hash = createHash('sha256');
  for (let offset = 0; offset < length; offset += PATTERN.length) hash.update(PATTERN.subarray(0, Math.min(PATTERN.length, length - offset)));
  return hash.digest('hex');
}

/**
 * An HTTP upstream on 127.0.0.1:0 that records what it received and offers the endpoints the
 * gateway tests need:
 *
 * - `/echo…` (any method, any sub-path): 200 with the request body and its Content-Type;
 *   `X-Echo-Method`, `X-Echo-Url` and `X-Echo-Length` say what arrived.
 * - `/discard…`: like echo, but keeps neither the body nor sends it back (`X-Echo-Length`,
 *   `X-Echo-Sha256`): for bodies too large to hold twice.
 * - `/bytes/:n`: `n` pattern bytes, streamed; `?chunked=1` omits Content-Length, `?type=` sets
 *   Content-Type (default application/octet-stream).
 * - `/status/:code`: that status with `{"status":code}` (no body for 204 and 304).
 * - `/slow/:ms`: headers and body after `ms` milliseconds. `/slow-body/:ms`: headers now, body later.
 * - `/headers`: repeated `Set-Cookie`, mixed-case and duplicated headers, and hop-by-hop
 *   headers (`Connection: X-Hop`, `X-Hop`, `Keep-Alive`) that a proxy must drop.
 * - `/hang`: reads the body, never answers.
 * - `/headers-then-hang`: sends headers and a first chunk, never finishes.
 *
 * @example
 * ```ts
 * const upstream = await startUpstream();
 * // … request `${gatewayUrl}/echo`, then:
 * upstream.requests[0]!.rawHeaders;
 * await upstream.close();
 * ```
 */
export async function startUpstream(options: UpstreamOptions = {}): Promise<Upstream> {
  const requests: ReceivedRequest[] = [];
  const waiters: ((received: ReceivedRequest) => void)[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;

  const server: Server = createServer((req, res) => {
    const received = record(req, res);
    requests.push(received);
    waiters.shift()?.(received);
    const path = (req.url ?? '/').split('?')[0]!;
    const custom = options.routes?.[path];
    if (custom !== undefined) custom(req, res, received);
    else builtIn(path, req, res, received);
  });
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get acceptedConnections() {
      return accepted;
    },
    nextRequest() {
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function record(req: IncomingMessage, res: ServerResponse): ReceivedRequest {
  const keep = !(req.url ?? '').startsWith('/discard');
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  const ended = new Promise<'finished' | 'aborted'>((resolve) => {
    res.once('close', () => resolve(res.writableFinished ? 'finished' : 'aborted'));
  });
  const received: ReceivedRequest = {
    method: req.method ?? '',
    url: req.url ?? '',
    rawHeaders: req.rawHeaders,
    body: Buffer.alloc(0),
    bodyLength: 0,
    sha256: '',
    ended,
  };
  req.on('data', (chunk: Buffer) => {
    received.bodyLength += chunk.length;
    hash.update(chunk);
    if (keep) chunks.push(chunk);
  });
  req.once('end', () => {
    received.body = Buffer.concat(chunks);
    received.sha256 = hash.digest('hex');
  });
  return received;
}

function builtIn(path: string, req: IncomingMessage, res: ServerResponse, received: ReceivedRequest): void {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const [, first, second] = path.split('/');
  switch (first) {
    case 'echo':
    case 'discard':
      afterBody(req, () => {
        const contentType = req.headers['content-type'];
        const headers = [
          ...(contentType === undefined ? [] : ['Content-Type', contentType]),
          'X-Echo-Method',
          received.method,
          'X-Echo-Url',
          received.url,
          'X-Echo-Length',
          String(received.bodyLength),
          'X-Echo-Sha256',
          received.sha256,
        ];
        const body = first === 'echo' ? received.body : Buffer.alloc(0);
        res.writeHead(200, [...headers, 'Content-Length', String(body.length)]);
        res.end(body);
      });
      return;
    case 'bytes':
      afterBody(req, () => sendPattern(res, Number(second), query.get('type') ?? 'application/octet-stream', query.get('chunked') === '1'));
      return;
    case 'status': {
      const status = Number(second);
      afterBody(req, () => {
        if (status === 204 || status === 304) {
          res.writeHead(status);
          res.end();
          return;
        }
        const body = JSON.stringify({ status });
        res.writeHead(status, ['Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(body))]);
        res.end(body);
      });
      return;
    }
    case 'slow':
      afterBody(req, () => {
        const timer = setTimeout(() => {
          res.writeHead(200, ['Content-Type', 'text/plain', 'Content-Length', '4']);
          res.end('slow');
        }, Number(second));
        res.once('close', () => clearTimeout(timer));
      });
      return;
    case 'slow-body':
      afterBody(req, () => {
        res.writeHead(200, ['Content-Type', 'text/plain', 'Content-Length', '4']);
        res.flushHeaders();
        const timer = setTimeout(() => res.end('slow'), Number(second));
        res.once('close', () => clearTimeout(timer));
      });
      return;
    case 'headers':
      afterBody(req, () => {
        const body = '{"ok":true}';
        res.writeHead(200, [
          'Content-Type',
          'application/json',
          'X-MiXeD-CaSe',
          'kept',
          'set-cookie',
          'a=1; Path=/',
          'Set-Cookie',
          'b=2; HttpOnly',
          'SET-COOKIE',
          'c=3',
          'X-Repeat',
          'one',
          'x-repeat',
          'two',
          'Connection',
          'X-Hop',
          'X-Hop',
          'must-not-pass',
          'Keep-Alive',
          'timeout=5',
          'Content-Length',
          String(body.length),
        ]);
        res.end(body);
      });
      return;
    case 'hang':
      req.resume();
      return;
    case 'headers-then-hang':
      res.writeHead(200, ['Content-Type', 'text/plain']);
      res.write('first chunk;');
      return;
    case undefined: // a path with no first segment
    default:
      afterBody(req, () => {
        res.writeHead(404, ['Content-Type', 'text/plain', 'Content-Length', '9']);
        res.end('not found');
      });
  }
}

function afterBody(req: IncomingMessage, then: () => void): void {
  if (req.readableEnded) then();
  else req.once('end', then).resume();
}

function sendPattern(res: ServerResponse, length: number, contentType: string, chunked: boolean): void {
  res.writeHead(200, ['Content-Type', contentType, ...(chunked ? [] : ['Content-Length', String(length)])]);
  let sent = 0;
  const pump = (): void => {
    while (sent < length) {
      const chunk = PATTERN.subarray(0, Math.min(PATTERN.length, length - sent));
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.once('close', () => res.off('drain', pump));
  pump();
}
