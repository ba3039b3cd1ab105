import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What the proxy does with one request: pass it on, hold it unanswered, or answer with an AWS error. */
export type FaultPlan = (request: { readonly index: number; readonly target: string }) => 'pass' | 'stall' | { readonly status: number; readonly type: string };

/**
 * An HTTP proxy on 127.0.0.1 in front of an AWS emulator that answers chosen requests with AWS
 * JSON-protocol errors (throttling, 5xx), or never answers them (a stalled call), so the real
 * SDK's retry and abort logic meets real faults. Records each request's `X-Amz-Target` (the API
 * action) and its JSON body, so tests count calls on the wire.
 *
 * @example
 * ```ts
 * const faults = await startAwsFaultProxy(fauxqs.endpoint, ({ index }) => (index < 2 ? { status: 400, type: 'ThrottlingException' } : 'pass'));
 * // point the SDK's endpoint at faults.url
 * ```
 */
export class AwsFaultProxy {
  readonly #server: Server;
  readonly #upstream: string;
  plan: FaultPlan;
  readonly requests: string[] = [];
  /** The body of each request, in the order of `requests`. */
  readonly bodies: string[] = [];

  constructor(upstream: string, plan: FaultPlan) {
    this.#upstream = upstream;
    this.plan = plan;
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
    const target = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
    const index = this.requests.length;
    this.requests.push(target);
    this.bodies.push(Buffer.concat(chunks).toString('utf8'));
    const decision = this.plan({ index, target });
    if (decision === 'stall') return;
    if (decision !== 'pass') {
      const body = JSON.stringify({ __type: `com.amazonaws.sqs#${decision.type}`, message: `injected ${decision.type}` });
      res.writeHead(decision.status, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(body);
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    const answer = await fetch(`${this.#upstream}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : null,
    });
    const responseHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'content-encoding') responseHeaders[name] = value;
    });
    res.writeHead(answer.status, responseHeaders);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }
}

/** Starts an {@link AwsFaultProxy} on 127.0.0.1, port 0. */
export function startAwsFaultProxy(upstream: string, plan: FaultPlan): Promise<AwsFaultProxy> {
  return new AwsFaultProxy(upstream, plan).listen();
}
