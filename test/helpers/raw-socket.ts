import { connect } from 'node:net';

export interface RawExchange {
  /** Everything the server sent, as latin1 text. */
  readonly text: string;
  /** True when the server closed the connection (false: still open when `idleMs` passed). */
  readonly closed: boolean;
  /** The first response's status code, or 0 when none could be read. */
  readonly status: number;
  /** The first response's body, when it has a Content-Length. */
  readonly body: string;
}

/**
 * Writes raw bytes to a server and collects its answer until it closes the connection or stays
 * silent for `idleMs`: for requests no HTTP client library would send.
 *
 * @example
 * ```ts
 * const answer = await sendRaw(gw.port, 'HELLO\r\n\r\n');
 * answer.status; // 400
 * ```
 */
export function sendRaw(
  port: number,
  data: string | Buffer,
  options: { idleMs?: number; onData?: (text: string, write: (more: string) => void) => void } = {},
): Promise<RawExchange> {
  const idleMs = options.idleMs ?? 1_000;
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let timer = setTimeout(() => finish(false), idleMs);
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, ...parseFirstResponse(text) });
    };
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
      options.onData?.(text, (more) => socket.write(more));
    });
    socket.on('error', () => {});
    socket.on('close', () => finish(true));
  });
}

function parseFirstResponse(text: string): { status: number; body: string } {
  const match = /^HTTP\/1\.[01] (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/.exec(text);
  if (!match) return { status: 0, body: '' };
  const length = /^content-length:\s*(\d+)\s*$/im.exec(match[2]!);
  const start = match[0].length;
  return { status: Number(match[1]), body: length ? text.slice(start, start + Number(length[1])) : '' };
}
