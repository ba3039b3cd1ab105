import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { tail } from '../../../src/cli/tail.js';
import { createForwarder } from '../../../src/forwarder/from-config.js';
import { startGateway, tapConfig } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream } from '../../helpers/upstream.js';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.js';

describe('Command: sluice tail --json', () => {
  let dir: string | undefined;

  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('prints an exchange delivered after tail started, as one JSON line', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'sluice-tail-'));
    const upstream = await startUpstream();
    const receiver = await startWebhookReceiver();
    const gw = await startGateway(tapConfig(upstream.url, { destination: { url: receiver.url } }), { dir });
    const forwarder = createForwarder(gw.config, { queue: gw.queue! });
    const stdout = new PassThrough();
    let output = '';
    const delivered = new Promise<void>((resolve) =>
      stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"state":"delivered"')) resolve();
      }),
    );
    const controller = new AbortController();
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), interactive: false, stdoutIsTty: false, stderrIsTty: false };
    try {
      forwarder.start();
      // A first exchange creates the history file; tail starts after it, so it must not print it.
      await request(`${gw.url}/before`);
      await receiver.waitFor((r) => r.acceptedIds.size === 1);
      await forwarder.stop();
      const restarted = createForwarder(gw.config, { queue: gw.queue! });
      const tailing = tail(gw.config, { json: true }, io, controller.signal);

      // Act
      restarted.start();
      await request(`${gw.url}/after?x=1`, { method: 'POST', body: 'hello' });
      await delivered;
      controller.abort();
      await tailing;
      await restarted.stop();

      // Assess
      const lines = output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({ method: 'POST', endpoint: '/after', duration_ms: expect.any(Number), state: 'delivered', attempts: 1 }),
      ]);
    } finally {
      controller.abort();
      await forwarder.stop();
      await gw.stop();
      await receiver.close();
      await upstream.close();
    }
  });
});
