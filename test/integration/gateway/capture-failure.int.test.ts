import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { QueueError } from '../../../src/core/errors.js';
import type { Queue } from '../../../src/queue/types.js';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

/** A queue whose sends fail, as on a full disk. */
function failingSends(queue: Queue): Queue {
  return Object.assign(Object.create(queue) as Queue, {
    send: () => Promise.reject(new QueueError('disk full')),
  });
}

describe('Gateway: capture.on_failure', () => {
  let upstream: Upstream;
  let gw: TestGateway | undefined;

  beforeAll(async () => {
    upstream = await startUpstream();
  });

  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('release (the default) answers the client in full when the capture cannot be committed', async () => {
    // Prepare
    gw = await startGateway(tapConfig(upstream.url), { wrapQueue: failingSends });

    // Act
    const res = await request(`${gw.url}/echo`, { method: 'POST', body: 'answered anyway' });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('answered anyway');
  });

  it('fail cuts the response before its last byte, so no client holds a complete response without a record', async () => {
    // Prepare
    gw = await startGateway(tapConfig(upstream.url, { capture: { on_failure: 'fail' } }), { wrapQueue: failingSends });

    // Act
    const outcome = await request(`${gw.url}/echo`, { method: 'POST', body: 'never complete' }).then(
      () => 'complete',
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );

    // Assess
    expect(outcome).not.toBe('complete');
  });
});
