import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dashboard } from '../../src/admin/dashboard.js';
import { createDashboard } from '../../src/cli/dashboard-setup.js';
import type { Forwarder } from '../../src/forwarder/forwarder.js';
import { createForwarder } from '../../src/forwarder/from-config.js';
import { historyPathFor } from '../../src/history/history-schema.js';
import { HistoryWorkerWriter } from '../../src/history/history-worker-writer.js';
import { startGateway, tapConfig, type TestGateway } from './gateway.js';
import { startUpstream, type Upstream } from './upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** The bundled front end `npm run build` writes. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** A gateway tapping an upstream, a forwarder delivering to a receiver, and the dashboard on the admin listener. */
export interface DashboardStack {
  readonly upstream: Upstream;
  readonly receiver: WebhookReceiver;
  readonly gw: TestGateway;
  readonly forwarder: Forwarder;
  readonly dashboard: Dashboard;
  /** The admin listener, `http://127.0.0.1:PORT`. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole path on 127.0.0.1: upstream (`/api/users` 201 JSON, `/api/orders` 503,
 * `/api/doomed` 200), gateway with capture, forwarder (4xx from the destination dead-letters at
 * once), destination, and the dashboard with chart samples every `sampleIntervalMs`.
 *
 * @example
 * ```ts
 * const stack = await startDashboardStack();
 * await request(`${stack.gw.url}/api/users`);
 * const page = await request(`${stack.adminUrl}/api/history`);
 * await stack.stop();
 * ```
 */
export async function startDashboardStack(options: { sampleIntervalMs?: number } = {}): Promise<DashboardStack> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-dashboard-'));
  const upstream = await startUpstream({
    routes: {
      '/api/users': (_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"name":"morpheus","job":"leader","id":"573"}'),
      '/api/orders': (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('orders are down'),
      '/api/doomed': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('fine here'),
    },
  });
  // The destination refuses records of /api/doomed until a test changes its mind.
  // It refuses records of /api/doomed, and answers those of /api/slow after a second (so their
  // capture and their delivery reach a page as two changes).
  const receiver = await startWebhookReceiver({
    behaviour: (delivery) => {
      if (delivery.body.includes('/api/doomed')) return { status: 422 };
      return delivery.body.includes('/api/slow') ? { delayMs: 1_000 } : undefined;
    },
  });
  // One history for the gateway's captures and the forwarder's outcomes, as `sluice serve` keeps it.
  const history = HistoryWorkerWriter.open(historyPathFor(join(dir, 'sluice.db')), { retentionMs: 86_400_000, maxSizeBytes: 2 ** 30 });
  const gw = await startGateway(tapConfig(upstream.url, { destination: { url: receiver.url, dead_letter_on_4xx: true } }), { dir, history });
  const forwarder = createForwarder(gw.config, { queue: gw.queue!, registry: gw.registry, history });
  forwarder.start();
  const dashboard = createDashboard(gw.config, gw.queue!, { registry: gw.registry, sampleIntervalMs: options.sampleIntervalMs ?? 250, webRoot: WEB_ROOT });
  dashboard.mount(gw.admin!);
  let stopped: Promise<void> | undefined;
  return {
    upstream,
    receiver,
    gw,
    forwarder,
    dashboard,
    adminUrl: gw.adminUrl!,
    stop() {
      stopped ??= (async () => {
        dashboard.close();
        await forwarder.stop();
        await gw.stop();
        await receiver.close();
        await upstream.close();
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
