import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface InboxOptions {
  /** Verify `webhook-signature` with this `whsec_…` secret, as any receiver should. */
  readonly secret?: string;
  /** Where each received record is printed. */
  readonly print?: (line: string) => void;
}

/**
 * A destination for the demo: accepts Standard Webhooks POSTs, verifies the signature with the
 * `standardwebhooks` library (not Sluice's code), and prints each record.
 *
 * @example
 * ```ts
 * await startInbox(4000, { secret: process.env.SLUICE_SIGNING_SECRET });
 * ```
 */
export function startInbox(port: number, options: InboxOptions = {}, host = '127.0.0.1'): Promise<Server> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const verifier = options.secret ? new Webhook(options.secret) : undefined;
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let verdict = 'unsigned';
      if (verifier) {
        try {
          verifier.verify(body, headers);
          verdict = 'signature verified';
        } catch {
          res.writeHead(401).end();
          print(`inbox: rejected ${headers['webhook-id']}: bad signature`);
          return;
        }
      }
      // Destinations deduplicate on webhook-id: delivery is at least once.
      const duplicate = seen.has(headers['webhook-id']);
      seen.add(headers['webhook-id']);
      res.writeHead(204).end();
      let pretty = body;
      try {
        pretty = JSON.stringify(JSON.parse(body), null, 2);
      } catch {
        // Print what arrived, as it arrived.
      }
      print(`\ninbox: record ${headers['webhook-id']} (${verdict}${duplicate ? ', duplicate' : ''})\n${pretty}`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
