import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from '../../../src/queue/types.js';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const COMMIT_DELAY_MS = 150;

/** A queue whose sends resolve COMMIT_DELAY_MS after the real commit, noting when. */
function slowCommits(queue: Queue, committedAt: number[]): Queue {
  return new Proxy(queue, {
    get(target, property) {
      if (property === 'send') {
        return async (input: Parameters<Queue['send']>[0]) => {
          const id = await target.send(input);
          await new Promise((resolve) => setTimeout(resolve, COMMIT_DELAY_MS));
          committedAt.push(performance.now());
          return id;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Downloads a URL, noting when the first and the last byte arrived. */
function timedDownload(url: string): Promise<{ length: number; firstByteAt: number; endAt: number }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let length = 0;
      let firstByteAt = 0;
      res.on('data', (chunk: Buffer) => {
        firstByteAt ||= performance.now();
        length += chunk.length;
      });
      res.once('end', () => resolve({ length, firstByteAt, endAt: performance.now() }));
      res.once('error', reject);
    }).once('error', reject);
  });
}

describe('Gateway capture commit before the last byte (SPEC §2)', () => {
  let upstream: Upstream;
  let gw: TestGateway;
  const committedAt: number[] = [];

  beforeAll(async () => {
    upstream = await startUpstream();
    gw = await startGateway(tapConfig(upstream.url), { wrapQueue: (queue) => slowCommits(queue, committedAt) });
  });

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('holds a small response until its capture is committed', async () => {
    // Prepare
    committedAt.length = 0;

    // Act
    await request(`${gw.url}/echo/small`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: '{"a":1}' });
    const receivedAt = performance.now();

    // Assess
    expect(committedAt).toHaveLength(1);
    expect(receivedAt).toBeGreaterThanOrEqual(committedAt[0]!);
  });

  it('streams a large response while the capture commits, holding back only its end', async () => {
    // Prepare
    committedAt.length = 0;

    // Act
    const download = await timedDownload(`${gw.url}/bytes/${4 * 1024 * 1024}`);

    // Assess
    expect(download.length).toBe(4 * 1024 * 1024);
    expect(committedAt).toHaveLength(1);
    expect(download.firstByteAt).toBeLessThan(committedAt[0]!);
    expect(download.endAt).toBeGreaterThanOrEqual(committedAt[0]!);
  });

  it('holds a gateway error on a captured route until its capture is committed', async () => {
    // Prepare
    committedAt.length = 0;
    const broken = await startGateway(tapConfig('http://127.0.0.1:1'), { wrapQueue: (queue) => slowCommits(queue, committedAt) });

    // Act
    const res = await request(`${broken.url}/x`);
    const receivedAt = performance.now();
    await broken.stop();

    // Assess
    expect(res.status).toBe(502);
    expect(committedAt).toHaveLength(1);
    expect(receivedAt).toBeGreaterThanOrEqual(committedAt[0]!);
  });
});
