import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** A handshake as the WebSocket upstream received it. */
export interface ReceivedHandshake {
  /** The request target as sent (path and query). */
  readonly url: string;
  /** Flat `[name, value, …]` list in the sender's case and order. */
  readonly rawHeaders: readonly string[];
}

export interface WebSocketUpstream {
  /** `ws://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`, for route targets. */
  readonly httpUrl: string;
  /** Every handshake so far (refused ones included), in arrival order. */
  readonly handshakes: readonly ReceivedHandshake[];
  /** Server-side sockets of the connections accepted so far. */
  readonly connections: readonly WebSocket[];
  /** The next connection the upstream accepts. */
  nextConnection(): Promise<WebSocket>;
  close(): Promise<void>;
}

/**
 * A WebSocket upstream on 127.0.0.1:0 (`ws`'s server) that echoes every message with its type
 * (text or binary) and offers:
 *
 * - subprotocol `chat.v2` when the client offers it;
 * - `/refuse`: answers the handshake 403 with a JSON body instead of 101;
 * - `/hang`: never answers the handshake;
 * - a text message `close:CODE:REASON` makes the upstream close with that code and reason.
 *
 * @example
 * ```ts
 * const upstream = await startWebSocketUpstream();
 * const ws = await openWebSocket(`${upstream.url}/chat`);
 * ```
 */
export async function startWebSocketUpstream(): Promise<WebSocketUpstream> {
  const handshakes: ReceivedHandshake[] = [];
  const connections: WebSocket[] = [];
  const waiters: ((ws: WebSocket) => void)[] = [];
  const sockets = new Set<Socket | Duplex>();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('chat.v2') ? 'chat.v2' : false),
  });
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, ['Content-Type', 'text/plain']).end('upgrade required');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handshakes.push({ url: req.url ?? '', rawHeaders: req.rawHeaders });
    socket.on('error', () => {});
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/refuse') {
      const body = JSON.stringify({ refused: true });
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nX-Refused-By: upstream\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    if (path === '/hang') return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections.push(ws);
      ws.on('message', (data: RawData, isBinary: boolean) => {
        const text = isBinary ? '' : data.toString();
        if (text.startsWith('close:')) {
          const [, code, reason] = text.split(':');
          ws.close(Number(code), reason);
          return;
        }
        ws.send(data, { binary: isBinary });
      });
      waiters.shift()?.(ws);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    handshakes,
    connections,
    nextConnection: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      for (const ws of wss.clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A handshake the server answered without 101. */
export interface RefusedHandshake {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * Opens a WebSocket client and resolves once it is open; resolves with the response instead
 * when the server answers the handshake with anything but 101.
 *
 * @example
 * ```ts
 * const ws = await openWebSocket(`${gw.url.replace('http', 'ws')}/chat`, ['chat.v2']);
 * if (ws instanceof WebSocket) ws.send('hi');
 * ```
 */
export function openWebSocket(url: string, protocols: string[] = [], headers: Record<string, string> = {}): Promise<WebSocket | RefusedHandshake> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        ws.terminate();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    ws.once('error', reject);
  });
}

/** Opens a WebSocket client that must succeed. */
export async function connectWebSocket(url: string, protocols: string[] = [], headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = await openWebSocket(url, protocols, headers);
  if (!(ws instanceof WebSocket)) throw new Error(`the handshake was answered ${ws.status}: ${ws.body}`);
  return ws;
}

/** Sends a message and resolves with the next one received, with its type; rejects if the socket closes first. */
export async function roundTrip(ws: WebSocket, data: string | Buffer): Promise<{ data: Buffer; isBinary: boolean }> {
  const reply = new Promise<[RawData, boolean]>((resolve, reject) => {
    const onClose = (code: number) => reject(new Error(`the WebSocket closed (${code}) before a reply`));
    ws.once('close', onClose);
    ws.once('message', (received: RawData, isBinary: boolean) => {
      ws.off('close', onClose);
      resolve([received, isBinary]);
    });
  });
  ws.send(data, { binary: Buffer.isBuffer(data) });
  const [received, isBinary] = await reply;
  return { data: Buffer.isBuffer(received) ? received : Buffer.concat(received as Buffer[]), isBinary };
}

/** Resolves with the close code and reason once the socket has closed. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: '' });
  return new Promise((resolve) => ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
}

/** The gateway's `http://` URL as `ws://`. */
export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}
