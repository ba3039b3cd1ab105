import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * S3 as a caller without `s3:ListBucket` sees it: a proxy on 127.0.0.1 in front of an S3
 * emulator that passes every request on, but answers a read of a missing object (the emulator's
 * 404) with the 403 AccessDenied error document S3 itself sends then ("If you don't have the
 * s3:ListBucket permission, Amazon S3 returns an HTTP status code 403", GetObject's reference).
 *
 * @example
 * ```ts
 * const s3 = await new S3WithoutListBucket(fauxqs.endpoint).listen();
 * process.env.AWS_ENDPOINT_URL_S3 = s3.url;
 * ```
 */
export class S3WithoutListBucket {
  readonly #server: Server;
  readonly #upstream: string;
  /** `METHOD /path` of each read answered with 403. */
  readonly denied: string[] = [];

  constructor(upstream: string) {
    this.#upstream = upstream;
    this.#server = createServer((req, res) => void this.#handle(req, res));
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

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    const answer = await fetch(`${this.#upstream}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : null,
    });
    if (answer.status === 404 && (req.method === 'GET' || req.method === 'HEAD')) {
      this.denied.push(`${req.method} ${req.url}`);
      res.writeHead(403, { 'content-type': 'application/xml', 'x-amz-request-id': 'D3N13D0000000000' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>' +
          '<RequestId>D3N13D0000000000</RequestId><HostId>denied-host-id</HostId></Error>',
      );
      return;
    }
    const responseHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'content-encoding') responseHeaders[name] = value;
    });
    res.writeHead(answer.status, responseHeaders);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }
}
