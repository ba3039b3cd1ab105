import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDiskFull, reserveBytesFor, SpaceReserve } from './space-reserve.js';

describe('Class: SpaceReserve', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-reserve-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a file of its size once, and releases it synchronously', async () => {
    // Prepare
    const reserve = new SpaceReserve(join(dir, 'q.db.reserve'), 300 * 1024);

    // Act
    const written = await reserve.ensure();
    const size = statSync(reserve.path).size;
    const released = reserve.release();
    const again = reserve.release();

    // Assess
    expect(written).toBe(true);
    expect(size).toBe(300 * 1024);
    expect([released, again, existsSync(reserve.path)]).toEqual([true, false, false]);
  });

  it.each([
    { description: 'SQLITE_FULL', error: Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), full: true },
    { description: 'ENOSPC as a cause', error: new Error('send failed', { cause: Object.assign(new Error('no space'), { code: 'ENOSPC' }) }), full: true },
    { description: 'EDQUOT', error: Object.assign(new Error('quota'), { code: 'EDQUOT' }), full: true },
    { description: 'SQLITE_BUSY', error: Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }), full: false },
  ])('tells a full disk from $description: $full', ({ error, full }) => {
    // Act & Assess
    expect(isDiskFull(error)).toBe(full);
  });

  it.each([
    { total: 5 * 1024 * 1024, bytes: 256 * 1024 },
    { total: 1024 * 1024 * 1024, bytes: 8 * 1024 * 1024 },
    { total: 256 * 1024 * 1024, bytes: 4 * 1024 * 1024 },
  ])('sizes the reserve for a $total-byte file system at $bytes bytes', ({ total, bytes }) => {
    // Act & Assess
    expect(reserveBytesFor(total)).toBe(bytes);
  });
});
