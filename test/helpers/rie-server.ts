import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RieFunction = (event: Record<string, unknown>) => Promise<{ status?: number; headers?: Record<string, string>; body: string }>;

export interface RieServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Every event received, parsed, in arrival order. */
  readonly events: Record<string, unknown>[];
  /** The most invocations that were in flight at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A stand-in for the Lambda Runtime Interface Emulator: it serves the one path the emulator
 * serves (POST /2015-03-31/functions/function/invocations), runs `fn` on the posted event and
 * answers as the emulator does (200 with the payload, function errors included).
 *
 * @example
 * ```ts
 * const rie = await startRieServer(async (event) => ({ body: JSON.stringify({ statusCode: 200, body: 'hi' }) }));
 * ```
 */
export async function startRieServer(fn: RieFunction): Promise<RieServer> {
  const events: Record<string, unknown>[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== '/2015-03-31/functions/function/invocations') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      events.push(event);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      fn(event).then(
        (answer) => {
          inFlight -= 1;
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
        },
        () => {
          inFlight -= 1;
          res.writeHead(500).end();
        },
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
