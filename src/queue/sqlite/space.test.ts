import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteQueue } from './sqlite-queue.js';

describe('Class: SqliteQueue, queue.max_size', () => {
  let dir: string;
  let queue: SqliteQueue;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-space-'));
    queue = new SqliteQueue({ path: join(dir, 'q.db'), max_size: 512 * 1024, offload_threshold: 16 * 1024 }, { spaceReserveBytes: 256 * 1024 });
  });

  afterEach(async () => {
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends `body` until the queue refuses; returns how many were accepted and the refusal. */
  async function fill(body: Buffer): Promise<{ accepted: number; error: unknown }> {
    for (let accepted = 0; accepted < 10_000; accepted += 1) {
      try {
        await queue.send({ body });
      } catch (error) {
        return { accepted, error };
      }
    }
    throw new Error('the queue never refused a send');
  }

  it.each([
    { description: 'rows', size: 4 * 1024 },
    { description: 'blob files', size: 32 * 1024 },
  ])('refuses sends with SLUICE_QUEUE_FULL at the limit ($description), and accepts them again once messages are deleted', async ({ size }) => {
    // Act
    const { accepted, error } = await fill(Buffer.alloc(size, 1));
    const full = await queue.stats();
    for (;;) {
      const messages = await queue.receive({ maxMessages: 100 });
      if (messages.length === 0) break;
      await Promise.all(messages.map((message) => queue.delete(message.receiptHandle)));
    }
    const id = await queue.send({ body: Buffer.alloc(size, 2) });

    // Assess
    expect(accepted).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: 'QueueFullError', code: 'SLUICE_QUEUE_FULL', reason: 'max_size' });
    expect(full.space).toMatchObject({ full: 'max_size', maxBytes: 512 * 1024 });
    expect(full.space!.usedBytes).toBeLessThanOrEqual(512 * 1024);
    expect(full.space!.usedBytes).toBeGreaterThan(512 * 1024 - 2 * size - 4096);
    expect(id).toEqual(expect.any(String));
    expect((await queue.stats()).space?.full).toBeNull();
  });
});
