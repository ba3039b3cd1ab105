import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwarder } from '../../../src/forwarder/from-config.js';
import { historyPathFor } from '../../../src/history/history-schema.js';
import { startGateway, tapConfig } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream } from '../../helpers/upstream.js';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.js';

describe('Config: history: false', () => {
  let dir: string | undefined;

  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { description: 'history: false keeps no history file', history: false, kept: false },
    { description: 'the default keeps one beside the queue', history: undefined, kept: true },
  ])('$description', async ({ history, kept }) => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'sluice-history-off-'));
    const upstream = await startUpstream();
    const receiver = await startWebhookReceiver();
    const gw = await startGateway(tapConfig(upstream.url, { destination: { url: receiver.url }, ...(history !== undefined && { history }) }), { dir });
    const forwarder = createForwarder(gw.config, { queue: gw.queue! });
    try {
      // Act
      forwarder.start();
      await request(`${gw.url}/anything`);
      await receiver.waitFor((r) => r.acceptedIds.size === 1);
    } finally {
      await forwarder.stop();
      await gw.stop();
      await receiver.close();
      await upstream.close();
    }

    // Assess
    expect(existsSync(historyPathFor(join(dir, 'sluice.db')))).toBe(kept);
  });
});
