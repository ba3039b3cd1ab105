import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDeliveryStats, SqliteDeliveryStats } from './delivery-stats.js';

describe('Class: SqliteDeliveryStats', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-stats-'));
    path = join(dir, 'sluice.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sums the outcomes of several writers over the recent windows', () => {
    // Prepare
    const now = Date.now();
    const first = SqliteDeliveryStats.open(path);
    const second = SqliteDeliveryStats.open(path);

    // Act
    for (let i = 0; i < 30; i += 1) first.record('delivered', now - 1_000);
    for (let i = 0; i < 30; i += 1) second.record('delivered', now - 2_000);
    second.record('failed', now - 3_000);
    second.record('dead_lettered', now - 3_000);
    first.record('failed', now - 10 * 60_000);
    first.close();
    second.close();
    const summary = readDeliveryStats(path, now);

    // Assess
    expect(summary).toMatchObject({ delivered: 60, failed: 1, deadLettered: 1, lastDeliveredAt: now - 1_000, lastFailedAt: now - 3_000 });
    expect(summary!.ratePerSecond).toBeGreaterThan(60 / 70);
    expect(summary!.ratePerSecond).toBeLessThanOrEqual(1);
  });

  it('reports nothing for a file no forwarder wrote to', () => {
    // Act & Assess
    expect(readDeliveryStats(path)).toBeUndefined();
  });

  it('is safe to close twice', () => {
    // Prepare
    const stats = SqliteDeliveryStats.open(path);

    // Act & Assess
    stats.close();
    expect(() => stats.close()).not.toThrow();
  });
});
