import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { generateBody, request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const SIZE = 100 * 1024 * 1024;
/** Whole-body buffering would grow RSS by at least SIZE; streaming stays far below it. */
const MAX_GROWTH = 100 * 1024 * 1024;

/** Samples a process's RSS every few milliseconds while `work` runs; resolves with the peak. */
async function peakRss(proc: GatewayProcess, work: Promise<unknown>): Promise<number> {
  let peak = await proc.rssBytes();
  let done = false;
  const sampling = (async () => {
    while (!done) {
      peak = Math.max(peak, await proc.rssBytes());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    await work;
  } finally {
    done = true;
    await sampling;
  }
  return peak;
}

// The gateway runs in its own process so its memory can be read apart from the test's; the
// route captures (the default for --upstream), so the capture tap's bound is measured too.
describe('Gateway memory with 100 MB bodies', () => {
  let upstream: Upstream;
  let dir: string;
  let proc: GatewayProcess;

  beforeAll(async () => {
    upstream = await startUpstream();
    dir = await mkdtemp(join(tmpdir(), 'sluice-memory-'));
    proc = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir]);
    // Warm up: pools, the queue, JIT; the baseline is taken after this.
    await request(`${proc.url}/discard/warm`, { method: 'POST', body: generateBody(4 * 1024 * 1024) });
    await request(`${proc.url}/bytes/${4 * 1024 * 1024}`, { discardBody: true });
  });

  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await proc?.exited;
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a 100 MB upload without holding it', async () => {
    // Prepare
    const baseline = await proc.rssBytes();

    // Act
    const upload = request(`${proc.url}/discard/big`, { method: 'POST', headers: ['Content-Length', String(SIZE)], body: generateBody(SIZE) });
    const peak = await peakRss(proc, upload);

    // Assess
    expect((await upload).header('x-echo-length')).toBe(String(SIZE));
    expect(peak - baseline).toBeLessThan(MAX_GROWTH);
  });

  it('streams a 100 MB download without holding it', async () => {
    // Prepare
    const baseline = await proc.rssBytes();

    // Act
    const download = request(`${proc.url}/bytes/${SIZE}`, { discardBody: true });
    const peak = await peakRss(proc, download);

    // Assess
    expect((await download).length).toBe(SIZE);
    expect(peak - baseline).toBeLessThan(MAX_GROWTH);
  });
});
