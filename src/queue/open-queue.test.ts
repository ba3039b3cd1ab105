import { realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../core/config-parse.js';
import type { QueueConfig } from '../core/config-schema.js';
import { openQueue } from './open-queue.js';
import { SqliteQueue } from './sqlite/sqlite-queue.js';
import type { Queue } from './types.js';

describe('Function: openQueue', () => {
  let dir: string;
  let queue: Queue | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-open-queue-'));
  });

  afterEach(async () => {
    await queue?.close();
    queue = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('opens the embedded driver from a parsed configuration, creating its folder', async () => {
    // Prepare
    const path = join(dir, 'nested', 'folder', 'sluice.db');
    const config = validateConfig({ queue: { driver: 'sqlite', path, visibility_timeout: '2s', offload_threshold: '1KiB' } }, { file: 'sluice.yaml' });

    // Act
    queue = openQueue(config.queue, { now: () => 1_000_000 });
    const id = await queue.send({ body: 'hello' });
    const [message] = await queue.receive();

    // Assess
    expect(queue).toBeInstanceOf(SqliteQueue);
    expect((queue as SqliteQueue).path).toBe(join(realpathSync(dir), 'nested', 'folder', 'sluice.db'));
    expect(message).toMatchObject({ id, sentAt: 1_000_000 });
    expect(queue.limits.maxReceiveBatch).toBe(100);
  });

  it('rejects a driver the schema does not know', () => {
    // Prepare
    const config = { driver: 'carrier-pigeon' } as unknown as QueueConfig;

    // Act & Assess
    expect(() => openQueue(config)).toThrow(TypeError);
  });
});
