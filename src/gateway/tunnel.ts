import type { Duplex } from 'node:stream';

/** How long one side may stay open after the other closed, before it is cut (nginx's `lingering_timeout`). */
const LINGER_MS = 5_000;

/**
 * Joins two connections after a protocol switch and carries bytes both ways unchanged, with
 * backpressure (a slow reader pauses the other side's socket). An end of stream is passed on
 * as an end of stream, so the WebSocket closing handshake and its close frames get through; a
 * side that closes makes the other end too (cut after 5 s if it lingers), and an error on
 * either side destroys both. Settles when both sockets have closed.
 *
 * @example
 * ```ts
 * clientSocket.write('HTTP/1.1 101 Switching Protocols\r\n…\r\n\r\n');
 * await tunnel(clientSocket, head, upstreamSocket);
 * ```
 */
export function tunnel(client: Duplex, clientHead: Buffer, upstream: Duplex, lingerMs = LINGER_MS): Promise<void> {
  return new Promise((resolve) => {
    let open = 2;
    let linger: NodeJS.Timeout | undefined;
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
    };
    const closed = (other: Duplex) => (): void => {
      open -= 1;
      if (open === 0) {
        clearTimeout(linger);
        resolve();
        return;
      }
      if (!other.destroyed) {
        other.end();
        linger = setTimeout(() => other.destroy(), lingerMs).unref();
      }
    };
    client.on('error', cut);
    upstream.on('error', cut);
    whenClosed(client, closed(upstream));
    whenClosed(upstream, closed(client));
    if (client.destroyed || upstream.destroyed) {
      // One side went away while the handshake was being answered: nothing to carry.
      cut();
      return;
    }
    if (clientHead.length > 0) upstream.write(clientHead);
    client.pipe(upstream);
    upstream.pipe(client);
  });
}

/** Runs `then` once the socket has closed, including when it already had. */
function whenClosed(socket: Duplex, then: () => void): void {
  if (socket.closed) queueMicrotask(then);
  else socket.once('close', then);
}
