import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { stripHopByHop } from '../core/headers.js';
import type { ResponseSink } from './response-writer.js';

/**
 * An HTTP/1.1 response written straight onto a socket Node handed over with an `upgrade`
 * event, where there is no `ServerResponse`: a refused handshake, an auth challenge, a gateway
 * error. The connection ends with the response (`Connection: close`), since Node's parser is no
 * longer reading it; a body without `Content-Length` is delimited by the close (RFC 9112 §6.3).
 *
 * @example
 * ```ts
 * const writer = new ResponseWriter(new SocketResponse(socket), tap, onCaptureFailure);
 * await writeError(writer, new UpstreamUnreachableError('upstream down'));
 * ```
 */
export class SocketResponse implements ResponseSink {
  readonly #socket: Duplex;
  #headersSent = false;

  constructor(socket: Duplex) {
    this.#socket = socket;
  }

  /** True once the status line was written. */
  get headersSent(): boolean {
    return this.#headersSent;
  }

  writeHead(status: number, rawHeaders: string[]): this {
    this.#headersSent = true;
    // Framing and connection headers describe the upstream's connection, not this one.
    this.#socket.write(responseHead(status, [...stripHopByHop(rawHeaders), 'Connection', 'close']), 'latin1');
    return this;
  }

  write(chunk: Buffer): boolean {
    return this.#socket.write(chunk);
  }

  end(chunk?: Buffer): this {
    const socket = this.#socket;
    // The server's sockets allow half-open connections: close once the response is flushed
    // rather than wait for a client that may never send its FIN.
    socket.once('finish', () => socket.destroy());
    if (chunk === undefined) socket.end();
    else socket.end(chunk);
    return this;
  }

  destroy(error?: Error): this {
    this.#socket.destroy(error);
    return this;
  }
}

/**
 * An HTTP/1.1 status line and header block, ready to write as latin1 (header values keep the
 * bytes they arrived with).
 *
 * @example
 * ```ts
 * responseHead(101, ['Upgrade', 'websocket', 'Connection', 'Upgrade']);
 * // 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'
 * ```
 */
export function responseHead(status: number, rawHeaders: readonly string[]): string {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
  for (let i = 0; i < rawHeaders.length; i += 2) head += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${head}\r\n`;
}
