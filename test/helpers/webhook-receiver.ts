import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One POST the receiver got. */
export interface ReceivedDelivery {
  readonly id: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
  /** The n-th delivery of this id (1 = first). */
  readonly attempt: number;
  /** Whether the signature verified with the `standardwebhooks` library (undefined: no secret). */
  readonly verified: boolean | undefined;
  readonly verifyError?: string;
}

/** What the receiver answers; `hang: true` never answers (until the receiver closes). */
export interface ReceiverReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly delayMs?: number;
  readonly hang?: boolean;
  /** Cut the connection instead of answering. */
  readonly reset?: boolean;
}

export type ReceiverBehaviour = (delivery: ReceivedDelivery) => ReceiverReply | undefined;

/**
 * A webhook destination on 127.0.0.1 that records every delivery and verifies its signature
 * with the `standardwebhooks` library itself (never with Sluice's code). Its answers are
 * scripted per delivery; the default is 204.
 *
 * @example
 * ```ts
 * const receiver = await startWebhookReceiver({ secrets: [secret], behaviour: (d) => (d.attempt < 2 ? { status: 503 } : undefined) });
 * // … point a forwarder at receiver.url …
 * await receiver.waitFor((r) => r.acceptedIds.size === 10);
 * await receiver.close();
 * ```
 */
export class WebhookReceiver {
  readonly deliveries: ReceivedDelivery[] = [];
  /** Ids answered with 2xx. */
  readonly acceptedIds = new Set<string>();
  behaviour: ReceiverBehaviour;
  readonly #server: Server;
  readonly #verifiers: readonly Webhook[];
  readonly #sockets = new Set<Socket>();
  readonly #hanging = new Set<ServerResponse>();
  readonly #counts = new Map<string, number>();
  #port = 0;

  constructor(options: { secrets?: readonly string[]; behaviour?: ReceiverBehaviour } = {}) {
    this.behaviour = options.behaviour ?? (() => undefined);
    this.#verifiers = (options.secrets ?? []).map((secret) => new Webhook(secret));
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.#handle(req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    this.#server.keepAliveTimeout = 10_000;
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/hooks`;
  }

  /** Listens on 127.0.0.1 (port 0 = any free port; the same port again after `down()`). */
  async listen(port = this.#port): Promise<this> {
    this.#server.listen(port, '127.0.0.1');
    await once(this.#server, 'listening');
    this.#port = (this.#server.address() as { port: number }).port;
    return this;
  }

  /** Stops listening and cuts every connection: the port then refuses connections. */
  async down(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#hanging.clear();
    for (const socket of this.#sockets) socket.destroy();
    if (this.#server.listening) await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.down();
  }

  /** How many times each id was delivered. */
  countsById(): Map<string, number> {
    return new Map(this.#counts);
  }

  /** Resolves when `predicate` holds, polling; rejects after `timeoutMs`. */
  async waitFor(predicate: (receiver: this) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`webhook receiver: condition not met within ${timeoutMs} ms (${this.deliveries.length} deliveries)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  #handle(headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const id = String(headers['webhook-id'] ?? '');
    const attempt = (this.#counts.get(id) ?? 0) + 1;
    this.#counts.set(id, attempt);
    let verified: boolean | undefined;
    let verifyError: string | undefined;
    if (this.#verifiers.length > 0) {
      verified = false;
      for (const verifier of this.#verifiers) {
        try {
          verifier.verify(body, headers as Record<string, string>);
          verified = true;
          break;
        } catch (error) {
          verifyError = (error as Error).message;
        }
      }
    }
    const delivery: ReceivedDelivery = { id, headers, body, at: Date.now(), attempt, verified, ...(verifyError !== undefined && !verified && { verifyError }) };
    this.deliveries.push(delivery);
    const reply = this.behaviour(delivery) ?? {};
    if (reply.reset) {
      res.socket?.destroy();
      return;
    }
    if (reply.hang) {
      this.#hanging.add(res);
      res.once('close', () => this.#hanging.delete(res));
      return;
    }
    const status = reply.status ?? 204;
    const send = (): void => {
      if (status >= 200 && status <= 299) this.acceptedIds.add(id);
      res.writeHead(status, reply.headers ?? {});
      res.end(reply.body);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  }
}

/** Starts a {@link WebhookReceiver} on 127.0.0.1, port 0. */
export async function startWebhookReceiver(options: ConstructorParameters<typeof WebhookReceiver>[0] = {}): Promise<WebhookReceiver> {
  return new WebhookReceiver(options).listen(0);
}
