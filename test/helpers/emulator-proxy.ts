import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * An HTTP proxy on 127.0.0.1 in front of an AWS emulator: subclasses answer the requests they
 * change in `handle` and hand the rest to `forward`, which passes the request on as it came and
 * relays the emulator's answer.
 *
 * @example
 * ```ts
 * class Passthrough extends EmulatorProxy {
 *   protected handle(req: IncomingMessage, body: Buffer, res: ServerResponse) { return this.forward(req, body, res); }
 * }
 * ```
 */
export abstract class EmulatorProxy {
  readonly #server: Server;
  protected readonly upstream: string;

  constructor(upstream: string) {
    this.upstream = upstream;
    this.#server = createServer((req, res) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        await this.handle(req, Buffer.concat(chunks), res);
      })();
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as { port: number }).port}`;
  }

  async listen(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers one request, whose body has been read. */
  protected abstract handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void>;

  /** The emulator's answer to the request as it came. */
  protected fetchUpstream(req: IncomingMessage, body: Buffer): Promise<Response> {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    return fetch(`${this.upstream}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, body: body.length > 0 ? body : null });
  }

  /** Relays `answer` (fetch has decoded the body: its length and encoding headers no longer apply). */
  protected async relay(answer: Response, res: ServerResponse): Promise<void> {
    const responseHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'content-encoding') responseHeaders[name] = value;
    });
    res.writeHead(answer.status, responseHeaders);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  /** Passes the request on and relays the answer. */
  protected async forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    await this.relay(await this.fetchUpstream(req, body), res);
  }
}
