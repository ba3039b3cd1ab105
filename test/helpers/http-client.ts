import { createHash } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type Agent, type ClientRequest } from 'node:http';
import { Readable } from 'node:stream';

/** A response as the client saw it: raw headers keep the sender's case, order and repeats. */
export interface ClientResponse {
  readonly status: number;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  /** The first value of a header (case-insensitive), or undefined. */
  header(name: string): string | undefined;
  /** Every value of a header (case-insensitive), in order. */
  headerValues(name: string): string[];
  /** The header names as sent, in order. */
  headerNames(): string[];
  json<T = unknown>(): T;
}

export interface ClientRequestOptions {
  readonly method?: string;
  /** Flat `[name, value, …]` list sent as it is (case and repeats kept); `Host` is added when absent. */
  readonly headers?: readonly string[];
  /**
   * A buffer or string is sent with Content-Length (unless `headers` sets Transfer-Encoding);
   * an iterable or stream is sent chunked (unless `headers` sets Content-Length).
   */
  readonly body?: Buffer | string | Iterable<Buffer> | AsyncIterable<Buffer>;
  /** Default: a fresh connection per request (`agent: false`). */
  readonly agent?: Agent | false;
  /** Hash the body instead of keeping it (large downloads): `body` is empty, `sha256`/`length` are set. */
  readonly discardBody?: boolean;
  readonly signal?: AbortSignal;
}

export interface DiscardedResponse extends ClientResponse {
  readonly length: number;
  readonly sha256: string;
}

/**
 * A small node:http client for the gateway tests. Unlike fetch it shows header case and repeated
 * headers exactly as they arrived.
 *
 * @example
 * ```ts
 * const res = await request(`${gateway.url}/echo?a=1`, { method: 'POST', headers: ['Content-Type', 'text/plain'], body: 'hi' });
 * res.status; // 200
 * res.rawHeaders; // ['Content-Type', 'text/plain', …]
 * ```
 */
export function request(url: string, options: ClientRequestOptions & { discardBody: true }): Promise<DiscardedResponse>;
export function request(url: string, options?: ClientRequestOptions): Promise<ClientResponse>;
export function request(url: string, options: ClientRequestOptions = {}): Promise<ClientResponse | DiscardedResponse> {
  const target = new URL(url);
  const { body } = options;
  const headers = [...(options.headers ?? [])];
  if (!hasHeader(headers, 'host')) headers.unshift('Host', target.host);
  const fixed = typeof body === 'string' || Buffer.isBuffer(body);
  if (fixed && !hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
    headers.push('Content-Length', String(Buffer.byteLength(body)));
  }
  if (body !== undefined && !fixed && !hasHeader(headers, 'transfer-encoding') && !hasHeader(headers, 'content-length')) {
    headers.push('Transfer-Encoding', 'chunked');
  }

  return new Promise((resolve, reject) => {
    const req: ClientRequest = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        headers: headers as unknown as Record<string, string>,
        agent: options.agent ?? false,
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const hash = options.discardBody ? createHash('sha256') : undefined;
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (hash) hash.update(chunk);
          else chunks.push(chunk);
        });
        res.once('error', reject);
        res.once('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
        res.once('end', () => {
          if (!res.complete) {
            reject(Object.assign(new Error('response incomplete'), { code: 'ECONNRESET' }));
            return;
          }
          const response = clientResponse(res.statusCode ?? 0, res.rawHeaders, Buffer.concat(chunks));
          resolve(hash ? { ...response, length, sha256: hash.digest('hex') } : response);
        });
      },
    );
    req.once('error', reject);
    if (body === undefined) req.end();
    else if (fixed) req.end(body);
    else
      Readable.from(body as AsyncIterable<Buffer>, { objectMode: false })
        .once('error', (error) => req.destroy(error))
        .pipe(req);
  });
}

function clientResponse(status: number, rawHeaders: readonly string[], body: Buffer): ClientResponse {
  const values = (name: string): string[] => {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === lower) out.push(rawHeaders[i + 1]!);
    return out;
  };
  return {
    status,
    rawHeaders,
    body,
    header: (name) => values(name)[0],
    headerValues: values,
    headerNames: () => rawHeaders.filter((_, i) => i % 2 === 0),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}

/** `size` bytes of `chunk`-sized buffers, generated lazily so the test never holds them all. */
export async function* generateBody(size: number, chunkSize = 64 * 1024, fill: (offset: number, chunk: Buffer) => void = defaultFill): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < size; offset += chunkSize) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkSize, size - offset));
    fill(offset, chunk);
    yield chunk;
  }
}

function defaultFill(offset: number, chunk: Buffer): void {
  for (let i = 0; i < chunk.length; i += 1) chunk[i] = (offset + i) % 251;
}

function hasHeader(raw: readonly string[], lower: string): boolean {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === lower) return true;
  return false;
}

/** Hex SHA-256 of everything an (async) iterable yields. */
export async function sha256Of(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/** The gateway closes a keep-alive connection after 5 s idle (`keepAliveTimeout` in gateway.ts). */
const GATEWAY_KEEP_ALIVE_MS = 5_000;

/**
 * A keep-alive agent for sending many requests to a gateway. It drops a socket after 2 s idle,
 * well before the gateway's 5 s, so a request is never written on a connection the gateway is
 * closing at that moment: the HTTP/1.1 keep-alive race, which a busy machine (one gateway stalled,
 * the other's sockets idle) otherwise turns into a rare "socket hang up" on a POST. Node 20's agent
 * only honours the server's `Keep-Alive: timeout=5` hint when it has a `timeout` of its own.
 *
 * @example
 * ```ts
 * const agent = gatewayAgent(16);
 * await request(`${gateway.url}/echo`, { method: 'POST', body: 'hi', agent });
 * agent.destroy();
 * ```
 */
export function gatewayAgent(maxSockets: number): Agent {
  return new HttpAgent({ keepAlive: true, maxSockets, timeout: GATEWAY_KEEP_ALIVE_MS - 3_000 });
}
