import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFUSAL_MARKER_FRESH_MS, RefusalMarker } from './refusal-marker.js';

describe('Class: RefusalMarker', () => {
  let dir: string;
  let db: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-marker-'));
    db = join(dir, 'q.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells another reader why this process refuses, until it clears the mark', () => {
    // Prepare
    const marker = new RefusalMarker(db);

    // Act
    const before = RefusalMarker.read(db);
    marker.set('max_size');
    const refusing = RefusalMarker.read(db);
    const ownSkipped = RefusalMarker.read(db, marker.path);
    marker.clear();
    const after = RefusalMarker.read(db);

    // Assess
    expect([before, refusing, ownSkipped, after]).toEqual([null, 'max_size', null, null]);
  });

  it('reads an empty or cut marker as a full disk, and ignores a stale one', () => {
    // Prepare: one cut short by a full disk, one left by a process killed long ago.
    writeFileSync(`${db}.refusing-1`, '');
    writeFileSync(`${db}.refusing-2`, '{"reason":"max_size"}');
    const old = new Date(Date.now() - 2 * REFUSAL_MARKER_FRESH_MS);
    utimesSync(`${db}.refusing-2`, old, old);
    writeFileSync(`${db}.refusing-3`, '{"reas');

    // Act
    const fresh = RefusalMarker.read(db);
    rmSync(`${db}.refusing-1`);
    const cut = RefusalMarker.read(db);
    rmSync(`${db}.refusing-3`);
    const stale = RefusalMarker.read(db);

    // Assess
    expect([fresh, cut, stale]).toEqual(['disk', 'disk', null]);
  });
});
