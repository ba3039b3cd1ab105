import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { stringify } from 'yaml';
import { cleanEnv, startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { startFauxqsPeer, type FauxqsPeer, type QueuePair } from '../../helpers/fauxqs.js';
import { startForwardProcess, type ForwardProcess } from '../../helpers/forward-process.js';
import { gatewayAgent, request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const EXCHANGES = 2_000;
/** Every 100th exchange carries 300 KiB: its capture goes to S3. */
const LARGE_EVERY = 100;
const IN_FLIGHT = 32;

/**
 * SPEC §2's scale-out path: two `sluice gateway` and two `sluice forward` processes sharing one
 * SQS queue (fauxqs), every exchange delivered, none lost; duplicates (at least once) counted.
 */
describe('Scale-out: two gateways and two forwarders on one SQS queue', () => {
  let dir: string;
  let peer: FauxqsPeer;
  let pair: QueuePair;
  let upstream: Upstream;
  let receiver: WebhookReceiver;
  const gateways: GatewayProcess[] = [];
  const forwarders: ForwardProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-scale-'));
    [peer, upstream, receiver] = await Promise.all([startFauxqsPeer(), startUpstream(), startWebhookReceiver()]);
    pair = await peer.createQueuePair({ maxReceiveCount: 5 });
    const config = {
      listen: { host: '127.0.0.1', port: 0 },
      queue: {
        driver: 'sqs',
        queue_url: pair.queueUrl,
        dlq_url: pair.dlqUrl,
        payload_bucket: await peer.createBucket(),
        region: 'us-east-1',
        endpoint: peer.endpoint,
      },
      destination: { url: receiver.url, concurrency: 32 },
      routes: [{ name: 'tap', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url }, capture: true }],
    };
    const file = join(dir, 'sluice.yaml');
    await writeFile(file, stringify(config));
    const env = cleanEnv(peer.env());
    gateways.push(...(await Promise.all([0, 1].map(() => startGatewayProcess(['--config', file], { env })))));
    forwarders.push(...(await Promise.all([0, 1].map(() => startForwardProcess(['--config', file], { env })))));
  });

  afterAll(async () => {
    for (const proc of [...gateways, ...forwarders]) proc.child.kill('SIGTERM');
    await Promise.all([...gateways, ...forwarders].map((proc) => proc.exited));
    await Promise.all([peer?.stop(), upstream?.close(), receiver?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  // Heavy: thousands of exchanges and several processes. The bound only ends a stuck run; a
  // busy 2-core machine can take minutes.
  it(`delivers all ${EXCHANGES} exchanges through both gateways, none lost, and counts the duplicates`, async () => {
    // Prepare
    onTestFailed(() => {
      for (const [index, proc] of [...gateways, ...forwarders].entries()) console.error(`process ${index} stderr (tail):\n${proc.stderr().slice(-4000)}`);
    });
    const agents = gateways.map(() => gatewayAgent(IN_FLIGHT / 2));
    const started = Date.now();
    let next = 0;
    const statuses: number[] = [];

    // Act
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let n = next++; n < EXCHANGES; n = next++) {
          const target = n % gateways.length;
          const body = JSON.stringify({ n, pad: n % LARGE_EVERY === 0 ? 'z'.repeat(300 * 1024) : 'small' });
          const response = await request(`${gateways[target]!.url}/echo/orders?n=${n}`, {
            method: 'POST',
            headers: ['Content-Type', 'application/json'],
            body,
            agent: agents[target]!,
          });
          statuses.push(response.status);
        }
      }),
    );
    const sentMs = Date.now() - started;
    await receiver.waitFor((r) => r.acceptedIds.size >= EXCHANGES, 45_000);
    const deliveredMs = Date.now() - started;
    for (const agent of agents) agent.destroy();

    // Assess
    const exchanges = new Set<number>();
    for (const delivery of receiver.deliveries) {
      const record = JSON.parse(delivery.body) as { query: { n: string }; body: { n: number } };
      expect(record.body.n).toBe(Number(record.query.n));
      exchanges.add(Number(record.query.n));
    }
    const duplicates = receiver.deliveries.length - receiver.acceptedIds.size;
    console.log(
      `scale-out: ${EXCHANGES} exchanges (${EXCHANGES / LARGE_EVERY} of 300 KiB via S3) through 2 gateways in ${sentMs} ms; ` +
        `all delivered by 2 forwarders after ${deliveredMs} ms; ${receiver.deliveries.length} deliveries, ${receiver.acceptedIds.size} distinct records, ${duplicates} duplicates`,
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(receiver.acceptedIds.size).toBe(EXCHANGES);
    expect(exchanges.size).toBe(EXCHANGES);
  }, 180_000);
});
